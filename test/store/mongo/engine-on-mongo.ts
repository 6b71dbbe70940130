/**
 * Root hooks for the MongoDB run of the behaviour specs (`npm run
 * test:mongodb`), given to mocha as the first spec file, so that it shares
 * the specs' copy of the engine's modules: every engine a spec opens
 * without naming a store runs on a MongoDB store with a database of its own
 * (../spec-store.ts).
 * The MongoDB is MONGODB_URL, or a mongod on the PATH started as a one-node
 * replica set (./target.ts), or, with BATON_SPEC_MONGODB=double, the wire
 * double (./wire-double.ts) in this process.
 */
import mongoose from 'mongoose';
import { Engine, type EngineOptions } from '../../../engine/index.js';
import { SPEC_MONGODB_URL, specStore } from '../spec-store.js';
import { reachableMongo } from './target.js';
import { MongoWireDouble } from './wire-double.js';

let stop: () => Promise<void> = async () => undefined;
let url = '';

const open = Engine.open.bind(Engine);
Engine.open = async (options: EngineOptions = {}) =>
  open({ ...options, store: options.store === undefined || options.store === 'memory' ? await specStore() : options.store });

before(async function () {
  this.timeout(60_000);
  if (process.env.BATON_SPEC_MONGODB === 'double') {
    const double = new MongoWireDouble();
    url = await double.start();
    stop = () => double.stop();
  } else {
    const target = await reachableMongo();
    if ('skip' in target) throw new Error(`the MongoDB run needs a MongoDB: ${target.skip} (or set BATON_SPEC_MONGODB=double)`);
    ({ url, stop } = target);
  }
  process.env[SPEC_MONGODB_URL] = url;
  console.log(`  engines run on MongoDB at ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
});

after(async function () {
  this.timeout(120_000);
  if (url && process.env.BATON_SPEC_MONGODB !== 'double') {
    // The run's databases go; a MONGODB_URL server keeps nothing of it.
    const connection = await mongoose.createConnection(url).asPromise();
    const { databases } = await connection.db!.admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (name.startsWith(`baton_spec_${process.pid}_`)) await connection.useDb(name).dropDatabase();
    await connection.close();
  }
  await stop();
});
