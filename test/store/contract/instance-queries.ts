import { expect } from 'chai';
import type { Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, anInstance, nextRev, effects, ids } from './factories.js';

export function instanceQueriesContract(ctx: ContractContext): void {
  describe('instance queries', () => {
    let store: Store;
    /** Commits a new instance with its jobs, tasks and events. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));

    beforeEach(async () => {
      store = ctx.store;
      // inserted out of id order on purpose
      await start(anInstance({ id: 'c', processId: 'order', status: 'active', businessKey: 'B-1' }));
      await start(anInstance({ id: 'a', processId: 'order', status: 'completed', endedAt: NOW + 1 }));
      await start(anInstance({ id: 'd', processId: 'invoice', status: 'active', businessKey: 'B-1' }));
      await start(anInstance({ id: 'b', processId: 'order', definitionKey: 'order:2', version: 2, status: 'active' }));
    });

    it('should return all instances ordered by id when no filter is given', async () => {
      expect(ids(await store.queryInstances({}))).to.deep.equal(['a', 'b', 'c', 'd']);
    });

    it('should return instances newest first (descending id), the cursor continuing downwards, with filters', async () => {
      expect(ids(await store.queryInstances({ newestFirst: true }))).to.deep.equal(['d', 'c', 'b', 'a']);
      expect(ids(await store.queryInstances({ newestFirst: true, limit: 2 }))).to.deep.equal(['d', 'c']);
      expect(ids(await store.queryInstances({ newestFirst: true, after: 'c' }))).to.deep.equal(['b', 'a']);
      expect(ids(await store.queryInstances({ newestFirst: true, processId: 'order', after: 'c' }))).to.deep.equal(['b', 'a']);
    });

    it('should filter instances by process id', async () => {
      expect(ids(await store.queryInstances({ processId: 'order' }))).to.deep.equal(['a', 'b', 'c']);
    });

    it('should filter instances by definition key', async () => {
      expect(ids(await store.queryInstances({ definitionKey: 'order:2' }))).to.deep.equal(['b']);
    });

    it('should filter instances by status', async () => {
      expect(ids(await store.queryInstances({ status: 'active' }))).to.deep.equal(['b', 'c', 'd']);
      expect(ids(await store.queryInstances({ status: 'cancelled' }))).to.deep.equal([]);
    });

    it('should filter instances by business key', async () => {
      expect(ids(await store.queryInstances({ businessKey: 'B-1' }))).to.deep.equal(['c', 'd']);
    });

    it('should filter instances by parent instance id', async () => {
      // given: two children of c (one of them a grandparent of a third) and one of d
      const child = (id: string, parentId: string, processId = 'payment') =>
        anInstance({ id, processId, parent: { instanceId: parentId, tokenId: 't1', elementId: 'pay', depth: 1 } });
      await start(child('c-2', 'c'));
      await start(child('c-1', 'c', 'shipping'));
      await start(child('d-1', 'd'));
      await start(child('c-1-1', 'c-1'));

      // then
      expect(ids(await store.queryInstances({ parentInstanceId: 'c' }))).to.deep.equal(['c-1', 'c-2']);
      expect(ids(await store.queryInstances({ parentInstanceId: 'c-1' }))).to.deep.equal(['c-1-1']);
      expect(ids(await store.queryInstances({ parentInstanceId: 'c', processId: 'payment' }))).to.deep.equal(['c-2']);
      expect(ids(await store.queryInstances({ parentInstanceId: 'a' }))).to.deep.equal([]);
      expect(ids(await store.queryInstances({ processId: 'order' }))).to.deep.equal(['a', 'b', 'c']);
    });

    it('should combine filters', async () => {
      expect(ids(await store.queryInstances({ processId: 'order', status: 'active', businessKey: 'B-1' }))).to.deep.equal(['c']);
    });

    describe('by open incidents', () => {
      const anIncident = (id: string) => ({
        id,
        tokenId: 't1',
        elementId: 'charge',
        kind: 'job' as const,
        message: 'card declined',
        phase: 'execute' as const,
        createdAt: NOW,
      });

      beforeEach(async () => {
        // given: b and d have an incident, c has two
        for (const [id, count] of [
          ['b', 1],
          ['c', 2],
          ['d', 1],
        ] as const) {
          const state = (await store.getInstance(id))!;
          const incidents = Array.from({ length: count }, (_, n) => anIncident(`${id}-${n + 1}`));
          await store.commit(nextRev(state, { incidents }), effects());
        }
      });

      it('should find the instances with an open incident, and those without', async () => {
        expect(ids(await store.queryInstances({ hasIncidents: true }))).to.deep.equal(['b', 'c', 'd']);
        expect(ids(await store.queryInstances({ hasIncidents: false }))).to.deep.equal(['a']);
      });

      it('should combine the incident filter with the others and with the after cursor', async () => {
        expect(ids(await store.queryInstances({ hasIncidents: true, processId: 'order' }))).to.deep.equal(['b', 'c']);
        expect(ids(await store.queryInstances({ hasIncidents: true, after: 'b', limit: 1 }))).to.deep.equal(['c']);
      });

      it('should no longer find an instance once its last incident is resolved', async () => {
        // when
        const c = (await store.getInstance('c'))!;
        await store.commit(nextRev(c, { incidents: c.incidents.slice(1) }), effects());
        const afterOne = ids(await store.queryInstances({ hasIncidents: true }));
        const again = (await store.getInstance('c'))!;
        await store.commit(nextRev(again, { incidents: [] }), effects());

        // then
        expect(afterOne).to.deep.equal(['b', 'c', 'd']);
        expect(ids(await store.queryInstances({ hasIncidents: true }))).to.deep.equal(['b', 'd']);
      });
    });

    it('should see the status an instance was last committed with', async () => {
      // given
      const c = (await store.getInstance('c'))!;
      await store.commit(nextRev(c, { status: 'completed', endedAt: NOW + 9 }), effects());

      // then
      expect(ids(await store.queryInstances({ status: 'completed' }))).to.deep.equal(['a', 'c']);
    });

    it('should page through instances with limit and the after cursor', async () => {
      // when
      const first = await store.queryInstances({ limit: 2 });
      const second = await store.queryInstances({ limit: 2, after: first[first.length - 1]!.id });
      const third = await store.queryInstances({ limit: 2, after: second[second.length - 1]!.id });

      // then
      expect(ids(first)).to.deep.equal(['a', 'b']);
      expect(ids(second)).to.deep.equal(['c', 'd']);
      expect(third).to.deep.equal([]);
    });

    it('should apply the after cursor together with filters', async () => {
      expect(ids(await store.queryInstances({ status: 'active', after: 'b' }))).to.deep.equal(['c', 'd']);
    });

    it('should return whole instance states', async () => {
      const [d] = await store.queryInstances({ processId: 'invoice' });
      expect(d).to.deep.equal(anInstance({ id: 'd', processId: 'invoice', status: 'active', businessKey: 'B-1' }));
    });
  });

  describe('instance query page size', () => {
    let store: Store;
    /** Commits a new instance with its jobs, tasks and events. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));

    beforeEach(() => {
      store = ctx.store;
    });

    /** Starts `count` instances concurrently, as many engine steps would. */
    async function startMany(count: number): Promise<void> {
      await Promise.all(Array.from({ length: count }, (_, n) => start(anInstance({ id: `i-${String(n).padStart(4, '0')}` }))));
    }

    it('should return 100 instances when no limit is given', async () => {
      // given
      await startMany(101);

      // then
      expect(await store.queryInstances({})).to.have.length(100);
      expect(await store.queryInstances({ limit: 0 })).to.have.length(100);
    });

    it('should cap the page size at 1000', async () => {
      // given
      await startMany(1001);

      // when
      const page = await store.queryInstances({ limit: 5000 });

      // then
      expect(page).to.have.length(1000);
      expect(page[999]!.id).to.equal('i-0999');
    });
  });
}
