import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type Clock } from '../../engine/index.js';
import { SqliteStore } from '../../engine/store/sqlite.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

describe('Restart on the same SQLite file', () => {
  let dir: string;
  let file: string;
  const engines: Engine[] = [];
  const open = async (options: Parameters<typeof Engine.open>[0] = {}) => {
    const engine = await Engine.open({ store: `sqlite:${file}`, jobs: { pollIntervalMs: 20 }, ...options });
    engines.push(engine);
    return engine;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-restart-'));
    file = join(dir, 'baton.db');
  });

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('should resume an instance waiting on a user task after the engine is closed and reopened', async () => {
    // given
    const first = await open();
    await first.deploy({ xml: await fixture('restart-user-task.bpmn') });
    const { id } = await first.start('restartUserTask', { variables: { order: 7 } });
    await first.close();

    // when
    const second = await open();
    second.handle('ship', async (job) => ({ shipped: job.variables.order }));
    const [task] = await second.userTasks({ instanceId: id });
    await second.completeUserTask(task.id, { reviewed: true });

    // then
    const done = await second.waitFor(id, 'completed', { timeoutMs: 5000 });
    expect(done.variables).to.deep.equal({ order: 7, reviewed: true, shipped: 7 });
    expect(task).to.include({ elementId: 'review', assignee: 'ann' });
  });

  it('should run a job that was pending when the engine closed once the engine is back', async () => {
    // given: nobody serves 'work' while the first engine runs
    const first = await open();
    await first.deploy({ xml: await fixture('restart-job.bpmn') });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await first.start('restartJob', { variables: { i } })).id);
    expect((await first.getInstance(ids[0])).activeElements.map((e) => e.elementId)).to.deep.equal(['approve']);
    await first.close();

    // when
    const second = await open();
    second.handle('work', async (job) => ({ doubled: (job.variables.i as number) * 2 }));

    // then
    for (const [i, id] of ids.entries()) {
      const done = await second.waitFor(id, 'completed', { timeoutMs: 5000 });
      expect(done.variables).to.deep.equal({ i, doubled: i * 2 });
    }
  });

  it('should give a job to another engine once the lease of a worker that died has expired', async () => {
    // given: a worker leased the job and vanished
    const offset = { ms: 0 };
    const clock: Clock = { now: () => Date.now() + offset.ms };
    const first = await open({ clock });
    await first.deploy({ xml: await fixture('restart-job.bpmn') });
    const { id } = await first.start('restartJob');
    await first.close();
    const store = SqliteStore.open(file);
    const [leased] = await store.acquireJobs({ types: ['work'], owner: 'dead-worker', lockMs: 60_000, now: clock.now(), max: 1 });
    await store.close();
    expect(leased.lockOwner).to.equal('dead-worker');

    // when: a new engine runs, first within the lease, then past it
    const second = await open({ clock });
    const ran: string[] = [];
    second.handle('work', async (job) => void ran.push(job.key));
    // Time passes on purpose: the new engine gets polls enough to (wrongly) take the leased job.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran, "must not run a job under another worker's live lease").to.deep.equal([]);
    offset.ms = 61_000;

    // then
    await second.waitFor(id, 'completed', { timeoutMs: 5000 });
    expect(ran).to.deep.equal([leased.key]);
  });
});
