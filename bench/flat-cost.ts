/**
 * Flat cost: does Baton slow down as its SQLite file fills? At each level
 * (default 1k, 10k, 100k, 1M completed instances with a tenth as many
 * instances waiting for a message) it measures, on the same file:
 *
 * - the straight diagram (start -> service task -> end) with 50 in flight: instances/s and p99 ms;
 * - publishing a message that correlates to one waiting instance (p50/p99 ms, publish to committed);
 * - publishing a message that matches nothing (p50/p99 ms);
 * - a search-attribute query, `orderId` equal to one value, a page of 50 (p50/p99 ms);
 * - file size, history bytes per completed instance, RSS.
 *
 * The store is filled quickly: one instance of each process runs through the
 * engine, then its rows (instance, history, search attributes, subscription)
 * are copied in SQL with new ids and keys, 100k rows per transaction. The
 * copies are what the engine itself wrote, so the engine reads and
 * correlates them like its own.
 *
 *   node --import tsx bench/flat-cost.ts [--levels=1000,10000,100000,1000000] [--seconds=3] [--samples=300]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../engine/index.js';

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '1000,10000,100000,1000000' },
    seconds: { type: 'string', default: '3' },
    samples: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '50' },
  },
});
const LEVELS = values.levels.split(',').map(Number);
const SECONDS = Number(values.seconds);
const SAMPLES = Number(values.samples);
const CONCURRENCY = Number(values.concurrency);
const WAITING_SHARE = 0.1;

const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-flat-cost-'));
const file = path.join(dir, 'baton.db');
const engine = await Engine.open({ store: `sqlite:${file}` });
engine.handle('svc', async () => ({}));
await engine.deploy({ name: 'flat-cost.bpmn', xml: readFileSync(new URL('diagrams/baton/flat-cost.bpmn', import.meta.url), 'utf8') });

const completions = new Map<string, () => void>();
const finished = new Set<string>();
engine.on('instance.completed', (e) => {
  const done = completions.get(e.instanceId);
  if (done) done();
  else finished.add(e.instanceId);
});
engine.on('incident.created', (e) => {
  throw new Error(`incident in ${e.instanceId}: ${e.message}`);
});

function completion(id: string): Promise<void> {
  if (finished.delete(id)) return Promise.resolve();
  return new Promise<void>((resolve) => completions.set(id, resolve)).then(() => void completions.delete(id));
}

// The templates the copies are made of.
const straightSeed = await engine.start('flat_straight', { variables: { orderId: 'seed-c' } });
await completion(straightSeed.id);
const waitingSeed = await engine.start('flat_wait', { variables: { orderId: 'seed-w' } });

const db = new Database(file);
db.pragma('busy_timeout = 10000');
let completedCopies = 0;
let waitingCopies = 0;

/** Copies the straight seed `count` times (ids c-<n>, orderId C-<n>) and the waiting seed (w-<n>, W-<n>). */
function grow(completedTarget: number): void {
  const waitingTarget = Math.round(completedTarget * WAITING_SHARE);
  const batch = 100_000;
  const copy = (seedId: string, seedKey: string, idPrefix: string, keyPrefix: string, from: number, to: number): void => {
    db.transaction(() => {
      const params = { seedId, seedKey, idPrefix, keyPrefix, from, to };
      const numbers = `WITH RECURSIVE n(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < @to)`;
      const newId = `(@idPrefix || printf('%09d', n.i))`;
      const newKey = `(@keyPrefix || n.i)`;
      db.prepare(
        `${numbers} INSERT INTO instances (id, rev, process_id, definition_key, status, business_key, started_at, ended_at, state, parent_instance_id, incident_count)
         SELECT ${newId}, rev, process_id, definition_key, status, business_key, started_at, ended_at,
                replace(replace(state, @seedId, ${newId}), '"' || @seedKey || '"', '"' || ${newKey} || '"'), parent_instance_id, incident_count
         FROM instances, n WHERE id = @seedId`,
      ).run(params);
      db.prepare(
        `${numbers} INSERT INTO history_steps (instance_id, process_id, events)
         SELECT ${newId}, process_id, events FROM history_steps, n WHERE instance_id = @seedId ORDER BY n.i, seq`,
      ).run(params);
      db.prepare(
        `${numbers} INSERT INTO search_attributes (instance_id, name, value_text, value_number) SELECT ${newId}, name, ${newKey}, value_number FROM search_attributes, n WHERE instance_id = @seedId`,
      ).run(params);
      db.prepare(
        `${numbers} INSERT INTO subscriptions (key, kind, name, correlation_key, instance_id, process_id, created_at, record)
         SELECT replace(key, @seedId, ${newId}), kind, name, ${newKey}, ${newId}, process_id, created_at,
                replace(replace(record, @seedId, ${newId}), '"' || @seedKey || '"', '"' || ${newKey} || '"')
         FROM subscriptions, n WHERE instance_id = @seedId`,
      ).run(params);
    })();
  };
  while (completedCopies < completedTarget) {
    const to = Math.min(completedTarget, completedCopies + batch);
    copy(straightSeed.id, 'seed-c', 'c-', 'C-', completedCopies + 1, to);
    completedCopies = to;
  }
  while (waitingCopies < waitingTarget) {
    const to = Math.min(waitingTarget, waitingCopies + batch);
    copy(waitingSeed.id, 'seed-w', 'w-', 'W-', waitingCopies + 1, to);
    waitingCopies = to;
  }
  db.exec('ANALYZE');
}

