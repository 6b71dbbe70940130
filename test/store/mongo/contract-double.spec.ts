/**
 * The MongoDB store against the wire double (./wire-double.ts): the real
 * driver and mongoose, the adapter's own commands, a stand-in server. This
 * is what runs on a machine without MongoDB; ./real-mongodb.spec.ts runs the
 * same suites against a real one when one is reachable.
 */
import { expect } from 'chai';
import { InvalidArgumentError } from '../../../engine/errors.js';
import { MongoStore } from '../../../engine/store/mongo/mongo-store.js';
import { storeContract } from '../contract.js';
import { mongoBehaviour } from './behaviour.js';
import { withDatabase } from './target.js';
import { MongoWireDouble } from './wire-double.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('MongoDB store on the wire double', () => {
  const double = new MongoWireDouble();
  let url = '';
  let database = 0;

  before(async () => {
    url = await double.start();
  });

  after(() => double.stop());

  // A database per test: every test starts from an empty store, as the contract asks.
  storeContract('mongodb (wire double)', () => MongoStore.open(withDatabase(url, `contract_${++database}`)));

  describe('beyond the contract', () => mongoBehaviour(() => url));

  describe('opening', () => {
    it('should refuse a standalone server, which cannot run transactions, saying what to do', async () => {
      const standalone = new MongoWireDouble({ standalone: true });
      const at = await standalone.start();
      try {
        const error = await rejection(MongoStore.open(at));
        expect(error).to.be.instanceOf(InvalidArgumentError);
        expect(error.message).to.match(/standalone server, which cannot run transactions.*--replSet rs0.*rs\.initiate\(\)/);
      } finally {
        await standalone.stop();
      }
    });

    it('should say which server it cannot reach, without the password of the URL', async () => {
      const error = await rejection(MongoStore.open('mongodb://baton:s3cret@127.0.0.1:9/baton?replicaSet=rs0', { serverSelectionTimeoutMS: 300 }));
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect(error.message).to.match(/^cannot reach MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:9\/baton/);
      expect(error.message).not.to.include('s3cret');
    });

    it('should create every collection with the indexes of its plan', async () => {
      const store = await MongoStore.open(withDatabase(url, 'indexes'));
      await store.close();
      const indexes = double.indexes('indexes', 'instances').map((i) => i.key);
      expect(indexes).to.deep.include({ 'attrs.n': 1, 'attrs.t': 1 });
      expect(double.indexes('indexes', 'messages').find((i) => i.expireAfterSeconds === 0)?.key).to.deep.equal({ expireAt: 1 });
      expect(double.indexes('indexes', 'definitions').find((i) => i.unique && i.name !== '_id_')?.key).to.deep.equal({ processId: 1, version: 1 });
    });
  });
});
