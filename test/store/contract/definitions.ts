import { expect } from 'chai';
import { ConflictError } from '../../../engine/errors.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, aDefinition, rejectionOf } from './factories.js';

export function definitionsContract(ctx: ContractContext): void {
  describe('definitions', () => {
    let store: Store;

    beforeEach(() => {
      store = ctx.store;
    });

    it('should return an inserted definition by its key', async () => {
      // given
      const definition = aDefinition();

      // when
      await store.insertDefinition(definition);

      // then
      expect(await store.getDefinition('order:1')).to.deep.equal(definition);
    });

    it('should return undefined for an unknown definition key', async () => {
      expect(await store.getDefinition('nope:1')).to.be.undefined;
    });

    it('should keep a definition without a name', async () => {
      // given
      const definition = aDefinition();
      delete definition.name;

      // when
      await store.insertDefinition(definition);

      // then
      const found = await store.getDefinition(definition.key);
      expect(found).to.deep.equal(definition);
      expect(found).not.to.have.property('name');
    });

    it('should refuse a second definition with the same process id and version', async () => {
      // given
      await store.insertDefinition(aDefinition({ hash: 'first' }));

      // when
      const error = await rejectionOf(store.insertDefinition(aDefinition({ hash: 'second' })));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((await store.getDefinition('order:1'))?.hash).to.equal('first');
      expect(await store.listDefinitions()).to.have.length(1);
    });

    it('should find a definition by its process id and hash', async () => {
      // given
      await store.insertDefinition(aDefinition({ version: 1, hash: 'h1' }));
      await store.insertDefinition(aDefinition({ version: 2, hash: 'h2' }));
      await store.insertDefinition(aDefinition({ processId: 'invoice', hash: 'h3' }));

      // when
      const found = await store.findDefinitionByHash('order', 'h2');

      // then
      expect(found?.key).to.equal('order:2');
    });

    it('should NOT find a definition by a hash of another process', async () => {
      // given
      await store.insertDefinition(aDefinition({ processId: 'invoice', hash: 'h1' }));

      // then
      expect(await store.findDefinitionByHash('order', 'h1')).to.be.undefined;
      expect(await store.findDefinitionByHash('invoice', 'unknown')).to.be.undefined;
    });

    it('should return the highest version as the latest definition, whatever the insertion order', async () => {
      // given
      await store.insertDefinition(aDefinition({ version: 1 }));
      await store.insertDefinition(aDefinition({ version: 3 }));
      await store.insertDefinition(aDefinition({ version: 2 }));
      await store.insertDefinition(aDefinition({ processId: 'invoice', version: 7 }));

      // when
      const latest = await store.latestDefinition('order');

      // then
      expect(latest?.key).to.equal('order:3');
      expect(await store.latestDefinitionKey('order')).to.equal('order:3');
      expect(await store.latestDefinition('unknown')).to.be.undefined;
      expect(await store.latestDefinitionKey('unknown')).to.be.undefined;
    });

    it('should list all definitions ordered by process id and version', async () => {
      // given
      await store.insertDefinition(aDefinition({ processId: 'order', version: 2 }));
      await store.insertDefinition(aDefinition({ processId: 'invoice', version: 1 }));
      await store.insertDefinition(aDefinition({ processId: 'order', version: 1 }));

      // when
      const list = await store.listDefinitions();

      // then
      expect(list.map((d) => d.key)).to.deep.equal(['invoice:1', 'order:1', 'order:2']);
      expect(list[0]).to.deep.equal(aDefinition({ processId: 'invoice', version: 1 }));
    });

    it('should list nothing when nothing was deployed', async () => {
      expect(await store.listDefinitions()).to.deep.equal([]);
    });
  });
}
