import { expect } from 'chai';
import { ConflictError, NotFoundError } from '../../../engine/errors.js';
import type { UserTaskRecord, Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, anInstance, aUserTask, ids, nextRev, sortedIds, effects, rejectionOf } from './factories.js';

export function userTasksContract(ctx: ContractContext): void {
  describe('user tasks', () => {
    let store: Store;
    /** Commits a new instance with its jobs, tasks and events. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));

    beforeEach(() => {
      store = ctx.store;
    });

    async function withTasks(...tasks: UserTaskRecord[]): Promise<void> {
      await start(anInstance({ id: 'host' }), { createUserTasks: tasks });
    }

    it('should return a stored user task by id, and undefined for an unknown id', async () => {
      // given
      const task = aUserTask({ assignee: 'ann', candidateGroups: ['sales'], candidateUsers: ['bob'], formKey: 'f' });
      await withTasks(task);

      // then
      expect(await store.getUserTask(task.id)).to.deep.equal(task);
      expect(await store.getUserTask('unknown')).to.be.undefined;
    });

    describe('queries', () => {
      beforeEach(async () => {
        await withTasks(
          aUserTask({ id: 't1', instanceId: 'i-1', processId: 'order', assignee: 'ann', candidateGroups: ['sales', 'ops'] }),
          aUserTask({ id: 't2', instanceId: 'i-1', processId: 'order', candidateGroups: ['ops'] }),
          aUserTask({ id: 't3', instanceId: 'i-2', processId: 'invoice', assignee: 'bob', candidateGroups: ['finance'] }),
          aUserTask({ id: 't4', instanceId: 'i-3', processId: 'order', assignee: 'ann' }),
        );
      });

      it('should return every task when no filter is given', async () => {
        expect(sortedIds(await store.queryUserTasks({}))).to.deep.equal(['t1', 't2', 't3', 't4']);
      });

      it('should filter tasks by instance id', async () => {
        expect(sortedIds(await store.queryUserTasks({ instanceId: 'i-1' }))).to.deep.equal(['t1', 't2']);
      });

      it('should filter tasks by process id', async () => {
        expect(sortedIds(await store.queryUserTasks({ processId: 'order' }))).to.deep.equal(['t1', 't2', 't4']);
      });

      it('should filter tasks by assignee', async () => {
        expect(sortedIds(await store.queryUserTasks({ assignee: 'ann' }))).to.deep.equal(['t1', 't4']);
      });

      it('should filter tasks nobody holds, and tasks offered to any of some groups, listed and paged alike', async () => {
        expect(sortedIds(await store.queryUserTasks({ unassigned: true }))).to.deep.equal(['t2']);
        expect(sortedIds(await store.queryUserTasks({ candidateGroups: ['ops', 'finance'] }))).to.deep.equal(['t1', 't2', 't3']);
        expect(ids((await store.pageUserTasks({ unassigned: true })).items)).to.deep.equal(['t2']);
        expect(ids((await store.pageUserTasks({ candidateGroups: ['finance', 'sales'] })).items)).to.deep.equal(['t1', 't3']);
        expect(ids((await store.pageUserTasks({ candidateGroups: ['ops'], unassigned: true })).items)).to.deep.equal(['t2']);
        expect(ids((await store.pageUserTasks({ candidateGroups: [] })).items)).to.deep.equal([]);
      });

      it('should page tasks in creation order, the cursor leading to the next page', async () => {
        // when
        const first = await store.pageUserTasks({ limit: 3 });
        const second = await store.pageUserTasks({ limit: 3, after: first.next });

        // then
        expect(ids(first.items)).to.deep.equal(['t1', 't2', 't3']);
        expect(first.next).to.be.a('string');
        expect(ids(second.items)).to.deep.equal(['t4']);
        expect(second.next).to.equal(undefined);
      });

      it('should page only the tasks assigned or offered to a person or their groups, with the other filters', async () => {
        // given
        await start(anInstance({ id: 'host-2' }), {
          createUserTasks: [aUserTask({ id: 't5', instanceId: 'i-4', processId: 'order', candidateUsers: ['cid'] })],
        });

        // when
        const cid = await store.pageUserTasks({ offeredTo: { name: 'cid', groups: ['finance'] } });
        const ann = await store.pageUserTasks({ offeredTo: { name: 'ann', groups: [] }, processId: 'order', limit: 1 });
        const annNext = await store.pageUserTasks({ offeredTo: { name: 'ann', groups: [] }, processId: 'order', limit: 1, after: ann.next });
        const nobody = await store.pageUserTasks({ offeredTo: { name: '', groups: [] } });
        const ops = await store.pageUserTasks({ offeredTo: { name: 'dan', groups: ['ops'] }, candidateGroup: 'sales' });

        // then
        expect(ids(cid.items)).to.deep.equal(['t3', 't5']);
        expect(ids(ann.items)).to.deep.equal(['t1']);
        expect(ids(annNext.items)).to.deep.equal(['t4']);
        expect(nobody.items).to.deep.equal([]);
        expect(ids(ops.items)).to.deep.equal(['t1']);
      });

      it('should refuse a cursor that is not one', async () => {
        expect(((await rejectionOf(store.pageUserTasks({ after: 'x; DROP TABLE user_tasks' }))) as Error).message).to.match(/is not a user task cursor/);
      });

      it('should filter tasks by one of their candidate groups', async () => {
        expect(sortedIds(await store.queryUserTasks({ candidateGroup: 'ops' }))).to.deep.equal(['t1', 't2']);
        expect(sortedIds(await store.queryUserTasks({ candidateGroup: 'finance' }))).to.deep.equal(['t3']);
        expect(await store.queryUserTasks({ candidateGroup: 'nobody' })).to.deep.equal([]);
      });

      it('should combine filters', async () => {
        expect(ids(await store.queryUserTasks({ processId: 'order', assignee: 'ann', candidateGroup: 'sales' }))).to.deep.equal(['t1']);
        expect(ids(await store.queryUserTasks({ instanceId: 'i-1', assignee: 'bob' }))).to.deep.equal([]);
      });

      it('should return whole task records', async () => {
        const [task] = await store.queryUserTasks({ instanceId: 'i-2' });
        expect(task).to.deep.equal(aUserTask({ id: 't3', instanceId: 'i-2', processId: 'invoice', assignee: 'bob', candidateGroups: ['finance'] }));
      });
    });

    describe('assignment', () => {
      beforeEach(async () => {
        await withTasks(aUserTask({ id: 'free', candidateGroups: ['sales'] }), aUserTask({ id: 'held', assignee: 'bob' }));
      });

      it('should set the assignee, in the task and in queries by assignee', async () => {
        // when
        const assigned = await store.assignUserTask('free', 'ann');

        // then
        const expected = aUserTask({ id: 'free', candidateGroups: ['sales'], assignee: 'ann' });
        expect(assigned).to.deep.equal(expected);
        expect(await store.getUserTask('free')).to.deep.equal(expected);
        expect(ids(await store.queryUserTasks({ assignee: 'ann' }))).to.deep.equal(['free']);
      });

      it('should remove the assignee when given none, from the task and from queries by assignee', async () => {
        // when
        const unassigned = await store.assignUserTask('held', undefined);

        // then
        expect(unassigned).to.deep.equal(aUserTask({ id: 'held' }));
        expect(unassigned).not.to.have.property('assignee');
        expect(await store.getUserTask('held')).to.deep.equal(aUserTask({ id: 'held' }));
        expect(await store.queryUserTasks({ assignee: 'bob' })).to.deep.equal([]);
      });

      it('should assign only while the assignee is one of those expected, null standing for none', async () => {
        // when
        const claimed = await store.assignUserTask('free', 'ann', [null, 'ann']);
        const again = await store.assignUserTask('free', 'ann', [null, 'ann']);
        const released = await store.assignUserTask('held', undefined, ['bob']);

        // then
        expect(claimed.assignee).to.equal('ann');
        expect(again.assignee).to.equal('ann');
        expect(released).not.to.have.property('assignee');
      });

      it('should refuse with a ConflictError naming the assignee when the expected one does not hold, and change nothing', async () => {
        // when
        const taken = await rejectionOf(store.assignUserTask('held', 'ann', [null, 'ann']));
        const notFree = await rejectionOf(store.assignUserTask('held', 'ann', [null]));
        const unassigned = await rejectionOf(store.assignUserTask('free', undefined, ['ann']));

        // then
        expect(taken).to.be.instanceOf(ConflictError);
        expect((taken as ConflictError).details).to.deep.equal({ assignee: 'bob' });
        expect(notFree).to.be.instanceOf(ConflictError);
        expect(unassigned).to.be.instanceOf(ConflictError);
        expect((unassigned as ConflictError).details).to.deep.equal({ assignee: null });
        expect((await store.getUserTask('held'))!.assignee).to.equal('bob');
        expect(await store.getUserTask('free')).not.to.have.property('assignee');
      });

      it('should refuse an unknown or completed task with a NotFoundError', async () => {
        // given: the step that completes 'held' removes it
        const host = (await store.getInstance('host'))!;
        await store.commit(nextRev(host), effects({ deleteUserTasks: ['held'] }));

        // then
        expect(await rejectionOf(store.assignUserTask('held', 'ann'))).to.be.instanceOf(NotFoundError);
        expect(await rejectionOf(store.assignUserTask('unknown', 'ann', [null]))).to.be.instanceOf(NotFoundError);
      });

      it('should keep the assignee when later steps of the instance commit', async () => {
        // given
        await store.assignUserTask('free', 'ann');

        // when
        const host = (await store.getInstance('host'))!;
        await store.commit(nextRev(host), effects({ createUserTasks: [aUserTask({ id: 'other' })] }));

        // then
        expect((await store.getUserTask('free'))!.assignee).to.equal('ann');
        expect(ids(await store.queryUserTasks({ assignee: 'ann' }))).to.deep.equal(['free']);
      });
    });
  });
}
