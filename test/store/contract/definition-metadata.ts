import { expect } from 'chai';
import type { DefinitionRecord, Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, aDefinition } from './factories.js';

/** What queryDefinitions returns for a record: everything but the XML and the model. */
function infoOf({ xml: _xml, model: _model, ...info }: DefinitionRecord) {
  return info;
}

export function definitionMetadataContract(ctx: ContractContext): void {
  describe('definition metadata', () => {
    let store: Store;

    beforeEach(() => {
      store = ctx.store;
    });

    it('should keep the metadata a definition was inserted with', async () => {
      // given
      const definition = aDefinition({
        deployedBy: 'ci',
        description: 'Takes orders',
        tags: ['sales', 'eu'],
        startableBy: ['clerks'],
        suspended: false,
      });

      // when
      await store.insertDefinition(definition);

      // then
      expect(await store.getDefinition('order:1')).to.deep.equal(definition);
      expect(await store.queryDefinitions({ key: 'order:1' })).to.deep.equal([infoOf(definition)]);
    });

    it('should list definitions without XML and model, filtered by process id or key, by process id and version', async () => {
      // given
      await store.insertDefinition(aDefinition({ processId: 'order', version: 2 }));
      await store.insertDefinition(aDefinition({ processId: 'invoice', version: 1 }));
      await store.insertDefinition(aDefinition({ processId: 'order', version: 1 }));

      // when
      const all = await store.queryDefinitions({});
      const orders = await store.queryDefinitions({ processId: 'order' });
      const one = await store.queryDefinitions({ key: 'order:2' });

      // then
      expect(all.map((d) => d.key)).to.deep.equal(['invoice:1', 'order:1', 'order:2']);
      expect(all[0]).to.deep.equal(infoOf(aDefinition({ processId: 'invoice', version: 1 })));
      expect(all[0]).not.to.have.any.keys('xml', 'model');
      expect(orders.map((d) => d.key)).to.deep.equal(['order:1', 'order:2']);
      expect(one.map((d) => d.key)).to.deep.equal(['order:2']);
      expect(await store.queryDefinitions({ processId: 'unknown' })).to.deep.equal([]);
    });

    it('should change only the fields a patch names, and remove those it sets to null', async () => {
      // given
      await store.insertDefinition(aDefinition({ deployedBy: 'ci', description: 'old', tags: ['a'], startableBy: ['clerks'] }));

      // when
      const changed = await store.updateDefinition('order:1', { description: null, tags: ['b', 'c'], startableBy: null, suspended: true });

      // then
      expect(changed).to.equal(true);
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition({ deployedBy: 'ci', tags: ['b', 'c'], suspended: true }));
    });

    it('should answer false and change nothing for an unknown definition', async () => {
      // given
      await store.insertDefinition(aDefinition());

      // when
      const changed = await store.updateDefinition('order:9', { suspended: true });

      // then
      expect(changed).to.equal(false);
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition());
      expect(await store.getDefinition('order:9')).to.be.undefined;
    });

    it('should leave a deleted version out of every lookup but getDefinition', async () => {
      // given
      await store.insertDefinition(aDefinition({ version: 1, hash: 'h1' }));
      await store.insertDefinition(aDefinition({ version: 2, hash: 'h2' }));

      // when
      const deleted = await store.updateDefinition('order:2', { deletedAt: NOW + 1 });

      // then
      expect(deleted).to.equal(true);
      expect(await store.latestDefinitionKey('order')).to.equal('order:1');
      expect((await store.latestDefinition('order'))?.key).to.equal('order:1');
      expect(await store.findDefinitionByHash('order', 'h2')).to.be.undefined;
      expect((await store.listDefinitions()).map((d) => d.key)).to.deep.equal(['order:1']);
      expect((await store.queryDefinitions({ processId: 'order' })).map((d) => d.key)).to.deep.equal(['order:1']);
      expect((await store.queryDefinitions({ processId: 'order', includeDeleted: true })).map((d) => d.key)).to.deep.equal(['order:1', 'order:2']);
      expect((await store.getDefinition('order:2'))?.deletedAt).to.equal(NOW + 1);
    });

    it('should NOT change a deleted version', async () => {
      // given
      await store.insertDefinition(aDefinition());
      await store.updateDefinition('order:1', { deletedAt: NOW + 1 });

      // when
      const changed = await store.updateDefinition('order:1', { suspended: true, deletedAt: NOW + 2 });

      // then
      expect(changed).to.equal(false);
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition({ deletedAt: NOW + 1 }));
    });

    it('should find no latest version when every version is deleted', async () => {
      // given
      await store.insertDefinition(aDefinition());

      // when
      await store.updateDefinition('order:1', { deletedAt: NOW + 1 });

      // then
      expect(await store.latestDefinitionKey('order')).to.be.undefined;
      expect(await store.latestDefinition('order')).to.be.undefined;
    });

    it('should NOT change a stored definition when a returned info is mutated', async () => {
      // given
      await store.insertDefinition(aDefinition({ tags: ['a'] }));
      const [info] = await store.queryDefinitions({ key: 'order:1' });

      // when
      info!.tags!.push('changed');

      // then
      expect((await store.getDefinition('order:1'))?.tags).to.deep.equal(['a']);
    });
  });
}
