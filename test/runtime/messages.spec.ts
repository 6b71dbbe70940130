import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, InvalidArgumentError, type Job } from '../../engine/index.js';
import { completeTaskAt, elementsWith, fixture, nextStart, TestClock, hasIncident, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const BASE = Date.parse('2025-03-01T09:00:00Z');

describe('messages', () => {
  let engine: Engine;
  let clock: TestClock;
  /** Moves the injected clock on, so that what happens next is measurably later. */
  const later = (ms = 1) => clock.advance(ms);

  const deploy = (file: string) => engine.deploy({ name: file, xml: fixture(here, file) });
  const complete = (instanceId: string, elementId: string, variables: Record<string, unknown> = {}) => completeTaskAt(engine, instanceId, elementId, variables);

  beforeEach(async () => {
    clock = new TestClock(BASE);
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  describe('message start event', () => {
    beforeEach(() => deploy('messages-start.bpmn'));

    it('should start an instance with the message variables and the correlation key as business key', async () => {
      // when
      const result = await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { total: 42 } });

      // then
      expect(result.duplicate).to.equal(false);
      expect(result.instanceIds).to.have.length(1);
      const [id] = result.instanceIds;
      const instance = await until(engine, id, waitsInUserTask('review'));
      expect(instance).to.include({ processId: 'orderIntake', businessKey: 'A-1', status: 'active' });
      expect(instance.variables).to.deep.equal({ total: 42 });
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['orderPlaced']);
    });

    it('should NOT start a second instance for a correlation key whose instance is still active', async () => {
      // given
      const [first] = (await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { n: 1 } })).instanceIds;

      // when
      const again = await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { n: 2 } });
      const other = await engine.publishMessage({ name: 'order-placed', correlationKey: 'B-2', variables: { n: 3 } });

      // then
      expect(again.instanceIds).to.deep.equal([]);
      expect(other.instanceIds).to.have.length(1);
      const active = (await engine.queryInstances({ processId: 'orderIntake', status: 'active' })).items;
      expect(active.map((i) => i.businessKey)).to.have.members(['A-1', 'B-2']);
      expect((await engine.getInstance(first)).variables).to.deep.equal({ n: 1 });
    });

    it('should start the next instance from a message buffered while the first was active, once the first has completed', async () => {
      // given
      const [first] = (await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { n: 1 } })).instanceIds;
      await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { n: 2 } });
      await until(engine, first, waitsInUserTask('review'));

      // when
      const started = nextStart(engine, 'orderIntake');
      await complete(first, 'review');

      // then
      const second = await started;
      expect(second).not.to.equal(first);
      expect((await engine.getInstance(first)).status).to.equal('completed');
      const instance = await until(engine, second, waitsInUserTask('review'));
      expect(instance).to.include({ businessKey: 'A-1', status: 'active' });
      expect(instance.variables).to.deep.equal({ n: 2 });
    });

    it('should start an instance again for a correlation key once its instance has completed', async () => {
      // given: the second message has no time to live, so nothing waits for the first instance to end
      const [first] = (await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1' })).instanceIds;
      await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', timeToLive: 0 });
      await until(engine, first, waitsInUserTask('review'));
      await complete(first, 'review');
      await engine.waitFor(first, 'completed', { timeoutMs: 2_000 });

      // when
      const result = await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { n: 3 } });

      // then
      expect(result.instanceIds).to.have.length(1);
      expect(result.instanceIds[0]).not.to.equal(first);
      expect((await engine.getInstance(result.instanceIds[0])).variables).to.deep.equal({ n: 3 });
      expect((await engine.queryInstances({ processId: 'orderIntake' })).items).to.have.length(2);
    });

    it('should start the instances of the other processes and report the refusal when a message start event cannot start its instance', async () => {
      // given: keyedOrder's event sub-process needs a customerId to subscribe, and it listens longest
      const errors: unknown[] = [];
      await engine.close();
      engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10 }, onError: (error) => void errors.push(error) });
      await deploy('messages-refused-start.bpmn');
      later();
      await deploy('messages-start.bpmn');

      // when
      const result = await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', variables: { total: 1 } });

      // then
      expect(result.instanceIds).to.have.length(1);
      expect((await engine.getInstance(result.instanceIds[0])).processId).to.equal('orderIntake');
      expect((await engine.queryInstances({ processId: 'keyedOrder' })).items).to.be.empty;
      expect(errors).to.have.length(1);
      expect(errors[0]).to.be.instanceOf(InvalidArgumentError);
      expect((errors[0] as Error).message)
        .to.include("'keyedOrder'")
        .and.include("'customerWrote'");
    });

    it('should start an instance for every message that has no correlation key', async () => {
      // when
      const first = await engine.publishMessage({ name: 'order-placed' });
      const second = await engine.publishMessage({ name: 'order-placed' });

      // then
      expect(first.instanceIds).to.have.length(1);
      expect(second.instanceIds).to.have.length(1);
      expect(second.instanceIds[0]).not.to.equal(first.instanceIds[0]);
      expect((await engine.getInstance(first.instanceIds[0])).businessKey).to.be.undefined;
    });
  });

  describe('intermediate message catch event and receive task', () => {
    beforeEach(() => deploy('messages-catch.bpmn'));

    it('should continue at the catch event when a message with its name and correlation key arrives, with the message variables', async () => {
      // given
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('awaitPayment'));

      // when
      const result = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { amount: 10 } });

      // then
      expect(result.instanceIds).to.deep.equal([id]);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'A-1', amount: 10 });
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['paymentWaitStart', 'awaitPayment', 'paid']);
    });

    it('should NOT correlate a message with another correlation key or another name', async () => {
      // given
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('awaitPayment'));

      // when
      const otherKey = await engine.publishMessage({ name: 'payment-received', correlationKey: 'B-2', timeToLive: 0 });
      const otherName = await engine.publishMessage({ name: 'payment-refused', correlationKey: 'A-1', timeToLive: 0 });
      const noKey = await engine.publishMessage({ name: 'payment-received', timeToLive: 0 });

      // then
      expect(otherKey.instanceIds).to.deep.equal([]);
      expect(otherName.instanceIds).to.deep.equal([]);
      expect(noKey.instanceIds).to.deep.equal([]);
      const instance = await engine.getInstance(id);
      expect(instance.status).to.equal('active');
      expect(waitsAt('awaitPayment')(instance)).to.equal(true);
    });

    it('should complete a receive task with the message', async () => {
      // given
      const { id } = await engine.start('paymentReceive', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('receivePayment'));

      // when
      const result = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { amount: 5 } });

      // then
      expect(result.instanceIds).to.deep.equal([id]);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'A-1', amount: 5 });
    });

    it('should evaluate the correlation key when the subscription opens, not when a message arrives', async () => {
      // given
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('awaitPayment'));
      await engine.setVariables(id, { orderId: 'B-2' });

      // when
      const byNewValue = await engine.publishMessage({ name: 'payment-received', correlationKey: 'B-2', timeToLive: 0 });
      const byOpeningValue = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1' });

      // then
      expect(byNewValue.instanceIds).to.deep.equal([]);
      expect(byOpeningValue.instanceIds).to.deep.equal([id]);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should correlate a number correlation key with a message published with that number or its text', async () => {
      // given
      const byNumber = await engine.start('paymentWait', { variables: { orderId: 42 } });
      const byText = await engine.start('paymentReceive', { variables: { orderId: 7 } });
      await until(engine, byNumber.id, waitsAt('awaitPayment'));
      await until(engine, byText.id, waitsAt('receivePayment'));

      // when
      const first = await engine.publishMessage({ name: 'payment-received', correlationKey: 42 });
      const second = await engine.publishMessage({ name: 'payment-received', correlationKey: '7' });

      // then
      expect(first.instanceIds).to.deep.equal([byNumber.id]);
      expect(second.instanceIds).to.deep.equal([byText.id]);
      await engine.waitFor(byNumber.id, 'completed', { timeoutMs: 2_000 });
      await engine.waitFor(byText.id, 'completed', { timeoutMs: 2_000 });
    });
  });

  describe('correlation', () => {
    beforeEach(() => deploy('messages-catch.bpmn'));

    it('should correlate a message published before its subscription opens when the subscription opens within its time to live', async () => {
      // given
      const published = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { amount: 10 }, timeToLive: 10_000 });
      expect(published.instanceIds).to.deep.equal([]);
      later(9_999);

      // when
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'A-1', amount: 10 });
    });

    it('should NOT correlate a buffered message once its time to live has passed', async () => {
      // given
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { via: 'expired' }, timeToLive: 1_000 });
      later(1_000);

      // when
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('awaitPayment'));
      const fresh = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { via: 'fresh' } });

      // then: the subscription was still open for the fresh message
      expect(fresh.instanceIds).to.deep.equal([id]);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'A-1', via: 'fresh' });
    });

    it('should correlate a message to only the instance of a process that has waited longest', async () => {
      // given
      const oldest = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      later();
      const younger = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, younger.id, waitsAt('awaitPayment'));

      // when
      const first = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 1 } });

      // then
      expect(first.instanceIds).to.deep.equal([oldest.id]);
      expect((await engine.waitFor(oldest.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 1 });
      expect(waitsAt('awaitPayment')(await engine.getInstance(younger.id))).to.equal(true);
      const second = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 2 } });
      expect(second.instanceIds).to.deep.equal([younger.id]);
      expect((await engine.waitFor(younger.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 2 });
    });

    it('should correlate one message to a waiting instance of each process and list every instance it reached', async () => {
      // given
      const waiting = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      later();
      const alsoWaiting = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      const receiving = await engine.start('paymentReceive', { variables: { orderId: 'A-1' } });
      await until(engine, receiving.id, waitsAt('receivePayment'));

      // when
      const result = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { amount: 3 } });

      // then
      expect(result.instanceIds).to.have.members([waiting.id, receiving.id]);
      expect(result.instanceIds).to.have.length(2);
      await engine.waitFor(waiting.id, 'completed', { timeoutMs: 2_000 });
      await engine.waitFor(receiving.id, 'completed', { timeoutMs: 2_000 });
      expect((await engine.getInstance(alsoWaiting.id)).status).to.equal('active');
    });

    it('should give the subscription that opens the buffered message published first', async () => {
      // given
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 1 } });
      later();
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 2 } });

      // when
      const first = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      const receiving = await engine.start('paymentReceive', { variables: { orderId: 'A-1' } });

      // then
      expect((await engine.waitFor(first.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 1 });
      expect((await engine.waitFor(receiving.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 1 });
      const second = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      expect((await engine.waitFor(second.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 2 });
    });

    it('should give a buffered message to only one instance of a process', async () => {
      // given
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 1 }, timeToLive: 60_000 });
      const first = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await engine.waitFor(first.id, 'completed', { timeoutMs: 2_000 });

      // when
      const second = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, second.id, waitsAt('awaitPayment'));
      const fresh = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 2 } });

      // then
      expect(fresh.instanceIds).to.deep.equal([second.id]);
      expect((await engine.waitFor(second.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 2 });
    });

    it('should give a buffered message to a subscription of another process after one process took it', async () => {
      // given
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { n: 1 }, timeToLive: 60_000 });
      const waiting = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await engine.waitFor(waiting.id, 'completed', { timeoutMs: 2_000 });

      // when
      const receiving = await engine.start('paymentReceive', { variables: { orderId: 'A-1' } });

      // then
      expect((await engine.waitFor(receiving.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 1 });
    });

    it('should publish a message id only once: publishing it again is a duplicate that correlates nothing', async () => {
      // given
      const first = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      const second = await engine.start('paymentWait', { variables: { orderId: 'B-2' } });
      await until(engine, second.id, waitsAt('awaitPayment'));
      const published = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', messageId: 'payment-1' });

      // when
      const again = await engine.publishMessage({ name: 'payment-received', correlationKey: 'B-2', messageId: 'payment-1' });

      // then
      expect(published).to.deep.equal({ messageId: 'payment-1', duplicate: false, instanceIds: [first.id] });
      expect(again).to.deep.equal({ messageId: 'payment-1', duplicate: true, instanceIds: [] });
      await engine.waitFor(first.id, 'completed', { timeoutMs: 2_000 });
      expect(waitsAt('awaitPayment')(await engine.getInstance(second.id))).to.equal(true);
    });

    it('should accept a message id again once the message it named has expired and been removed', async () => {
      // given
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', messageId: 'payment-1', timeToLive: 1_000 });
      later(60_000);
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('awaitPayment'));

      // when
      const again = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', messageId: 'payment-1', variables: { n: 2 } });

      // then
      expect(again).to.deep.equal({ messageId: 'payment-1', duplicate: false, instanceIds: [id] });
      expect((await engine.waitFor(id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', n: 2 });
    });

    it('should make up a message id when none is given', async () => {
      // when
      const first = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1' });
      const second = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1' });

      // then
      expect(first.messageId).to.be.a('string').and.not.be.empty;
      expect(second.messageId).not.to.equal(first.messageId);
      expect(second.duplicate).to.equal(false);
    });
  });

  describe('message boundary events', () => {
    beforeEach(() => deploy('messages-boundary.bpmn'));

    it('should interrupt the activity and leave by an interrupting boundary event', async () => {
      // given
      const { id } = await engine.start('parcel', { variables: { parcelId: 'P-1' } });
      await until(engine, id, waitsInUserTask('pack'));

      // when
      const result = await engine.publishMessage({ name: 'parcel-cancelled', correlationKey: 'P-1', variables: { reason: 'customer' } });

      // then
      expect(result.instanceIds).to.deep.equal([id]);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ parcelId: 'P-1', reason: 'customer' });
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['pack']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['parcelCancelled', 'packingCancelled']);
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });

    it('should keep the activity and start a path for each message of a non-interrupting boundary event', async () => {
      // given
      const { id } = await engine.start('parcel', { variables: { parcelId: 'P-1' } });
      await until(engine, id, waitsInUserTask('pack'));

      // when
      const first = await engine.publishMessage({ name: 'address-changed', correlationKey: 'P-1', variables: { street: 'Elm' } });
      const second = await engine.publishMessage({ name: 'address-changed', correlationKey: 'P-1', variables: { street: 'Oak' } });

      // then
      expect(first.instanceIds).to.deep.equal([id]);
      expect(second.instanceIds).to.deep.equal([id]);
      const instance = await until(engine, id, (v) => waitsInUserTask('relabel', 2)(v) && waitsInUserTask('pack')(v));
      expect(instance.variables).to.deep.equal({ parcelId: 'P-1', street: 'Oak' });
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal([]);
    });

    it('should stop listening at its boundary events once the activity is done', async () => {
      // given
      const { id } = await engine.start('parcel', { variables: { parcelId: 'P-1' } });
      await until(engine, id, waitsInUserTask('pack'));
      await complete(id, 'pack');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // when
      const cancelled = await engine.publishMessage({ name: 'parcel-cancelled', correlationKey: 'P-1', timeToLive: 0 });
      const changed = await engine.publishMessage({ name: 'address-changed', correlationKey: 'P-1', timeToLive: 0 });

      // then
      expect(cancelled.instanceIds).to.deep.equal([]);
      expect(changed.instanceIds).to.deep.equal([]);
      expect(await elementsWith(engine, id, 'element.completed')).not.to.include.members(['parcelCancelled', 'addressChanged']);
    });
  });

  describe('message event sub-processes', () => {
    beforeEach(() => deploy('messages-event-sub-process.bpmn'));

    const started = async () => {
      const { id } = await engine.start('booking', { variables: { bookingId: 'B-1' } });
      await until(engine, id, waitsInUserTask('prepare'));
      return id;
    };

    it('should interrupt the whole process when an interrupting message event sub-process of the process starts', async () => {
      // given
      const id = await started();

      // when
      const result = await engine.publishMessage({ name: 'booking-cancelled', correlationKey: 'B-1', variables: { refund: 20 } });

      // then
      expect(result.instanceIds).to.deep.equal([id]);
      const instance = await until(engine, id, waitsInUserTask('refund'));
      expect(instance.activeElements.map((e) => e.elementId)).to.have.members(['cancellationHandler', 'refund']);
      expect(instance.variables).to.deep.equal({ bookingId: 'B-1', refund: 20 });
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['prepare', 'handling']);
      const inquiry = await engine.publishMessage({ name: 'booking-inquiry', correlationKey: 'B-1', timeToLive: 0 });
      expect(inquiry.instanceIds, 'the other event sub-processes stop listening').to.deep.equal([]);
      await complete(id, 'refund');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should run a non-interrupting message event sub-process of the process for each message, beside the process', async () => {
      // given
      const id = await started();

      // when
      await engine.publishMessage({ name: 'booking-inquiry', correlationKey: 'B-1', variables: { question: 'when?' } });
      await engine.publishMessage({ name: 'booking-inquiry', correlationKey: 'B-1', variables: { question: 'where?' } });

      // then
      const instance = await until(engine, id, (v) => waitsInUserTask('answer', 2)(v));
      expect(waitsInUserTask('prepare')(instance)).to.equal(true);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal([]);
    });

    it('should end only the embedded sub-process when its interrupting message event sub-process starts', async () => {
      // given
      const id = await started();

      // when
      const result = await engine.publishMessage({ name: 'shipment-lost', correlationKey: 'B-1', variables: { lost: true } });

      // then
      expect(result.instanceIds).to.deep.equal([id]);
      const instance = await until(engine, id, waitsInUserTask('confirm'));
      expect(instance.activeElements.map((e) => e.elementId)).to.deep.equal(['confirm']);
      expect(instance.variables).to.deep.equal({ bookingId: 'B-1', lost: true });
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['prepare']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['shipmentLost', 'writtenOff', 'shipmentLostHandler', 'handling']);
      const cancelled = await engine.publishMessage({ name: 'booking-cancelled', correlationKey: 'B-1' });
      expect(cancelled.instanceIds, "the process's own event sub-processes listen on").to.deep.equal([id]);
    });

    it('should run a non-interrupting message event sub-process of an embedded sub-process only while the sub-process is active', async () => {
      // given
      const id = await started();

      // when
      const note = await engine.publishMessage({ name: 'handling-note', correlationKey: 'B-1', variables: { note: 'fragile' } });
      await until(engine, id, (v) => waitsInUserTask('readNote')(v) && waitsInUserTask('prepare')(v));
      await complete(id, 'prepare');
      const stillInside = await until(engine, id, (v) => !waitsInUserTask('prepare')(v));
      await complete(id, 'readNote');

      // then
      expect(note.instanceIds).to.deep.equal([id]);
      expect(stillInside.activeElements.map((e) => e.elementId)).to.include.members(['handling', 'readNote']);
      await until(engine, id, waitsInUserTask('confirm'));
      const late = await engine.publishMessage({ name: 'handling-note', correlationKey: 'B-1', timeToLive: 0 });
      expect(late.instanceIds).to.deep.equal([]);
    });
  });

  describe('message throw events', () => {
    beforeEach(() => deploy('messages-throw.bpmn'));

    it('should hand a message intermediate throw event and a message end event to the handlers of their job types', async () => {
      // given
      const jobs: Job[] = [];
      engine.handle('notify-customer', (job) => {
        jobs.push(job);
        return { notified: true };
      });
      engine.handle('send-receipt', async (job) => {
        jobs.push(job);
        await engine.publishMessage({ name: 'receipt-sent', correlationKey: job.variables.orderId as string, variables: { receipt: 'R-7' } });
      });
      const inbox = await engine.start('receiptInbox', { variables: { orderId: 'O-1' } });
      await until(engine, inbox.id, waitsAt('awaitReceipt'));

      // when
      const { id } = await engine.start('receipt', { variables: { orderId: 'O-1' } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'O-1', notified: true });
      expect(jobs.map((j) => [j.type, j.context.elementId])).to.deep.equal([
        ['notify-customer', 'notifyCustomer'],
        ['send-receipt', 'sendReceipt'],
      ]);
      expect(jobs[0].headers).to.deep.equal({ channel: 'email' });
      const filed = await engine.waitFor(inbox.id, 'completed', { timeoutMs: 2_000 });
      expect(filed.variables).to.deep.equal({ orderId: 'O-1', receipt: 'R-7' });
    });

    it('should wait at a message throw event until a handler serves it', async () => {
      // when
      const { id } = await engine.start('receipt', { variables: { orderId: 'O-1' } });

      // then
      const waiting = await until(engine, id, waitsAt('notifyCustomer'));
      expect(waiting.activeElements[0].jobKey).to.be.a('string');
      engine.handle('notify-customer', () => ({}));
      engine.handle('send-receipt', () => ({}));
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });
  });

  describe('bad input', () => {
    it('should raise an incident naming the catch event when its correlation key fails to evaluate, and wait once it is resolved', async () => {
      // given
      await deploy('messages-bad-key.bpmn');
      const { id } = await engine.start('brokenKey', { variables: { ticket: 'T-1' } });

      // when
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents).to.have.length(1);
      expect(failed.incidents[0].elementId).to.equal('awaitTicket');
      expect(failed.incidents[0].message).to.include("'awaitTicket'").and.include('correlation key');
      await engine.setVariables(id, { ticket: 41 });
      await engine.resolveIncident(id, failed.incidents[0].id);
      const result = await engine.publishMessage({ name: 'ticket-answered', correlationKey: 42 });
      expect(result.instanceIds).to.deep.equal([id]);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should raise an incident naming the boundary event when its correlation key is not a string or a number', async () => {
      // given
      await deploy('messages-bad-key.bpmn');

      // when
      const { id } = await engine.start('guardedKey', { variables: { ticket: ['T-1'] } });

      // then
      const failed = await until(engine, id, hasIncident);
      expect(failed.incidents).to.have.length(1);
      expect(failed.incidents[0].elementId).to.equal('work');
      expect(failed.incidents[0].message).to.include("'workRecalled'").and.include('not a string or number');
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });

    it('should refuse to publish a message without a name', async () => {
      // when
      const missing = await engine.publishMessage({ correlationKey: 'A-1' } as never).catch((error: unknown) => error);
      const empty = await engine.publishMessage({ name: '' }).catch((error: unknown) => error);

      // then
      expect(missing).to.be.instanceOf(InvalidArgumentError);
      expect(empty).to.be.instanceOf(InvalidArgumentError);
    });

    it('should refuse a correlation key that is not a string or a number, and a negative time to live', async () => {
      // when
      const badKey = await engine.publishMessage({ name: 'payment-received', correlationKey: { id: 1 } as never }).catch((error: unknown) => error);
      const badTtl = await engine.publishMessage({ name: 'payment-received', timeToLive: -1 }).catch((error: unknown) => error);

      // then
      expect(badKey).to.be.instanceOf(InvalidArgumentError);
      expect(badTtl).to.be.instanceOf(InvalidArgumentError);
    });
  });

  describe('durability on SQLite', () => {
    let dir: string;

    beforeEach(async () => {
      await engine.close();
      dir = await mkdtemp(join(tmpdir(), 'baton-messages-'));
    });

    afterEach(async () => {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('should keep a buffered message across a restart and correlate it to a subscription opened after the restart', async () => {
      // given
      const store = `sqlite:${join(dir, 'baton.db')}` as const;
      engine = await Engine.open({ store, clock, jobs: { pollIntervalMs: 10 } });
      await deploy('messages-catch.bpmn');
      const published = await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { amount: 10 }, timeToLive: 60_000 });
      expect(published.instanceIds).to.deep.equal([]);
      await engine.close();
      later(30_000);

      // when
      engine = await Engine.open({ store, clock, jobs: { pollIntervalMs: 10 } });
      const { id } = await engine.start('paymentWait', { variables: { orderId: 'A-1' } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'A-1', amount: 10 });
    });
  });
});
