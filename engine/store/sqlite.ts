/**
 * The SQLite store (better-sqlite3): the embedded default. One file, WAL
 * mode, commits grouped into one transaction per turn of the event loop.
 * Several processes may open the same file: the rev checks and the job
 * leases are taken inside IMMEDIATE transactions, so they are serialised by
 * SQLite's write lock, and busy_timeout makes a second writer wait for it
 * instead of failing.
 *
 * Records are stored as JSON next to the few columns that queries filter on;
 * every read parses the JSON again, so callers always get fresh objects.
 * This is the only file that imports better-sqlite3.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError } from '../errors.js';
import type { Effects, HistoryEvent, JobRecord, UserTaskRecord } from '../runtime/records.js';
import type { InstanceState } from '../runtime/state.js';
import { pageLimit } from './queries.js';
import type { AcquireJobsRequest, DefinitionRecord, InstanceQuery, JobFailure, Store, UserTaskQuery } from './store.js';

export interface SqliteStoreOptions {
  /** FULL (default) survives a power cut; NORMAL only a killed process, and commits faster. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's write lock, in ms. */
  busyTimeoutMs?: number;
}

/** What the connection actually runs with, read back from SQLite (for tests and health checks). */
export interface SqliteSettings {
  journalMode: string;
  synchronous: string;
  busyTimeoutMs: number;
  schemaVersion: number;
}

const SCHEMA_VERSION = 1;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS definitions (
  key           TEXT PRIMARY KEY,
  process_id    TEXT NOT NULL,
  version       INTEGER NOT NULL,
  name          TEXT,
  hash          TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  xml           TEXT NOT NULL,
  model         TEXT NOT NULL,
  deployed_at   INTEGER NOT NULL,
  UNIQUE (process_id, version)
);
CREATE INDEX IF NOT EXISTS definitions_by_hash ON definitions (process_id, hash);

CREATE TABLE IF NOT EXISTS instances (
  id             TEXT PRIMARY KEY,
  rev            INTEGER NOT NULL,
  process_id     TEXT NOT NULL,
  definition_key TEXT NOT NULL,
  status         TEXT NOT NULL,
  business_key   TEXT,
  started_at     INTEGER NOT NULL,
  ended_at       INTEGER,
  state          TEXT NOT NULL
);
-- id is the second column so that a filtered page is read in id order from the index.
CREATE INDEX IF NOT EXISTS instances_by_process ON instances (process_id, id);
CREATE INDEX IF NOT EXISTS instances_by_definition ON instances (definition_key, id);
CREATE INDEX IF NOT EXISTS instances_by_status ON instances (status, id);
CREATE INDEX IF NOT EXISTS instances_by_business_key ON instances (business_key, id);

