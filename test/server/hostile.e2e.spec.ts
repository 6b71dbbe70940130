/**
 * The promise of the step budget, end to end: a real server process runs
 * hostile diagrams next to an ordinary instance while a client polls
 * /health. The server answers throughout, the ordinary instance completes,
 * each hostile instance ends in an incident, and a restart does not bring
 * the overdue timer bomb back.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type Started } from './child-server.js';

const budgetFixture = (name: string) => readFile(new URL(`../budget/${name}`, import.meta.url), 'utf8');
const serverFixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');
const ENV = { BATON_STEP_MS: '1000', BATON_STEP_MEMORY_MB: '128' };

/** Polls /health every 50 ms and keeps the slowest answer and any failure. */
function pollHealth(base: string) {
  let slowest = 0;
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
        if (response.status !== 200) failures.push(`status ${response.status}`);
        await response.arrayBuffer();
      } catch (error) {
        failures.push(String(error));
      }
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the probe's interval
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowest, failures };
    },
  };
}

describe('a server running hostile diagrams', function () {
  this.timeout(60_000);
  let dataDir: string;
  let server: Started | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-hostile-'));
  });
  afterEach(async () => {
    server?.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${server!.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const instance = async (id: string) => (await fetch(`${server!.base}/api/instances/${id}`)).json();
  const instancesOf = async (processId: string) =>
    (await (await fetch(`${server!.base}/api/instances?processId=${processId}`)).json()).items as Array<{ id: string }>;
  const eventually = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      // The server runs in a child process: its state is only seen over HTTP, so this polls.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const withIncident = (id: string) =>
    eventually(`an incident on ${id}`, async () => {
      const view = await instance(id);
      return view.incidents.length ? view : undefined;
    });

  it('should answer /health within 500 ms, complete an ordinary instance, and end each hostile one in an incident', async () => {
    // given
    server = await startServer({ ...ENV, BATON_DATA_DIR: dataDir });
    const health = pollHealth(server.base);
    for (const [name, xml] of [
      ['hostile.bpmn', await budgetFixture('hostile.bpmn')],
      ['timer-bomb.bpmn', await budgetFixture('timer-bomb.bpmn')],
      ['approval.bpmn', await serverFixture('approval.bpmn')],
    ]) {
      expect((await post(`/api/deployments?name=${name}`, xml, 'application/xml')).status).to.equal(201);
    }

    // when
    const ordinary = (await post('/api/processes/approval/instances', { variables: {} })).body.id as string;
    const hostile = [
      (await post('/api/processes/rangeBomb/instances', { variables: { n: 100_000_000 } })).body.id,
      (await post('/api/processes/sequentialMany/instances', { variables: { items: 100_000 } })).body.id,
      (await post('/api/processes/tightLoop/instances', { variables: { i: 0 } })).body.id,
    ] as string[];
    const [job] = (await post('/api/jobs/activate', { type: 'approve', worker: 'spec', requestTimeoutMs: 10_000 })).body.jobs;
    expect((await post(`/api/jobs/${job.key}/complete`, { variables: { approved: true } })).status).to.equal(204);

    // then
    expect(await eventually('the ordinary instance to complete', async () => ((await instance(ordinary)).status === 'completed' ? true : undefined)));
    for (const id of hostile) expect((await withIncident(id)).status).to.equal('active');
    const [bomb] = await eventually('the timer bomb to start', async () => ((await instancesOf('timerBomb')).length ? instancesOf('timerBomb') : undefined));
    expect((await withIncident(bomb.id)).incidents[0].elementId).to.equal('bomb');
    const { slowest, failures } = await health.stop();
    console.log(`      slowest /health answer: ${slowest.toFixed(0)} ms`);
    expect(failures).to.deep.equal([]);
    expect(slowest).to.be.below(500);

    // and when the server restarts on the same file
    server.child.kill('SIGTERM');
    await server.exited;
    server = await startServer({ ...ENV, BATON_DATA_DIR: dataDir });
    // Time passes on purpose: long enough for the timer bomb to fire again if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // then it is up, and the timer bomb did not fire again
    expect((await fetch(`${server.base}/health`)).status).to.equal(200);
    expect((await instancesOf('timerBomb')).map((i) => i.id)).to.deep.equal([bomb.id]);
  });
});
