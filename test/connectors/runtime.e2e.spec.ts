/**
 * The connector runtime against a real API server with API keys: it
 * registers the fake echo connector, shows in GET /api/connectors, and
 * serves the jobs of a deployed diagram over the jobs API (complete, fail
 * and retry, BPMN error); its registration expires without a heartbeat; in
 * a process of its own it stops on SIGTERM after finishing its running job.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ConnectorRuntime } from '../../connectors/runtime/runtime.js';
import { Engine, type InstanceView } from '../../engine/index.js';
import { hasIncident, until } from '../helpers.js';
import type { ApiKey } from '../../server/auth.js';
import { serve, type Served } from '../server/serve.js';
import { echoConnector, ECHO_TEMPLATE, type EchoConnector } from './fixtures/echo-connector.js';

const WORKER: ApiKey = { key: 'connectors-worker-key-01', name: 'connectors', roles: ['worker'], groups: [] };
const VIEWER: ApiKey = { key: 'connectors-viewer-key-01', name: 'viewer', roles: ['viewer'], groups: [] };
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('Connector runtime: serving connectors out of process', function () {
  this.timeout(15_000);
  let engine: Engine;
  let served: Served;
  let runtime: ConnectorRuntime | undefined;
  let connector: EchoConnector;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 }, connectors: { http: false } });
    await engine.deploy({ name: 'echo.bpmn', xml: await readFile(new URL('./echo.bpmn', import.meta.url), 'utf8') });
    served = await serve(engine, { apiKeys: [WORKER, VIEWER], connectorExpiryMs: 400 });
    connector = echoConnector();
  });

  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    await served.close();
    await engine.close();
  });

  async function startRuntime(options: { heartbeatMs?: number } = {}): Promise<ConnectorRuntime> {
    runtime = new ConnectorRuntime({
      url: served.base,
      key: WORKER.key,
      name: 'test-runtime',
      connectors: [connector],
      pollTimeoutMs: 500,
      backoffMs: 10,
      ...options,
    });
    await runtime.start();
    return runtime;
  }

  async function listed(): Promise<Array<{ type: string; runtime: string; name: string }>> {
    const response = await served.call('GET', '/api/connectors', { key: VIEWER.key });
    expect(response.status).to.equal(200);
    return (await response.json()).items;
  }

  async function ended(id: string): Promise<InstanceView> {
    return engine.waitFor(id, 'completed', { timeoutMs: 5_000 }).then(() => engine.getInstance(id));
  }

  it('should register its connectors with their templates', async () => {
    // given
    await startRuntime();

    // when
    const items = await listed();
    const templates = await (await served.call('GET', '/api/connectors/templates', { key: VIEWER.key })).json();

    // then
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ type: 'test-echo', runtime: 'test-runtime', name: 'Echo (test)' });
    expect(templates).to.deep.equal([ECHO_TEMPLATE]);
  });

  it('should complete a job of a deployed diagram with what the connector returns, its key as idempotency key', async () => {
    // given
    await startRuntime();

    // when
    const { id } = await engine.start('echo', { variables: { text: 'hi', mode: 'ok' } });
    const instance = await ended(id);

    // then
    expect(instance.variables).to.include({ echoed: 'hi', attempts: 1 });
    expect(connector.seen).to.have.length(1);
    expect(connector.seen[0].idempotencyKey).to.equal(connector.seen[0].key);
    expect(connector.seen[0].context).to.include({ instanceId: id, processId: 'echo', elementId: 'call' });
  });

  it("should hand the connector the instance's secrets, which it asks the server for", async () => {
    // given
    await startRuntime();

    // when
    const { id } = await engine.start('echo', { variables: { text: 'hi', mode: 'ok' }, secrets: { apiToken: 'runtime-token-0001' } });
    await ended(id);

    // then
    expect(connector.seen[0].secrets).to.deep.equal({ apiToken: 'runtime-token-0001' });
  });

  it('should fail an attempt that throws, and complete the retry with the same idempotency key', async () => {
    // given
    await startRuntime();

    // when
    const { id } = await engine.start('echo', { variables: { text: 'again', mode: 'flaky' } });
    const instance = await ended(id);

    // then
    expect(instance.variables).to.include({ echoed: 'again', attempts: 2 });
    expect(connector.seen.map((job) => job.retries)).to.deep.equal([2, 1]);
    expect(connector.seen[1].idempotencyKey).to.equal(connector.seen[0].idempotencyKey);
  });

  it('should raise an incident once the retries are used up', async () => {
    // given
    await startRuntime();

    // when
    const { id } = await engine.start('echo', { variables: { text: 'x', mode: 'broken' } });
    const instance = await until(engine, id, hasIncident);

    // then
    expect(instance.incidents).to.have.length(1);
    expect(instance.incidents[0].message).to.contain('echo failed on attempt 2');
    expect(connector.seen).to.have.length(2);
  });

  it('should throw a BPMN error that the boundary event catches', async () => {
    // given
    await startRuntime();

    // when
    const { id } = await engine.start('echo', { variables: { text: 'no', mode: 'decline' } });
    await ended(id);
    const history = await engine.history(id);

    // then
    const completed = history.filter((event) => event.type === 'element.completed').map((event) => event.elementId);
    expect(completed).to.include('refused').and.not.include('done');
  });

  it('should keep its registration by heartbeats, and be forgotten once they stop', async () => {
    // given: registrations expire after 400 ms here
    const running = await startRuntime({ heartbeatMs: 50 });
    // Time passes on purpose: longer than the 400 ms expiry, so only heartbeats can keep it listed.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await listed(), 'listed while it beats').to.have.length(1);

    // when
    await running.stop();
    // Time passes on purpose: the registration must expire on its own, with no heartbeat to renew it.
    await new Promise((resolve) => setTimeout(resolve, 600));

    // then
    expect(await listed()).to.deep.equal([]);
  });

  it('should refuse to start with a key that lacks the worker role', async () => {
    // given
    runtime = new ConnectorRuntime({ url: served.base, key: VIEWER.key, name: 'viewer-runtime', connectors: [connector] });

    // when
    const error = await runtime.start().then(
      () => undefined,
      (e: Error) => e,
    );

    // then
    expect(error?.message).to.match(/^403 FORBIDDEN/);
    expect(await listed()).to.deep.equal([]);
  });

  it('should stop on SIGTERM after the running job is reported, and exit 0', async () => {
    // given: a runtime process whose echo takes 500 ms
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/echo-runtime.ts', import.meta.url)), served.base, WORKER.key, 'process-runtime'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // The runtime prints 'started <job>' when it takes the job; resolves early if it exits instead.
    const jobTaken = new Promise<void>((resolve) => {
      child.stdout!.on('data', () => output.includes('started ') && resolve());
      void exited.then(() => resolve());
    });
    try {
      const { id } = await engine.start('echo', { variables: { text: 'slowly', mode: 'slow' } });
      await jobTaken;
      expect(output, 'the job started').to.contain('started ');

      // when
      child.kill('SIGTERM');
      const code = await exited;

      // then
      expect(code, output).to.equal(0);
      expect(output).to.contain('"stopped":true');
      expect((await engine.getInstance(id)).status).to.equal('completed');
      expect((await engine.getInstance(id)).variables).to.include({ echoed: 'slowly' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
