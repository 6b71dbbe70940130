/**
 * The Store contract for the MongoDB store, run here against the wire
 * double (./wire-double.ts): the real driver and mongoose, the adapter's own
 * commands, a stand-in server. ./real-mongodb.spec.ts runs it against a
 * real MongoDB when one is reachable.
 */
import { MongoStore } from '../../../engine/store/mongo/mongo-store.js';
import { storeContract } from '../contract.js';
import { MongoWireDouble } from './wire-double.js';

describe('MongoDB store on the wire double', () => {
  const double = new MongoWireDouble();
  let url = '';
  let database = 0;

  before(async () => {
    url = await double.start();
  });

  after(() => double.stop());

  // A database per test: every test starts from an empty store, as the contract asks.
  storeContract('mongodb (wire double)', () => MongoStore.open(url.replace('/baton?', `/contract_${++database}?`)));
});
