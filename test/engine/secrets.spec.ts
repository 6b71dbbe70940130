import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpmnError, ConflictError, Engine, InvalidArgumentError, MemoryStore, NotFoundError, type Job } from '../../engine/index.js';
import { completeTaskAt, fixture, hasIncident, until, untilInstance } from '../helpers.js';

const here = import.meta.url;
const TOKEN = 'tok-parent-0001-secret';

describe('instance secrets', function () {
  this.timeout(15_000);
  let engine: Engine;
  /** The secrets each job saw, by task type, in order. */
  let seen: Record<string, Array<Record<string, string>>>;

  const record = (type: string, answer: (job: Job) => unknown = () => ({})) =>
    engine.handle(type, (job) => {
      (seen[type] ??= []).push({ ...job.secrets });
      return answer(job) as Record<string, unknown>;
    });

  async function open(options: Parameters<typeof Engine.open>[0] = {}): Promise<void> {
    engine = await Engine.open({ store: new MemoryStore(), jobs: { pollIntervalMs: 10, retryBackoffMs: 0 }, ...options });
    await engine.deploy({ name: 'secrets.bpmn', xml: fixture(here, 'secrets.bpmn') });
  }

  beforeEach(async () => {
    seen = {};
    await open();
  });

  afterEach(() => engine.close());

  /** The child instance that `parentId`'s call activity started, once it waits on its user task. */
  async function childOf(parentId: string): Promise<string> {
    const parent = await until(engine, parentId, (v) => v.activeElements.some((e) => e.childInstanceId));
    const childId = parent.activeElements.find((e) => e.childInstanceId)!.childInstanceId!;
    await untilInstance(engine, childId, (v) => v.activeElements.some((e) => e.elementId === 'approve'));
    return childId;
  }

  it("should hand a handler the instance secrets, and the child of a call activity its parent's", async () => {
    // given
    record('fetch-account');
    record('push-item');

    // when
    const { id } = await engine.start('syncAccount', { variables: { apiUrl: 'https://a.example' }, secrets: { apiToken: TOKEN } });
    const childId = await childOf(id);
    await completeTaskAt(engine, childId, 'approve');
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });

    // then
    expect(seen['fetch-account']).to.deep.equal([{ apiToken: TOKEN }]);
    expect(seen['push-item']).to.deep.equal([{ apiToken: TOKEN }]);
    expect(done.variables).to.deep.equal({ apiUrl: 'https://a.example' });
  });

  it("should reach a waiting child at once when the parent's secrets are rotated, unless the child overrides them", async () => {
    // given: two parents, each with a child waiting
    record('fetch-account');
    record('push-item');
    const first = await engine.start('syncAccount', { secrets: { apiToken: TOKEN, region: 'eu-1' } });
    const second = await engine.start('syncAccount', { secrets: { apiToken: 'tok-second-000002' } });
    const [firstChild, secondChild] = [await childOf(first.id), await childOf(second.id)];

    // when: the first parent rotates its token; the second child overrides its region
    await engine.setSecrets(first.id, { apiToken: 'tok-rotated-00003', region: 'eu-1' });
    await engine.setSecrets(secondChild, { region: 'us-2' });
    await completeTaskAt(engine, firstChild, 'approve');
    await completeTaskAt(engine, secondChild, 'approve');
    await engine.waitFor(first.id, 'completed', { timeoutMs: 3_000 });
    await engine.waitFor(second.id, 'completed', { timeoutMs: 3_000 });

    // then: per instance, independent
    expect(seen['push-item']).to.have.deep.members([
      { apiToken: 'tok-rotated-00003', region: 'eu-1' },
      { apiToken: 'tok-second-000002', region: 'us-2' },
    ]);
  });

  it('should list the names an instance sees, never the values', async () => {
    // given
    record('fetch-account');
    const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN, region: 'eu-1' } });
    const childId = await childOf(id);

    // when
    await engine.setSecrets(childId, { region: 'us-2', childOnly: 'x-1234' });

    // then
    expect(await engine.secretNames(id)).to.deep.equal({ own: ['apiToken', 'region'], inherited: [] });
    expect(await engine.secretNames(childId)).to.deep.equal({ own: ['childOnly', 'region'], inherited: ['apiToken'] });
  });

  it('should set and remove single secrets with updateSecrets, keeping the others', async () => {
    // given
    const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN, region: 'eu-1' } });

    // when
    await engine.updateSecrets(id, { region: null, tenant: 'acme-01' });

    // then
    expect(await engine.secretNames(id)).to.deep.equal({ own: ['apiToken', 'tenant'], inherited: [] });
    const error = await engine.updateSecrets(id, { 'bad name': null }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
  });

  it('should keep secrets out of variables, history, incidents and the instance view, even when a handler echoes them', async () => {
    // given: fetch echoes the token into its result, then push fails quoting it, with no retries left
    record('fetch-account', (job) => ({ echoed: `Bearer ${job.secrets.apiToken}`, nested: { list: [job.secrets.apiToken] } }));
    record('push-item', (job) => {
      throw new Error(`401 for token ${job.secrets.apiToken}`);
    });
    engine.handle('never', () => ({}));

    // when
    const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN } });
    const childId = await childOf(id);
    await completeTaskAt(engine, childId, 'approve');
    const failed = await until(engine, childId, hasIncident, 10_000);

    // then
    const everything = JSON.stringify([
      await engine.getInstance(id),
      failed,
      await engine.history(id),
      await engine.history(childId),
      await engine.incidents(),
    ]);
    expect(everything).not.to.include(TOKEN);
    expect(everything).to.include('Bearer ***');
    expect(failed.incidents[0].message).to.include('401 for token ***');
  });

  it('should take the values out of a BPMN error a handler throws', async () => {
    // given
    record('fetch-account', (job) => {
      throw new BpmnError('DENIED', `denied for ${job.secrets.apiToken}`, { token: job.secrets.apiToken });
    });

    // when
    const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN } });
    const failed = await until(engine, id, hasIncident);

    // then: nothing catches DENIED, so it is an incident
    expect(JSON.stringify([failed, await engine.history(id)])).not.to.include(TOKEN);
  });

  it('should refuse bad secrets at start, naming the problem and never the value, and start nothing', async () => {
    // when
    const attempts = [
      { 'bad name': 'x' },
      { apiToken: 42 },
      JSON.parse('{"__proto__":"x"}'),
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`s${i}`, 'v'])),
      { big: 'x'.repeat(17 * 1024) },
    ];
    const errors = await Promise.all(
      attempts.map((secrets) => engine.start('syncAccount', { secrets: secrets as Record<string, string> }).catch((e: unknown) => e)),
    );

    // then
    expect(errors.map((e) => (e as Error).name)).to.deep.equal([
      'InvalidArgumentError',
      'InvalidArgumentError',
      'InvalidArgumentError',
      'LimitError',
      'LimitError',
    ]);
    expect((errors[1] as Error).message).to.equal('secrets.apiToken must be text');
    expect((await engine.queryInstances()).items).to.deep.equal([]);
  });

  it('should refuse a rotation on an unknown or ended instance', async () => {
    // given
    record('fetch-account');
    const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN } });
    await engine.cancel(id);

    // when
    const unknown = await engine.setSecrets('nope', { apiToken: 'x' }).catch((e: unknown) => e);
    const ended = await engine.setSecrets(id, { apiToken: 'x' }).catch((e: unknown) => e);

    // then
    expect(unknown).to.be.instanceOf(NotFoundError);
    expect(ended).to.be.instanceOf(ConflictError);
  });

  it('should give an external worker the secrets only when it asks', async () => {
    // given
    const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN } });
    await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'fetch'));

    // when
    const [plain] = await engine.activateJobs({ type: 'fetch-account', worker: 'w1', maxJobs: 1, lockMs: 1 });
    // Time passes on purpose: the 1 ms lease runs out, so the job can be activated again.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [withSecrets] = await engine.activateJobs({ type: 'fetch-account', worker: 'w2', maxJobs: 1, lockMs: 60_000, withSecrets: true });
    await engine.completeJob(withSecrets.key, { copy: withSecrets.secrets!.apiToken }, { worker: 'w2' });
    const after = await until(engine, id, (v) => !v.activeElements.some((e) => e.elementId === 'fetch'));

    // then: and what it sends back is redacted like a handler's result
    expect(plain.secrets).to.equal(undefined);
    expect(withSecrets.secrets).to.deep.equal({ apiToken: TOKEN });
    expect(after.variables).to.deep.equal({ copy: '***' });
  });

  describe('at rest in SQLite', () => {
    let dir: string;

    beforeEach(async () => {
      await engine.close();
      dir = mkdtempSync(join(tmpdir(), 'baton-secrets-'));
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const stored = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM instance_secrets').all());
      } finally {
        db.close();
      }
    };

    it('should seal them with secretKey so that the file does not hold the value, and remove them when the instance ends', async () => {
      // given
      const file = join(dir, 'baton.db');
      await open({ store: `sqlite:${file}`, secretKey: 'a-key-of-32-characters-000000001' });
      record('fetch-account');

      // when
      const { id } = await engine.start('syncAccount', { secrets: { apiToken: TOKEN } });
      const childId = await childOf(id);

      // then
      expect(stored(file)).to.match(/aes256gcm:/);
      expect(stored(file)).not.to.include(TOKEN);
      expect(seen['fetch-account']).to.deep.equal([{ apiToken: TOKEN }]);

      // when
      await engine.cancel(id);

      // then
      expect(stored(file)).to.equal('[]');
      expect(childId).to.be.a('string');
    });

    it('should refuse to read sealed secrets without the key or with another one, as an incident', async () => {
      // given: secrets sealed by one engine; the job runs in an engine with another key
      const file = join(dir, 'baton.db');
      await open({ store: `sqlite:${file}`, secretKey: 'a-key-of-32-characters-000000001' });
      await engine.start('syncAccount', { secrets: { apiToken: TOKEN } });
      await engine.close();

      // when
      await open({ store: `sqlite:${file}`, secretKey: 'another-key-of-32-characters-002', jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
      record('fetch-account');
      const [{ id }] = (await engine.queryInstances()).items;
      const failed = await until(engine, id, hasIncident, 10_000);

      // then
      expect(failed.incidents[0].message).to.include('they were stored with another secretKey');
      expect(seen['fetch-account']).to.equal(undefined);
    });

    it('should refuse a key shorter than 16 characters', async () => {
      // when
      const error = await Engine.open({ secretKey: 'short' }).catch((e: unknown) => e);

      // then
      expect(error).to.be.instanceOf(InvalidArgumentError);
      await open();
    });
  });
});
