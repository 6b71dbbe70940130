import { expect } from 'chai';
import type { InstanceState } from '../../../engine/runtime/state.js';
import { parseFilter } from '../../../engine/search/filter.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, anInstance, nextRev, effects, ids } from './factories.js';

/** Search attributes (kept on the state by the runtime) and time ranges as instance filters. */
export function searchAttributesContract(ctx: ContractContext): void {
  describe('instance queries by search attributes and time', () => {
    let store: Store;
    const withAttributes = (id: string, searchAttributes: InstanceState['searchAttributes'], overrides: Partial<InstanceState> = {}) =>
      store.commit(anInstance({ id, searchAttributes, ...overrides }), effects());
    const find = async (where: unknown, more: Parameters<Store['queryInstances']>[0] = {}) =>
      ids(await store.queryInstances({ ...more, where: parseFilter(where) }));

    beforeEach(async () => {
      store = ctx.store;
      // given
      await withAttributes('a', { orderId: 'A-1', total: 5, 'customer.tier': 'gold', express: true });
      await withAttributes('b', { orderId: 'A-2', total: 50, 'customer.tier': 'silver', express: false });
      await withAttributes('c', { orderId: 'B-1', total: 500 });
      await withAttributes('d', { orderId: '10', total: 10.5, 'customer.tier': 'gold' });
      await withAttributes('e', undefined);
    });

    it('should compare numbers with eq, gt, gte, lt and lte', async () => {
      expect(await find({ total: { eq: 50 } })).to.deep.equal(['b']);
      expect(await find({ total: { gt: 10.5 } })).to.deep.equal(['b', 'c']);
      expect(await find({ total: { gte: 10.5 } })).to.deep.equal(['b', 'c', 'd']);
      expect(await find({ total: { lt: 50 } })).to.deep.equal(['a', 'd']);
      expect(await find({ total: { lte: 50 } })).to.deep.equal(['a', 'b', 'd']);
    });

    it('should compare texts with texts only and numbers with numbers only', async () => {
      expect(await find({ orderId: { eq: '10' } })).to.deep.equal(['d']);
      expect(await find({ orderId: { eq: 10 } })).to.deep.equal([]);
      expect(await find({ total: { eq: '50' } })).to.deep.equal([]);
      expect(await find({ orderId: { gte: 'A-2' } })).to.deep.equal(['b', 'c']);
    });

    it('should find texts by prefix', async () => {
      expect(await find({ orderId: { prefix: 'A-' } })).to.deep.equal(['a', 'b']);
      expect(await find({ orderId: { prefix: 'B-1' } })).to.deep.equal(['c']);
      expect(await find({ orderId: { prefix: 'a-' } })).to.deep.equal([]);
    });

    it('should treat % and _ in a prefix as plain characters', async () => {
      // given
      await withAttributes('f', { orderId: '50%_off' });
      await withAttributes('g', { orderId: '50Xyoff' });

      // then
      expect(await find({ orderId: { prefix: '50%_' } })).to.deep.equal(['f']);
    });

    it('should find values in a list of texts and numbers', async () => {
      expect(await find({ orderId: { in: ['A-1', 'B-1', 'Z'] } })).to.deep.equal(['a', 'c']);
      expect(await find({ total: { in: [5, 500, 'x'] } })).to.deep.equal(['a', 'c']);
    });

    it('should compare booleans for equality', async () => {
      expect(await find({ express: true })).to.deep.equal(['a']);
      expect(await find({ express: { eq: false } })).to.deep.equal(['b']);
      expect(await find({ express: { in: [true, false] } })).to.deep.equal(['a', 'b']);
    });

    it('should let ne match instances that lack the attribute', async () => {
      expect(await find({ 'customer.tier': { ne: 'gold' } })).to.deep.equal(['b', 'c', 'e']);
    });

    it('should combine conditions with and and or', async () => {
      const where = { and: [{ total: { gt: 1 } }, { or: [{ 'customer.tier': { eq: 'gold' } }, { orderId: { prefix: 'B-' } }] }] };
      expect(await find(where)).to.deep.equal(['a', 'c', 'd']);
      expect(await find({ total: { gt: 1, lt: 100 }, orderId: { prefix: 'A' } })).to.deep.equal(['a', 'b']);
    });

    it('should combine a filter with the other filters and the after cursor', async () => {
      // given
      await withAttributes('x', { total: 999 }, { processId: 'invoice', definitionKey: 'invoice:1' });

      // then
      expect(await find({ total: { gt: 10 } }, { processId: 'order' })).to.deep.equal(['b', 'c', 'd']);
      expect(await find({ total: { gt: 10 } }, { after: 'c', limit: 2 })).to.deep.equal(['d', 'x']);
    });

    it('should search the values of the last commit, and forget them when the state has an empty set', async () => {
      // given
      const b = (await store.getInstance('b'))!;
      await store.commit(nextRev(b, { searchAttributes: { orderId: 'A-2', total: 7 } }), effects());
      const a = (await store.getInstance('a'))!;

      // when
      await store.commit(nextRev(a, { searchAttributes: {} }), effects());

      // then
      expect(await find({ total: { lt: 10 } })).to.deep.equal(['b']);
      expect(await find({ orderId: { prefix: 'A-' } })).to.deep.equal(['b']);
    });

    it('should keep the values when a later state carries none', async () => {
      // given: the commit of a store user that does not know search attributes
      const c = (await store.getInstance('c'))!;
      const { searchAttributes: _dropped, ...without } = nextRev(c);

      // when
      await store.commit(without as InstanceState, effects());

      // then
      expect(await find({ total: 500 })).to.deep.equal(['c']);
    });

    describe('by time', () => {
      beforeEach(async () => {
        // given: started at NOW + 1, + 2, + 3; the second ended at NOW + 20
        await withAttributes('t1', undefined, { processId: 'timed', startedAt: NOW + 1 });
        await withAttributes('t2', undefined, { processId: 'timed', startedAt: NOW + 2, status: 'completed', endedAt: NOW + 20 });
        await withAttributes('t3', undefined, { processId: 'timed', startedAt: NOW + 3 });
      });

      const timed = async (query: Parameters<Store['queryInstances']>[0]) => ids(await store.queryInstances({ processId: 'timed', ...query }));

      it('should find instances started from one time (inclusive) to another (exclusive)', async () => {
        expect(await timed({ startedAfter: NOW + 2 })).to.deep.equal(['t2', 't3']);
        expect(await timed({ startedBefore: NOW + 2 })).to.deep.equal(['t1']);
        expect(await timed({ startedAfter: NOW + 2, startedBefore: NOW + 3 })).to.deep.equal(['t2']);
      });

      it('should find only ended instances by their end time', async () => {
        expect(await timed({ endedAfter: NOW })).to.deep.equal(['t2']);
        expect(await timed({ endedBefore: NOW + 20 })).to.deep.equal([]);
        expect(await timed({ endedBefore: NOW + 21 })).to.deep.equal(['t2']);
      });
    });
  });
}
