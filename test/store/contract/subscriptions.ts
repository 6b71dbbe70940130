import { expect } from 'chai';
import { ConflictError } from '../../../engine/errors.js';
import type { Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import {
  type ContractContext,
  NOW,
  aJob,
  aStartSubscription,
  aSignalSubscription,
  aStartTimer,
  aSubscription,
  anEvent,
  anInstance,
  effects,
  keys,
  nextRev,
  rejectionOf,
} from './factories.js';

export function subscriptionsContract(ctx: ContractContext): void {
  describe('subscriptions', () => {
    let store: Store;
    /** Commits a new instance with its effects. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));
    const payments = (query: { correlationKey?: string; startEvents?: boolean } = {}) =>
      store.findSubscriptions({ kind: 'message', name: 'payment', ...query });

    beforeEach(() => {
      store = ctx.store;
    });

    describe('written by commit', () => {
      it('should write the subscriptions of a commit with its state', async () => {
        // given
        const message = aSubscription();
        const signal = aSignalSubscription();

        // when
        await start(anInstance(), { createSubscriptions: [message, signal] });

        // then
        expect(await payments()).to.deep.equal([message]);
        expect(await store.findSubscriptions({ kind: 'signal', name: 'stop' })).to.deep.equal([signal]);
      });

      it('should delete the subscriptions that a commit names', async () => {
        // given
        const first = anInstance();
        await start(first, { createSubscriptions: [aSubscription({ key: 's-keep' }), aSubscription({ key: 's-drop' })] });

        // when
        await store.commit(nextRev(first), effects({ deleteSubscriptions: ['s-drop'] }));

        // then
        expect(keys(await payments())).to.deep.equal(['s-keep']);
      });

      it('should apply the deletions of a commit before its creations', async () => {
        // given: a step that leaves a wait and enters one with the same key
        const first = anInstance();
        await start(first, { createSubscriptions: [aSubscription({ key: 's1', elementId: 'first-wait' })] });
        const again = aSubscription({ key: 's1', elementId: 'second-wait', createdAt: NOW + 1 });

        // when
        await store.commit(nextRev(first), effects({ deleteSubscriptions: ['s1'], createSubscriptions: [again] }));

        // then
        expect(await payments()).to.deep.equal([again]);
      });

      it('should ignore deletions of subscriptions that do not exist', async () => {
        // when
        await start(anInstance(), { deleteSubscriptions: ['nothing'], createSubscriptions: [aSubscription()] });

        // then
        expect(await store.getInstance('i-1')).not.to.be.undefined;
        expect(await payments()).to.deep.equal([aSubscription()]);
      });

      it('should NOT write or delete the subscriptions of a commit whose base rev is stale', async () => {
        // given: two steps were loaded at rev 1, the first one has committed rev 2
        const base = anInstance();
        await start(base, { createSubscriptions: [aSubscription({ key: 's-old' })] });
        await store.commit(nextRev(base), effects());

        // when
        const error = await rejectionOf(
          store.commit(
            nextRev(base),
            effects({
              deleteSubscriptions: ['s-old'],
              createSubscriptions: [aSubscription({ key: 's-new' }), aSignalSubscription()],
              events: [anEvent()],
            }),
          ),
        );

        // then
        expect(error).to.be.instanceOf(ConflictError);
        expect(keys(await payments())).to.deep.equal(['s-old']);
        expect(await store.findSubscriptions({ kind: 'signal', name: 'stop' })).to.deep.equal([]);
      });

      it('should NOT write the subscriptions of a rev 1 commit for an instance that exists', async () => {
        // given
        await start(anInstance());

        // when
        const error = await rejectionOf(start(anInstance(), { createSubscriptions: [aSubscription()] }));

        // then
        expect(error).to.be.instanceOf(ConflictError);
        expect(await payments()).to.deep.equal([]);
      });
    });

    describe('findSubscriptions', () => {
      it('should find nothing when no subscription has the name', async () => {
        // given
        await start(anInstance(), { createSubscriptions: [aSubscription({ name: 'refund' })] });

        // then
        expect(await payments()).to.deep.equal([]);
        expect(await payments({ correlationKey: 'order-1' })).to.deep.equal([]);
      });

      it('should find subscriptions by kind and name', async () => {
        // given: a message and a signal with the same name, and another message
        await start(anInstance(), {
          createSubscriptions: [
            aSubscription({ key: 'message' }),
            aSignalSubscription({ key: 'signal', name: 'payment' }),
            aSubscription({ key: 'other', name: 'refund' }),
          ],
        });

        // then
        expect(keys(await payments())).to.deep.equal(['message']);
        expect(keys(await store.findSubscriptions({ kind: 'signal', name: 'payment' }))).to.deep.equal(['signal']);
      });

      it('should find instance subscriptions with exactly the correlation key, and start-event subscriptions whatever the key', async () => {
        // given
        await store.replaceStartTriggers('order', { subscriptions: [aStartSubscription({ key: 'start' })], jobs: [] });
        await start(anInstance(), {
          createSubscriptions: [
            aSubscription({ key: 'order-1', correlationKey: 'order-1' }),
            aSubscription({ key: 'order-2', correlationKey: 'order-2' }),
            aSubscription({ key: 'prefix', correlationKey: 'order-10' }),
          ],
        });

        // then
        expect(keys(await payments({ correlationKey: 'order-1' }))).to.deep.equal(['order-1', 'start']);
        expect(keys(await payments({ correlationKey: 'order-3' }))).to.deep.equal(['start']);
      });

      it('should find every subscription of the name when no correlation key is given', async () => {
        // given
        await store.replaceStartTriggers('order', { subscriptions: [aStartSubscription({ key: 'start' })], jobs: [] });
        await start(anInstance(), {
          createSubscriptions: [aSubscription({ key: 'order-1', correlationKey: 'order-1' }), aSubscription({ key: 'order-2', correlationKey: 'order-2' })],
        });

        // then
        expect(keys(await payments())).to.deep.equal(['order-1', 'order-2', 'start']);
      });

      it('should find only start-event subscriptions, or only instance ones, when asked', async () => {
        // given
        await store.replaceStartTriggers('order', { subscriptions: [aStartSubscription({ key: 'start' })], jobs: [] });
        await start(anInstance(), {
          createSubscriptions: [aSubscription({ key: 'order-1', correlationKey: 'order-1' }), aSubscription({ key: 'order-2', correlationKey: 'order-2' })],
        });

        // then
        expect(keys(await payments({ startEvents: true }))).to.deep.equal(['start']);
        expect(keys(await payments({ startEvents: true, correlationKey: 'order-1' }))).to.deep.equal(['start']);
        expect(keys(await payments({ startEvents: false }))).to.deep.equal(['order-1', 'order-2']);
        expect(keys(await payments({ startEvents: false, correlationKey: 'order-2' }))).to.deep.equal(['order-2']);
      });

      it('should return subscriptions oldest first, then by key', async () => {
        // given
        await store.replaceStartTriggers('order', { subscriptions: [aStartSubscription({ key: 'start', createdAt: NOW + 2 })], jobs: [] });
        await start(anInstance(), {
          createSubscriptions: [
            aSubscription({ key: 'c', createdAt: NOW + 1 }),
            aSubscription({ key: 'b', createdAt: NOW + 3 }),
            aSubscription({ key: 'a', createdAt: NOW + 1 }),
            aSubscription({ key: 'd', createdAt: NOW }),
          ],
        });

        // then
        expect(keys(await payments())).to.deep.equal(['d', 'a', 'c', 'start', 'b']);
        expect(keys(await payments({ correlationKey: 'order-1' }))).to.deep.equal(['d', 'a', 'c', 'start', 'b']);
      });
    });

    describe('replaceStartTriggers', () => {
      it('should write the start-event subscriptions and start-timer jobs of a process', async () => {
        // given
        const message = aStartSubscription({ key: 'message-start' });
        const signal = aStartSubscription({ key: 'signal-start', kind: 'signal', name: 'go' });
        const timer = aStartTimer();

        // when
        await store.replaceStartTriggers('order', { subscriptions: [message, signal], jobs: [timer] });

        // then
        expect(await payments({ startEvents: true })).to.deep.equal([message]);
        expect(await store.findSubscriptions({ kind: 'signal', name: 'go', startEvents: true })).to.deep.equal([signal]);
        expect(await store.getJob(timer.key)).to.deep.equal(timer);
        expect(keys(await store.acquireJobs({ types: ['baton:timer'], owner: 'w', lockMs: 1000, now: NOW, max: 10 }))).to.deep.equal([timer.key]);
      });

      it('should replace the start triggers of the previous version of the process', async () => {
        // given
        await store.replaceStartTriggers('order', {
          subscriptions: [aStartSubscription({ key: 'order:1:start', definitionKey: 'order:1' })],
          jobs: [aStartTimer({ key: 'order:1:timer', definitionKey: 'order:1' })],
        });
        const subscription = aStartSubscription({ key: 'order:2:start', definitionKey: 'order:2', name: 'order-placed' });
        const timer = aStartTimer({ key: 'order:2:timer', definitionKey: 'order:2' });

        // when
        await store.replaceStartTriggers('order', { subscriptions: [subscription], jobs: [timer] });

        // then
        expect(await payments()).to.deep.equal([]);
        expect(await store.findSubscriptions({ kind: 'message', name: 'order-placed' })).to.deep.equal([subscription]);
        expect(await store.getJob('order:1:timer')).to.be.undefined;
        expect(await store.getJob('order:2:timer')).to.deep.equal(timer);
      });

      it('should replace a start-timer job even while a worker holds it', async () => {
        // given
        await store.replaceStartTriggers('order', { subscriptions: [], jobs: [aStartTimer({ key: 'old' })] });
        await store.acquireJobs({ types: ['baton:timer'], owner: 'w', lockMs: 60_000, now: NOW, max: 1 });

        // when
        await store.replaceStartTriggers('order', { subscriptions: [], jobs: [aStartTimer({ key: 'new' })] });

        // then
        expect(await store.getJob('old')).to.be.undefined;
        expect(await store.getJob('new')).to.deep.equal(aStartTimer({ key: 'new' }));
      });

      it('should remove every start trigger of the process when given none', async () => {
        // given
        await store.replaceStartTriggers('order', { subscriptions: [aStartSubscription()], jobs: [aStartTimer()] });

        // when
        await store.replaceStartTriggers('order', { subscriptions: [], jobs: [] });

        // then
        expect(await payments()).to.deep.equal([]);
        expect(await store.getJob(aStartTimer().key)).to.be.undefined;
      });

      it("should leave other processes' start triggers and all instance subscriptions and jobs alone", async () => {
        // given: start triggers of another process, and an instance of this process waiting for a message and a job
        const otherSubscription = aStartSubscription({ key: 'invoice:1:start', processId: 'invoice', definitionKey: 'invoice:1' });
        const otherTimer = aStartTimer({ key: 'invoice:1:timer', processId: 'invoice', definitionKey: 'invoice:1' });
        await store.replaceStartTriggers('invoice', { subscriptions: [otherSubscription], jobs: [otherTimer] });
        const instanceSubscription = aSubscription();
        const instanceJob = aJob();
        const instanceTimer = aJob({ key: 'i-1:timer', type: 'baton:timer', payload: { at: NOW } });
        await start(anInstance(), { createSubscriptions: [instanceSubscription], createJobs: [instanceJob, instanceTimer] });
        await store.replaceStartTriggers('order', { subscriptions: [aStartSubscription()], jobs: [aStartTimer()] });

        // when
        await store.replaceStartTriggers('order', { subscriptions: [], jobs: [] });

        // then
        expect(await payments()).to.deep.equal([instanceSubscription, otherSubscription]);
        expect(await store.getJob(otherTimer.key)).to.deep.equal(otherTimer);
        expect(await store.getJob(instanceJob.key)).to.deep.equal(instanceJob);
        expect(await store.getJob(instanceTimer.key)).to.deep.equal(instanceTimer);
      });
    });
  });
}
