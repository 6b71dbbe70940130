/**
 * End to end, everything over HTTP: a real server on a SQLite file, the
 * order sample (a review user task, then a charge-card service task), and
 * an external worker in its own process that long-polls the jobs API for
 * charge-card jobs and completes them. 50 instances are started, their
 * reviews completed through the user-task routes, and all 50 must complete
 * with the receipt the worker made.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type InstanceView } from '../../engine/index.js';
import { createApp } from '../../server/app.js';

const INSTANCES = 50;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const workerScript = fileURLToPath(new URL('./fixtures/external-worker.ts', import.meta.url));

describe('End to end: an external worker process serves a task type over HTTP', function () {
  this.timeout(20_000);
  let dir: string;
  let engine: Engine;
  let server: Server;
  let base: string;
  let worker: ChildProcess | undefined;
  let workerOutput = '';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-e2e-'));
    engine = await Engine.open({ store: `sqlite:${join(dir, 'baton.db')}`, jobs: { pollIntervalMs: 50 } });
    server = createApp({ engine }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGKILL');
      await exited;
    }
    worker = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status, `GET ${path}`).to.equal(200);
    return response.json();
  };

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript, base, 'charge-card', 'e2e-worker'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (workerOutput += chunk));
    child.stderr!.on('data', (chunk) => (workerOutput += chunk));
    return child;
  }

  /** Every instance as GET /api/instances/:id answers, once all have ended (or the time is up). */
  async function whenAllEnded(ids: string[], timeoutMs: number): Promise<InstanceView[]> {
    const giveUpAt = performance.now() + timeoutMs;
    for (;;) {
      const views: InstanceView[] = await Promise.all(ids.map((id) => get(`/api/instances/${id}`)));
      if (views.every((v) => v.status !== 'active') || performance.now() > giveUpAt) return views;
      await new Promise((resolve) => setTimeout(resolve, 100)); // polled over HTTP on purpose: this spec drives the API only
    }
  }

  it('should complete 50 instances whose reviews are completed over HTTP and whose card charges an external worker makes', async () => {
    // given: the sample deployed over HTTP, and a worker process polling for charge-card jobs
    const xml = await readFile(new URL('../../samples/order.bpmn', import.meta.url), 'utf8');
    const deployed = await fetch(`${base}/api/deployments?name=order.bpmn`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
    expect(deployed.status, await deployed.clone().text()).to.equal(201);
    worker = startWorker();

    // when: 50 instances are started and their reviews approved, over HTTP
    const started = await Promise.all(
      Array.from({ length: INSTANCES }, async (_, n) => {
        const response = await post('/api/processes/order/instances', { variables: { total: n + 1 }, businessKey: `order-${n + 1}` });
        expect(response.status).to.equal(201);
        return (await response.json()) as InstanceView;
      }),
    );
    const { items: reviews } = await get('/api/user-tasks?processId=order');
    expect(reviews).to.have.length(INSTANCES);
    const completions = await Promise.all(
      reviews.map((task: { id: string }) => post(`/api/user-tasks/${task.id}/complete`, { variables: { approved: true } })),
    );
    expect(completions.map((r) => r.status)).to.deep.equal(Array(INSTANCES).fill(204));

    // then: every instance completes, with the receipt the worker made for its total
    const ended = await whenAllEnded(
      started.map((i) => i.id),
      12_000,
    );
    const notCompleted = ended.filter((v) => v.status !== 'completed');
    expect(
      notCompleted.map((v) => `${v.id}: ${v.status} at ${v.activeElements.map((e) => e.elementId)}`),
      workerOutput,
    ).to.deep.equal([]);
    for (const view of ended) expect(view.variables.receipt).to.equal(`R-${view.variables.total}`);

    // and the worker process served them all, then stops when told to
    const exited = new Promise<number | null>((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(workerOutput).to.include(`completed ${INSTANCES}`);
  });
});
