import { expect } from 'chai';
import { Engine, type Store } from '../../engine/index.js';
import { deployAndStart, elementsWith, hasIncident, jobsLeft, openEngine, TestClock, until, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const MINUTE = 60_000;

const CATCHERS = ['paymentTimeout', 'paymentReceived', 'shopClosed', 'manualOverride', 'invoiceDisputed'];

describe('event-based gateway', () => {
  let store: Store;
  let engine: Engine;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock('2030-01-01T08:00:00Z');
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: 10 } }));
  });

  afterEach(() => engine.close());

  /** The gateway's token waits, and each of its events listens. */
  async function startWaiting(variables: Record<string, unknown> = {}): Promise<string> {
    const { id } = await deployAndStart(engine, here, 'event-based-gateway.bpmn', 'waitForPayment', { variables: { orderId: 'O-1', ...variables } });
    await until(engine, id, waitsAt('whichFirst'));
    expect(await store.findSubscriptions({ kind: 'message', name: 'payment-received' })).to.have.length(1);
    expect(await store.findSubscriptions({ kind: 'message', name: 'invoice-disputed' })).to.have.length(1);
    expect(await store.findSubscriptions({ kind: 'signal', name: 'shop-closed' })).to.have.length(1);
    return id;
  }

  /** Only `winner` was taken: the others never activated and listen no more. */
  async function expectOnlyWinner(id: string, winner: string): Promise<void> {
    const activated = await elementsWith(engine, id, 'element.activated');
    expect(activated.filter((e) => CATCHERS.includes(e))).to.deep.equal([winner]);
    expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['whichFirst', winner]);
    expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
    expect(await store.findSubscriptions({ kind: 'message', name: 'payment-received' })).to.be.empty;
    expect(await store.findSubscriptions({ kind: 'message', name: 'invoice-disputed' })).to.be.empty;
    expect(await store.findSubscriptions({ kind: 'signal', name: 'shop-closed' })).to.be.empty;
    expect(await jobsLeft(store, 'baton:timer')).to.equal(0);
  }

  it('should take the message path when the message comes first, with its variables, and withdraw the other events', async () => {
    // given
    const id = await startWaiting();

    // when
    await engine.publishMessage({ name: 'payment-received', correlationKey: 'O-1', variables: { amount: 42 } });
    const after = await until(engine, id, waitsInUserTask('shipOrder'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['shipOrder']);
    expect(after.variables).to.deep.equal({ orderId: 'O-1', amount: 42 });
    await expectOnlyWinner(id, 'paymentReceived');
  });

  it('should take the timer path when the timer comes due first and withdraw the other events', async () => {
    // given
    const id = await startWaiting();

    // when
    clock.advance(30 * MINUTE);
    const after = await until(engine, id, waitsInUserTask('remindCustomer'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['remindCustomer']);
    await expectOnlyWinner(id, 'paymentTimeout');
  });

  it('should take the signal path when the signal comes first and withdraw the other events', async () => {
    // given
    const id = await startWaiting();

    // when
    await engine.broadcastSignal({ name: 'shop-closed' });
    const after = await until(engine, id, waitsInUserTask('refundOrder'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['refundOrder']);
    await expectOnlyWinner(id, 'shopClosed');
  });

  it('should take the conditional path when a variable change makes its condition true, and withdraw the other events', async () => {
    // given
    const id = await startWaiting({ override: false });

    // when
    await engine.setVariables(id, { override: true });
    const after = await until(engine, id, waitsInUserTask('overrideTask'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['overrideTask']);
    await expectOnlyWinner(id, 'manualOverride');
  });

  it('should take the conditional path at once when its condition already holds on arrival', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'event-based-gateway.bpmn', 'waitForPayment', { variables: { orderId: 'O-1', override: true } });
    const after = await until(engine, id, waitsInUserTask('overrideTask'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['overrideTask']);
    await expectOnlyWinner(id, 'manualOverride');
  });

  it('should take the receive task path when its message comes first, and withdraw the other events', async () => {
    // given
    const id = await startWaiting();

    // when
    await engine.publishMessage({ name: 'invoice-disputed', correlationKey: 'O-1', variables: { reason: 'wrong amount' } });
    const after = await until(engine, id, waitsInUserTask('handleDispute'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['handleDispute']);
    expect(after.variables).to.deep.equal({ orderId: 'O-1', reason: 'wrong amount' });
    await expectOnlyWinner(id, 'invoiceDisputed');
  });

  it('should not react to the other events once one has been taken', async () => {
    // given
    const id = await startWaiting({ override: false });
    await engine.broadcastSignal({ name: 'shop-closed' });
    await until(engine, id, waitsInUserTask('refundOrder'));

    // when
    await engine.setVariables(id, { override: true });
    const published = await engine.publishMessage({ name: 'payment-received', correlationKey: 'O-1', timeToLive: 0 });
    const after = await until(engine, id, (v) => v.variables.override === true);

    // then
    expect(published.instanceIds).to.be.empty;
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['refundOrder']);
    expect((await engine.userTasks({ instanceId: id })).map((t) => t.elementId)).to.deep.equal(['refundOrder']);
    expect(await jobsLeft(store, 'baton:timer')).to.equal(0);
  });

  it('should open none of its events while one of them cannot be evaluated, and each of them once its incident is resolved', async () => {
    // given
    const { id } = await deployAndStart(engine, here, 'event-based-gateway.bpmn', 'waitWithBadKey');
    const failed = await until(engine, id, hasIncident);

    // then
    expect(failed.incidents.map((i) => i.elementId)).to.deep.equal(['lateOrTimeout']);
    expect(failed.incidents[0].message).to.contain('correlation key');
    expect(await store.nextJobDueAt(['baton:timer'], clock.now())).to.equal(undefined);

    // when
    await engine.setVariables(id, { paymentRef: 'P-1' });
    await engine.resolveIncident(id, failed.incidents[0].id);
    await until(engine, id, (v) => waitsAt('lateOrTimeout')(v) && !hasIncident(v));
    await engine.publishMessage({ name: 'late-payment', correlationKey: 'P-1' });
    const after = await until(engine, id, waitsInUserTask('paidLate'));

    // then
    expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['paidLate']);
    expect(await store.nextJobDueAt(['baton:timer'], clock.now())).to.equal(undefined);
  });
});
