import { expect } from 'chai';
import { FIRST_NUMERIC_KEY, type Store } from '../../../engine/store/store.js';
import type { ContractContext } from './factories.js';

export function numericKeysContract(ctx: ContractContext): void {
  describe('numeric keys', () => {
    let store: Store;

    beforeEach(() => {
      store = ctx.store;
    });

    it('should give an id the same numeric key every time, from the first key upwards', async () => {
      // when
      const first = await store.numericKey('instance', 'a7c1-uuid');
      const again = await store.numericKey('instance', 'a7c1-uuid');

      // then
      expect(first).to.equal(String(FIRST_NUMERIC_KEY));
      expect(again).to.equal(first);
    });

    it('should give distinct keys to distinct ids and to the same id of another kind', async () => {
      // when
      const keys = await Promise.all([store.numericKey('instance', 'x'), store.numericKey('job', 'x'), store.numericKey('instance', 'y')]);

      // then
      expect(new Set(keys).size).to.equal(3);
      for (const key of keys) expect(key).to.match(/^\d+$/);
    });

    it('should find what a key was assigned to, and nothing for a key never assigned or not a number', async () => {
      // given
      const key = await store.numericKey('job', 'order:1/task');

      // when / then
      expect(await store.idOfNumericKey(key)).to.deep.equal({ kind: 'job', id: 'order:1/task' });
      expect(await store.idOfNumericKey(String(Number(key) + 1000))).to.be.undefined;
      expect(await store.idOfNumericKey('__proto__')).to.be.undefined;
      expect(await store.idOfNumericKey('99999999999999999999999')).to.be.undefined;
    });
  });
}
