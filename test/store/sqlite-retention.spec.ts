import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { SCHEMA_VERSION } from '../../engine/store/sqlite-schema.js';
import { orphanCandidates, rowsOf } from './sqlite-rows-of.js';
import { NOW, aJob, aSubscription, aUserTask, anEvent, anInstance, effects } from './contract/factories.js';

const DAY = 24 * 3600 * 1000;

describe('SqliteStore retention (schema version 8)', () => {
  let dir: string;
  let file: string;
  const open: SqliteStore[] = [];

  function openStore(): SqliteStore {
    const store = SqliteStore.open(file);
    open.push(store);
    return store;
  }

  async function withRecords(store: SqliteStore, id: string, endedAt?: number): Promise<void> {
    await store.commit(
      anInstance({ id, searchAttributes: { orderId: id }, ...(endedAt === undefined ? {} : { status: 'completed', endedAt }) }),
      effects({
        createJobs: [aJob({ key: `${id}:j`, instanceId: id })],
        createUserTasks: [aUserTask({ id: `${id}:u`, instanceId: id, candidateGroups: ['sales'], candidateUsers: ['ann'] })],
        createSubscriptions: [aSubscription({ key: `${id}:s`, instanceId: id })],
        events: [anEvent({ instanceId: id }), anEvent({ instanceId: id, type: 'instance.completed' })],
      }),
    );
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-sqlite-v8-'));
    file = join(dir, 'baton.db');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('should leave no row of a purged instance in any table, and every row of a running one', async () => {
    // given
    const store = openStore();
    await withRecords(store, 'ended', NOW);
    await withRecords(store, 'running');

    // when
    const deleted = await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 500 });

    // then
    expect(deleted).to.deep.equal(['ended']);
    expect(rowsOf(file, 'ended')).to.deep.equal({
      instances: 0,
      history_steps: 0,
      jobs: 0,
      user_tasks: 0,
      user_task_candidates: 0,
      subscriptions: 0,
      search_attributes: 0,
    });
    expect(orphanCandidates(file)).to.equal(0);
    expect(rowsOf(file, 'running')).to.deep.equal({
      instances: 1,
      history_steps: 1,
      jobs: 1,
      user_tasks: 1,
      user_task_candidates: 2,
      subscriptions: 1,
      search_attributes: 1,
    });
  });

  it('should read the ended instances by the end-time index', async () => {
    // given
    openStore();
    const db = new Database(file, { readonly: true });

    // when
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM instances WHERE ended_at IS NOT NULL AND ended_at < 5 AND status <> 'active' ORDER BY ended_at, id LIMIT 10`)
      .all() as Array<{ detail: string }>;
    db.close();

    // then
    expect(plan.map((row) => row.detail).join('\n')).to.match(/USING INDEX instances_by_end/);
  });

  it('should let two stores on one file take turns, each batch deleting instances the other has not', async () => {
    // given
    const first = openStore();
    const second = openStore();
    for (let n = 0; n < 7; n++) await withRecords(first, `i-${n}`, NOW + n);

    // when
    const batches: string[][] = [];
    for (let turn = 0; turn < 4; turn++) batches.push(await (turn % 2 ? second : first).purgeEndedInstances({ endedBefore: NOW + DAY, limit: 2 }));

    // then
    expect(batches).to.deep.equal([['i-0', 'i-1'], ['i-2', 'i-3'], ['i-4', 'i-5'], ['i-6']]);
  });

  it('should upgrade a version-7 file in place, adding the retention indexes', async () => {
    // given: a file as the version-7 store left it, with an ended instance
    const old = SqliteStore.open(file);
    await withRecords(old, 'ended', NOW);
    await old.close();
    const db = new Database(file);
    db.exec(`DROP INDEX instances_by_end; DROP INDEX subscriptions_by_instance; DROP TABLE instance_secrets`);
    db.pragma('user_version = 7');
    db.close();

    // when
    const store = openStore();

    // then
    expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION).and.to.equal(14);
    const check = new Database(file, { readonly: true });
    const indexes = check.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
    check.close();
    expect(indexes).to.include.members(['instances_by_end', 'subscriptions_by_instance']);
    expect(await store.purgeEndedInstances({ endedBefore: NOW + DAY, limit: 500 })).to.deep.equal(['ended']);
  });
});
