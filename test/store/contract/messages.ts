import { expect } from 'chai';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, aMessage, ids } from './factories.js';

export function messagesContract(ctx: ContractContext): void {
  describe('messages', () => {
    let store: Store;
    const find = (query: { name?: string; correlationKey?: string; now?: number } = {}) =>
      store.findMessages({ name: 'payment', correlationKey: 'order-1', now: NOW, ...query });

    beforeEach(() => {
      store = ctx.store;
    });

    describe('insertMessage and getMessage', () => {
      it('should return an inserted message by id, and undefined for an unknown id', async () => {
        // given
        const message = aMessage();

        // when
        const inserted = await store.insertMessage(message);

        // then
        expect(inserted).to.equal(true);
        expect(await store.getMessage('m-1')).to.deep.equal(message);
        expect(await store.getMessage('unknown')).to.be.undefined;
      });

      it('should refuse a message whose id exists already and keep the first one', async () => {
        // given
        await store.insertMessage(aMessage({ variables: { paid: 1 } }));
        await store.claimMessage('m-1', 'order');

        // when
        const inserted = await store.insertMessage(aMessage({ variables: { paid: 2 }, correlationKey: 'order-2', expiresAt: NOW + 1 }));

        // then
        expect(inserted).to.equal(false);
        expect(await store.getMessage('m-1')).to.deep.equal(aMessage({ variables: { paid: 1 }, correlatedProcesses: ['order'] }));
      });

      it('should keep the correlated processes a message is inserted with as claims', async () => {
        // when
        await store.insertMessage(aMessage({ correlatedProcesses: ['order', 'invoice'] }));

        // then
        expect((await store.getMessage('m-1'))?.correlatedProcesses).to.deep.equal(['order', 'invoice']);
        expect(await store.claimMessage('m-1', 'invoice')).to.equal(false);
        expect(await store.claimMessage('m-1', 'shipping')).to.equal(true);
      });
    });

    describe('findMessages', () => {
      it('should find unexpired messages by name and correlation key, in publish order', async () => {
        // given
        await store.insertMessage(aMessage({ id: 'late', publishedAt: NOW + 2 }));
        await store.insertMessage(aMessage({ id: 'b', publishedAt: NOW + 1 }));
        await store.insertMessage(aMessage({ id: 'a', publishedAt: NOW + 1 }));
        await store.insertMessage(aMessage({ id: 'first', publishedAt: NOW - 5 }));
        await store.insertMessage(aMessage({ id: 'other-key', correlationKey: 'order-2' }));
        await store.insertMessage(aMessage({ id: 'other-name', name: 'refund' }));

        // when
        const found = await find();

        // then
        expect(ids(found)).to.deep.equal(['first', 'a', 'b', 'late']);
        expect(found[0]).to.deep.equal(aMessage({ id: 'first', publishedAt: NOW - 5 }));
        expect(ids(await find({ correlationKey: 'order-2' }))).to.deep.equal(['other-key']);
        expect(await find({ correlationKey: 'order-3' })).to.deep.equal([]);
      });

      it('should NOT find a message from the moment it expires', async () => {
        // given
        await store.insertMessage(aMessage({ id: 'short', publishedAt: NOW - 2, expiresAt: NOW + 10 }));
        await store.insertMessage(aMessage({ id: 'long', publishedAt: NOW - 1, expiresAt: NOW + 20 }));

        // then
        expect(ids(await find({ now: NOW + 9 }))).to.deep.equal(['short', 'long']);
        expect(ids(await find({ now: NOW + 10 }))).to.deep.equal(['long']);
        expect(await find({ now: NOW + 20 })).to.deep.equal([]);
      });

      it('should return the messages with the processes they were correlated to', async () => {
        // given
        await store.insertMessage(aMessage({ id: 'm-1' }));
        await store.insertMessage(aMessage({ id: 'm-2', publishedAt: NOW + 1 }));
        await store.claimMessage('m-2', 'order');

        // when
        const found = await find();

        // then
        expect(found.map((m) => m.correlatedProcesses)).to.deep.equal([[], ['order']]);
      });
    });

    describe('claimMessage and releaseMessage', () => {
      it('should let each process claim a message once', async () => {
        // given
        await store.insertMessage(aMessage());

        // when
        const first = await store.claimMessage('m-1', 'order');
        const again = await store.claimMessage('m-1', 'order');
        const otherProcess = await store.claimMessage('m-1', 'invoice');

        // then
        expect([first, again, otherProcess]).to.deep.equal([true, false, true]);
        expect((await store.getMessage('m-1'))?.correlatedProcesses).to.deep.equal(['order', 'invoice']);
      });

      it('should give a message to only one of several simultaneous claims for a process', async () => {
        // given
        await store.insertMessage(aMessage());

        // when
        const results = await Promise.all(Array.from({ length: 5 }, () => store.claimMessage('m-1', 'order')));

        // then
        expect(results.filter((claimed) => claimed)).to.have.length(1);
        expect((await store.getMessage('m-1'))?.correlatedProcesses).to.deep.equal(['order']);
      });

      it('should NOT claim a message that does not exist', async () => {
        // when
        const claimed = await store.claimMessage('unknown', 'order');

        // then
        expect(claimed).to.equal(false);
        expect(await store.getMessage('unknown')).to.be.undefined;
      });

      it('should make a released message claimable again by that process', async () => {
        // given
        await store.insertMessage(aMessage());
        await store.claimMessage('m-1', 'order');
        await store.claimMessage('m-1', 'invoice');

        // when
        await store.releaseMessage('m-1', 'order');

        // then
        expect((await store.getMessage('m-1'))?.correlatedProcesses).to.deep.equal(['invoice']);
        expect(await store.claimMessage('m-1', 'order')).to.equal(true);
        expect(await store.claimMessage('m-1', 'invoice')).to.equal(false);
      });

      it('should ignore the release of a claim that was never made', async () => {
        // given
        await store.insertMessage(aMessage());

        // when
        await store.releaseMessage('m-1', 'order');
        await store.releaseMessage('unknown', 'order');

        // then
        expect(await store.getMessage('m-1')).to.deep.equal(aMessage());
      });
    });

    describe('deleteExpiredMessages', () => {
      it('should delete the messages expired at the given time and return how many', async () => {
        // given
        await store.insertMessage(aMessage({ id: 'gone', expiresAt: NOW - 1 }));
        await store.insertMessage(aMessage({ id: 'just-expired', expiresAt: NOW }));
        await store.insertMessage(aMessage({ id: 'alive', expiresAt: NOW + 1 }));

        // when
        const deleted = await store.deleteExpiredMessages(NOW);

        // then
        expect(deleted).to.equal(2);
        expect(await store.getMessage('gone')).to.be.undefined;
        expect(await store.getMessage('just-expired')).to.be.undefined;
        expect(await store.getMessage('alive')).to.deep.equal(aMessage({ id: 'alive', expiresAt: NOW + 1 }));
        expect(await store.deleteExpiredMessages(NOW)).to.equal(0);
      });

      it('should delete the claims of an expired message with it', async () => {
        // given
        await store.insertMessage(aMessage({ expiresAt: NOW }));
        await store.claimMessage('m-1', 'order');
        await store.deleteExpiredMessages(NOW);

        // when: the same id is published again
        const inserted = await store.insertMessage(aMessage({ expiresAt: NOW + 60_000 }));

        // then
        expect(inserted).to.equal(true);
        expect((await store.getMessage('m-1'))?.correlatedProcesses).to.deep.equal([]);
        expect(await store.claimMessage('m-1', 'order')).to.equal(true);
      });

      it('should NOT claim a message once it has been deleted', async () => {
        // given
        await store.insertMessage(aMessage({ expiresAt: NOW }));
        await store.deleteExpiredMessages(NOW);

        // then
        expect(await store.claimMessage('m-1', 'order')).to.equal(false);
      });
    });
  });
}
