/**
 * The server end to end: `npm start`'s server (SQLite, synchronous=FULL) in
 * a child process; this process starts instances of diagram (a) over REST
 * and serves its service task with external workers over the jobs API, all
 * on loopback. It prints completed instances/s and start latency, for
 * Baton's own API (`/api`) and for the Camunda 8 compatible API (`/v2`,
 * driven by Camunda's official client).
 *
 * An instance of (a) completes in the step that completes its job (the
 * gateway and end event follow in that step), so an answered completion is a
 * completed instance; the bench checks at the end that no instance is left
 * active.
 *
 *   node --import tsx bench/server.ts [--seconds=10] [--workers=4] [--in-flight=200] [--starters=50] [--apis=api,v2]
 */
import createCamundaClient from '@camunda8/orchestration-cluster-api';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '4' },
    'in-flight': { type: 'string', default: '200' },
    starters: { type: 'string', default: '50' },
    apis: { type: 'string', default: 'api,v2' },
  },
});
const SECONDS = Number(values.seconds);
const WORKERS = Number(values.workers);
const IN_FLIGHT = Number(values['in-flight']);
const STARTERS = Number(values.starters);
const PROCESS_ID = 'bench_gateway';
const XML = readFileSync(new URL('diagrams/baton/gateway.bpmn', import.meta.url), 'utf8');

interface Figures {
  api: string;
  completedPerSecond: number;
  starts: number;
  startP50: number;
  startP99: number;
  /** Cores the server process used on average while measured (undefined without /proc). */
  serverCpu?: number;
  /** Cores this process (the clients) used on average while measured. */
  clientCpu: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function startServer(): Promise<{ base: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-server-bench-'));
  const port = await freePort();
  // BATON_BENCH_SERVER_ARGS: extra node flags for the server, e.g. --cpu-prof to profile it.
  const extra = process.env.BATON_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'server/main.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BATON_DATA_DIR: dir, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, child, dir };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not answer /health within 30 s');
}

/**
 * The `api` client's requests: node:http over kept-alive connections. The
 * client shares the server's two cores, and `fetch` cost it about three
 * times the CPU per request, which left the server waiting for requests.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

function call(base: string, method: string, url: string, body?: unknown): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}${url}`,
      { method, agent, headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`${method} ${url}: ${status} ${text}`));
          else resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function deploy(base: string): Promise<void> {
  const form = new FormData();
  form.append('files', new Blob([XML], { type: 'application/xml' }), 'gateway.bpmn');
  const response = await fetch(`${base}/api/deployments`, { method: 'POST', body: form });
  if (!response.ok) throw new Error(`deploy: ${response.status} ${await response.text()}`);
}

/** What both APIs share: a start, and a worker loop that completes the jobs it activates. */
interface Driver {
  start(): Promise<void>;
  work(worker: string, stop: () => boolean, completed: () => void): Promise<void>;
}

function apiDriver(base: string): Driver {
  return {
    start: async () => {
      await call(base, 'POST', `/api/processes/${PROCESS_ID}/instances`, { variables: { approved: true } });
    },
    work: async (worker, stop, completed) => {
      while (!stop()) {
        const { jobs } = (await call(base, 'POST', '/api/jobs/activate', { type: 'svc', worker, maxJobs: 32, lockMs: 30_000, requestTimeoutMs: 500 })) as {
          jobs: Array<{ key: string }>;
        };
        await Promise.all(
          jobs.map(async (job) => {
            await call(base, 'POST', `/api/jobs/${encodeURIComponent(job.key)}/complete`, { variables: {} });
            completed();
          }),
        );
      }
    },
  };
}

