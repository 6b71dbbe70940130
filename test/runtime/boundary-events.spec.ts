import { expect } from 'chai';
import { Engine, type Store } from '../../engine/index.js';
import {
  completeTaskAt,
  countOf,
  deployAndStart,
  elementsWith,
  hasIncident,
  jobsLeft,
  openEngine,
  openTasks,
  TestClock,
  until,
  untilInstance,
  waitsAt,
  waitsInUserTask,
} from '../helpers.js';

const here = import.meta.url;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('boundary events', () => {
  let store: Store;
  let engine: Engine;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock('2030-01-01T08:00:00Z');
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  const subscriptions = async (kind: 'message' | 'signal', name: string) => (await store.findSubscriptions({ kind, name })).length;
  const everythingInside = (v: Parameters<ReturnType<typeof waitsAt>>[0]) =>
    waitsAt('pick')(v) && waitsInUserTask('pack')(v) && waitsInUserTask('label')(v) && waitsAt('carrierConfirmed')(v);

  describe('on an embedded sub-process', () => {
    it('should cancel the sub-process and everything inside it, with jobs, user tasks, nested tokens and their subscriptions, when an interrupting timer fires', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'fulfilOrder', { variables: { orderId: 'O-1' } });
      await until(engine, id, everythingInside);
      expect(await subscriptions('message', 'carrier-confirmed')).to.equal(1);
      expect(await subscriptions('message', 'status-request')).to.equal(1);

      // when
      clock.advance(HOUR);
      const after = await until(engine, id, waitsInUserTask('lateHandling'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['lateHandling']);
      expect(await openTasks(engine, id)).to.deep.equal(['lateHandling']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['pick', 'pack', 'label', 'carrierConfirmed', 'shipping', 'fulfil']);
      expect(await subscriptions('message', 'carrier-confirmed')).to.equal(0);
      expect(await subscriptions('message', 'status-request')).to.equal(0);
      expect(await jobsLeft(store, 'pick')).to.equal(0);
      // The label's own two-hour reminder went with it.
      expect(await jobsLeft(store, 'baton:timer')).to.equal(0);
    });

    it('should leave the sub-process running when a non-interrupting message boundary event fires, and keep listening', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'fulfilOrder', { variables: { orderId: 'O-2' } });
      await until(engine, id, everythingInside);

      // when
      await engine.publishMessage({ name: 'status-request', correlationKey: 'O-2', variables: { asked: 1 } });
      await until(engine, id, waitsInUserTask('answerStatus'));
      await engine.publishMessage({ name: 'status-request', correlationKey: 'O-2', variables: { asked: 2 } });
      const after = await until(engine, id, waitsInUserTask('answerStatus', 2));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members([
        'fulfil',
        'pick',
        'pack',
        'shipping',
        'label',
        'carrierConfirmed',
        'answerStatus',
        'answerStatus',
      ]);
      expect(after.variables).to.deep.equal({ orderId: 'O-2', asked: 2 });
      expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
      expect(await subscriptions('message', 'status-request')).to.equal(1);
    });

    it('should stop listening on its boundary events once the sub-process completes', async () => {
      // given
      engine.handle('pick', () => ({ picked: true }));
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'fulfilOrder', { variables: { orderId: 'O-3' } });
      await until(engine, id, (v) => waitsInUserTask('pack')(v) && waitsInUserTask('label')(v) && v.variables.picked === true);

      // when
      await completeTaskAt(engine, id, 'pack');
      await completeTaskAt(engine, id, 'label');
      await engine.publishMessage({ name: 'carrier-confirmed', correlationKey: 'O-3' });
      const after = await until(engine, id, waitsInUserTask('ship'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['ship']);
      expect(await subscriptions('message', 'status-request')).to.equal(0);
      expect(await jobsLeft(store, 'baton:timer')).to.equal(0);
    });
  });

  describe('on a task', () => {
    it('should start the path of a non-interrupting timer boundary event and leave the task open', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'approval');
      await until(engine, id, waitsInUserTask('approve'));

      // when
      clock.advance(10 * MINUTE);
      const after = await until(engine, id, waitsInUserTask('nudge'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['approve', 'nudge']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('reminder');
    });

    it('should cancel the task and its timer when an interrupting signal boundary event fires', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'approval');
      await until(engine, id, waitsInUserTask('approve'));

      // when
      await engine.broadcastSignal({ name: 'recall' });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.activeElements).to.be.empty;
      expect(await openTasks(engine, id)).to.be.empty;
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['approve']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['recall', 'recalled']);
      expect(await subscriptions('signal', 'recall')).to.equal(0);
      expect(await jobsLeft(store, 'baton:timer')).to.equal(0);
    });
  });

  describe('whose event cannot be evaluated when the activity starts', () => {
    it('should listen for none of the boundary events during the incident, and for each once after it is resolved', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'reviewWithBadKey');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents.map((i) => i.elementId)).to.deep.equal(['review']);
      expect(await openTasks(engine, id)).to.be.empty;
      expect(await store.nextJobDueAt(['baton:timer'], clock.now())).to.equal(undefined);

      // when
      await engine.setVariables(id, { reviewKey: 'R-1' });
      await engine.resolveIncident(id, failed.incidents[0].id);
      await until(engine, id, waitsInUserTask('review'));
      clock.advance(HOUR);
      await until(engine, id, waitsInUserTask('remindReviewer'));
      await engine.publishMessage({ name: 'review-withdrawn', correlationKey: 'R-1' });
      const after = await until(engine, id, (v) => !waitsInUserTask('review')(v));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['remindReviewer']);
      expect(countOf(await elementsWith(engine, id, 'element.activated'), 'reviewReminder')).to.equal(1);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('reviewWithdrawn');
    });
  });

  describe('on a call activity', () => {
    it('should cancel the called instance when an interrupting boundary event fires', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'boundary-events.bpmn', 'guardedCall', { variables: { orderId: 'O-4' } });
      const calling = await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'runChild' && e.childInstanceId));
      const childTask = calling.activeElements.find((e) => e.elementId === 'runChild')!.childInstanceId!;
      await untilInstance(engine, childTask, waitsInUserTask('childTask'));

      // when
      await engine.publishMessage({ name: 'abort-call', correlationKey: 'O-4' });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['runChild']);
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('callAborted')
        .and.not.include('childDone');
      expect(done.activeElements).to.be.empty;
      const child = await engine.waitFor(childTask, 'cancelled', { timeoutMs: 2_000 });
      expect(child.activeElements).to.be.empty;
      expect(await engine.userTasks({ processId: 'childWork' })).to.be.empty;
    });
  });
});
