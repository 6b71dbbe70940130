/**
 * The SQLite store (better-sqlite3): the embedded default. One file, WAL
 * mode, commits grouped into one transaction per turn of the event loop.
 * Several processes may open the same file: the rev checks and the job
 * leases are taken inside IMMEDIATE transactions, so they are serialised by
 * SQLite's write lock, and busy_timeout makes a second writer wait for it
 * instead of failing. A message claim is one INSERT under a primary key
 * (message, process), so exactly one claim per process gets in, whichever
 * process makes it.
 *
 * Records are stored as JSON next to the few columns that queries filter on;
 * every read parses the JSON again, so callers always get fresh objects.
 * The schema and its upgrades are in ./sqlite-schema.ts; these two files
 * are the only ones that import better-sqlite3.
 */
import { checkOpenedFile, damaged, factsBeforeOpen } from './sqlite-integrity.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError, NotFoundError, type StoreSyncError } from '../errors.js';
import type { Effects, HistoryEvent, JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../runtime/records.js';
import type { InstanceState } from '../runtime/state.js';
import { filterToSql } from '../search/sql.js';
import { assignmentConflict, pageLimit, userTaskCursor } from './queries.js';
import { preparePurge } from './sqlite-purge.js';
import { eventsOfRow, type HistoryRow } from './sqlite-history.js';
import { SqliteDecisions } from './sqlite-decisions.js';
import { SqliteStats } from './sqlite-stats.js';
import { WalSync, type FileSyncer } from './sqlite-wal-sync.js';
import { NumericKeys } from './sqlite-numeric-keys.js';
import type { ActivityMinute, ElementDuration, VersionLoad } from './stats.js';
import { migrate } from './sqlite-schema.js';
import type {
  AcquireJobsRequest,
  DecisionInfo,
  DecisionRecord,
  DefinitionInfo,
  DefinitionPatch,
  DefinitionQuery,
  DefinitionRecord,
  InstanceQuery,
  JobFailure,
  MessageQuery,
  PurgeRequest,
  StartTriggers,
  SealedSecrets,
  Store,
  SubscriptionQuery,
  UserTaskPage,
  UserTaskPageQuery,
  UserTaskQuery,
} from './store.js';
import { FIRST_NUMERIC_KEY } from './store.js';
import {
  type DefinitionRow,
  type DefinitionInfoRow,
  DEFINITION_INFO_COLUMNS,
  type JobRow,
  type PreparedCommit,
  type SearchAttributeRow,
  type SubscriptionRow,
  type MessageRow,
  type PendingCommit,
  TYPES_IN,
  JOB_COLUMNS,
  SUBSCRIPTION_COLUMNS,
  MESSAGE_COLUMNS,
  prepareCommit,
  jobRow,
  subscriptionRow,
  readMessage,
  whereClause,
  readDefinition,
  readDefinitionInfo,
  DEFINITION_METADATA_COLUMNS,
  definitionMetadataRow,
  readJob,
} from './sqlite-rows.js';

export interface SqliteStoreOptions {
  /** FULL (default) survives a power cut; NORMAL only a killed process, and commits faster. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's write lock, in ms. */
  busyTimeoutMs?: number;
  /** Tests only: how the WAL is synced with FULL (default: fdatasync on libuv's thread pool). */
  fileSyncer?: FileSyncer;
  /** Told once when the disk refuses a sync (StoreSyncError): from then on every write fails. */
  onSyncFailure?: (error: StoreSyncError) => void;
}

/** What the connection actually runs with, read back from SQLite (for tests and health checks). */
export interface SqliteSettings {
  journalMode: string;
  /** FULL: a write is answered once it is on disk; NORMAL: once it is in the WAL. */
  synchronous: string;
  /** Who waits for the disk with FULL: `wal-sync`, this store, off the event loop (./sqlite-wal-sync.ts); `sqlite` with NORMAL. */
  durability: 'wal-sync' | 'sqlite';
  busyTimeoutMs: number;
  schemaVersion: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

export class SqliteStore implements Store {
  /** Prepared once: commit and acquire are the hot path. */
  private readonly stmt;
  /** Query statements are built per combination of filters and cached. */
  private readonly queryCache = new Map<string, Database.Statement>();
  /** One commit: on its own an IMMEDIATE transaction, inside a batch a savepoint. */
  private readonly commitOne;
  private readonly commitBatch;
  /** A batch without savepoints: a rev conflict is found by a commit's first write, before it writes anything. */
  private readonly commitBatchPlain;
  private readonly acquireTx;
  private readonly replaceStartTriggersTx;
  private readonly insertMessageTx;
  private readonly deleteExpiredMessagesTx;
  private readonly purgeTx;
  private readonly decisions: SqliteDecisions;
  private readonly stats: SqliteStats;
  /** Commits waiting for the next group commit. */
  private pending: PendingCommit[] = [];
  /** Numeric keys (the Camunda API's): assigned in batches, remembered once known (./sqlite-numeric-keys.ts). */
  private readonly numericKeys: NumericKeys;

  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true });
    const facts = factsBeforeOpen(file);
    const busyTimeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const db = new Database(file, { timeout: busyTimeout });
    try {
      // busy_timeout first: switching to WAL and creating the schema may wait for another process.
      db.pragma(`busy_timeout = ${Math.floor(busyTimeout)}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      // Each commit of a group commit is a savepoint, and a savepoint keeps the pages it changes in a
      // statement journal: in a temp file that was ~100 KiB of writes per instance of diagram (a), in
      // memory it is none (bench/RESULTS.md). The journal holds one batch's pages at most.
      db.pragma('temp_store = MEMORY');
      checkOpenedFile(db, facts);
      migrate(db);
      if (options.synchronous === 'NORMAL' || file === ':memory:' || file === '') return new SqliteStore(db);
      // FULL from here on by syncing the WAL off the event loop (./sqlite-wal-sync.ts); the schema above was written with SQLite's own FULL.
      db.pragma('synchronous = NORMAL');
      return new SqliteStore(db, new WalSync(`${file}-wal`, options.fileSyncer, options.onSyncFailure));
    } catch (error) {
      db.close();
      throw damaged(error, file) ?? error;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    /** Makes writes durable before they are answered; none with synchronous=NORMAL or in memory. */
    private readonly walSync?: WalSync,
  ) {
    this.decisions = new SqliteDecisions(db);
    this.stats = new SqliteStats(db);
    this.stmt = {
      insertDefinition: db.prepare(
        `INSERT INTO definitions (key, process_id, version, name, hash, resource_name, xml, model, deployed_at,
           deployed_by, description, tags, startable_by, suspended, deleted_at, environment)
         VALUES (@key, @processId, @version, @name, @hash, @resourceName, @xml, @model, @deployedAt,
           @deployedBy, @description, @tags, @startableBy, @suspended, @deletedAt, @environment)
         ON CONFLICT DO NOTHING`,
      ),
      getDefinition: db.prepare<[string], DefinitionRow>(`SELECT * FROM definitions WHERE key = ?`),
      findDefinitionByHash: db.prepare<[string, string], DefinitionRow>(
        `SELECT * FROM definitions WHERE process_id = ? AND hash = ? AND deleted_at IS NULL ORDER BY version LIMIT 1`,
      ),
      latestDefinition: db.prepare<[string], DefinitionRow>(
        `SELECT * FROM definitions WHERE process_id = ? AND deleted_at IS NULL ORDER BY version DESC LIMIT 1`,
      ),
      latestDefinitionKey: db
        .prepare<[string], string>(`SELECT key FROM definitions WHERE process_id = ? AND deleted_at IS NULL ORDER BY version DESC LIMIT 1`)
        .pluck(),
      listDefinitions: db.prepare<[], DefinitionRow>(`SELECT * FROM definitions WHERE deleted_at IS NULL ORDER BY process_id, version`),

      getInstance: db.prepare<[string], string>(`SELECT state FROM instances WHERE id = ?`).pluck(),
      putSecrets: db.prepare(
        `INSERT INTO instance_secrets (instance_id, sealed) VALUES (?, ?) ON CONFLICT (instance_id) DO UPDATE SET sealed = excluded.sealed`,
      ),
      deleteSecrets: db.prepare(`DELETE FROM instance_secrets WHERE instance_id = ?`),
      getSecrets: db.prepare<[string], string>(`SELECT sealed FROM instance_secrets WHERE instance_id = ?`).pluck(),
      // From the instance up its parents (the instance itself may not be stored yet), bounded against a cycle.
      secretsChain: db.prepare<{ id: string }, SealedSecrets>(
        `WITH RECURSIVE chain (id, parent, depth) AS (
           SELECT @id, (SELECT parent_instance_id FROM instances WHERE id = @id), 0
           UNION ALL
           SELECT i.id, i.parent_instance_id, chain.depth + 1 FROM instances i JOIN chain ON i.id = chain.parent WHERE chain.depth < 1000
         )
         SELECT s.instance_id AS instanceId, s.sealed FROM chain JOIN instance_secrets s ON s.instance_id = chain.id ORDER BY chain.depth DESC`,
      ),
      anySecrets: db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM instance_secrets)`).pluck(),
      insertInstance: db.prepare(
        `INSERT INTO instances (id, rev, process_id, definition_key, status, business_key, started_at, ended_at, state, parent_instance_id,
           incident_count)
         VALUES (@id, @rev, @processId, @definitionKey, @status, @businessKey, @startedAt, @endedAt, @state, @parentInstanceId,
           @incidentCount)
         ON CONFLICT DO NOTHING`,
      ),
      // Sets only what a step changes, so SQLite leaves the indexes on the other columns alone (measured: half the cost of setting every column).
      // A migration changes the definition: the narrow statement matches no row then, and updateInstance follows.
      advanceInstance: db.prepare(
        `UPDATE instances SET rev = @rev, status = @status, ended_at = @endedAt, state = @state, incident_count = @incidentCount
         WHERE id = @id AND rev = @baseRev AND definition_key = @definitionKey`,
      ),
      updateInstance: db.prepare(
        `UPDATE instances SET rev = @rev, process_id = @processId, definition_key = @definitionKey, status = @status,
           business_key = @businessKey, started_at = @startedAt, ended_at = @endedAt, state = @state,
           parent_instance_id = @parentInstanceId, incident_count = @incidentCount
         WHERE id = @id AND rev = @baseRev`,
      ),
      getRev: db.prepare<[string], number>(`SELECT rev FROM instances WHERE id = ?`).pluck(),

      insertJob: db.prepare(
        `INSERT OR REPLACE INTO jobs (key, instance_id, type, due_at, lock_owner, lock_expires_at, retries, record)
         VALUES (@key, @instanceId, @type, @dueAt, @lockOwner, @lockExpiresAt, @retries, @record)`,
      ),
      deleteJob: db.prepare(`DELETE FROM jobs WHERE key = ?`),
      deleteHeldJob: db.prepare<[string, string]>(`DELETE FROM jobs WHERE key = ? AND lock_owner = ?`),
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
      extendJobLease: db.prepare(`UPDATE jobs SET lock_expires_at = @until WHERE key = @key AND lock_owner = @owner`),
      rescheduleJob: db.prepare(`UPDATE jobs SET due_at = @dueAt, lock_owner = NULL, lock_expires_at = NULL WHERE key = @key AND lock_owner = @owner`),
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
      // The column serves queries, the JSON is the record: both change together. @ifAssignee is a JSON array (null: no assignee) or NULL for no condition.
      assignUserTask: db
        .prepare<{ id: string; assignee: string | null; ifAssignee: string | null }, string>(
          `UPDATE user_tasks SET assignee = @assignee,
             record = CASE WHEN @assignee IS NULL THEN json_remove(record, '$.assignee') ELSE json_set(record, '$.assignee', @assignee) END
           WHERE id = @id AND (@ifAssignee IS NULL
             OR (assignee IS NULL AND EXISTS (SELECT 1 FROM json_each(@ifAssignee) WHERE type = 'null'))
             OR assignee IN (SELECT value FROM json_each(@ifAssignee) WHERE type = 'text'))
           RETURNING record`,
        )
        .pluck(),

      appendHistory: db.prepare<HistoryRow>(`INSERT INTO history_steps (instance_id, process_id, events) VALUES (@instanceId, @processId, @events)`),
      deleteSearchAttributes: db.prepare<[string]>(`DELETE FROM search_attributes WHERE instance_id = ?`),
      // A migration moves records to the new version's elements; only the JSON holds those fields, and leases and assignees stay.
      retarget: {
        job: db.prepare(`UPDATE jobs SET record = json_set(record, '$.definitionKey', @definitionKey, '$.elementId', @elementId) WHERE key = @key`),
        userTask: db.prepare(`UPDATE user_tasks SET record = json_set(record, '$.definitionKey', @definitionKey, '$.elementId', @elementId) WHERE id = @key`),
        subscription: db.prepare(
          `UPDATE subscriptions SET record = json_set(record, '$.definitionKey', @definitionKey, '$.elementId', @elementId) WHERE key = @key`,
        ),
      },
      insertSearchAttribute: db.prepare<SearchAttributeRow>(
        `INSERT INTO search_attributes (instance_id, name, value_text, value_number) VALUES (@instanceId, @name, @valueText, @valueNumber)`,
      ),
      history: db.prepare<[string], { processId: string; events: string }>(
        `SELECT process_id AS processId, events FROM history_steps WHERE instance_id = ? ORDER BY seq`,
      ),
      // One statement, so two writers cannot take the same number (the next key is read and written under the write lock); `WHERE true` lets SQLite read ON CONFLICT as the upsert clause.
      assignNumericKey: db.prepare<{ kind: string; id: string; first: number }>(
        `INSERT INTO numeric_keys (key, kind, id) SELECT COALESCE(MAX(key) + 1, @first), @kind, @id FROM numeric_keys WHERE true
         ON CONFLICT (kind, id) DO NOTHING`,
      ),
      numericKey: db.prepare<{ kind: string; id: string }, number>(`SELECT key FROM numeric_keys WHERE kind = @kind AND id = @id`).pluck(),
      idOfNumericKey: db.prepare<[number], { kind: string; id: string }>(`SELECT kind, id FROM numeric_keys WHERE key = ?`),

      insertSubscription: db.prepare<SubscriptionRow>(
        `INSERT OR REPLACE INTO subscriptions (key, kind, name, correlation_key, instance_id, process_id, created_at, record)
         VALUES (@key, @kind, @name, @correlationKey, @instanceId, @processId, @createdAt, @record)`,
      ),
      deleteSubscription: db.prepare(`DELETE FROM subscriptions WHERE key = ?`),
      // One statement per combination of filters; start-event rows are the ones with a NULL correlation_key and instance_id ''.
      findSubscriptions: {
        all: db
          .prepare<{ kind: string; name: string }, string>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE kind = @kind AND name = @name ORDER BY created_at, key`,
          )
          .pluck(),
        byKey: db
          .prepare<{ kind: string; name: string; key: string }, string>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
             WHERE kind = @kind AND name = @name AND correlation_key = @key AND instance_id <> ''
             UNION ALL
             SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
             WHERE kind = @kind AND name = @name AND correlation_key IS NULL AND instance_id = ''
             ORDER BY created_at, key`,
          )
          .pluck(),
        startEvents: db
          .prepare<{ kind: string; name: string }, string>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
             WHERE kind = @kind AND name = @name AND correlation_key IS NULL AND instance_id = ''
             ORDER BY created_at, key`,
          )
          .pluck(),
        instances: db
          .prepare<{ kind: string; name: string }, string>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
             WHERE kind = @kind AND name = @name AND instance_id <> ''
             ORDER BY created_at, key`,
          )
          .pluck(),
        instancesByKey: db
          .prepare<{ kind: string; name: string; key: string }, string>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
             WHERE kind = @kind AND name = @name AND correlation_key = @key AND instance_id <> ''
             ORDER BY created_at, key`,
          )
          .pluck(),
      },
      deleteStartSubscriptions: db.prepare(`DELETE FROM subscriptions WHERE instance_id = '' AND process_id = ?`),
      deleteStartJobs: db.prepare(`DELETE FROM jobs WHERE instance_id = '' AND json_extract(record, '$.processId') = ?`),

      insertMessage: db.prepare(
        `INSERT INTO messages (id, name, correlation_key, published_at, expires_at, record)
         VALUES (@id, @name, @correlationKey, @publishedAt, @expiresAt, @record)
         ON CONFLICT DO NOTHING`,
      ),
      getMessage: db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`),
      findMessages: db.prepare<MessageQuery, MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages
         WHERE name = @name AND correlation_key = @correlationKey AND expires_at > @now
         ORDER BY published_at, id`,
      ),
      // Only a message that exists can be claimed; the primary key lets exactly one claim per process in.
      claimMessage: db.prepare<[string, string, string]>(
        `INSERT INTO message_correlations (message_id, process_id)
         SELECT ?, ? WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?)
         ON CONFLICT DO NOTHING`,
      ),
      releaseMessage: db.prepare<[string, string]>(`DELETE FROM message_correlations WHERE message_id = ? AND process_id = ?`),
      deleteExpiredClaims: db.prepare<[number]>(`DELETE FROM message_correlations WHERE message_id IN (SELECT id FROM messages WHERE expires_at <= ?)`),
      deleteExpiredMessages: db.prepare<[number]>(`DELETE FROM messages WHERE expires_at <= ?`),
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
    this.commitBatchPlain = db.transaction((batch: PendingCommit[]) =>
      batch.map((entry) => {
        try {
          this.writeCommit(entry.commit);
          return undefined;
        } catch (error) {
          // writeCommit throws ConflictError only from its first write, the rev check. Any other failure
          // may have come after some of the commit's writes: the caller rolls all back.
          if (error instanceof ConflictError) return error;
          throw error;
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
    this.replaceStartTriggersTx = db.transaction((processId: string, triggers: StartTriggers) => {
      this.stmt.deleteStartSubscriptions.run(processId);
      this.stmt.deleteStartJobs.run(processId);
      for (const subscription of triggers.subscriptions) this.stmt.insertSubscription.run(subscriptionRow(subscription));
      for (const job of triggers.jobs) this.stmt.insertJob.run(jobRow(job));
    });
    this.insertMessageTx = db.transaction((message: MessageRecord): boolean => {
      const { correlatedProcesses, ...rest } = message;
      const { changes } = this.stmt.insertMessage.run({
        id: message.id,
        name: message.name,
        correlationKey: message.correlationKey,
        publishedAt: message.publishedAt,
        expiresAt: message.expiresAt,
        record: JSON.stringify(rest),
      });
      if (changes === 0) return false;
      for (const processId of correlatedProcesses) this.stmt.claimMessage.run(message.id, processId, message.id);
      return true;
    });
    this.deleteExpiredMessagesTx = db.transaction((now: number): number => {
      this.stmt.deleteExpiredClaims.run(now);
      return this.stmt.deleteExpiredMessages.run(now).changes;
    });
    this.purgeTx = preparePurge(db);
    const assignKeys = db.transaction((wanted: Array<{ kind: string; id: string }>) =>
      wanted.map(({ kind, id }) => {
        this.stmt.assignNumericKey.run({ kind, id, first: FIRST_NUMERIC_KEY });
        return String(this.stmt.numericKey.get({ kind, id }));
      }),
    );
    this.numericKeys = new NumericKeys((wanted) => {
      this.checkWritable();
      return this.durable(assignKeys.immediate(wanted));
    });
  }

  /** Reads back the settings the connection runs with. */
  settings(): SqliteSettings {
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: this.walSync ? 'FULL' : (SYNCHRONOUS_NAMES[synchronous] ?? String(synchronous)),
      durability: this.walSync ? 'wal-sync' : 'sqlite',
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  async insertDefinition(definition: DefinitionRecord): Promise<void> {
    this.checkWritable();
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
      ...definitionMetadataRow(definition),
      environment: definition.environment ?? 'default',
    });
    if (changes === 0) {
      throw new ConflictError(`process '${definition.processId}' already has version ${definition.version}`);
    }
    await this.durable();
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

  async queryDefinitions(query: DefinitionQuery): Promise<DefinitionInfo[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!query.includeDeleted) where.push('deleted_at IS NULL');
    if (query.processId !== undefined) {
      where.push('process_id = ?');
      params.push(query.processId);
    }
    if (query.key !== undefined) {
      where.push('key = ?');
      params.push(query.key);
    }
    const sql = `SELECT ${DEFINITION_INFO_COLUMNS} FROM definitions ${whereClause(where)} ORDER BY process_id, version`;
    return (this.cached(sql).all(...params) as DefinitionInfoRow[]).map(readDefinitionInfo);
  }

  async updateDefinition(key: string, patch: DefinitionPatch): Promise<boolean> {
    const row = definitionMetadataRow(patch);
    // Only the fields the patch names: the column names come from this file, never from the patch.
    const columns = Object.entries(DEFINITION_METADATA_COLUMNS).filter(([field]) => patch[field as keyof DefinitionPatch] !== undefined);
    if (!columns.length) return (await this.queryDefinitions({ key })).length > 0;
    this.checkWritable();
    const sql = `UPDATE definitions SET ${columns.map(([field, column]) => `${column} = @${field}`).join(', ')}
      WHERE key = @key AND deleted_at IS NULL`;
    const params = Object.fromEntries(columns.map(([field]) => [field, row[field as keyof typeof row]]));
    return this.durable(this.cached(sql).run({ ...params, key }).changes > 0);
  }

  async insertDecision(decision: DecisionRecord): Promise<void> {
    this.checkWritable();
    this.decisions.insert(decision);
    await this.durable();
  }

  async getDecision(key: string): Promise<DecisionRecord | undefined> {
    return this.decisions.get(key);
  }

  async latestDecision(decisionId: string): Promise<DecisionRecord | undefined> {
    return this.decisions.latest(decisionId);
  }

  async queryDecisions(query: { decisionId?: string }): Promise<DecisionInfo[]> {
    return this.decisions.query(query);
  }

  async getInstance(id: string): Promise<InstanceState | undefined> {
    const state = this.stmt.getInstance.get(id);
    return state === undefined ? undefined : (JSON.parse(state) as InstanceState);
  }

  async putInstanceSecrets(instanceId: string, sealed: string | undefined): Promise<void> {
    this.checkWritable();
    if (sealed === undefined) this.stmt.deleteSecrets.run(instanceId);
    else this.stmt.putSecrets.run(instanceId, sealed);
    await this.durable();
  }

  async updateInstanceSecrets(instanceId: string, change: (sealed: string | undefined) => string | undefined): Promise<void> {
    this.checkWritable();
    // IMMEDIATE: another process cannot change them between the read and the write.
    this.db
      .transaction(() => {
        const sealed = change(this.stmt.getSecrets.get(instanceId));
        if (sealed === undefined) this.stmt.deleteSecrets.run(instanceId);
        else this.stmt.putSecrets.run(instanceId, sealed);
      })
      .immediate();
    await this.durable();
  }

  async instanceSecretsChain(instanceId: string): Promise<SealedSecrets[]> {
    // Most files hold no instance secrets at all: one page read answers then, instead of a walk up the callers (4% of a step's time).
    if (!this.stmt.anySecrets.get()) return [];
    return this.stmt.secretsChain.all({ id: instanceId });
  }

  /**
   * Group commit: commits that arrive in the same turn of the event loop
   * share one transaction and so one fsync, which is what bounds throughput
   * with synchronous=FULL. Each commit is a savepoint inside it, so a rev
   * conflict refuses only that commit. The rows are built at once, so the
   * caller may change its objects as soon as this returns.
   */
  async commit(state: InstanceState, effects: Effects): Promise<void> {
    this.checkWritable();
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
      } catch (error) {
        entry.reject(error);
        return;
      }
      this.durable().then(entry.resolve, entry.reject);
      return;
    }
    let outcomes: unknown[];
    try {
      // IMMEDIATE takes the write lock before the rev checks, so no other process can commit in between.
      // Without savepoints first (two statements less per commit); a failure other than a rev conflict
      // rolls that back, and the batch goes again with a savepoint per commit, so only the failing one is refused.
      outcomes = this.commitBatchPlain.immediate(batch);
    } catch {
      try {
        outcomes = this.commitBatch.immediate(batch);
      } catch (error) {
        for (const entry of batch) entry.reject(error);
        return;
      }
    }
    const synced = this.durable();
    batch.forEach((entry, n) => (outcomes[n] === undefined ? synced.then(entry.resolve, entry.reject) : entry.reject(outcomes[n])));
  }

  private writeCommit({
    instance,
    jobs,
    userTasks,
    subscriptions,
    deleteJobs,
    deleteUserTasks,
    deleteSubscriptions,
    history,
    stats,
    searchAttributes,
    retarget,
  }: PreparedCommit): void {
    const { changes } = instance.rev === 1 ? this.stmt.insertInstance.run(instance) : this.updateInstance(instance);
    if (changes === 0) {
      const stored = this.stmt.getRev.get(instance.id) ?? 0;
      throw new ConflictError(`instance ${instance.id} is at rev ${stored}, not ${instance.rev - 1}`);
    }
    if (instance.status !== 'active') this.stmt.deleteSecrets.run(instance.id);
    for (const key of deleteJobs) this.stmt.deleteJob.run(key);
    for (const job of jobs) this.stmt.insertJob.run(job);
    for (const id of deleteUserTasks) this.stmt.deleteUserTask.run(id);
    for (const task of userTasks) this.stmt.insertUserTask.run(task);
    for (const key of deleteSubscriptions) this.stmt.deleteSubscription.run(key);
    for (const subscription of subscriptions) this.stmt.insertSubscription.run(subscription);
    for (const { kind, ...fields } of retarget) this.stmt.retarget[kind].run(fields);
    if (history) this.stmt.appendHistory.run(history);
    this.stats.write(stats);
    if (searchAttributes) {
      this.stmt.deleteSearchAttributes.run(instance.id);
      for (const row of searchAttributes) this.stmt.insertSearchAttribute.run(row);
    }
  }

  private updateInstance(instance: PreparedCommit['instance']): { changes: number } {
    const params = { ...instance, baseRev: instance.rev - 1 };
    const advanced = this.stmt.advanceInstance.run(params);
    return advanced.changes ? advanced : this.stmt.updateInstance.run(params);
  }

  async queryInstances(query: InstanceQuery): Promise<InstanceState[]> {
    const filters: Array<[column: string, value: string | undefined]> = [
      ['process_id', query.processId],
      ['definition_key', query.definitionKey],
      ['status', query.status],
      ['business_key', query.businessKey],
      ['parent_instance_id', query.parentInstanceId],
    ];
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of filters) {
      if (!value) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    // Written as the partial index instances_with_incidents is declared, so that SQLite uses it.
    if (query.hasIncidents !== undefined) where.push(query.hasIncidents ? 'incident_count > 0' : 'incident_count = 0');
    const times: Array<[condition: string, value: number | undefined]> = [
      ['started_at >= ?', query.startedAfter],
      ['started_at < ?', query.startedBefore],
      ['ended_at >= ?', query.endedAfter],
      ['ended_at < ?', query.endedBefore],
    ];
    for (const [condition, value] of times) {
      if (value === undefined) continue;
      where.push(condition);
      params.push(value);
    }
    if (query.where) {
      const search = filterToSql(query.where);
      where.push(search.sql);
      params.push(...search.params);
    }
    if (query.after) {
      where.push(query.newestFirst ? 'id < ?' : 'id > ?');
      params.push(query.after);
    }
    const sql = `SELECT state FROM instances ${whereClause(where)} ORDER BY id${query.newestFirst ? ' DESC' : ''} LIMIT ?`;
    // A search filter's SQL has the shape the client gave it: prepared for the one query, not cached.
    const statement = query.where ? this.db.prepare(sql) : this.cached(sql);
    const rows = statement.pluck().all(...params, pageLimit(query.limit)) as string[];
    return rows.map((state) => JSON.parse(state) as InstanceState);
  }

  async acquireJobs(request: AcquireJobsRequest): Promise<JobRecord[]> {
    if (request.types.length === 0 || request.max <= 0) return [];
    this.checkWritable();
    const rows = this.acquireTx.immediate(request);
    // Durable before a worker sees the jobs: that also makes the commits that created them durable.
    if (rows.length) await this.durable();
    // RETURNING gives no order guarantee, so restore the oldest-due-first order here.
    return rows.map(readJob).sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deleteJob(key: string, owner: string): Promise<boolean> {
    this.checkWritable();
    return this.durable(this.stmt.deleteHeldJob.run(key, owner).changes > 0);
  }

  async getJob(key: string): Promise<JobRecord | undefined> {
    const row = this.stmt.getJob.get(key);
    return row && readJob(row);
  }

  async failJob(key: string, owner: string, failure: JobFailure): Promise<boolean> {
    this.checkWritable();
    return this.durable(this.stmt.failJob.run({ key, owner, retries: failure.retries, dueAt: failure.dueAt, errorMessage: failure.errorMessage }).changes > 0);
  }

  async rescheduleJob(key: string, owner: string, dueAt: number): Promise<boolean> {
    this.checkWritable();
    return this.durable(this.stmt.rescheduleJob.run({ key, owner, dueAt }).changes > 0);
  }

  async extendJobLease(key: string, owner: string, until: number): Promise<boolean> {
    this.checkWritable();
    return this.durable(this.stmt.extendJobLease.run({ key, owner, until }).changes > 0);
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
    if (query.candidateGroups) {
      where.push('EXISTS (SELECT 1 FROM json_each(user_tasks.candidate_groups) WHERE value IN (SELECT value FROM json_each(?)))');
      params.push(JSON.stringify(query.candidateGroups));
    }
    if (query.unassigned) where.push('assignee IS NULL');
    // rowid order is creation order, as in the memory store.
    const sql = `SELECT record FROM user_tasks ${whereClause(where)} ORDER BY rowid`;
    const rows = this.cached(sql)
      .pluck()
      .all(...params) as string[];
    return rows.map((record) => JSON.parse(record) as UserTaskRecord);
  }

  async pageUserTasks(query: UserTaskPageQuery): Promise<UserTaskPage> {
    const where = ['rowid > ?'];
    const params: Array<string | number> = [userTaskCursor(query.after)];
    for (const [condition, value] of [
      ['instance_id = ?', query.instanceId],
      ['process_id = ?', query.processId],
      ['assignee = ?', query.assignee],
      [`id IN (SELECT task_id FROM user_task_candidates WHERE kind = 'group' AND name = ?)`, query.candidateGroup],
    ] as const) {
      if (!value) continue;
      where.push(condition);
      params.push(value);
    }
    if (query.candidateGroups) {
      where.push(`id IN (SELECT task_id FROM user_task_candidates WHERE kind = 'group' AND name IN (SELECT value FROM json_each(?)))`);
      params.push(JSON.stringify(query.candidateGroups));
    }
    if (query.unassigned) where.push('assignee IS NULL');
    if (query.offeredTo) {
      // Each branch is an index lookup: the person's assigned tasks, and the tasks offered to them or their groups.
      const { name, groups } = query.offeredTo;
      where.push(`(assignee = ? OR id IN (SELECT task_id FROM user_task_candidates
        WHERE (kind = 'user' AND name = ?) OR (kind = 'group' AND name IN (SELECT value FROM json_each(?)))))`);
      params.push(name === '' ? '\u0000' : name, name === '' ? '\u0000' : name, JSON.stringify(groups));
    }
    const limit = pageLimit(query.limit);
    const sql = `SELECT rowid AS position, record FROM user_tasks ${whereClause(where)} ORDER BY rowid LIMIT ?`;
    const rows = this.cached(sql).all(...params, limit + 1) as Array<{ position: number; record: string }>;
    const items = rows.slice(0, limit).map((row) => JSON.parse(row.record) as UserTaskRecord);
    return rows.length > limit ? { items, next: String(rows[limit - 1].position) } : { items };
  }

  async assignUserTask(id: string, assignee: string | undefined, ifAssignee?: Array<string | null>): Promise<UserTaskRecord> {
    this.checkWritable();
    const record = this.stmt.assignUserTask.get({ id, assignee: assignee ?? null, ifAssignee: ifAssignee ? JSON.stringify(ifAssignee) : null });
    if (record !== undefined) return this.durable(JSON.parse(record) as UserTaskRecord);
    const current = await this.getUserTask(id);
    if (!current) throw new NotFoundError(`no open user task '${id}'`);
    throw assignmentConflict(id, current.assignee);
  }

  async findSubscriptions(query: SubscriptionQuery): Promise<SubscriptionRecord[]> {
    const find = this.stmt.findSubscriptions;
    const params = { kind: query.kind, name: query.name };
    const key = query.correlationKey;
    let records: string[];
    if (query.startEvents === true) records = find.startEvents.all(params);
    else if (query.startEvents === false) records = key === undefined ? find.instances.all(params) : find.instancesByKey.all({ ...params, key });
    else records = key === undefined ? find.all.all(params) : find.byKey.all({ ...params, key });
    return records.map((record) => JSON.parse(record) as SubscriptionRecord);
  }

  async replaceStartTriggers(processId: string, triggers: StartTriggers): Promise<void> {
    this.checkWritable();
    this.replaceStartTriggersTx.immediate(processId, triggers);
    await this.durable();
  }

  async insertMessage(message: MessageRecord): Promise<boolean> {
    this.checkWritable();
    return this.durable(this.insertMessageTx.immediate(message));
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const row = this.stmt.getMessage.get(id);
    return row && readMessage(row);
  }

  async findMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const { name, correlationKey, now } = query;
    return this.stmt.findMessages.all({ name, correlationKey, now }).map(readMessage);
  }

  async claimMessage(id: string, processId: string): Promise<boolean> {
    this.checkWritable();
    return this.durable(this.stmt.claimMessage.run(id, processId, id).changes > 0);
  }

  async releaseMessage(id: string, processId: string): Promise<void> {
    this.checkWritable();
    this.stmt.releaseMessage.run(id, processId);
    await this.durable();
  }

  async deleteExpiredMessages(now: number): Promise<number> {
    this.checkWritable();
    return this.durable(this.deleteExpiredMessagesTx.immediate(now));
  }

  async activity(since: number): Promise<ActivityMinute[]> {
    return this.stats.activity(since);
  }

  async versionLoad(): Promise<VersionLoad[]> {
    return this.stats.versionLoad();
  }

  async slowestElements(limit: number): Promise<ElementDuration[]> {
    return this.stats.slowestElements(pageLimit(limit));
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    return this.stmt.history.all(instanceId).flatMap((row) => eventsOfRow(instanceId, row.processId, row.events));
  }

  async numericKey(kind: string, id: string): Promise<string> {
    const cached = this.numericKeys.keyOf(kind, id);
    if (cached !== undefined) return cached;
    const found = this.stmt.numericKey.get({ kind, id });
    if (found !== undefined) return this.numericKeys.remember(kind, id, String(found));
    return this.numericKeys.assign(kind, id);
  }

  async idOfNumericKey(key: string): Promise<{ kind: string; id: string } | undefined> {
    if (!/^\d{1,16}$/.test(key) || !Number.isSafeInteger(Number(key))) return undefined;
    const cached = this.numericKeys.idOf(key);
    if (cached) return { ...cached };
    const row = this.stmt.idOfNumericKey.get(Number(key));
    if (row) this.numericKeys.remember(row.kind, row.id, key);
    return row && { kind: row.kind, id: row.id };
  }

  async purgeEndedInstances(request: PurgeRequest): Promise<string[]> {
    this.checkWritable();
    return this.durable(this.purgeTx(request));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.flush();
    await this.walSync?.close();
    this.db.close();
  }

  /** Resolves with `value` once what was written so far is on disk (./sqlite-wal-sync.ts); at once without a WAL sync. */
  private async durable<T>(value?: T): Promise<T> {
    if (this.walSync) await this.walSync.durable();
    return value as T;
  }

  /** After a failed sync nothing more is written (./sqlite-wal-sync.ts). */
  private checkWritable(): void {
    this.walSync?.checkWritable();
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
