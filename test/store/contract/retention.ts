import { expect } from 'chai';
import type { InstanceState } from '../../../engine/runtime/state.js';
import { parseFilter } from '../../../engine/search/filter.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, aJob, aSubscription, aUserTask, anEvent, anInstance, effects, ids } from './factories.js';

const DAY = 24 * 3600 * 1000;

/** Retention: `purgeEndedInstances` deletes a batch of ended instances with everything stored for them. */
export function retentionContract(ctx: ContractContext): void {
  describe('purging ended instances', () => {
    let store: Store;

    beforeEach(() => {
      store = ctx.store;
    });

    /** An instance with one of each record stored for it; ended at `endedAt` unless that is undefined. */
    async function instanceWithRecords(id: string, endedAt: number | undefined, overrides: Partial<InstanceState> = {}): Promise<void> {
      const ended: Partial<InstanceState> = endedAt === undefined ? {} : { status: 'completed', endedAt };
      await store.commit(
        anInstance({ id, searchAttributes: { orderId: id }, ...ended, ...overrides }),
        effects({
          createJobs: [aJob({ key: `${id}:j`, instanceId: id })],
          createUserTasks: [aUserTask({ id: `${id}:u`, instanceId: id, candidateGroups: ['sales'] })],
          createSubscriptions: [aSubscription({ key: `${id}:s`, instanceId: id })],
          events: [anEvent({ instanceId: id })],
        }),
      );
    }

    async function recordsOf(id: string): Promise<Record<string, boolean>> {
      return {
        instance: (await store.getInstance(id)) !== undefined,
        history: (await store.history(id)).length > 0,
        job: (await store.getJob(`${id}:j`)) !== undefined,
        userTask: (await store.getUserTask(`${id}:u`)) !== undefined,
        subscription: (await store.findSubscriptions({ kind: 'message', name: 'payment' })).some((s) => s.instanceId === id),
        searchable: ids(await store.queryInstances({ where: parseFilter({ orderId: { eq: id } }) })).includes(id),
        offered: (await store.pageUserTasks({ offeredTo: { name: 'x', groups: ['sales'] } })).items.some((t) => t.instanceId === id),
      };
    }
    const everything = { instance: true, history: true, job: true, userTask: true, subscription: true, searchable: true, offered: true };
    const nothing = { instance: false, history: false, job: false, userTask: false, subscription: false, searchable: false, offered: false };

    it('should delete instances that ended before the time with everything stored for them, and nothing else', async () => {
      // given
      await instanceWithRecords('old-completed', NOW);
      await instanceWithRecords('old-cancelled', NOW + 1, { status: 'cancelled' });
      await instanceWithRecords('old-terminated', NOW + 2, { status: 'terminated' });
      await instanceWithRecords('recent', NOW + 10 * DAY);
      await instanceWithRecords('running', undefined, { startedAt: NOW - 100 * DAY });

      // when
      const deleted = await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 500 });

      // then
      expect(deleted).to.deep.equal(['old-completed', 'old-cancelled', 'old-terminated']);
      for (const id of deleted) expect(await recordsOf(id), id).to.deep.equal(nothing);
      expect(await recordsOf('recent')).to.deep.equal(everything);
      expect(await recordsOf('running')).to.deep.equal(everything);
    });

    it('should never delete a running instance, whatever its times say', async () => {
      // given: a running instance with an end time (none the runtime writes, but the store must not rely on that)
      await instanceWithRecords('running', undefined, { endedAt: NOW });

      // when
      const deleted = await store.purgeEndedInstances({ endedBefore: NOW + 100 * DAY, limit: 500 });

      // then
      expect(deleted).to.deep.equal([]);
      expect(await recordsOf('running')).to.deep.equal(everything);
    });

    it('should delete at most the batch size, earliest ended first, so that further calls go on', async () => {
      // given
      for (const [n, id] of ['e', 'b', 'd', 'a', 'c'].entries()) await instanceWithRecords(id, NOW + n);

      // when
      const first = await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 2 });
      const second = await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 2 });
      const third = await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 2 });
      const fourth = await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 2 });

      // then
      expect([first, second, third, fourth]).to.deep.equal([['e', 'b'], ['d', 'a'], ['c'], []]);
    });

    it("should follow a definition's own rule instead of the general one, null keeping its instances", async () => {
      // given
      await instanceWithRecords('order-old', NOW, { definitionKey: 'order:1' });
      await instanceWithRecords('short-recent', NOW + 5 * DAY, { definitionKey: 'short:1', processId: 'short' });
      await instanceWithRecords('short-v2-recent', NOW + 5 * DAY, { definitionKey: 'short:2', processId: 'short' });
      await instanceWithRecords('keep-old', NOW, { definitionKey: 'keep:1', processId: 'keep' });

      // when
      const deleted = await store.purgeEndedInstances({
        endedBefore: NOW + DAY,
        byDefinition: { 'short:1': NOW + 6 * DAY, 'keep:1': null },
        limit: 500,
      });

      // then
      expect(deleted.sort()).to.deep.equal(['order-old', 'short-recent']);
      expect((await recordsOf('short-v2-recent')).instance).to.equal(true);
      expect((await recordsOf('keep-old')).instance).to.equal(true);
    });

    it('should keep instances without a rule when no general time is given', async () => {
      // given
      await instanceWithRecords('order-old', NOW);
      await instanceWithRecords('short-old', NOW, { definitionKey: 'short:1', processId: 'short' });

      // when
      const deleted = await store.purgeEndedInstances({ byDefinition: { 'short:1': NOW + DAY }, limit: 500 });
      const none = await store.purgeEndedInstances({ limit: 500 });

      // then
      expect(deleted).to.deep.equal(['short-old']);
      expect(none).to.deep.equal([]);
      expect((await recordsOf('order-old')).instance).to.equal(true);
    });

    it('should delete nothing for a batch size that is not positive', async () => {
      // given
      await instanceWithRecords('old', NOW);

      // when
      const deleted = [
        await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 0 }),
        await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: -1 }),
        await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: Number.NaN }),
      ];

      // then
      expect(deleted).to.deep.equal([[], [], []]);
      expect(await recordsOf('old')).to.deep.equal(everything);
    });

    it('should not take a rule from the prototype of the rules object', async () => {
      // given: an instance whose definition key is a name every object has
      await instanceWithRecords('odd', NOW, { definitionKey: 'constructor' });

      // when
      const deleted = await store.purgeEndedInstances({ endedBefore: NOW + DAY, byDefinition: {}, limit: 500 });

      // then
      expect(deleted).to.deep.equal(['odd']);
    });
  });
}
