import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Engine } from '../../engine/index.js';
import { shutdown } from '../../server/shutdown.js';

const root = new URL('../../', import.meta.url);
import { startServer } from './child-server.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

describe('server start and graceful shutdown', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-main-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('should exit 0 on SIGTERM with its data saved in the SQLite file', async function () {
    this.timeout(20_000);
    // given
    const server = await startServer({ BATON_DATA_DIR: dataDir });
    const deployed = await fetch(`${server.base}/api/deployments?name=user-tasks.bpmn`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: await fixture('user-tasks.bpmn'),
    });
    expect(deployed.status).to.equal(201);
    const started = await fetch(`${server.base}/api/processes/ticket/instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { owner: 'bob' } }),
    });
    const { id } = await started.json();

    // when
    server.child.kill('SIGTERM');
    const exit = await server.exited;

    // then
    expect(exit).to.deep.equal({ code: 0, signal: null });
    const engine = await Engine.open({ store: `sqlite:${join(dataDir, 'baton.db')}` });
    try {
      expect((await engine.getInstance(id)).status).to.equal('active');
      expect((await engine.userTasks({ instanceId: id })).map((t) => t.assignee)).to.deep.equal(['bob']);
    } finally {
      await engine.close();
    }
  });

  it('should refuse to start on a non-loopback HOST without API keys, saying why', async function () {
    this.timeout(20_000);
    // when
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '0.0.0.0', BATON_DATA_DIR: dataDir, BATON_API_KEYS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));

    // then
    expect(code).to.equal(1);
    expect(stderr).to.include('baton: HOST=0.0.0.0 would open the API to the network without authentication');
    expect(stderr).not.to.include('    at ');
  });

  describe('shutdown()', () => {
    let http: Server;
    let engine: Engine;
    let release: () => void;
    let base: string;
    let order: string[];

    beforeEach(async () => {
      engine = await Engine.open();
      order = [];
      const close = engine.close.bind(engine);
      engine.close = async () => {
        order.push('engine closed');
        await close();
      };
      const held = new Promise<void>((resolve) => (release = resolve));
      http = createServer((request, response) => {
        void held.then(() => response.end('done'));
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });

    afterEach(async () => {
      release();
      http.closeAllConnections();
      await engine.close();
    });

    it('should let a request in flight finish, then close the engine', async () => {
      // given
      const inFlight = fetch(`${base}/slow`).then(async (response) => {
        order.push('answered');
        return response.text();
      });
      await new Promise((resolve) => http.once('request', resolve));

      // when
      const stopped = shutdown({ server: http, engine, logger: pino({ level: 'silent' }), graceMs: 5_000 });
      release();
      const text = await inFlight;
      await stopped;

      // then
      expect(text).to.equal('done');
      expect(order).to.deep.equal(['answered', 'engine closed']);
    });

    it('should close the connections of requests still running after the grace period', async () => {
      // given
      const inFlight = fetch(`${base}/hangs`).then(
        () => 'answered',
        () => 'connection closed',
      );
      await new Promise((resolve) => http.once('request', resolve));

      // when
      await shutdown({ server: http, engine, logger: pino({ level: 'silent' }), graceMs: 50 });

      // then
      expect(await inFlight).to.equal('connection closed');
      expect(order).to.deep.equal(['engine closed']);
    });
  });
});
