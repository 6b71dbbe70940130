import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, MemoryStore, ValidationError, type EngineOptions, type Job } from '../../engine/index.js';
import { TestClock, completeTaskAt, elementsWith, eventually, fixture, hasIncident, until, untilInstance } from '../helpers.js';

const here = import.meta.url;

describe('data loader (baton:dataLoader)', function () {
  this.timeout(15_000);
  let engine: Engine;
  /** The memory store the engine runs on, unless a spec opens it on another. */
  let store: MemoryStore;
  let clock: TestClock;
  /** What happened, in order: each loader run with what it saw, and each job. */
  let log: string[];
  let loads: number;

  async function open(options: EngineOptions = {}): Promise<void> {
    store = new MemoryStore();
    engine = await Engine.open({ clock, store, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 }, ...options });
    await engine.deploy({ name: 'data-loader.bpmn', xml: fixture(here, 'data-loader.bpmn') });
  }

  function loader(answer: (job: Job) => Record<string, unknown> = () => ({})): void {
    engine.handle('load-customer', (job) => {
      loads += 1;
      log.push(`load ${loads} for ${job.variables.customerId as string}`);
      return { customer: { id: job.variables.customerId, tier: `tier-${loads}` }, ...answer(job) };
    });
  }

  function task(type: string): void {
    engine.handle(type, (job) => {
      log.push(`${type} saw ${(job.variables.customer as { tier: string }).tier}`);
      return {};
    });
  }

  beforeEach(async () => {
    clock = new TestClock('2026-01-05T09:00:00Z');
    log = [];
    loads = 0;
    await open();
  });

  afterEach(() => engine.close());

  it('should load before the start and before each resumption: job, user task, message, timer', async () => {
    // given
    loader();
    task('charge');
    task('record');

    // when
    const { id } = await engine.start('billing', { variables: { customerId: 'C-1', orderId: 'O-1' } });
    await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'approve' && e.status === 'waiting'));
    await completeTaskAt(engine, id, 'approve');
    await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'paid' && e.status === 'waiting'));
    await engine.publishMessage({ name: 'paid', correlationKey: 'O-1' });
    await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'pause' && e.status === 'waiting'));
    clock.advance(3_600_000);
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 5_000 });

    // then: start, charge completed, approve completed, message, timer, record completed
    expect(log).to.deep.equal([
      'load 1 for C-1',
      'charge saw tier-1',
      'load 2 for C-1',
      'load 3 for C-1',
      'load 4 for C-1',
      'load 5 for C-1',
      'record saw tier-5',
      'load 6 for C-1',
    ]);
    expect(done.variables.customer).to.deep.equal({ id: 'C-1', tier: 'tier-6' });
    expect((await engine.history(id)).filter((e) => e.type === 'instance.dataLoaded')).to.have.length(6);
  });

  it('should hold what arrives while a load runs, in order, and serve it with one load', async () => {
    // given: the first load after the start waits until released
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let secondLoadBegan = () => undefined as void;
    const secondLoad = new Promise<void>((resolve) => (secondLoadBegan = resolve));
    engine.handle('load-customer', async (job) => {
      loads += 1;
      log.push(`load ${loads}`);
      if (loads === 2) {
        secondLoadBegan();
        await gate;
      }
      return { customer: { id: job.variables.customerId, tier: `tier-${loads}` } };
    });
    engine.handle('work-a', () => (log.push('a done'), { a: 1 }));
    engine.handle('work-b', async () => {
      await secondLoad;
      log.push('b done');
      return { b: 1 };
    });

    // when: a's completion starts load 2, b completes while it runs
    const { id } = await engine.start('fanOut', { variables: { customerId: 'C-2' } });
    // a's completion and b's are both held for load 2 (held triggers are instance state, announced by no event)
    await eventually(async () => (await store.getInstance(id))?.dataLoad?.held.length === 2);
    release();
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 5_000 });

    // then: two loads in all, both completions applied once
    expect(log).to.deep.equal(['load 1', 'a done', 'load 2', 'b done']);
    expect(done.variables).to.include({ a: 1, b: 1 });
    expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['taskA', 'taskB', 'join', 'fanEnd']);
  });

  it('should retry a failing loader, then raise an incident on the process; resolving it loads again and applies the held trigger', async () => {
    // given: the loader fails until told otherwise
    let failing = true;
    engine.handle('load-customer', () => {
      loads += 1;
      if (failing) throw new Error('CRM unreachable');
      return { customer: { tier: 'gold' } };
    });
    task('charge');

    // when
    const { id } = await engine.start('billing', { variables: { customerId: 'C-3' } });
    const failed = await until(engine, id, hasIncident);

    // then
    expect(loads).to.equal(3);
    expect(failed.incidents).to.have.length(1);
    expect(failed.incidents[0]).to.include({ elementId: 'billing', kind: 'job' });
    expect(failed.incidents[0].message).to.equal("data loader 'load-customer': the job failed with no retries left: CRM unreachable");
    expect(failed.activeElements).to.deep.equal([]);

    // when
    failing = false;
    await engine.resolveIncident(id, failed.incidents[0].id);
    const resumed = await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'approve'));

    // then
    expect(resumed.incidents).to.deep.equal([]);
    expect(log).to.deep.equal(['charge saw gold']);
  });

  it("should count the variables of held triggers toward the instance's size, refusing a completion that would pass it", async () => {
    // given: an engine whose instances may hold 64 KiB; the load after the start never finishes
    await engine.close();
    await open({ limits: { instanceBytes: 64 * 1024 } });
    let loadsStarted = 0;
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    engine.handle('load-customer', async () => {
      if (++loadsStarted > 1) await gate;
      return {};
    });
    const { id } = await engine.start('fanOut', { variables: { customerId: 'C-6' } });
    await until(engine, id, (v) => v.activeElements.filter((e) => e.status === 'waiting').length === 2);
    const jobs = await engine.activateJobs({ type: 'work-a', worker: 'w', maxJobs: 1, lockMs: 60_000 });
    const others = await engine.activateJobs({ type: 'work-b', worker: 'w', maxJobs: 1, lockMs: 60_000 });
    const big = 'x'.repeat(40 * 1024);

    // when: both completions are held for the second load, 40 KiB each
    await engine.completeJob(jobs[0].key, { a: big }, { worker: 'w' });
    const error = await engine.completeJob(others[0].key, { b: big }, { worker: 'w' }).catch((e: unknown) => e);

    // then
    expect((error as Error).name).to.equal('LimitError');
    expect((await engine.getInstance(id)).status).to.equal('active');
    release();
  });

  it('should drop the load when the instance is cancelled during it', async () => {
    // given: no loader handler, so the load waits
    const { id } = await engine.start('billing', { variables: { customerId: 'C-4' } });

    // when
    await engine.cancel(id);

    // then: no loader job is left to run
    const jobs = await engine.activateJobs({ type: 'load-customer', worker: 'w', maxJobs: 10, lockMs: 1000 });
    expect(jobs).to.deep.equal([]);
  });

  it('should refuse at deploy a loader given as an expression, naming the process', async () => {
    // given
    const xml = fixture(here, 'data-loader.bpmn');
    const expression = xml.replace(
      'value="load-customer" />\n      </zeebe:properties>\n    </bpmn:extensionElements>\n    <bpmn:startEvent id="start">',
      'value="=loaderType" />\n      </zeebe:properties>\n    </bpmn:extensionElements>\n    <bpmn:startEvent id="start">',
    );

    // when
    const error = await engine.deploy({ name: 'bad.bpmn', xml: expression }).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => [p.processId, p.message])).to.deep.include([
      'billing',
      "baton:dataLoader is a task type, not an expression ('=loaderType')",
    ]);
  });

  describe('across a restart (SQLite)', () => {
    let dir: string;

    beforeEach(async () => {
      await engine.close();
      dir = mkdtempSync(join(tmpdir(), 'baton-loader-'));
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should keep the held trigger through a restart and apply it exactly once', async () => {
      // given: the job completes, its trigger is held for a load that no one runs yet
      const file = join(dir, 'baton.db');
      await open({ store: `sqlite:${file}` });
      loader();
      task('charge');
      const { id } = await engine.start('billing', { variables: { customerId: 'C-5', orderId: 'O-5' } });
      await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'approve'));
      await engine.close();

      // when: a new engine on the same file, the user task completed (held), closed before any loader ran
      await open({ store: `sqlite:${file}` });
      await completeTaskAt(engine, id, 'approve');
      await engine.close();
      await open({ store: `sqlite:${file}` });
      loader();
      const after = await untilInstance(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'paid' && e.status === 'waiting'));

      // then
      expect((await engine.history(id)).filter((e) => e.type === 'element.completed' && e.elementId === 'approve')).to.have.length(1);
      expect(after.variables.customer).to.deep.include({ id: 'C-5' });
    });
  });
});
