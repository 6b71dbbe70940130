/**
 * Several cores: N engine processes on one SQLite file (synchronous=FULL),
 * or on one MongoDB database with `--store=mongodb://…` (a fresh database
 * per run, dropped after it), each running diagram (a) with 50 instances in
 * flight, for 1 process and for 2. Prints the instances/s of all processes
 * together and the gain of 2 over 1.
 *
 * Each process deploys its own copy of the diagram (process id and job type
 * suffixed with its number) so that its instances complete in it and it can
 * count them; the file, its write lock and its fsyncs are shared.
 *
 *   node --import tsx bench/processes.ts [--seconds=5] [--counts=1,2] [--store=mongodb://localhost:27017/?replicaSet=rs0]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    counts: { type: 'string', default: '1,2' },
    concurrency: { type: 'string', default: '50' },
    child: { type: 'string' },
    file: { type: 'string' },
    store: { type: 'string', default: 'sqlite' },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);

interface ChildReport {
  completed: number;
  seconds: number;
}

/** The store option of a child: the SQLite file, or the run's MongoDB database. */
type StoreOption = `sqlite:${string}` | `mongodb://${string}`;

/** The URL naming another database. */
function withDatabase(url: string, database: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?/, `$1/${database}`);
}

async function runChild(index: number, store: StoreOption): Promise<void> {
  const { Engine } = await import('../engine/index.js');
  const xml = readFileSync(new URL('diagrams/baton/gateway.bpmn', import.meta.url), 'utf8')
    .replace(/id="bench_gateway"/, `id="bench_gateway_${index}"`)
    .replace(/type="svc"/, `type="svc-${index}"`);
  const engine = await Engine.open({ store });
  engine.handle(`svc-${index}`, async () => ({}));
  await engine.deploy({ name: `gateway-${index}.bpmn`, xml });
  const waiting = new Map<string, () => void>();
  const early = new Set<string>();
  engine.on('instance.completed', (e) => {
    const done = waiting.get(e.instanceId);
    if (done) done();
    else early.add(e.instanceId);
  });
  const runOne = async (): Promise<void> => {
    const { id } = await engine.start(`bench_gateway_${index}`, { variables: { approved: true } });
    if (early.delete(id)) return;
    await new Promise<void>((resolve) => waiting.set(id, resolve));
    waiting.delete(id);
  };
  // Ready: wait for the parent's go, so that all processes run in the same window.
  process.send?.('ready');
  await new Promise((resolve) => process.once('message', resolve));
  let completed = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await runOne();
        completed++;
      }
    }),
  );
  const report: ChildReport = { completed, seconds: (performance.now() - started) / 1000 };
  process.send?.(report);
  await engine.close();
}

async function runProcesses(count: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-processes-'));
  const mongo = values.store.startsWith('mongodb') ? withDatabase(values.store, `baton_bench_${Date.now()}_${count}`) : undefined;
  const store = mongo ?? `sqlite:${path.join(dir, 'baton.db')}`;
  try {
    const children = Array.from({ length: count }, (_, i) =>
      fork(fileURLToPath(import.meta.url), [`--child=${i}`, `--file=${store}`, `--seconds=${SECONDS}`, `--concurrency=${CONCURRENCY}`], {
        execArgv: process.execArgv,
      }),
    );
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
    const reports = children.map((child) => new Promise<ChildReport>((resolve) => child.once('message', (m) => resolve(m as ChildReport))));
    for (const child of children) child.send('go');
    const done = await Promise.all(reports);
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    return done.reduce((sum, r) => sum + r.completed / r.seconds, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (mongo) {
      const { default: mongoose } = await import('mongoose');
      const connection = await mongoose.createConnection(mongo).asPromise();
      await connection.dropDatabase();
      await connection.close();
    }
  }
}

if (values.child !== undefined) {
  await runChild(Number(values.child), values.file! as StoreOption);
} else {
  const counts = values.counts.split(',').map(Number);
  const rates = new Map<number, number>();
  for (const count of counts) rates.set(count, await runProcesses(count));
  console.log(
    `several processes on one ${values.store.startsWith('mongodb') ? 'MongoDB database' : 'SQLite file (synchronous=FULL)'}, diagram (a), ${CONCURRENCY} in flight per process, ${SECONDS} s, ${os.cpus().length} cores`,
  );
  console.log('');
  console.log('| processes | instances/s (all together) | gain over 1 |');
  console.log('| ---: | ---: | ---: |');
  const one = rates.get(1);
  for (const [count, rate] of rates) console.log(`| ${count} | ${rate.toFixed(0)} | ${one ? `${(rate / one).toFixed(2)}x` : '-'} |`);
}
