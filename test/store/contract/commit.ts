import { expect } from 'chai';
import { ConflictError } from '../../../engine/errors.js';
import type { Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, anInstance, nextRev, aJob, aUserTask, anEvent, effects, rejectionOf } from './factories.js';

export function commitContract(ctx: ContractContext): void {
  describe('commit', () => {
    let store: Store;
    /** Commits a new instance with its jobs, tasks and events. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));

    beforeEach(() => {
      store = ctx.store;
    });

    it('should insert a new instance on a commit with rev 1', async () => {
      // given
      const state = anInstance();

      // when
      await store.commit(state, effects());

      // then
      expect(await store.getInstance('i-1')).to.deep.equal(state);
    });

    it('should return undefined for an unknown instance', async () => {
      expect(await store.getInstance('unknown')).to.be.undefined;
    });

    it('should update an instance on a commit whose base rev is the stored rev', async () => {
      // given
      const first = anInstance();
      await start(first);
      const second = nextRev(first, { status: 'completed', endedAt: NOW + 5 });

      // when
      await store.commit(second, effects());

      // then
      expect(await store.getInstance('i-1')).to.deep.equal(second);
    });

    it('should refuse a rev 1 commit for an instance id that already exists', async () => {
      // given
      await start(anInstance({ businessKey: 'first' }));

      // when
      const error = await rejectionOf(store.commit(anInstance({ businessKey: 'second' }), effects({ createJobs: [aJob({ key: 'dup-job' })] })));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((await store.getInstance('i-1'))?.businessKey).to.equal('first');
      expect(await store.getJob('dup-job')).to.be.undefined;
    });

    it('should refuse a commit whose base rev is stale and write neither the state nor its effects', async () => {
      // given: two steps were loaded at rev 1, the first one has committed rev 2
      const base = anInstance({ tokens: {} });
      await start(base, { createJobs: [aJob({ key: 'old-job' })], createUserTasks: [aUserTask({ id: 'old-task' })] });
      const winner = nextRev(base, { sequence: 10 });
      await store.commit(winner, effects());
      const loser = nextRev(base, { sequence: 20 });

      // when
      const error = await rejectionOf(
        store.commit(
          loser,
          effects({
            createJobs: [aJob({ key: 'new-job' })],
            deleteJobs: ['old-job'],
            createUserTasks: [aUserTask({ id: 'new-task' })],
            deleteUserTasks: ['old-task'],
            events: [anEvent({ type: 'instance.completed' })],
          }),
        ),
      );

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect(await store.getInstance('i-1')).to.deep.equal(winner);
      expect(await store.getJob('new-job')).to.be.undefined;
      expect(await store.getJob('old-job')).not.to.be.undefined;
      expect(await store.getUserTask('new-task')).to.be.undefined;
      expect(await store.getUserTask('old-task')).not.to.be.undefined;
      expect(await store.history('i-1')).to.deep.equal([]);
    });

    it('should refuse a commit that skips a rev', async () => {
      // given
      const first = anInstance();
      await start(first);

      // when
      const error = await rejectionOf(store.commit(nextRev(nextRev(first)), effects()));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((await store.getInstance('i-1'))?.rev).to.equal(1);
    });

    it('should refuse a commit above rev 1 for an instance that does not exist', async () => {
      // when
      const error = await rejectionOf(store.commit(anInstance({ rev: 2 }), effects({ events: [anEvent()] })));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect(await store.getInstance('i-1')).to.be.undefined;
      expect(await store.history('i-1')).to.deep.equal([]);
    });

    it('should accept only one of two commits made from the same base rev', async () => {
      // given
      const base = anInstance();
      await start(base);

      // when
      const results = await Promise.allSettled([
        store.commit(nextRev(base, { sequence: 10 }), effects()),
        store.commit(nextRev(base, { sequence: 20 }), effects()),
      ]);

      // then
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).to.have.length(1);
      expect((rejected[0] as PromiseRejectedResult).reason).to.be.instanceOf(ConflictError);
      expect((await store.getInstance('i-1'))?.rev).to.equal(2);
    });

    it('should write the jobs, user tasks and history events of a commit with its state', async () => {
      // given
      const job = aJob();
      const task = aUserTask({ candidateGroups: ['sales'], assignee: 'ann' });
      const events = [anEvent({ type: 'instance.started' }), anEvent({ type: 'element.activated', elementId: 'charge' })];

      // when
      await start(anInstance(), { createJobs: [job], createUserTasks: [task], events });

      // then
      expect(await store.getJob(job.key)).to.deep.equal(job);
      expect(await store.getUserTask(task.id)).to.deep.equal(task);
      expect(await store.history('i-1')).to.deep.equal(events);
    });

    it('should delete the jobs and user tasks that a commit names', async () => {
      // given
      const first = anInstance();
      await start(first, {
        createJobs: [aJob({ key: 'j-keep' }), aJob({ key: 'j-drop' })],
        createUserTasks: [aUserTask({ id: 'u-keep' }), aUserTask({ id: 'u-drop' })],
      });

      // when
      await store.commit(nextRev(first), effects({ deleteJobs: ['j-drop'], deleteUserTasks: ['u-drop'] }));

      // then
      expect(await store.getJob('j-drop')).to.be.undefined;
      expect(await store.getJob('j-keep')).not.to.be.undefined;
      expect(await store.getUserTask('u-drop')).to.be.undefined;
      expect(await store.getUserTask('u-keep')).not.to.be.undefined;
    });

    it('should ignore deletions of jobs and user tasks that do not exist', async () => {
      // when
      await start(anInstance(), { deleteJobs: ['nothing'], deleteUserTasks: ['nothing'] });

      // then
      expect(await store.getInstance('i-1')).not.to.be.undefined;
    });

    it('should append history events in commit order, per instance', async () => {
      // given
      const a = anInstance({ id: 'a' });
      const b = anInstance({ id: 'b' });
      await start(a, { events: [anEvent({ instanceId: 'a', type: 'instance.started' })] });
      await start(b, { events: [anEvent({ instanceId: 'b', type: 'instance.started' })] });

      // when
      await store.commit(
        nextRev(a),
        effects({
          events: [anEvent({ instanceId: 'a', type: 'element.completed', elementId: 'charge' }), anEvent({ instanceId: 'a', type: 'instance.completed' })],
        }),
      );

      // then
      expect((await store.history('a')).map((e) => e.type)).to.deep.equal(['instance.started', 'element.completed', 'instance.completed']);
      expect((await store.history('b')).map((e) => e.type)).to.deep.equal(['instance.started']);
      expect(await store.history('unknown')).to.deep.equal([]);
    });
  });
}
