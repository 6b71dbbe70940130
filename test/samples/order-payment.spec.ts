import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Engine } from '../../engine/index.js';
import { TestClock, elementsWith, nextStart, openEngine, until, waitsAt } from '../helpers.js';
import { undrawn } from './diagram.js';

const sample = new URL('../../samples/order-payment.bpmn', import.meta.url);
const MINUTE = 60_000;

describe('The order/payment sample (samples/order-payment.bpmn)', () => {
  let engine: Engine;
  let clock: TestClock;
  /** What each payment job saw, by task type. */
  let seen: Record<string, Record<string, unknown>>;

  beforeEach(async () => {
    clock = new TestClock('2026-05-04T09:00:00Z');
    ({ engine } = await openEngine({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } }));
    seen = {};
    // The order side: the send task's worker publishes the request that starts a payment.
    engine.handle('request-payment', async (job) => {
      const { orderId, total } = job.variables as { orderId: string; total: number };
      await engine.publishMessage({ name: 'Payment requested', correlationKey: orderId, variables: { orderId, amount: total }, messageId: `pay-${orderId}` });
    });
    await engine.deploy({ name: 'order-payment.bpmn', xml: await readFile(sample, 'utf8') });
  });

  afterEach(() => engine.close());

  /** The payment side: charge, then the message end event's worker tells the order. */
  function handlePayments(): void {
    engine.handle('charge-payment', (job) => {
      seen['charge-payment'] = job.variables;
      return { paymentId: `P-${job.variables.orderId}` };
    });
    engine.handle('confirm-payment', async (job) => {
      seen['confirm-payment'] = job.variables;
      const { orderId, paymentId, amount } = job.variables as { orderId: string; paymentId: string; amount: number };
      await engine.publishMessage({ name: 'Payment received', correlationKey: orderId, variables: { paymentId, paid: amount }, messageId: `paid-${orderId}` });
    });
  }

  it('should start a payment for the order and complete the order when the payment is received', async () => {
    // given
    handlePayments();
    const paymentStarted = nextStart(engine, 'payment');

    // when
    const { id } = await engine.start('order-with-payment', { variables: { orderId: 'A-42', total: 99 }, businessKey: 'A-42' });
    const paymentId = await paymentStarted;
    const payment = await engine.waitFor(paymentId, 'completed', { timeoutMs: 2_000 });
    const order = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then: the payment ran with the message's variables, keyed by the order id
    expect(payment.businessKey).to.equal('A-42');
    expect(payment.variables).to.deep.equal({ orderId: 'A-42', amount: 99, paymentId: 'P-A-42' });
    expect(seen['charge-payment']).to.deep.equal({ orderId: 'A-42', amount: 99 });
    expect(await elementsWith(engine, paymentId, 'element.completed')).to.deep.equal(['paymentRequested', 'chargePayment', 'paymentConfirmed']);
    // and the order took the message path, with the payment's answer
    expect(order.variables).to.deep.equal({ orderId: 'A-42', total: 99, paymentId: 'P-A-42', paid: 99 });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed).to.include.members(['requestPayment', 'awaitPayment', 'paymentReceived', 'orderPaid']);
    expect(completed).not.to.include('paymentTimedOut').and.not.include('orderCancelled');
  });

  it('should give each order only its own payment', async () => {
    // given
    handlePayments();

    // when
    const first = await engine.start('order-with-payment', { variables: { orderId: 'A-1', total: 10 } });
    const second = await engine.start('order-with-payment', { variables: { orderId: 'A-2', total: 20 } });
    const [one, two] = await Promise.all([first, second].map((i) => engine.waitFor(i.id, 'completed', { timeoutMs: 2_000 })));

    // then
    expect(one.variables).to.include({ paymentId: 'P-A-1', paid: 10 });
    expect(two.variables).to.include({ paymentId: 'P-A-2', paid: 20 });
  });

  it('should cancel the order when no payment is received within 30 minutes', async () => {
    // given: the payment service is down, so the payment never confirms
    const paymentStarted = nextStart(engine, 'payment');
    const { id } = await engine.start('order-with-payment', { variables: { orderId: 'B-7', total: 250 } });
    const paymentId = await paymentStarted;
    await until(engine, id, waitsAt('awaitPayment'));

    // when
    clock.advance(30 * MINUTE);
    const order = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(order.variables).to.deep.equal({ orderId: 'B-7', total: 250 });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed).to.include.members(['paymentTimedOut', 'orderCancelled']);
    expect(completed).not.to.include('orderPaid');
    expect((await engine.getInstance(paymentId)).status).to.equal('active');
    await engine.cancel(paymentId);
  });

  it('should carry a diagram shape or edge for every element, so that it opens in bpmn-js and Camunda Modeler', async () => {
    // when
    const result = await undrawn(await readFile(sample, 'utf8'));

    // then
    expect(result).to.deep.equal({ missing: [], dangling: [], warnings: [] });
  });
});
