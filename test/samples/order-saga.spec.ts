import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { BpmnError, Engine, MemoryStore, type JobHandler } from '../../engine/index.js';
import { elementsWith } from '../helpers.js';

const sample = new URL('../../samples/order-saga.bpmn', import.meta.url);
const base = Date.UTC(2025, 0, 6, 9);

describe('The order saga sample (samples/order-saga.bpmn)', () => {
  let store: MemoryStore;
  let engine: Engine;
  /** Task types in the order their jobs ran. */
  let calls: string[];
  /** The variables each job saw, by task type. */
  let seen: Record<string, Record<string, unknown>>;

  const results: Record<string, JobHandler> = {
    'reserve-stock': () => ({ reservationId: 'R-1' }),
    'charge-card': () => ({ paymentId: 'P-1' }),
    'book-shipment': () => ({ trackingId: 'T-1' }),
  };

  beforeEach(async () => {
    store = new MemoryStore();
    engine = await Engine.open({ store, clock: { now: () => base }, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
    calls = [];
    seen = {};
    await engine.deploy({ name: 'order-saga.bpmn', xml: await readFile(sample, 'utf8') });
  });

  afterEach(() => engine.close());

  /** Every task type of the sample, recording its calls; `failing` replaces a step's behaviour. */
  function handleAll(failing: Record<string, JobHandler> = {}): void {
    for (const type of ['reserve-stock', 'charge-card', 'book-shipment', 'release-stock', 'refund-card', 'cancel-shipment']) {
      engine.handle(type, (job) => {
        calls.push(type);
        seen[type] = job.variables;
        return (failing[type] ?? results[type])?.(job);
      });
    }
  }

  it('should ship the order and compensate nothing when every step succeeds', async () => {
    // given
    handleAll();

    // when
    const { id } = await engine.start('order-saga', { variables: { total: 99 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then: nothing is undone, and no record of what could have been is left in the finished instance
    expect(calls).to.deep.equal(['reserve-stock', 'charge-card', 'book-shipment']);
    expect(done.variables).to.deep.equal({ total: 99, reservationId: 'R-1', paymentId: 'P-1', trackingId: 'T-1' });
    expect(await elementsWith(engine, id, 'element.completed')).to.include('orderCompleted').and.not.include('undoOrder');
    const state = await store.getInstance(id);
    expect(Object.values(state!.scopes).filter((s) => s.compensations)).to.be.empty;
  });

  it('should refund the card, then release the stock, when the shipment cannot be booked', async () => {
    // given
    handleAll({
      'book-shipment': () => {
        throw new BpmnError('SHIPPING_FAILED', 'no courier available');
      },
    });

    // when
    const { id } = await engine.start('order-saga', { variables: { total: 99 } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then: the shipment never completed, so it is not cancelled
    expect(calls).to.deep.equal(['reserve-stock', 'charge-card', 'book-shipment', 'refund-card', 'release-stock']);
    expect(seen['refund-card']).to.include({ paymentId: 'P-1', amount: 99 });
    expect(seen['release-stock']).to.include({ reservationId: 'R-1' });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed.slice(-4)).to.deep.equal(['refundCard', 'releaseStock', 'undoOrder', 'orderCancelled']);
    expect(completed).not.to.include('orderCompleted');
  });

  it('should release only the stock when the card is declined, after a partial saga', async () => {
    // given
    handleAll({
      'charge-card': () => {
        throw new BpmnError('CARD_DECLINED', 'insufficient funds');
      },
    });

    // when
    const { id } = await engine.start('order-saga', { variables: { total: 99 } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(calls).to.deep.equal(['reserve-stock', 'charge-card', 'release-stock']);
    expect((await elementsWith(engine, id, 'element.completed')).slice(-3)).to.deep.equal(['releaseStock', 'undoOrder', 'orderCancelled']);
  });

  it('should carry a diagram shape or edge for every element, so that it opens in bpmn-js', async () => {
    // given
    const { rootElement } = await new BpmnModdle().fromXML(await readFile(sample, 'utf8'));
    const process = (rootElement.rootElements as ModdleElement[]).find((e) => e.$type === 'bpmn:Process')!;
    const plane = (rootElement.diagrams as ModdleElement[])[0].plane;

    // when
    const drawn = new Set((plane.planeElement as ModdleElement[]).map((di) => di.bpmnElement?.id));
    const elements = [...(process.flowElements as ModdleElement[]), ...(process.artifacts as ModdleElement[])].map((e) => e.id);

    // then
    expect(plane.bpmnElement.id).to.equal('order-saga');
    expect(elements.filter((id) => !drawn.has(id))).to.be.empty;
    expect(elements).to.have.length(drawn.size);
  });
});