CREATE TABLE IF NOT EXISTS jobs (
  key             TEXT PRIMARY KEY,
  instance_id     TEXT NOT NULL,
  type            TEXT NOT NULL,
  due_at          INTEGER NOT NULL,
  lock_owner      TEXT,
  lock_expires_at INTEGER,
  retries         INTEGER NOT NULL,
  record          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_due ON jobs (type, due_at);
CREATE INDEX IF NOT EXISTS jobs_by_instance ON jobs (instance_id);

CREATE TABLE IF NOT EXISTS user_tasks (
  id               TEXT PRIMARY KEY,
  instance_id      TEXT NOT NULL,
  process_id       TEXT NOT NULL,
  assignee         TEXT,
  candidate_groups TEXT NOT NULL,
  record           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS user_tasks_by_instance ON user_tasks (instance_id);
CREATE INDEX IF NOT EXISTS user_tasks_by_process ON user_tasks (process_id);
CREATE INDEX IF NOT EXISTS user_tasks_by_assignee ON user_tasks (assignee);

CREATE TABLE IF NOT EXISTS history (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  event       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_instance ON history (instance_id, seq);
`;

interface DefinitionRow {
  key: string;
  process_id: string;
  version: number;
  name: string | null;
  hash: string;
  resource_name: string;
  xml: string;
  model: string;
  deployed_at: number;
}

interface JobRow {
  due_at: number;
  lock_owner: string | null;
  lock_expires_at: number | null;
  retries: number;
  record: string;
}

/** The rows of one commit, serialised when commit() is called. */
interface PreparedCommit {
  instance: {
    id: string;
    rev: number;
    processId: string;
    definitionKey: string;
    status: string;
    businessKey: string | null;
    startedAt: number;
    endedAt: number | null;
    state: string;
  };
  jobs: Array<Record<string, string | number | null>>;
  userTasks: Array<Record<string, string | null>>;
  deleteJobs: string[];
  deleteUserTasks: string[];
  events: string[];
}

interface PendingCommit {
  commit: PreparedCommit;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A job type list is bound as one JSON array and expanded with json_each, so one statement serves any list. */
const TYPES_IN = `type IN (SELECT value FROM json_each(@types))`;
const JOB_COLUMNS = `due_at, lock_owner, lock_expires_at, retries, record`;

export class SqliteStore implements Store {
  /** Prepared once: commit and acquire are the hot path. */
  private readonly stmt;
  /** Query statements are built per combination of filters and cached. */
  private readonly queryCache = new Map<string, Database.Statement>();
  /** One commit: on its own an IMMEDIATE transaction, inside a batch a savepoint. */
  private readonly commitOne;
  private readonly commitBatch;
  private readonly acquireTx;
  /** Commits waiting for the next group commit. */
  private pending: PendingCommit[] = [];

  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true });
    const busyTimeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const db = new Database(file, { timeout: busyTimeout });
    try {
      // busy_timeout first: switching to WAL and creating the schema may wait for another process.
      db.pragma(`busy_timeout = ${Math.floor(busyTimeout)}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      migrate(db);
      return new SqliteStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private constructor(private readonly db: Database.Database) {
    this.stmt = {
      insertDefinition: db.prepare(
        `INSERT INTO definitions (key, process_id, version, name, hash, resource_name, xml, model, deployed_at)
         VALUES (@key, @processId, @version, @name, @hash, @resourceName, @xml, @model, @deployedAt)
         ON CONFLICT DO NOTHING`,
      ),
      getDefinition: db.prepare<[string], DefinitionRow>(`SELECT * FROM definitions WHERE key = ?`),
      findDefinitionByHash: db.prepare<[string, string], DefinitionRow>(
        `SELECT * FROM definitions WHERE process_id = ? AND hash = ? ORDER BY version LIMIT 1`,
      ),
      latestDefinition: db.prepare<[string], DefinitionRow>(
        `SELECT * FROM definitions WHERE process_id = ? ORDER BY version DESC LIMIT 1`,
      ),
      latestDefinitionKey: db
        .prepare<[string], string>(`SELECT key FROM definitions WHERE process_id = ? ORDER BY version DESC LIMIT 1`)
        .pluck(),
      listDefinitions: db.prepare<[], DefinitionRow>(`SELECT * FROM definitions ORDER BY process_id, version`),

      getInstance: db.prepare<[string], string>(`SELECT state FROM instances WHERE id = ?`).pluck(),
      insertInstance: db.prepare(
        `INSERT INTO instances (id, rev, process_id, definition_key, status, business_key, started_at, ended_at, state)
         VALUES (@id, @rev, @processId, @definitionKey, @status, @businessKey, @startedAt, @endedAt, @state)
         ON CONFLICT DO NOTHING`,
      ),
      updateInstance: db.prepare(
        `UPDATE instances SET rev = @rev, process_id = @processId, definition_key = @definitionKey, status = @status,
           business_key = @businessKey, started_at = @startedAt, ended_at = @endedAt, state = @state
         WHERE id = @id AND rev = @baseRev`,
      ),
      getRev: db.prepare<[string], number>(`SELECT rev FROM instances WHERE id = ?`).pluck(),

      insertJob: db.prepare(
        `INSERT OR REPLACE INTO jobs (key, instance_id, type, due_at, lock_owner, lock_expires_at, retries, record)
         VALUES (@key, @instanceId, @type, @dueAt, @lockOwner, @lockExpiresAt, @retries, @record)`,
      ),
      deleteJob: db.prepare(`DELETE FROM jobs WHERE key = ?`),
      getJob: db.prepare<[string], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE key = ?`),
      acquireJobs: db.prepare<{ types: string; now: number; max: number; owner: string; expiresAt: number }, JobRow>(
        `UPDATE jobs SET lock_owner = @owner, lock_expires_at = @expiresAt
         WHERE key IN (
           SELECT key FROM jobs
           WHERE ${TYPES_IN} AND due_at <= @now
             AND (lock_owner IS NULL OR lock_expires_at IS NULL OR lock_expires_at <= @now)
           ORDER BY due_at, key
           LIMIT @max)
         RETURNING ${JOB_COLUMNS}`,
      ),
      failJob: db.prepare(
        `UPDATE jobs SET retries = @retries, due_at = @dueAt, lock_owner = NULL, lock_expires_at = NULL,
           record = json_set(record, '$.errorMessage', @errorMessage)
         WHERE key = @key AND lock_owner = @owner`,
      ),
      // A held job becomes acquirable when its lease runs out, so that is when a worker should look again.
      nextJobDueAt: db
        .prepare<{ types: string; now: number }, number | null>(
          `SELECT MIN(CASE WHEN lock_owner IS NOT NULL AND lock_expires_at > @now
                           THEN MAX(due_at, lock_expires_at) ELSE due_at END)
           FROM jobs WHERE ${TYPES_IN}`,
        )
        .pluck(),

      insertUserTask: db.prepare(
        `INSERT OR REPLACE INTO user_tasks (id, instance_id, process_id, assignee, candidate_groups, record)
         VALUES (@id, @instanceId, @processId, @assignee, @candidateGroups, @record)`,
      ),
      deleteUserTask: db.prepare(`DELETE FROM user_tasks WHERE id = ?`),
      getUserTask: db.prepare<[string], string>(`SELECT record FROM user_tasks WHERE id = ?`).pluck(),

      appendEvent: db.prepare(`INSERT INTO history (instance_id, event) VALUES (?, ?)`),
      history: db.prepare<[string], string>(`SELECT event FROM history WHERE instance_id = ? ORDER BY seq`).pluck(),
    };

    this.commitOne = db.transaction((commit: PreparedCommit) => this.writeCommit(commit));
    this.commitBatch = db.transaction((batch: PendingCommit[]) =>
      batch.map((entry) => {
        try {
          this.commitOne(entry.commit);
          return undefined;
        } catch (error) {
          // The savepoint is rolled back; the other commits of the batch go on.
          return error;
        }
      }),
    );
    this.acquireTx = db.transaction((request: AcquireJobsRequest) =>
      this.stmt.acquireJobs.all({
        types: JSON.stringify(request.types),
        now: request.now,
        max: Math.max(0, Math.floor(request.max)),
        owner: request.owner,
        expiresAt: request.now + request.lockMs,
      }),
    );
  }

  /** Reads back the settings the connection runs with. */
  settings(): SqliteSettings {
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_NAMES[synchronous] ?? String(synchronous),
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  async insertDefinition(definition: DefinitionRecord): Promise<void> {
    const { changes } = this.stmt.insertDefinition.run({
      key: definition.key,
      processId: definition.processId,
      version: definition.version,
      name: definition.name ?? null,
      hash: definition.hash,
      resourceName: definition.resourceName,
      xml: definition.xml,
      model: JSON.stringify(definition.model),
      deployedAt: definition.deployedAt,
    });
    if (changes === 0) {
      throw new ConflictError(`process '${definition.processId}' already has version ${definition.version}`);
    }
  }

  async getDefinition(key: string): Promise<DefinitionRecord | undefined> {
    return readDefinition(this.stmt.getDefinition.get(key));
  }

  async findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined> {
    return readDefinition(this.stmt.findDefinitionByHash.get(processId, hash));
  }

  async latestDefinition(processId: string): Promise<DefinitionRecord | undefined> {
    return readDefinition(this.stmt.latestDefinition.get(processId));
  }

  async latestDefinitionKey(processId: string): Promise<string | undefined> {
    return this.stmt.latestDefinitionKey.get(processId) ?? undefined;
  }

  async listDefinitions(): Promise<DefinitionRecord[]> {
    return this.stmt.listDefinitions.all().map((row) => readDefinition(row)!);
  }

  async getInstance(id: string): Promise<InstanceState | undefined> {
    const state = this.stmt.getInstance.get(id);
    return state === undefined ? undefined : (JSON.parse(state) as InstanceState);
  }

  /**
   * Group commit: commits that arrive in the same turn of the event loop
   * share one transaction and so one fsync, which is what bounds throughput
   * with synchronous=FULL. Each commit is a savepoint inside it, so a rev
   * conflict refuses only that commit. The rows are built at once, so the
   * caller may change its objects as soon as this returns.
   */
  async commit(state: InstanceState, effects: Effects): Promise<void> {
    const commit = prepareCommit(state, effects);
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ commit, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    if (batch.length === 1) {
      // No savepoint needed: a conflict rolls back a transaction that holds only this commit.
      const [entry] = batch as [PendingCommit];
      try {
        this.commitOne.immediate(entry.commit);
        entry.resolve();
      } catch (error) {
        entry.reject(error);
      }
      return;
    }
    let outcomes: unknown[];
    try {
      // IMMEDIATE takes the write lock before the rev checks, so no other process can commit in between.
      outcomes = this.commitBatch.immediate(batch);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, n) => (outcomes[n] === undefined ? entry.resolve() : entry.reject(outcomes[n])));
  }

  private writeCommit({ instance, jobs, userTasks, deleteJobs, deleteUserTasks, events }: PreparedCommit): void {
    const { changes } =
      instance.rev === 1 ? this.stmt.insertInstance.run(instance) : this.stmt.updateInstance.run({ ...instance, baseRev: instance.rev - 1 });
    if (changes === 0) {
      const stored = this.stmt.getRev.get(instance.id) ?? 0;
      throw new ConflictError(`instance ${instance.id} is at rev ${stored}, not ${instance.rev - 1}`);
    }
    for (const key of deleteJobs) this.stmt.deleteJob.run(key);
    for (const job of jobs) this.stmt.insertJob.run(job);
    for (const id of deleteUserTasks) this.stmt.deleteUserTask.run(id);
    for (const task of userTasks) this.stmt.insertUserTask.run(task);
    for (const event of events) this.stmt.appendEvent.run(instance.id, event);
  }

  async queryInstances(query: InstanceQuery): Promise<InstanceState[]> {
    const filters: Array<[column: string, value: string | undefined]> = [
      ['process_id', query.processId],
      ['definition_key', query.definitionKey],
      ['status', query.status],
      ['business_key', query.businessKey],
    ];
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of filters) {
      if (!value) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    if (query.after) {
      where.push('id > ?');
      params.push(query.after);
    }
    const sql = `SELECT state FROM instances ${whereClause(where)} ORDER BY id LIMIT ?`;
    const rows = this.cached(sql).pluck().all(...params, pageLimit(query.limit)) as string[];
    return rows.map((state) => JSON.parse(state) as InstanceState);
  }

  async acquireJobs(request: AcquireJobsRequest): Promise<JobRecord[]> {
    if (request.types.length === 0 || request.max <= 0) return [];
    // RETURNING gives no order guarantee, so restore the oldest-due-first order here.
    return this.acquireTx
      .immediate(request)
      .map(readJob)
      .sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async getJob(key: string): Promise<JobRecord | undefined> {
    const row = this.stmt.getJob.get(key);
    return row && readJob(row);
  }

  async failJob(key: string, owner: string, failure: JobFailure): Promise<boolean> {
    return this.stmt.failJob.run({ key, owner, retries: failure.retries, dueAt: failure.dueAt, errorMessage: failure.errorMessage }).changes > 0;
  }

  async nextJobDueAt(types: string[], now: number): Promise<number | undefined> {
    return this.stmt.nextJobDueAt.get({ types: JSON.stringify(types), now }) ?? undefined;
  }

  async getUserTask(id: string): Promise<UserTaskRecord | undefined> {
    const record = this.stmt.getUserTask.get(id);
    return record === undefined ? undefined : (JSON.parse(record) as UserTaskRecord);
  }

  async queryUserTasks(query: UserTaskQuery): Promise<UserTaskRecord[]> {
    const filters: Array<[condition: string, value: string | undefined]> = [
      ['instance_id = ?', query.instanceId],
      ['process_id = ?', query.processId],
      ['assignee = ?', query.assignee],
      ['EXISTS (SELECT 1 FROM json_each(user_tasks.candidate_groups) WHERE value = ?)', query.candidateGroup],
    ];
    const where: string[] = [];
    const params: string[] = [];
    for (const [condition, value] of filters) {
      if (!value) continue;
      where.push(condition);
      params.push(value);
    }
    // rowid order is creation order, as in the memory store.
    const sql = `SELECT record FROM user_tasks ${whereClause(where)} ORDER BY rowid`;
    const rows = this.cached(sql).pluck().all(...params) as string[];
    return rows.map((record) => JSON.parse(record) as UserTaskRecord);
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    return this.stmt.history.all(instanceId).map((event) => JSON.parse(event) as HistoryEvent);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }

  private cached(sql: string): Database.Statement {
    let statement = this.queryCache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.queryCache.set(sql, statement);
    }
    return statement;
  }
}

/** Creates or checks the schema; IMMEDIATE so that two processes opening a new file do not race. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}; this Baton knows only up to ${SCHEMA_VERSION}`);
    }
    db.exec(SCHEMA);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function prepareCommit(state: InstanceState, effects: Effects): PreparedCommit {
  return {
    instance: {
      id: state.id,
      rev: state.rev,
      processId: state.processId,
      definitionKey: state.definitionKey,
      status: state.status,
      businessKey: state.businessKey ?? null,
      startedAt: state.startedAt,
      endedAt: state.endedAt ?? null,
      state: JSON.stringify(state),
    },
    jobs: effects.createJobs.map((job) => ({
      key: job.key,
      instanceId: job.instanceId,
      type: job.type,
      dueAt: job.dueAt,
      lockOwner: job.lockOwner ?? null,
      lockExpiresAt: job.lockExpiresAt ?? null,
      retries: job.retries,
      record: JSON.stringify(job),
    })),
    userTasks: effects.createUserTasks.map((task) => ({
      id: task.id,
      instanceId: task.instanceId,
      processId: task.processId,
      assignee: task.assignee ?? null,
      candidateGroups: JSON.stringify(task.candidateGroups),
      record: JSON.stringify(task),
    })),
    deleteJobs: [...effects.deleteJobs],
    deleteUserTasks: [...effects.deleteUserTasks],
    events: effects.events.map((event) => JSON.stringify(event)),
  };
}

function whereClause(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

function readDefinition(row: DefinitionRow | undefined): DefinitionRecord | undefined {
  if (!row) return undefined;
  const definition: DefinitionRecord = {
    key: row.key,
    processId: row.process_id,
    version: row.version,
    hash: row.hash,
    resourceName: row.resource_name,
    xml: row.xml,
    model: JSON.parse(row.model),
    deployedAt: row.deployed_at,
  };
  if (row.name !== null) definition.name = row.name;
  return definition;
}

/** The columns are the truth for the fields that acquireJobs and failJob change; the JSON holds the rest. */
function readJob(row: JobRow): JobRecord {
  const job = JSON.parse(row.record) as JobRecord;
  job.dueAt = row.due_at;
  job.retries = row.retries;
  delete job.lockOwner;
  delete job.lockExpiresAt;
  if (row.lock_owner !== null) job.lockOwner = row.lock_owner;
  if (row.lock_expires_at !== null) job.lockExpiresAt = row.lock_expires_at;
  return job;
}