interface Row {
  completed: number;
  waiting: number;
  straightPerSecond: number;
  straightP99: number;
  correlateP50: number;
  correlateP99: number;
  nothingP50: number;
  nothingP99: number;
  queryP50: number;
  queryP99: number;
  fileMb: number;
  historyBytes: number;
  rssMb: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function timed(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function straightRun(): Promise<{ perSecond: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const { id } = await engine.start('flat_straight', { variables: { orderId: `run-${count}` } });
      await completion(id);
      latencies.push(performance.now() - started);
      count++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  latencies.sort((a, b) => a - b);
  return { perSecond: count / ((performance.now() - started) / 1000), p99: percentile(latencies, 0.99) };
}

let nextWaiting = 1;
async function measure(): Promise<Row> {
  const straight = await straightRun();
  // Each correlation consumes one waiting copy, walking through them from the first.
  const correlate = await timed(Math.min(SAMPLES, waitingCopies), async () => {
    const key = `W-${nextWaiting++}`;
    const result = await engine.publishMessage({ name: 'paid', correlationKey: key, timeToLive: 0 });
    if (!result.instanceIds.length) throw new Error(`message for ${key} reached nothing`);
  });
  const nothing = await timed(SAMPLES, (i) => engine.publishMessage({ name: 'paid', correlationKey: `nobody-${i}`, timeToLive: 0 }));
  const query = await timed(SAMPLES, async (i) => {
    const wanted = `C-${1 + Math.floor((i * 7919) % completedCopies)}`;
    const page = await engine.queryInstances({ processId: 'flat_straight', where: { orderId: wanted }, limit: 50 });
    if (page.items.length !== 1) throw new Error(`query for ${wanted} found ${page.items.length}`);
  });
  const history = db.prepare<[string], number>(`SELECT sum(length(events)) FROM history_steps WHERE instance_id = ?`).pluck().get(straightSeed.id) ?? 0;
  return {
    completed: completedCopies,
    waiting: waitingCopies,
    straightPerSecond: straight.perSecond,
    straightP99: straight.p99,
    correlateP50: percentile(correlate, 0.5),
    correlateP99: percentile(correlate, 0.99),
    nothingP50: percentile(nothing, 0.5),
    nothingP99: percentile(nothing, 0.99),
    queryP50: percentile(query, 0.5),
    queryP99: percentile(query, 0.99),
    fileMb: (statSync(file).size + walSize()) / 1e6,
    historyBytes: history,
    rssMb: process.memoryUsage().rss / 1e6,
  };
}

function walSize(): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

const rows: Row[] = [];
console.log(`flat cost on ${os.cpus().length} cores, Node ${process.version}, SQLite synchronous=FULL, ${CONCURRENCY} in flight for ${SECONDS} s per level`);
for (const level of LEVELS) {
  const started = performance.now();
  grow(level);
  console.log(
    `filled to ${level.toLocaleString('en')} completed + ${waitingCopies.toLocaleString('en')} waiting in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  rows.push(await measure());
}

const first = rows[0];
const change = (value: number, base: number): string => `${value >= base ? '+' : ''}${(((value - base) / base) * 100).toFixed(0)}%`;
const cell = (value: number, base: number, digits = 2): string => `${value.toFixed(digits)} (${change(value, base)})`;
console.log('');
console.log(
  '| completed | waiting | straight inst/s | straight p99 ms | correlate p50 / p99 ms | no match p50 / p99 ms | query p50 / p99 ms | file MB | RSS MB |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.completed.toLocaleString('en')} | ${r.waiting.toLocaleString('en')} | ${cell(r.straightPerSecond, first.straightPerSecond, 0)} | ${cell(r.straightP99, first.straightP99, 1)} | ` +
      `${r.correlateP50.toFixed(2)} / ${cell(r.correlateP99, first.correlateP99)} | ${r.nothingP50.toFixed(2)} / ${cell(r.nothingP99, first.nothingP99)} | ` +
      `${r.queryP50.toFixed(2)} / ${cell(r.queryP99, first.queryP99)} | ${r.fileMb.toFixed(0)} | ${r.rssMb.toFixed(0)} |`,
  );
}
console.log('');
console.log(`history of one completed straight instance: ${first.historyBytes} bytes of event JSON (8 events)`);
// Where the bytes go, per instance in the file: every table and index, from SQLite's page statistics (pages, so free space included).
const instances = db.prepare<[], number>(`SELECT COUNT(*) FROM instances`).pluck().get() ?? 1;
const pages = db.prepare<[], { name: string; bytes: number }>(`SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC`).all();
console.log(
  `bytes per instance on disk (${instances.toLocaleString('en')} instances): ` +
    pages
      .filter((p) => p.bytes / instances >= 1)
      .map((p) => `${p.name} ${Math.round(p.bytes / instances)}`)
      .join(', '),
);
console.log('(+x%) is the change from the first level; the targets: within 20%, correlation p99 < 5 ms at 100k waiting, query p99 < 50 ms');

db.close();
await engine.close();
rmSync(dir, { recursive: true, force: true });
