import { expect } from 'chai';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, aDefinition } from './factories.js';

export function environmentsContract(ctx: ContractContext): void {
  describe('definitions in environments', () => {
    let store: Store;

    beforeEach(() => {
      store = ctx.store;
    });

    it('should keep the environment of a definition, and none for the default environment', async () => {
      // given
      await store.insertDefinition(aDefinition({ version: 1 }));
      await store.insertDefinition(aDefinition({ version: 2, environment: 'staging' }));

      // then
      expect(await store.getDefinition('order:2')).to.deep.equal(aDefinition({ version: 2, environment: 'staging' }));
      expect(await store.getDefinition('order:1')).not.to.have.property('environment');
      const infos = await store.queryDefinitions({ processId: 'order' });
      expect(infos.map((d) => d.environment)).to.deep.equal([undefined, 'staging']);
      expect((await store.listDefinitions()).map((d) => d.environment)).to.deep.equal([undefined, 'staging']);
    });
  });
}
