/**
 * The store the behaviour specs run their engines on: a fresh memory store,
 * or, in the MongoDB run (`npm run test:mongodb`, ./mongo/engine-on-mongo.ts),
 * a MongoDB store on a database of its own.
 */
import { MemoryStore, type Store } from '../../engine/index.js';
// Static imports: mocha loads the specs as CommonJS through tsx, and a dynamic import() would load
// a second, ES module copy of the engine whose error classes the server would not recognise.
import { MongoStore } from '../../engine/store/mongo/mongo-store.js';
import { withDatabase } from './mongo/target.js';

/** Set by ./mongo/engine-on-mongo.ts: the MongoDB the specs' engines use. */
export const SPEC_MONGODB_URL = 'BATON_SPEC_MONGODB_URL';

let databases = 0;

export async function specStore(): Promise<Store> {
  const url = process.env[SPEC_MONGODB_URL];
  if (!url) return new MemoryStore();
  return MongoStore.open(withDatabase(url, `baton_spec_${process.pid}_${++databases}`));
}
