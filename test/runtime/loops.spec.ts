import { expect } from 'chai';
import { Engine, type HistoryEvent } from '../../engine/index.js';
import { countOf, elementsWith, fixture, hasIncident, TestClock, until, userTaskAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const HOUR = 3600_000;

const runsOf = (history: HistoryEvent[], elementId: string) => history.filter((e) => e.type === 'element.activated' && e.elementId === elementId);

describe('standard loops', () => {
  let engine: Engine;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock('2030-01-01T08:00:00Z');
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
    await engine.deploy({ name: 'loops.bpmn', xml: fixture(here, 'loops.bpmn') });
  });

  afterEach(() => engine.close());

  describe('testing after each run', () => {
    it('should run the activity again while the loop condition holds, each run an activation of its own', async () => {
      // when
      const { id } = await engine.start('retry', { variables: { attempts: 0, goal: 3 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ attempts: 3, goal: 3 });
      const history = await engine.history(id);
      const runs = runsOf(history, 'attempt');
      expect(runs).to.have.length(3);
      expect(new Set(runs.map((e) => e.tokenId)).size).to.equal(1);
      expect(countOf(await elementsWith(engine, id, 'element.completed'), 'attempt')).to.equal(3);
    });

    it('should run the activity once even when the condition is false from the start', async () => {
      // when
      const { id } = await engine.start('retry', { variables: { attempts: 5, goal: 3 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.attempts).to.equal(6);
      expect(runsOf(await engine.history(id), 'attempt')).to.have.length(1);
    });

    it('should give each run its loop counter, from 1', async () => {
      // given
      const counters: unknown[] = [];
      engine.handle('poll-status', (job) => {
        counters.push(job.variables.loopCounter);
        return { status: job.variables.loopCounter === 3 ? 'done' : 'pending' };
      });

      // when
      const { id } = await engine.start('polling');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(counters).to.deep.equal([1, 2, 3]);
      expect(done.variables).to.deep.equal({ status: 'done' });
      expect(runsOf(await engine.history(id), 'poll')).to.have.length(3);
    });
  });

  describe('testing before each run', () => {
    it('should skip the activity when the condition is false on arrival', async () => {
      // when
      const { id } = await engine.start('whileWanted', { variables: { served: 0, wanted: 0 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ served: 0, wanted: 0 });
      expect(await elementsWith(engine, id, 'element.activated')).to.deep.equal(['wantedStart', 'served']);
    });

    it('should run the activity while the condition holds before the run', async () => {
      // when
      const { id } = await engine.start('whileWanted', { variables: { served: 0, wanted: 2 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.served).to.equal(2);
      expect(runsOf(await engine.history(id), 'serve')).to.have.length(2);
    });

    it('should raise an incident when the condition cannot be read on arrival, and read it again once resolved', async () => {
      // given
      const { id } = await engine.start('whileWanted', { variables: { served: 0 } });
      const stuck = await until(engine, id, hasIncident);
      expect(stuck.incidents[0].elementId).to.equal('serve');
      expect(stuck.incidents[0].message).to.contain("loop condition of 'serve' ('=served < wanted')");
      expect(runsOf(await engine.history(id), 'serve')).to.be.empty;

      // when
      await engine.setVariables(id, { wanted: 1 });
      await engine.resolveIncident(id, stuck.incidents[0].id);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.served).to.equal(1);
    });
  });

  describe('the loop maximum', () => {
    it('should never run the activity more often than the maximum, whatever the condition', async () => {
      // when
      const { id } = await engine.start('capped');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ lastPing: 5 });
      expect(runsOf(await engine.history(id), 'ping')).to.have.length(5);
    });
  });

  describe('a loop condition that fails after a run', () => {
    it('should raise an incident, and go on with the loop once it can be read', async () => {
      // given
      const { id } = await engine.start('retry', { variables: { attempts: 0 } });
      const stuck = await until(engine, id, hasIncident);
      expect(stuck.incidents[0].message).to.contain("loop condition of 'attempt'");

      // when
      await engine.setVariables(id, { goal: 2 });
      await engine.resolveIncident(id, stuck.incidents[0].id);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ attempts: 2, goal: 2 });
      expect(runsOf(await engine.history(id), 'attempt')).to.have.length(2);
    });
  });

  describe('a loop without a wait state whose condition always holds', () => {
    it('should be stopped with an incident, and end once the condition is changed and the incident resolved', async () => {
      // given
      const { id } = await engine.start('endless', { variables: { stop: false } });
      const stuck = await until(engine, id, hasIncident);
      expect(stuck.incidents).to.have.length(1);
      expect(stuck.incidents[0].elementId).to.equal('spin');
      expect(stuck.incidents[0].message).to.contain('without reaching a wait state');

      // when
      await engine.setVariables(id, { stop: true });
      await engine.resolveIncident(id, stuck.incidents[0].id);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.incidents).to.be.empty;
    });
  });

  describe('a looping user task with a boundary timer', () => {
    it('should open a new task for each run until the condition no longer holds', async () => {
      // given
      const { id } = await engine.start('drafting');
      await until(engine, id, waitsInUserTask('draft'));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'draft')).id, { approved: false });
      await until(engine, id, waitsInUserTask('draft'));
      await engine.completeUserTask((await userTaskAt(engine, id, 'draft')).id, { approved: true });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(runsOf(await engine.history(id), 'draft')).to.have.length(2);
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('published')
        .and.not.include('tooSlow');
      expect(done.variables).to.deep.equal({ approved: true });
    });

    it('should keep the timer running across runs: it is attached to the loop as a whole', async () => {
      // given
      const { id } = await engine.start('drafting');
      await until(engine, id, waitsInUserTask('draft'));
      clock.advance(HOUR);
      await engine.completeUserTask((await userTaskAt(engine, id, 'draft')).id, { approved: false });
      await until(engine, id, waitsInUserTask('draft'));

      // when
      clock.advance(HOUR);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed).to.include.members(['tooSlow', 'abandoned']).and.not.include('published');
      expect(countOf(await elementsWith(engine, id, 'element.terminated'), 'draft')).to.equal(1);
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });
  });
});
