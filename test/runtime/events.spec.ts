import { expect } from 'chai';
import { Engine, type Store } from '../../engine/index.js';
import { deployAndStart, elementsWith, jobsLeft, openEngine, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('events', () => {
  let store: Store;
  let engine: Engine;

  beforeEach(async () => {
    ({ store, engine } = await openEngine({ jobs: { retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  describe('none start, none intermediate throw and none end events', () => {
    it('should pass through a milestone and complete the instance at the end event', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'events-none.bpmn', 'milestones');

      // when
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.status).to.equal('completed');
      expect(done.activeElements).to.be.empty;
      expect(done.endedAt).to.be.a('string');
      expect(await elementsWith(engine, id, 'element.activated')).to.deep.equal(['received', 'packed', 'shipped']);
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['received', 'packed', 'shipped']);
    });

    it('should record the instance start before and the instance completion after every element', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'events-none.bpmn', 'milestones');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // when
      const types = (await engine.history(id)).map((e) => e.type);

      // then
      expect(types[0]).to.equal('instance.started');
      expect(types[types.length - 1]).to.equal('instance.completed');
      expect(types.filter((t) => t.startsWith('instance.'))).to.have.length(2);
    });
  });

  describe('terminate end event at process level', () => {
    it('should terminate the instance and remove the jobs and user tasks of the other branches', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'events-terminate.bpmn', 'abortable');
      const before = await until(engine, id, (v) => waitsInUserTask('review')(v) && waitsAt('archive')(v) && waitsAt('check')(v));
      const archiveJob = before.activeElements.find((e) => e.elementId === 'archive')!.jobKey!;
      expect(await store.getJob(archiveJob)).to.exist;

      // when
      engine.handle('check-fraud', () => ({ fraud: true }));
      const ended = await engine.waitFor(id, 'terminated', { timeoutMs: 2_000 });

      // then
      expect(ended.status).to.equal('terminated');
      expect(ended.activeElements).to.be.empty;
      expect(ended.variables).to.deep.equal({ fraud: true });
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      expect(await store.getJob(archiveJob)).to.be.undefined;
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['review', 'archive']);
      expect(await elementsWith(engine, id, 'element.completed')).not.to.include.members(['reviewed', 'archived']);
      const history = await engine.history(id);
      expect(history[history.length - 1].type).to.equal('instance.terminated');
    });

    it('should not create work for branches that the terminate end event ends in the same step', async () => {
      // given
      let lateRuns = 0;
      engine.handle('late-work', () => void lateRuns++);

      // when
      const { id } = await deployAndStart(engine, here, 'events-terminate-same-step.bpmn', 'abortAtOnce');
      const ended = await engine.waitFor(id, 'terminated', { timeoutMs: 2_000 });

      // then
      expect(ended.activeElements).to.be.empty;
      expect(lateRuns).to.equal(0);
      expect(await jobsLeft(store, 'late-work')).to.equal(0);
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });
  });

  describe('terminate end event inside an embedded sub-process', () => {
    it('should end only the sub-process and let the process continue', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'events-terminate-sub-process.bpmn', 'checkedOrder');
      await until(engine, id, (v) => waitsInUserTask('manualCheck')(v) && waitsInUserTask('notify')(v) && waitsAt('quickCheck')(v));

      // when
      engine.handle('quick-check', () => ({ checked: true }));
      const after = await until(engine, id, waitsInUserTask('ship'));

      // then
      expect(after.status).to.equal('active');
      expect(after.variables).to.deep.equal({ checked: true });
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['notify', 'ship']);
      expect((await engine.userTasks({ instanceId: id })).map((t) => t.elementId)).to.have.members(['notify', 'ship']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['manualCheck']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('checks');
    });

    it('should complete the process once the remaining branches end', async () => {
      // given
      engine.handle('quick-check', () => ({}));
      const { id } = await deployAndStart(engine, here, 'events-terminate-sub-process.bpmn', 'checkedOrder');
      await until(engine, id, (v) => waitsInUserTask('ship')(v) && waitsInUserTask('notify')(v));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'ship')).id);
      await engine.completeUserTask((await userTaskAt(engine, id, 'notify')).id);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['shipped', 'notified']);
    });

    it('should not start work on a branch of the sub-process that its terminate end event ended in the same step', async () => {
      // given
      let slowRuns = 0;
      engine.handle('slow-check', () => void slowRuns++);

      // when
      const { id } = await deployAndStart(engine, here, 'events-terminate-sub-process.bpmn', 'instantCheck');
      const after = await until(engine, id, waitsInUserTask('instantAfter'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['instantAfter']);
      expect(slowRuns).to.equal(0);
      expect(await jobsLeft(store, 'slow-check')).to.equal(0);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('slowCheck');
      expect(await elementsWith(engine, id, 'element.terminated')).not.to.include('slowCheck');
    });
  });
});
