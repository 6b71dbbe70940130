import { expect } from 'chai';
import type { Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import {
  type ContractContext,
  NOW,
  aDefinition,
  aMessage,
  anInstance,
  aJob,
  aStartSubscription,
  aStartTimer,
  aSubscription,
  aUserTask,
  anEvent,
  effects,
} from './factories.js';

export function copiesContract(ctx: ContractContext): void {
  describe('copies', () => {
    let store: Store;
    /** Commits a new instance with its jobs, tasks and events. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));

    beforeEach(() => {
      store = ctx.store;
    });

    it('should NOT change a stored definition when a returned one is mutated', async () => {
      // given
      await store.insertDefinition(aDefinition());
      const returned = (await store.getDefinition('order:1'))!;

      // when
      returned.model.elements.start!.name = 'changed';
      returned.hash = 'changed';
      (await store.listDefinitions())[0]!.model.startEventId = 'changed';

      // then
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition());
    });

    it('should NOT change a stored definition when the inserted object is mutated afterwards', async () => {
      // given
      const definition = aDefinition();
      await store.insertDefinition(definition);

      // when
      definition.model.startEventId = 'changed';

      // then
      expect((await store.getDefinition('order:1'))?.model.startEventId).to.equal('start');
    });

    it('should NOT change a stored instance when a returned or committed one is mutated', async () => {
      // given
      const state = anInstance();
      await start(state);
      const returned = (await store.getInstance('i-1'))!;
      const [queried] = await store.queryInstances({});

      // when
      state.scopes.root!.variables.total = 1;
      returned.scopes.root!.variables.total = 2;
      returned.tokens.t1!.status = 'incident';
      queried!.status = 'cancelled';

      // then
      expect(await store.getInstance('i-1')).to.deep.equal(anInstance());
    });

    it('should store what was passed to commit even if it is mutated before the commit resolves', async () => {
      // given
      const state = anInstance();
      const job = aJob();

      // when
      const committed = store.commit(state, effects({ createJobs: [job] }));
      state.status = 'cancelled';
      job.retries = 0;
      await committed;

      // then
      expect(await store.getInstance('i-1')).to.deep.equal(anInstance());
      expect(await store.getJob(job.key)).to.deep.equal(aJob());
    });

    it('should NOT change stored jobs, tasks or events when returned or committed ones are mutated', async () => {
      // given
      const job = aJob();
      const task = aUserTask({ candidateGroups: ['sales'] });
      const event = anEvent();
      await start(anInstance(), { createJobs: [job], createUserTasks: [task], events: [event] });

      // when
      job.variables.total = 0;
      task.candidateGroups.push('changed');
      event.elementId = 'changed';
      (await store.getJob(job.key))!.headers.channel = 'changed';
      (await store.acquireJobs({ types: ['charge-card'], owner: 'w', lockMs: 1, now: NOW, max: 1 }))[0]!.variables.total = 1;
      (await store.getUserTask(task.id))!.candidateGroups.push('changed');
      (await store.queryUserTasks({}))[0]!.name = 'changed';
      (await store.history('i-1'))[0]!.type = 'instance.cancelled';

      // then
      const storedJob = (await store.getJob(aJob().key))!;
      expect(storedJob.variables).to.deep.equal({ total: 42 });
      expect(storedJob.headers).to.deep.equal({ channel: 'web' });
      expect(await store.getUserTask(task.id)).to.deep.equal(aUserTask({ candidateGroups: ['sales'] }));
      expect(await store.history('i-1')).to.deep.equal([anEvent()]);
    });

    it('should NOT change stored subscriptions or start triggers when returned or passed ones are mutated', async () => {
      // given
      const subscription = aSubscription();
      const startSubscription = aStartSubscription();
      const timer = aStartTimer();
      const committed = store.commit(anInstance(), effects({ createSubscriptions: [subscription] }));
      subscription.correlationKey = 'changed';
      await committed;
      await store.replaceStartTriggers('order', { subscriptions: [startSubscription], jobs: [timer] });

      // when
      startSubscription.name = 'changed';
      timer.payload!.cycle = 'changed';
      (await store.findSubscriptions({ kind: 'message', name: 'payment' }))[0]!.elementId = 'changed';

      // then
      expect(await store.findSubscriptions({ kind: 'message', name: 'payment' })).to.deep.equal([aSubscription(), aStartSubscription()]);
      expect(await store.getJob(timer.key)).to.deep.equal(aStartTimer());
    });

    it('should NOT change a stored message when the inserted or a returned one is mutated', async () => {
      // given
      const message = aMessage();
      await store.insertMessage(message);

      // when
      message.variables.paid = 0;
      message.correlatedProcesses.push('changed');
      (await store.getMessage('m-1'))!.correlatedProcesses.push('changed');
      (await store.findMessages({ name: 'payment', correlationKey: 'order-1', now: NOW }))[0]!.variables.paid = 1;

      // then
      expect(await store.getMessage('m-1')).to.deep.equal(aMessage());
      expect(await store.claimMessage('m-1', 'changed')).to.equal(true);
    });
  });
}
