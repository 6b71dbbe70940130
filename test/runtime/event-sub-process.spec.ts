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
  userTaskAt,
  waitsAt,
  waitsInUserTask,
} from '../helpers.js';

const here = import.meta.url;
const HOUR = 3600_000;

describe('event sub-processes', () => {
  let store: Store;
  let engine: Engine;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock('2030-01-01T08:00:00Z');
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  const supportCase = { customer: 'ada', caseId: 'C-7' };

  describe('non-interrupting, in the process', () => {
    it('should start beside the running tokens each time its message arrives, seeing the process variables', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'supportCase', { variables: supportCase });
      await until(engine, id, (v) => waitsInUserTask('investigate')(v) && waitsAt('collectLogs')(v));

      // when
      await engine.publishMessage({ name: 'customer-call', correlationKey: 'C-7', variables: { topic: 'billing' } });
      await until(engine, id, waitsInUserTask('answerCall'));
      await engine.publishMessage({ name: 'customer-call', correlationKey: 'C-7', variables: { topic: 'refund' } });
      const after = await until(engine, id, waitsInUserTask('answerCall', 2));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members([
        'investigate',
        'collectLogs',
        'customerCalls',
        'answerCall',
        'customerCalls',
        'answerCall',
      ]);
      const calls = (await engine.userTasks({ instanceId: id })).filter((t) => t.elementId === 'answerCall');
      expect(calls.map((t) => t.assignee)).to.deep.equal(['ada', 'ada']);
      expect(after.variables).to.deep.equal({ ...supportCase, topic: 'refund' });
      expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
    });

    it('should complete the instance only when the event sub-process has ended as well, and close its subscription', async () => {
      // given
      engine.handle('collect-logs', () => ({ logs: 3 }));
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'supportCase', { variables: supportCase });
      await until(engine, id, (v) => waitsInUserTask('investigate')(v) && v.variables.logs === 3);
      await engine.publishMessage({ name: 'customer-call', correlationKey: 'C-7' });
      await until(engine, id, waitsInUserTask('answerCall'));

      // when
      await completeTaskAt(engine, id, 'investigate');
      const waiting = await until(engine, id, (v) => !waitsInUserTask('investigate')(v));
      await completeTaskAt(engine, id, 'answerCall');

      // then
      expect(waiting.status).to.equal('active');
      expect(waiting.activeElements.map((e) => e.elementId)).to.have.members(['customerCalls', 'answerCall']);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
      expect(await store.findSubscriptions({ kind: 'message', name: 'customer-call' })).to.be.empty;
      expect(await store.findSubscriptions({ kind: 'signal', name: 'case-withdrawn' })).to.be.empty;
    });
  });

  describe('interrupting, in the process', () => {
    it('should cancel every other token with its job and the other event subscriptions, and complete the instance when it ends', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'supportCase', { variables: supportCase });
      await until(engine, id, (v) => waitsInUserTask('investigate')(v) && waitsAt('collectLogs')(v));
      expect(await store.findSubscriptions({ kind: 'message', name: 'customer-call' })).to.have.length(1);

      // when
      await engine.broadcastSignal({ name: 'case-withdrawn' });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ ...supportCase, note: 'closed for ada' });
      expect(done.activeElements).to.be.empty;
      expect(await openTasks(engine, id)).to.be.empty;
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['investigate', 'collectLogs']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['closeNote', 'caseWithdrawn']);
      expect(await store.findSubscriptions({ kind: 'message', name: 'customer-call' })).to.be.empty;
      expect(await jobsLeft(store, 'collect-logs')).to.equal(0);
    });
  });

  describe('in an embedded sub-process', () => {
    it('should interrupt only the sub-process when its timer comes due, seeing the sub-process variables', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'reviewCycle');
      await until(engine, id, (v) => waitsInUserTask('read')(v) && waitsInUserTask('sideWork')(v));

      // when
      clock.advance(HOUR);
      const after = await until(engine, id, waitsInUserTask('escalateReview'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['sideWork', 'review', 'reviewOverdue', 'escalateReview']);
      expect((await userTaskAt(engine, id, 'escalateReview')).assignee).to.equal('bo');
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['read']);

      // when
      await completeTaskAt(engine, id, 'escalateReview');
      const later = await until(engine, id, waitsInUserTask('publish'));

      // then
      expect(later.activeElements.map((e) => e.elementId)).to.have.members(['sideWork', 'publish']);
      expect(later.variables).to.deep.equal({});
    });

    it('should stop listening for its timer when the sub-process completes first', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'reviewCycle');
      await until(engine, id, waitsInUserTask('read'));

      // when
      await completeTaskAt(engine, id, 'read');
      await until(engine, id, waitsInUserTask('publish'));
      clock.advance(2 * HOUR);
      await completeTaskAt(engine, id, 'sideWork');
      const after = await until(engine, id, (v) => !waitsInUserTask('sideWork')(v));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['publish']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('reviewOverdue');
      expect(await jobsLeft(store, 'baton:timer')).to.equal(0);
    });
  });

  describe('whose event cannot be evaluated when the sub-process starts', () => {
    it('should listen for none of the event sub-processes during the incident, and for each once after it is resolved', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'watchedSection');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents.map((i) => i.elementId)).to.deep.equal(['section']);
      expect(await store.nextJobDueAt(['baton:timer'], clock.now())).to.equal(undefined);

      // when
      await engine.setVariables(id, { noteKey: 'N-1' });
      await engine.resolveIncident(id, failed.incidents[0].id);
      await until(engine, id, waitsInUserTask('sectionTask'));
      clock.advance(HOUR);
      await until(engine, id, waitsInUserTask('hourlyCheck'));
      await engine.publishMessage({ name: 'section-note', correlationKey: 'N-1' });
      const after = await until(engine, id, waitsInUserTask('readNote'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['section', 'sectionTask', 'hourly', 'hourlyCheck', 'notes', 'readNote']);
      expect(countOf(await elementsWith(engine, id, 'element.activated'), 'hourly')).to.equal(1);
    });
  });

  describe('with a terminate end event', () => {
    it('should end only the event sub-process when its terminate end event is reached, and leave the process running', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'earlyStop', { variables: { caseId: 'C-9' } });
      await until(engine, id, waitsInUserTask('mainWork'));
      await engine.publishMessage({ name: 'stop-early', correlationKey: 'C-9' });
      await until(engine, id, (v) => waitsInUserTask('callBack')(v) && waitsInUserTask('decide')(v));

      // when
      await completeTaskAt(engine, id, 'decide');
      const after = await until(engine, id, (v) => !waitsInUserTask('callBack')(v));

      // then
      expect(after.status).to.equal('active');
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['mainWork']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['callBack']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['giveUp', 'stopRequest']);

      // when
      await completeTaskAt(engine, id, 'mainWork');

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
    });

    it('should complete a sub-process whose interrupting event sub-process reaches a terminate end event, and go on after it', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'event-sub-process.bpmn', 'abandonable');
      await until(engine, id, waitsInUserTask('task1'));
      await engine.broadcastSignal({ name: 'abandon-work' });
      const abandoning = await until(engine, id, (v) => waitsInUserTask('notifyTeam')(v) && waitsInUserTask('confirmAbandon')(v));

      // when
      await completeTaskAt(engine, id, 'confirmAbandon');
      const after = await until(engine, id, waitsInUserTask('afterWork'));

      // then
      expect(abandoning.activeElements.map((e) => e.elementId)).to.have.members(['work', 'abandonWork', 'notifyTeam', 'confirmAbandon']);
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['afterWork']);
      expect(await openTasks(engine, id)).to.deep.equal(['afterWork']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['task1', 'notifyTeam']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['abandonNow', 'abandonWork', 'work']);
    });
  });
});
