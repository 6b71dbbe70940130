/**
 * The behaviour specs with their engines on MongoDB (`npm run test:mongodb`,
 * and the last part of `npm test`): MONGODB_URL, or a mongod on the PATH
 * started as a one-node replica set; with BATON_SPEC_MONGODB=double
 * (`npm run test:mongodb:double`) the wire double. Without any, it prints
 * one line saying why it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { whyNoMongo } from './target.js';

/** Every spec directory whose engines open a store of their own choosing (the store specs run MongoDB themselves). */
const SPECS = 'test/{runtime,jobs,engine,samples,server,camunda,search,migration,environments,connectors,budget,security,dmn,expressions,model}/**/*.spec.ts';

const why = process.env.BATON_SPEC_MONGODB === 'double' ? undefined : whyNoMongo();
if (why) {
  console.log(`MongoDB run of the behaviour specs skipped: ${why} (the store specs ran the MongoDB store on the wire double)`);
  process.exit(0);
}
const mocha = spawnSync(
  'npx',
  [
    'mocha',
    '--no-config',
    '--node-option',
    'import=tsx',
    '--timeout',
    '15000',
    '--exit',
    '--require',
    'test/openapi/recorder.ts',
    'test/store/mongo/engine-on-mongo.ts',
    SPECS,
  ],
  { stdio: 'inherit' },
);
process.exit(mocha.status ?? 1);