function v2Driver(base: string): Driver {
  const camunda = createCamundaClient({
    config: { CAMUNDA_REST_ADDRESS: base, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_LOG_LEVEL: 'silent', CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1 },
  });
  return {
    start: async () => {
      // The client brands ids as its own types; a plain string is what goes on the wire.
      await camunda.createProcessInstance({ processDefinitionId: PROCESS_ID as never, variables: { approved: true } });
    },
    work: async (worker, stop, completed) => {
      while (!stop()) {
        const { jobs } = await camunda.activateJobs({ type: 'svc', worker, maxJobsToActivate: 32, timeout: 30_000, requestTimeout: 500 });
        await Promise.all(
          jobs.map(async (job) => {
            await camunda.completeJob({ jobKey: job.jobKey, variables: {} });
            completed();
          }),
        );
      }
    },
  };
}

/** CPU seconds a process has used (user + system), from /proc on Linux; undefined elsewhere. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

async function run(api: string, base: string, driver: Driver, serverPid: number): Promise<Figures> {
  let started = 0;
  let completed = 0;
  const latencies: number[] = [];
  let measuring = false;
  let measuredCompletions = 0;
  let stopStarting = false;
  let stopWorking = false;
  const slotFreed: Array<() => void> = [];
  const onCompleted = (): void => {
    completed++;
    if (measuring) measuredCompletions++;
    slotFreed.shift()?.();
  };
  const starter = async (): Promise<void> => {
    while (!stopStarting) {
      while (started - completed >= IN_FLIGHT && !stopStarting) await new Promise<void>((resolve) => slotFreed.push(resolve));
      if (stopStarting) return;
      started++;
      const begin = performance.now();
      await driver.start();
      if (measuring) latencies.push(performance.now() - begin);
    }
  };
  const workers = Array.from({ length: WORKERS }, (_, i) => driver.work(`bench-${i}`, () => stopWorking, onCompleted));
  const starters = Array.from({ length: STARTERS }, starter);
  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  measuring = true;
  const begin = performance.now();
  const serverCpuBefore = cpuSecondsOf(serverPid);
  const clientCpuBefore = process.cpuUsage();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = (performance.now() - begin) / 1000;
  const serverCpuAfter = cpuSecondsOf(serverPid);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpu = serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : (serverCpuAfter - serverCpuBefore) / elapsed;
  stopStarting = true;
  for (const free of slotFreed.splice(0)) free();
  await Promise.all(starters);
  while (completed < started) await new Promise((r) => setTimeout(r, 50));
  stopWorking = true;
  await Promise.all(workers);
  const active = (await call(base, 'GET', `/api/instances?processId=${PROCESS_ID}&status=active&limit=1`)) as { items: unknown[] };
  if (active.items.length) throw new Error(`${api}: an instance is still active after every job was completed`);
  latencies.sort((a, b) => a - b);
  const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return {
    api,
    completedPerSecond: measuredCompletions / elapsed,
    starts: latencies.length,
    startP50: at(0.5),
    startP99: at(0.99),
    serverCpu,
    clientCpu: (clientCpu.user + clientCpu.system) / 1e6 / elapsed,
  };
}

const rows: Figures[] = [];
for (const api of values.apis.split(',')) {
  const { base, child, dir } = await startServer();
  try {
    await deploy(base);
    rows.push(await run(api, base, api === 'v2' ? v2Driver(base) : apiDriver(base), child.pid!));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `server on ${os.cpus().length} cores, Node ${process.version}: diagram (a), SQLite synchronous=FULL, ${STARTERS} starters (at most ${IN_FLIGHT} instances in flight), ${WORKERS} workers, ${SECONDS} s after 2 s warm-up`,
);
console.log('');
console.log('| API | completed instances/s | starts measured | start p50 ms | start p99 ms | server CPU | client CPU |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const cores = (used: number | undefined): string => (used === undefined ? 'n/a' : `${used.toFixed(2)} cores`);
for (const r of rows) {
  console.log(
    `| ${r.api} | ${r.completedPerSecond.toFixed(0)} | ${r.starts} | ${r.startP50.toFixed(1)} | ${r.startP99.toFixed(1)} | ${cores(r.serverCpu)} | ${cores(r.clientCpu)} |`,
  );
}
console.log('');
console.log("server / client CPU: the cores each used on average while measured (the client: starters, workers, and for v2 Camunda's client).");
