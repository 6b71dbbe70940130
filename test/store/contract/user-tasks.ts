import { expect } from 'chai';
import type { UserTaskRecord, Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, anInstance, aUserTask, ids, sortedIds, effects } from './factories.js';

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
        expect(task).to.deep.equal(
          aUserTask({ id: 't3', instanceId: 'i-2', processId: 'invoice', assignee: 'bob', candidateGroups: ['finance'] }),
        );
      });
    });
  });
}
