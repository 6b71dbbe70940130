/**
 * The MongoDB store against a real MongoDB: MONGODB_URL, or a mongod on the
 * PATH started as a one-node replica set (./target.ts). Without either, one
 * line says so and the suites are skipped; ./contract-double.spec.ts has
 * already run them against the wire double.
 */
import { MongoStore } from '../../../engine/store/mongo/mongo-store.js';
import { storeContract } from '../contract.js';
import { mongoBehaviour } from './behaviour.js';
import { reachableMongo, whyNoMongo, withDatabase } from './target.js';

const unavailable = whyNoMongo();

// One pending line instead of the suites' hundred and sixty when there is no MongoDB.
if (unavailable) describe('MongoDB store on a real MongoDB', () => it.skip(`skipped: ${unavailable} (the same suites ran against the wire double)`));
else
  describe('MongoDB store on a real MongoDB', function () {
    let url = '';
    let stop: () => Promise<void> = async () => undefined;
    let database = 0;
    const used: string[] = [];

    before(async function () {
      this.timeout(60_000);
      const target = await reachableMongo();
      if ('skip' in target) {
        console.log(`    skipped: ${target.skip} (the same suites ran against the wire double)`);
        this.skip();
      }
      ({ url, stop } = target);
    });

    after(async () => {
      // Databases the contract made are dropped; a MONGODB_URL server keeps nothing of the run.
      if (url && used.length) {
        const { default: mongoose } = await import('mongoose');
        const connection = await mongoose.createConnection(url).asPromise();
        for (const name of used) await connection.useDb(name).dropDatabase();
        await connection.close();
      }
      await stop();
    });

    storeContract('mongodb', () => {
      const name = `baton_contract_${process.pid}_${++database}`;
      used.push(name);
      return MongoStore.open(withDatabase(url, name));
    });

    describe('beyond the contract', () => mongoBehaviour(() => url));
  });
