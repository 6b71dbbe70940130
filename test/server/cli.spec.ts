import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { run } from '../../server/cli.js';
import { hasIncident, until } from '../helpers.js';
import { serve, type Served } from './serve.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixturePath = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const ADMIN: ApiKey = { key: 'cli-admin-key-000001', name: 'cli', roles: ['admin'], groups: [] };
const VIEWER: ApiKey = { key: 'cli-viewer-key-00001', name: 'dashboard', roles: ['viewer'], groups: [] };

describe('CLI', () => {
  let engine: Engine;
  let api: Served;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    api = await serve(engine, { apiKeys: [ADMIN, VIEWER] });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  /** Runs the CLI in this process with the test server's URL and the admin key in its environment; prints as a person reads it. */
  async function batonText(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { BATON_URL: api.base, BATON_API_KEY: ADMIN.key }, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  /** As `batonText`, with `--json`: the API's answer, parsed. */
  async function baton(...argv: string[]): Promise<{ code: number; out: unknown; err: string }> {
    const { code, out, err } = await batonText(...argv, '--json');
    return { code, out: out ? JSON.parse(out) : undefined, err };
  }

  it('should deploy a file, start an instance, list it and publish the message it waits for', async () => {
    // when
    const deployed = await baton('deploy', fixturePath('messages.bpmn'));
    const started = await baton('start', 'invoice', '--variables', '{"orderId":"A-1"}', '--business-key', 'order-A-1');
    const listed = await baton('instances', '--process', 'invoice', '--status', 'active');
    const published = await baton('publish', 'payment-received', '--correlation-key', 'A-1', '--variables', '{"amount":12}');

    // then
    expect(deployed.code).to.equal(0);
    expect((deployed.out as { processes: Array<{ processId: string }> }).processes.map((p) => p.processId)).to.deep.equal(['invoice', 'standby']);
    const instance = started.out as { id: string; status: string; businessKey: string };
    expect(instance).to.include({ status: 'active', businessKey: 'order-A-1' });
    expect((listed.out as { items: Array<{ id: string }> }).items.map((i) => i.id)).to.deep.equal([instance.id]);
    expect(published.out).to.include({ duplicate: false }).and.to.have.property('instanceIds').that.deep.equals([instance.id]);
    expect((await engine.waitFor(instance.id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ orderId: 'A-1', amount: 12 });
  });

  it('should print a line per result and a table per list unless --json is given', async () => {
    // given
    await baton('deploy', fixturePath('messages.bpmn'));

    // when
    const deployed = await batonText('deploy', fixturePath('messages.bpmn'));
    const started = await batonText('start', 'invoice', '--variables', '{"orderId":"A-1"}', '--business-key', 'order-A-1');
    const listed = await batonText('instances', '--process', 'invoice');
    const empty = await batonText('instances', '--process', 'standby');

    // then
    expect(deployed.out).to.equal('unchanged invoice:1 (messages.bpmn)\nunchanged standby:1 (messages.bpmn)');
    const [id] = started.out.replace('started ', '').split('  ');
    expect(started.out).to.equal(`started ${id}  invoice v1  active  order-A-1`);
    const [header, row] = listed.out.split('\n');
    expect(header.split(/\s{2,}/)).to.deep.equal(['ID', 'PROCESS', 'STATUS', 'BUSINESS KEY', 'STARTED']);
    expect(row.split(/\s{2,}/).slice(0, 4)).to.deep.equal([id, 'invoice v1', 'active', 'order-A-1']);
    expect(empty.out).to.equal('(none)');
  });

  it('should complete a user task, broadcast a signal, cancel an instance, and list and resolve incidents', async () => {
    // given
    for (const file of ['user-tasks.bpmn', 'messages.bpmn', 'incidents.bpmn']) await baton('deploy', fixturePath(file));
    let failing = true;
    engine.handle('charge', async () => {
      if (failing) throw new Error('card declined');
      return { paid: true };
    });
    const review = (await baton('start', 'review')).out as { id: string };
    const standby = (await baton('start', 'standby')).out as { id: string };
    const invoice = (await baton('start', 'invoice', '--variables', '{"orderId":"C-3"}')).out as { id: string };
    const payment = (await baton('start', 'payment')).out as { id: string };
    await until(engine, payment.id, hasIncident);

    // when
    const tasks = await baton('tasks', '--instance', review.id);
    const [task] = (tasks.out as { items: Array<{ id: string }> }).items;
    const completed = await batonText('complete', task.id, '--variables', '{"approved":true}');
    const signalled = await batonText('signal', 'go');
    const cancelled = await batonText('cancel', invoice.id);
    const incidents = await batonText('incidents', '--process', 'payment');
    const incidentList = (await baton('incidents', '--instance', payment.id)).out as { items: Array<{ id: string; message: string }> };
    failing = false;
    const resolved = await batonText('resolve', incidentList.items[0].id, '--retries', '2');

    // then
    expect(completed.out).to.equal(`completed ${task.id}`);
    expect(signalled.out).to.equal(`reached ${standby.id}`);
    expect(cancelled.out).to.match(new RegExp(`^cancelled ${invoice.id}  invoice v1  cancelled`));
    expect(incidents.out.split('\n')[1]).to.include('payment v1').and.to.include('charge').and.to.include('card declined');
    expect(resolved.out).to.equal(`resolved ${incidentList.items[0].id}: ${payment.id}  payment v1  active`);
    expect((await engine.waitFor(payment.id, 'completed', { timeoutMs: 2_000 })).variables).to.include({ paid: true });
    expect((await engine.getInstance(review.id)).activeElements).to.not.include('approve');
    expect((await engine.getInstance(standby.id)).status).to.equal('completed');
  });

  it("should exit 1 with the API's error message when the request fails", async () => {
    // when
    const result = await baton('start', 'no-such-process');

    // then
    expect(result.code).to.equal(1);
    expect(result.out).to.equal(undefined);
    expect(result.err).to.match(/^baton: 404 NOT_FOUND: .*no-such-process/);
  });

  it('should send the key given with --key, and say when the server refuses it', async () => {
    // when
    const asViewer = await baton('deploy', fixturePath('messages.bpmn'), '--key', VIEWER.key);
    const unknown = await baton('instances', '--key', 'not-a-key-of-this-server');

    // then
    expect(asViewer.code).to.equal(1);
    expect(asViewer.err).to.include("403 FORBIDDEN: the key 'dashboard' lacks a role");
    expect(unknown.err).to.include('401 UNAUTHENTICATED');
  });

  it('should list the problems of a diagram that cannot run', async () => {
    // when
    const result = await baton('deploy', fixturePath('invalid.bpmn'));

    // then
    expect(result.code).to.equal(1);
    expect(result.err)
      .to.match(/^baton: 422 VALIDATION_ERROR/)
      .and.to.include('elementId');
  });

  it("should refuse 'start ..' (a URL reader would make it another path) without starting anything", async () => {
    // given
    await baton('deploy', fixturePath('messages.bpmn'));

    // when
    const results = [await baton('start', '..'), await baton('start', '.'), await baton('start', '%2e%2E')];

    // then
    expect(results.map((r) => r.code)).to.deep.equal([2, 2, 2]);
    expect(results[0].err).to.contain("'..' is not a process id");
    expect((await engine.queryInstances()).items).to.have.length(0);
  });

  it('should exit 2 with the usage for a mistake in the command line, without calling the server', async () => {
    // when
    const results = await Promise.all([
      baton('launch', 'invoice'),
      baton('start'),
      baton('start', 'invoice', '--variables', '{total: 1}'),
      baton('start', 'invoice', '--variables', '[1]'),
      baton('instances', '--colour', 'red'),
      baton('publish', 'paid', '--ttl', 'soon'),
      baton('deploy'),
      baton('connectors', 'extra'),
    ]);

    // then
    expect(results.map((r) => r.code)).to.deep.equal([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(results[7].err).to.include('connectors takes no arguments').and.to.include('connectors                            serve');
    expect(results[0].err).to.include("unknown command 'launch'").and.to.include('Usage: baton');
    expect(results[2].err).to.include('--variables is not valid JSON');
    expect(results[3].err).to.include('--variables must be a JSON object');
    expect(results[4].err).to.include("'--colour'");
    expect((await engine.queryInstances()).items).to.deep.equal([]);
  });

  it('should say so when a file cannot be read or the server cannot be reached', async () => {
    // when
    const missing = await baton('deploy', fixturePath('no-such.bpmn'));
    const unreachable = await baton('instances', '--url', 'http://127.0.0.1:1');

    // then
    expect([missing.code, unreachable.code]).to.deep.equal([1, 1]);
    expect(missing.err).to.include('no-such.bpmn: no such file');
    expect(unreachable.err).to.include('cannot reach the Baton server at http://127.0.0.1:1');
  });

  describe('as a command', () => {
    const exec = promisify(execFile);

    it('should run as bin/baton.js (the package bin) and print JSON with --json', async function () {
      this.timeout(20_000);
      // given
      await engine.deploy({ name: 'messages.bpmn', xml: await readFile(fixturePath('messages.bpmn'), 'utf8') });
      await engine.start('invoice', { variables: { orderId: 'B-2' } });

      // when
      const { stdout } = await exec(process.execPath, ['bin/baton.js', 'instances', '--json', '--url', api.base, '--key', VIEWER.key], { cwd: root });

      // then
      expect(JSON.parse(stdout).items.map((i: { processId: string }) => i.processId)).to.deep.equal(['invoice']);
    });

    it('should run as server/cli.ts through tsx and exit 1 with the message on stderr', async function () {
      this.timeout(20_000);
      // when
      const failure = await exec(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'start', 'nope'], {
        cwd: root,
        env: { ...process.env, BATON_URL: api.base, BATON_API_KEY: ADMIN.key },
      }).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

      // then
      expect(failure?.code).to.equal(1);
      expect(failure?.stdout).to.equal('');
      expect(failure?.stderr).to.match(/baton: 404 NOT_FOUND: .*nope/);
    });
  });
});
