import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { ConflictError } from '../../engine/errors.js';
import { SqliteStore } from '../../engine/store/sqlite.js';
import {
  aDefinition,
  aJob,
  aMessage,
  anEvent,
  anInstance,
  aStartSubscription,
  aStartTimer,
  aSubscription,
  aUserTask,
  effects,
  storeContract,
} from './contract.js';
import type { ClaimReport } from './fixtures/sqlite-claim-worker.js';
import type { WorkerReport } from './fixtures/sqlite-worker.js';

const NOW = 1_700_000_000_000;
/** The schema version a new or upgraded file has (see the list in engine/store/sqlite.ts). */
const SCHEMA_VERSION = 14;

/** Temp directories made by this file, removed after each test. */
const dirs: string[] = [];

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-sqlite-'));
  dirs.push(dir);
  return join(dir, 'baton.db');
}

async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

storeContract('sqlite', async () => SqliteStore.open(await tempFile()), removeTempDirs);

describe('SqliteStore', () => {
  const open: SqliteStore[] = [];

  /** Opens a store and closes it after the test. */
  function openStore(file: string, options?: Parameters<typeof SqliteStore.open>[1]): SqliteStore {
    const store = SqliteStore.open(file, options);
    open.push(store);
    return store;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    await removeTempDirs();
  });

  describe('settings', () => {
    it('should run in WAL mode with synchronous FULL and a busy timeout by default', async () => {
      // given
      const store = openStore(await tempFile());

      // then
      expect(store.settings()).to.deep.equal({
        journalMode: 'wal',
        synchronous: 'FULL',
        durability: 'wal-sync',
        busyTimeoutMs: 5000,
        schemaVersion: SCHEMA_VERSION,
      });
    });

    it('should run with synchronous NORMAL when asked', async () => {
      // given
      const store = openStore(await tempFile(), { synchronous: 'NORMAL' });

      // then
      expect(store.settings()).to.include({ journalMode: 'wal', synchronous: 'NORMAL', durability: 'sqlite' });
    });

    it('should create the parent directory of the file', async () => {
      // given
      const file = join(await tempFile(), '..', 'nested', 'deeper', 'baton.db');

      // when
      openStore(file);

      // then
      expect(existsSync(file)).to.equal(true);
    });

    it('should open an in-memory database', async () => {
      // given
      const store = openStore(':memory:');

      // when
      await store.commit(anInstance(), effects());

      // then
      expect((await store.getInstance('i-1'))?.rev).to.equal(1);
    });
  });

  describe('schema', () => {
    /** The tables that schema version 2 added. */
    const VERSION_2_TABLES = ['message_correlations', 'messages', 'subscriptions'];

    function tables(file: string): string[] {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
      } finally {
        db.close();
      }
    }

    function instanceColumns(file: string): string[] {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare<[], string>(`SELECT name FROM pragma_table_info('instances')`).pluck().all();
      } finally {
        db.close();
      }
    }

    function definitionColumns(file: string): string[] {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare<[], string>(`SELECT name FROM pragma_table_info('definitions')`).pluck().all();
      } finally {
        db.close();
      }
    }

    /** The definition columns that schema version 5 added. */
    const VERSION_5_COLUMNS = ['deployed_by', 'description', 'tags', 'startable_by', 'suspended', 'deleted_at'];

    /** Turns a file back into what the version-4 store left: definitions without metadata columns, at user_version 4. */
    function downgradeToVersion4(file: string): void {
      const db = new Database(file);
      try {
        for (const column of VERSION_5_COLUMNS) db.exec(`ALTER TABLE definitions DROP COLUMN ${column}`);
        db.pragma('user_version = 4');
      } finally {
        db.close();
      }
    }

    /** Turns a file back into what the version-3 store left: instances without incident_count, at user_version 3. */
    function downgradeToVersion3(file: string): void {
      downgradeToVersion4(file);
      const db = new Database(file);
      try {
        db.exec(`DROP INDEX instances_with_incidents`);
        db.exec(`ALTER TABLE instances DROP COLUMN incident_count`);
        db.pragma('user_version = 3');
      } finally {
        db.close();
      }
    }

    /** Turns a file back into what the version-2 store left: instances without parent_instance_id, at user_version 2. */
    function downgradeToVersion2(file: string): void {
      downgradeToVersion3(file);
      const db = new Database(file);
      try {
        db.exec(`DROP INDEX instances_by_parent`);
        db.exec(`ALTER TABLE instances DROP COLUMN parent_instance_id`);
        db.pragma('user_version = 2');
      } finally {
        db.close();
      }
    }

    /** Turns a file back into what the version-1 store left: without the version-2 tables and at user_version 1. */
    function downgradeToVersion1(file: string): void {
      downgradeToVersion2(file);
      const db = new Database(file);
      try {
        for (const table of VERSION_2_TABLES) db.exec(`DROP TABLE ${table}`);
        db.pragma('user_version = 1');
      } finally {
        db.close();
      }
    }

    it('should upgrade a version-1 file in place, keeping its data', async () => {
      // given: a version-1 file with an instance and a job
      const file = await tempFile();
      const old = SqliteStore.open(file);
      await old.insertDefinition(aDefinition());
      await old.commit(anInstance(), effects({ createJobs: [aJob()] }));
      await old.close();
      downgradeToVersion1(file);
      expect(tables(file)).not.to.include.members(['subscriptions']);

      // when
      const store = openStore(file);

      // then
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect(tables(file)).to.include.members(VERSION_2_TABLES);
      expect(instanceColumns(file)).to.include('parent_instance_id');
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition());
      expect(await store.getInstance('i-1')).to.deep.equal(anInstance());
      expect(await store.getJob(aJob().key)).to.deep.equal(aJob());
      await store.commit({ ...anInstance(), rev: 2 }, effects({ createSubscriptions: [aSubscription()] }));
      expect(await store.findSubscriptions({ kind: 'message', name: 'payment' })).to.deep.equal([aSubscription()]);
      expect(await store.insertMessage(aMessage())).to.equal(true);
      expect(await store.claimMessage('m-1', 'order')).to.equal(true);
    });

    it('should upgrade a version-8 file in place with the table of instance secrets, and find secrets up the parents', async () => {
      // given: a version-8 file (no instance_secrets) with a parent and a child instance
      const file = await tempFile();
      const old = SqliteStore.open(file);
      await old.commit(anInstance({ id: 'p-1' }), effects());
      await old.commit(anInstance({ id: 'c-1', parent: { instanceId: 'p-1', tokenId: 't1', elementId: 'charge', depth: 1 } }), effects());
      await old.close();
      const db = new Database(file);
      db.exec('DROP TABLE instance_secrets');
      db.pragma('user_version = 8');
      db.close();

      // when
      const store = openStore(file);
      await store.putInstanceSecrets('p-1', 'plain:{"a":"1"}');
      await store.putInstanceSecrets('c-1', 'plain:{"b":"2"}');

      // then: outermost first; an instance not stored yet finds only its own
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect(await store.instanceSecretsChain('c-1')).to.deep.equal([
        { instanceId: 'p-1', sealed: 'plain:{"a":"1"}' },
        { instanceId: 'c-1', sealed: 'plain:{"b":"2"}' },
      ]);
      await store.putInstanceSecrets('new-1', 'plain:{}');
      expect(await store.instanceSecretsChain('new-1')).to.deep.equal([{ instanceId: 'new-1', sealed: 'plain:{}' }]);
    });

    it('should upgrade a version-9 file in place with the table of decisions', async () => {
      // given: a version-9 file (no decisions table)
      const file = await tempFile();
      await SqliteStore.open(file).close();
      const db = new Database(file);
      db.exec('DROP TABLE decisions');
      db.pragma('user_version = 9');
      db.close();

      // when
      const store = openStore(file);
      await store.insertDecision({
        key: 'd:1',
        decisionId: 'd',
        version: 1,
        requirementsId: 'r',
        hash: 'h',
        resourceName: 'r.dmn',
        xml: '<definitions/>',
        graph: { id: 'r', decisions: {} },
        deployedAt: 1,
      });

      // then
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect((await store.latestDecision('d'))?.key).to.equal('d:1');
    });

    it('should upgrade a version-11 file in place: history moves to one row per event, kept before later steps, and the business key index becomes partial', async () => {
      // given: a version-11 file whose history table holds an instance's first two events, one row each
      const file = await tempFile();
      const first = SqliteStore.open(file);
      const state = anInstance();
      await first.commit(state, effects());
      await first.close();
      const started = anEvent({ instanceId: state.id, type: 'instance.started', at: 1 });
      const activated = anEvent({ instanceId: state.id, type: 'element.activated', elementId: 'start', elementType: 'startEvent', at: 2 });
      const db = new Database(file);
      db.exec('DROP TABLE history_steps');
      db.exec('CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL, event TEXT NOT NULL)');
      for (const event of [started, activated]) db.prepare('INSERT INTO history (instance_id, event) VALUES (?, ?)').run(state.id, JSON.stringify(event));
      db.exec('DROP INDEX instances_by_business_key');
      db.exec('CREATE INDEX instances_by_business_key ON instances (business_key, id)');
      db.pragma('user_version = 11');
      db.close();

      // when: opened, and the instance takes one more step
      const store = openStore(file);
      const completed = anEvent({ instanceId: state.id, type: 'element.completed', elementId: 'start', elementType: 'startEvent', at: 3 });
      await store.commit({ ...state, rev: 2 }, effects({ events: [completed] }));

      // then
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect(tables(file)).not.to.include('history');
      const check = new Database(file, { readonly: true });
      const indexSql = check.prepare(`SELECT sql FROM sqlite_master WHERE name = 'instances_by_business_key'`).pluck().get();
      check.close();
      expect(indexSql).to.include('WHERE business_key IS NOT NULL');
      expect(await store.history(state.id)).to.deep.equal([started, activated, completed]);
    });

    it('should keep a step of several events as one row, and give each event back whole', async () => {
      // given
      const file = await tempFile();
      const store = openStore(file);
      const state = anInstance();
      const events = [
        anEvent({ instanceId: state.id, type: 'instance.started', at: 1 }),
        anEvent({ instanceId: state.id, type: 'incident.created', elementId: 'task', tokenId: 't1', incidentId: 'inc-1', message: 'no handler', at: 2 }),
        anEvent({ instanceId: state.id, processId: 'other', type: 'element.activated', elementId: 'e', at: 3 }),
      ];

      // when
      await store.commit(state, effects({ events }));

      // then
      expect(await store.history(state.id)).to.deep.equal(events);
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT process_id AS processId, events FROM history_steps WHERE instance_id = ?').all(state.id) as Array<{ events: string }>;
      db.close();
      expect(rows).to.have.length(1);
      expect(rows[0].events).not.to.include(state.id);
    });

    it('should upgrade a version-2 file in place, finding the children it already holds by their parent', async () => {
      // given: a version-2 file with a parent and a child instance
      const file = await tempFile();
      const old = SqliteStore.open(file);
      const parent = anInstance({ id: 'p-1' });
      const child = anInstance({ id: 'c-1', parent: { instanceId: 'p-1', tokenId: 't1', elementId: 'charge', depth: 1 } });
      await old.commit(parent, effects());
      await old.commit(child, effects());
      await old.close();
      downgradeToVersion2(file);
      expect(instanceColumns(file)).not.to.include('parent_instance_id');

      // when
      const store = openStore(file);

      // then
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect(instanceColumns(file)).to.include('parent_instance_id');
      expect(await store.getInstance('c-1')).to.deep.equal(child);
      expect((await store.queryInstances({ parentInstanceId: 'p-1' })).map((i) => i.id)).to.deep.equal(['c-1']);
      await store.commit(anInstance({ id: 'c-2', parent: { instanceId: 'p-1', tokenId: 't2', depth: 1 } }), effects());
      expect((await store.queryInstances({ parentInstanceId: 'p-1' })).map((i) => i.id)).to.deep.equal(['c-1', 'c-2']);
    });

    it('should upgrade a version-3 file in place, finding the instances it already holds with open incidents', async () => {
      // given: a version-3 file with one instance that has an incident and one that has none
      const file = await tempFile();
      const old = SqliteStore.open(file);
      const incident = {
        id: 'stuck-4',
        tokenId: 't1',
        elementId: 'charge',
        kind: 'job' as const,
        message: 'declined',
        phase: 'execute' as const,
        createdAt: NOW,
      };
      await old.commit(anInstance({ id: 'stuck', incidents: [incident] }), effects());
      await old.commit(anInstance({ id: 'fine' }), effects());
      await old.close();
      downgradeToVersion3(file);
      expect(instanceColumns(file)).not.to.include('incident_count');

      // when
      const store = openStore(file);

      // then
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect(instanceColumns(file)).to.include('incident_count');
      expect((await store.queryInstances({ hasIncidents: true })).map((i) => i.id)).to.deep.equal(['stuck']);
      expect((await store.queryInstances({ hasIncidents: false })).map((i) => i.id)).to.deep.equal(['fine']);
      const fine = (await store.getInstance('fine'))!;
      await store.commit({ ...fine, rev: 2, incidents: [{ ...incident, id: 'fine-5' }] }, effects());
      expect((await store.queryInstances({ hasIncidents: true })).map((i) => i.id)).to.deep.equal(['fine', 'stuck']);
    });

    it('should upgrade a version-4 file in place, keeping its definitions and giving them metadata', async () => {
      // given: a version-4 file with a definition
      const file = await tempFile();
      const old = SqliteStore.open(file);
      await old.insertDefinition(aDefinition());
      await old.close();
      downgradeToVersion4(file);
      expect(definitionColumns(file)).not.to.include('suspended');

      // when
      const store = openStore(file);

      // then
      expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
      expect(definitionColumns(file)).to.include.members(VERSION_5_COLUMNS);
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition());
      expect(await store.updateDefinition('order:1', { suspended: true, tags: ['billing'] })).to.equal(true);
      expect(await store.getDefinition('order:1')).to.deep.equal(aDefinition({ suspended: true, tags: ['billing'] }));
    });

    it('should refuse a file with a newer schema version than it knows', async () => {
      // given
      const file = await tempFile();
      await SqliteStore.open(file).close();
      const db = new Database(file);
      db.pragma('user_version = 99');
      db.close();

      // when
      let error: unknown;
      try {
        openStore(file);
      } catch (e) {
        error = e;
      }

      // then
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(/schema version 99/);
    });
  });

  describe('durability', () => {
    it('should keep everything across close and reopen of the same file', async () => {
      // given
      const file = await tempFile();
      const first = SqliteStore.open(file);
      const definition = aDefinition();
      const state = anInstance();
      const job = aJob();
      const task = aUserTask({ candidateGroups: ['sales'] });
      const subscription = aSubscription();
      const startSubscription = aStartSubscription();
      const timer = aStartTimer();
      await first.insertDefinition(definition);
      await first.commit(state, effects({ createJobs: [job], createUserTasks: [task], createSubscriptions: [subscription], events: [anEvent()] }));
      await first.acquireJobs({ types: [job.type], owner: 'worker-a', lockMs: 1000, now: NOW, max: 1 });
      await first.replaceStartTriggers('order', { subscriptions: [startSubscription], jobs: [timer] });
      await first.insertMessage(aMessage());
      await first.claimMessage('m-1', 'order');
      await first.close();

      // when
      const reopened = openStore(file);

      // then
      expect(await reopened.getDefinition(definition.key)).to.deep.equal(definition);
      expect(await reopened.getInstance(state.id)).to.deep.equal(state);
      expect(await reopened.getJob(job.key)).to.deep.equal({ ...job, lockOwner: 'worker-a', lockExpiresAt: NOW + 1000 });
      expect(await reopened.queryUserTasks({ candidateGroup: 'sales' })).to.deep.equal([task]);
      expect(await reopened.history(state.id)).to.deep.equal([anEvent()]);
      expect(await reopened.findSubscriptions({ kind: 'message', name: 'payment' })).to.deep.equal([subscription, startSubscription]);
      expect(await reopened.getJob(timer.key)).to.deep.equal(timer);
      expect(await reopened.getMessage('m-1')).to.deep.equal(aMessage({ correlatedProcesses: ['order'] }));
      expect(reopened.settings().schemaVersion).to.equal(SCHEMA_VERSION);
    });
  });

  describe('group commit', () => {
    it('should write every commit of a batch and refuse only the conflicting one', async () => {
      // given: ten instances at rev 1
      const store = openStore(await tempFile());
      const states = Array.from({ length: 10 }, (_, n) => anInstance({ id: `i-${n}` }));
      await Promise.all(states.map((state) => store.commit(state, effects())));
      const stale = { ...states[4]!, rev: 2, sequence: 99 };

      // when: the next steps of all of them arrive together, with a second step of i-4 from the same base rev
      const results = await Promise.allSettled([
        ...states.map((state) => store.commit({ ...state, rev: 2 }, effects({ createJobs: [aJob({ key: `${state.id}:job`, instanceId: state.id })] }))),
        store.commit(
          stale,
          effects({
            createJobs: [aJob({ key: 'stale:job' })],
            createSubscriptions: [aSubscription({ key: 'stale:subscription', instanceId: 'i-4' })],
            events: [anEvent({ instanceId: 'i-4' })],
          }),
        ),
      ]);

      // then
      expect(results.slice(0, 10).every((r) => r.status === 'fulfilled')).to.equal(true);
      expect(results[10]).to.have.property('status', 'rejected');
      expect((results[10] as PromiseRejectedResult).reason).to.be.instanceOf(ConflictError);
      for (const state of states) {
        expect((await store.getInstance(state.id))?.rev).to.equal(2);
        expect(await store.getJob(`${state.id}:job`)).not.to.be.undefined;
      }
      expect(await store.getJob('stale:job')).to.be.undefined;
      expect(await store.findSubscriptions({ kind: 'message', name: 'payment' })).to.deep.equal([]);
      expect((await store.getInstance('i-4'))?.sequence).to.equal(states[4]!.sequence);
      expect(await store.history('i-4')).to.deep.equal([]);
    });

    it('should refuse only the commit that fails after its first write, and keep nothing of it', async () => {
      // given: ten instances at rev 1
      const store = openStore(await tempFile());
      const states = Array.from({ length: 10 }, (_, n) => anInstance({ id: `i-${n}` }));
      await Promise.all(states.map((state) => store.commit(state, effects())));

      // when: their next steps arrive together, and i-4's has a job the jobs table refuses (no due time) after its instance row is written
      const results = await Promise.allSettled(
        states.map((state) =>
          store.commit(
            { ...state, rev: 2, sequence: 7 },
            effects({
              createJobs: [aJob({ key: `${state.id}:job`, instanceId: state.id, ...(state.id === 'i-4' ? { dueAt: Number.NaN } : {}) })],
              events: [anEvent({ instanceId: state.id })],
            }),
          ),
        ),
      );

      // then
      expect(results.map((r) => r.status)).to.deep.equal([...Array(4).fill('fulfilled'), 'rejected', ...Array(5).fill('fulfilled')]);
      expect((results[4] as PromiseRejectedResult).reason).to.match(/NOT NULL constraint failed: jobs.due_at/);
      for (const state of states) {
        const failed = state.id === 'i-4';
        expect((await store.getInstance(state.id))?.rev).to.equal(failed ? 1 : 2);
        expect((await store.getJob(`${state.id}:job`))?.key).to.equal(failed ? undefined : `${state.id}:job`);
        expect(await store.history(state.id)).to.have.length(failed ? 0 : 1);
      }
    });

    it('should write a commit that is still waiting for its batch when the store is closed', async () => {
      // given
      const file = await tempFile();
      const store = SqliteStore.open(file);
      const committed = store.commit(anInstance(), effects());

      // when
      await store.close();
      await committed;

      // then
      expect((await openStore(file).getInstance('i-1'))?.rev).to.equal(1);
    });
  });

  describe('two stores on one file', () => {
    it('should never lease the same job to both', async () => {
      // given
      const file = await tempFile();
      const a = openStore(file);
      const b = openStore(file);
      const jobs = Array.from({ length: 10 }, (_, n) => aJob({ key: `j${n}`, dueAt: NOW - n }));
      await a.commit(anInstance(), effects({ createJobs: jobs }));
      const request = { types: ['charge-card'], lockMs: 60_000, now: NOW, max: 3 };

      // when
      const leased: string[] = [];
      for (let round = 0; round < 4; round++) {
        leased.push(...(await a.acquireJobs({ ...request, owner: 'a' })).map((j) => j.key));
        leased.push(...(await b.acquireJobs({ ...request, owner: 'b' })).map((j) => j.key));
      }

      // then
      expect(new Set(leased).size).to.equal(leased.length);
      expect(leased.sort()).to.deep.equal(jobs.map((j) => j.key).sort());
    });

    it('should refuse a stale commit from one after the other committed', async () => {
      // given: both load the instance at rev 1
      const file = await tempFile();
      const a = openStore(file);
      const b = openStore(file);
      await a.commit(anInstance(), effects());
      const loadedByA = (await a.getInstance('i-1'))!;
      const loadedByB = (await b.getInstance('i-1'))!;

      // when
      await b.commit({ ...loadedByB, rev: 2, sequence: 100 }, effects());
      const error = await a.commit({ ...loadedByA, rev: 2, sequence: 200 }, effects({ events: [anEvent()] })).catch((e: unknown) => e);

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((await a.getInstance('i-1'))?.sequence).to.equal(100);
      expect(await a.history('i-1')).to.deep.equal([]);
    });
  });

  describe('messages in two stores on one file', () => {
    it('should let only one of them claim a message for a process', async () => {
      // given
      const file = await tempFile();
      const a = openStore(file);
      const b = openStore(file);
      await a.insertMessage(aMessage());

      // when
      const [byA, byB] = await Promise.all([a.claimMessage('m-1', 'order'), b.claimMessage('m-1', 'order')]);
      const againByA = await a.claimMessage('m-1', 'order');

      // then
      expect([byA, byB].filter((claimed) => claimed)).to.have.length(1);
      expect(againByA).to.equal(false);
      expect((await b.getMessage('m-1'))?.correlatedProcesses).to.deep.equal(['order']);
    });

    it('should let the other store claim a message that one released', async () => {
      // given
      const file = await tempFile();
      const a = openStore(file);
      const b = openStore(file);
      await a.insertMessage(aMessage());
      await a.claimMessage('m-1', 'order');

      // when
      await a.releaseMessage('m-1', 'order');

      // then
      expect(await b.claimMessage('m-1', 'order')).to.equal(true);
      expect(await a.claimMessage('m-1', 'order')).to.equal(false);
    });

    it('should keep only the first of two publishes of one message id', async () => {
      // given
      const file = await tempFile();
      const a = openStore(file);
      const b = openStore(file);

      // when
      const inserted = [await a.insertMessage(aMessage({ variables: { from: 'a' } })), await b.insertMessage(aMessage({ variables: { from: 'b' } }))];

      // then
      expect(inserted).to.deep.equal([true, false]);
      expect((await b.getMessage('m-1'))?.variables).to.deep.equal({ from: 'a' });
    });
  });

  describe('several processes on one file', () => {
    const worker = fileURLToPath(new URL('./fixtures/sqlite-worker.ts', import.meta.url));

    function startWorker(args: string[]): ChildProcess {
      return fork(worker, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    }

    function nextMessage<T>(child: ChildProcess): Promise<T> {
      return new Promise((resolve, reject) => {
        child.once('message', (message) => resolve(message as T));
        child.once('exit', (code) => reject(new Error(`worker exited with code ${code} before reporting`)));
      });
    }

    it('should give each message to a process exactly once when several processes claim them', async function () {
      this.timeout(60_000);
      const MESSAGES = 200;

      // given
      const file = await tempFile();
      const seed = SqliteStore.open(file);
      const ids = Array.from({ length: MESSAGES }, (_, n) => `m${String(n).padStart(3, '0')}`);
      for (const id of ids) await seed.insertMessage(aMessage({ id }));
      await seed.close();
      const claimWorker = fileURLToPath(new URL('./fixtures/sqlite-claim-worker.ts', import.meta.url));
      const workers = [1, 2, 3].map(() =>
        fork(claimWorker, [file, String(MESSAGES)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
      );

      // when: all processes start together, once each has opened the file
      try {
        await Promise.all(workers.map((child) => nextMessage<string>(child)));
        const reports = workers.map((child) => nextMessage<ClaimReport>(child));
        const startAt = Date.now() + 200;
        for (const child of workers) child.send(startAt);
        const results = await Promise.all(reports);

        // then
        const claimed = results.flatMap((r) => r.claimed);
        expect(claimed.sort()).to.deep.equal(ids);
        const check = openStore(file);
        for (const id of ids) expect((await check.getMessage(id))?.correlatedProcesses).to.deep.equal(['order']);
      } finally {
        for (const child of workers) if (child.exitCode === null) child.kill();
      }
    });

    it('should lease every job exactly once and serialise commits across processes', async function () {
      this.timeout(60_000);
      const INCREMENTS = 100;

      // given
      const file = await tempFile();
      const seed = SqliteStore.open(file);
      const jobs = Array.from({ length: 400 }, (_, n) => aJob({ key: `j${String(n).padStart(3, '0')}`, type: 'work' }));
      await seed.commit(anInstance({ id: 'host' }), effects({ createJobs: jobs }));
      await seed.commit(anInstance({ id: 'counter', tokens: {} }), effects());
      await seed.close();
      const owners = ['p1', 'p2', 'p3'];
      const workers = owners.map((owner) => startWorker([file, owner, String(INCREMENTS), String(NOW)]));

      // when: all processes start together, once each has opened the file
      try {
        await Promise.all(workers.map((child) => nextMessage<string>(child)));
        const reports = workers.map((child) => nextMessage<WorkerReport>(child));
        const startAt = Date.now() + 200;
        for (const child of workers) child.send(startAt);
        const results = await Promise.all(reports);

        // then
        const leased = results.flatMap((r) => r.acquired);
        expect(new Set(leased).size).to.equal(leased.length);
        expect(leased.sort()).to.deep.equal(jobs.map((j) => j.key));
        const check = openStore(file);
        expect((await check.getInstance('counter'))?.rev).to.equal(1 + owners.length * INCREMENTS);
        for (const [n, report] of results.entries()) {
          for (const key of report.acquired) expect((await check.getJob(key))?.lockOwner).to.equal(owners[n]);
        }
      } finally {
        for (const child of workers) if (child.exitCode === null) child.kill();
      }
    });
  });
});
