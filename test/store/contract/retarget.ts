import { expect } from 'chai';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, aJob, aSubscription, aUserTask, anInstance, effects, nextRev } from './factories.js';

/** A migration's commit moves the instance's jobs, user tasks and subscriptions to the new version's elements. */
export function retargetContract(ctx: ContractContext): void {
  describe('retargeting records with a commit (migration)', () => {
    let store: Store;

    beforeEach(async () => {
      store = ctx.store;
      // given: a leased job, an assigned user task and a message subscription of version 1
      await store.commit(
        anInstance(),
        effects({ createJobs: [aJob()], createUserTasks: [aUserTask({ assignee: 'ann' })], createSubscriptions: [aSubscription()] }),
      );
      await store.acquireJobs({ types: ['charge-card'], owner: 'worker-a', lockMs: 1000, now: NOW, max: 1 });
    });

    it('should change definition key and element of each record and keep its lease, assignee and the rest', async () => {
      // when
      const state = (await store.getInstance('i-1'))!;
      await store.commit(
        nextRev(state, { definitionKey: 'order:2', version: 2 }),
        effects({
          retarget: [
            { kind: 'job', key: 'i-1:j1', definitionKey: 'order:2', elementId: 'charge-v2' },
            { kind: 'userTask', key: 'i-1:u1', definitionKey: 'order:2', elementId: 'approve-v2' },
            { kind: 'subscription', key: 'i-1:s1', definitionKey: 'order:2', elementId: 'wait-v2' },
          ],
        }),
      );

      // then
      expect(await store.getJob('i-1:j1')).to.deep.equal({
        ...aJob({ definitionKey: 'order:2', elementId: 'charge-v2' }),
        lockOwner: 'worker-a',
        lockExpiresAt: NOW + 1000,
      });
      expect(await store.getUserTask('i-1:u1')).to.deep.equal(aUserTask({ assignee: 'ann', definitionKey: 'order:2', elementId: 'approve-v2' }));
      const [subscription] = await store.findSubscriptions({ kind: 'message', name: 'payment', correlationKey: 'order-1' });
      expect(subscription).to.deep.equal(aSubscription({ definitionKey: 'order:2', elementId: 'wait-v2' }));
    });

    it('should change nothing when the commit is refused for its rev', async () => {
      // when
      const stale = anInstance({ rev: 5 });
      const refused = await store.commit(stale, effects({ retarget: [{ kind: 'job', key: 'i-1:j1', definitionKey: 'order:2', elementId: 'charge-v2' }] })).then(
        () => false,
        () => true,
      );

      // then
      expect(refused).to.equal(true);
      expect(await store.getJob('i-1:j1')).to.include({ definitionKey: 'order:1', elementId: 'charge' });
    });
  });
}
