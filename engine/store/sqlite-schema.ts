/**
 * The SQLite store's schema and its upgrades. A file made by an older
 * Baton is brought up to date in place when it is opened; a file from a
 * newer one is refused.
 */
import type Database from 'better-sqlite3';
import { indexedValue } from '../search/attributes.js';

/**
 * 1: definitions, instances, jobs, user tasks, history.
 * 2: subscriptions, messages, message_correlations (only new tables, so a
 *    version-1 file is upgraded in place by creating them).
 * 3: instances.parent_instance_id (call activities' children); an older
 *    file gets the column by ALTER TABLE, filled from the stored states.
 * 4: instances.incident_count (instances with open incidents), added and
 *    filled the same way.
 * 5: definitions.deployed_by, description, tags, startable_by, suspended,
 *    deleted_at (definition metadata), added by ALTER TABLE to old and new
 *    files alike; NULL where a record has no such field.
 * 6: search_attributes (one row per instance and declared attribute, for
 *    instance filters), filled from the stored states; definitions.environment
 *    (added by ALTER TABLE, 'default' for older rows).
 * 7: user_task_candidates (one row per candidate user and group of an open
 *    user task, kept by triggers on user_tasks), filled from the stored tasks:
 *    a person's task list is found by index, a page at a time.
 * 8: indexes for retention: ended instances by end time, subscriptions by
 *    instance (only new indexes, so an older file gets them in place).
 * 9: instance_secrets (an instance's own secrets, sealed), a new table.
 * 10: numeric_keys (the numeric key of a Baton id, for the Camunda 8
 *     compatible API), a new table.
 * 11: decisions (DMN decision versions with their compiled file), a new table.
 * 14: history_steps (one row per committed step, events compact: ./sqlite-history.ts) replaces history;
 *     the business key and parent indexes hold only instances that have one;
 *     activity_minutes and element_durations, the dashboard's counters (./sqlite-stats.ts),
 *     counting from the upgrade on.
 */
export const SCHEMA_VERSION = 14;

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
  state          TEXT NOT NULL,
  parent_instance_id TEXT,
  incident_count INTEGER NOT NULL DEFAULT 0
);
-- id is the second column so that a filtered page is read in id order from the index.
CREATE INDEX IF NOT EXISTS instances_by_process ON instances (process_id, id);
CREATE INDEX IF NOT EXISTS instances_by_definition ON instances (definition_key, id);
CREATE INDEX IF NOT EXISTS instances_by_status ON instances (status, id);

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

-- The history table of versions 1 to 13 (one row per event) is created by compactHistory only to be migrated.

-- Version 2.
-- correlation_key is NULL for start-event subscriptions (instance_id ''), which match any key,
-- so that both halves of a correlation lookup are read from subscriptions_by_name.
CREATE TABLE IF NOT EXISTS subscriptions (
  key             TEXT PRIMARY KEY,
  kind            TEXT NOT NULL,
  name            TEXT NOT NULL,
  correlation_key TEXT,
  instance_id     TEXT NOT NULL,
  process_id      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  record          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_by_name ON subscriptions (kind, name, correlation_key);
CREATE INDEX IF NOT EXISTS subscriptions_start_by_process ON subscriptions (process_id) WHERE instance_id = '';

CREATE TABLE IF NOT EXISTS messages (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  correlation_key TEXT NOT NULL,
  published_at    INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  record          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_name ON messages (name, correlation_key);
CREATE INDEX IF NOT EXISTS messages_by_expiry ON messages (expires_at);

-- One row per process a message went to: the primary key makes a claim atomic across processes.
-- rowid order is claim order.
CREATE TABLE IF NOT EXISTS message_correlations (
  message_id TEXT NOT NULL,
  process_id TEXT NOT NULL,
  PRIMARY KEY (message_id, process_id)
);
`;

/** Creates or checks the schema; IMMEDIATE so that two processes opening a new file do not race. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${version}; this Baton knows only up to ${SCHEMA_VERSION}`);
    }
    db.exec(SCHEMA);
    addParentInstanceColumn(db);
    addIncidentCountColumn(db);
    addDefinitionMetadataColumns(db);
    addSearchAttributesAndEnvironments(db);
    addUserTaskCandidates(db);
    addRetentionIndexes(db);
    addInstanceSecrets(db);
    addNumericKeys(db);
    addDecisions(db);
    compactHistory(db);
    partialKeyIndexes(db);
    addDashboardCounters(db);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Version 3: CREATE TABLE IF NOT EXISTS leaves an older instances table as it was, so the column is added here. */
function addParentInstanceColumn(db: Database.Database): void {
  const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('instances')`).pluck().all();
  if (!columns.includes('parent_instance_id')) {
    db.exec(`ALTER TABLE instances ADD COLUMN parent_instance_id TEXT`);
    db.exec(`UPDATE instances SET parent_instance_id = json_extract(state, '$.parent.instanceId')`);
  }
}

/** Version 4: the count of open incidents, filled from the stored states; a partial index, as few instances have any. */
function addIncidentCountColumn(db: Database.Database): void {
  const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('instances')`).pluck().all();
  if (!columns.includes('incident_count')) {
    db.exec(`ALTER TABLE instances ADD COLUMN incident_count INTEGER NOT NULL DEFAULT 0`);
    db.exec(`UPDATE instances SET incident_count = COALESCE(json_array_length(state, '$.incidents'), 0)`);
  }
  db.exec(`CREATE INDEX IF NOT EXISTS instances_with_incidents ON instances (id) WHERE incident_count > 0`);
}

/** Version 5: definition metadata. Only ALTER TABLE adds these columns, so SCHEMA's CREATE TABLE does not list them. */
function addDefinitionMetadataColumns(db: Database.Database): void {
  const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('definitions')`).pluck().all();
  const added: Array<[name: string, type: string]> = [
    ['deployed_by', 'TEXT'],
    ['description', 'TEXT'],
    ['tags', 'TEXT'],
    ['startable_by', 'TEXT'],
    ['suspended', 'INTEGER'],
    ['deleted_at', 'INTEGER'],
  ];
  for (const [name, type] of added) if (!columns.includes(name)) db.exec(`ALTER TABLE definitions ADD COLUMN ${name} ${type}`);
}

/**
 * Version 6: the search attribute index, filled from the states stored
 * (booleans as the texts 'true' and 'false', as ../search/attributes.ts
 * keeps them), and the environment of each definition.
 */
function addSearchAttributesAndEnvironments(db: Database.Database): void {
  const tables = db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
  if (!tables.includes('search_attributes')) {
    db.exec(`CREATE TABLE search_attributes (
      instance_id  TEXT NOT NULL,
      name         TEXT NOT NULL,
      value_text   TEXT,
      value_number REAL,
      PRIMARY KEY (instance_id, name)
    )`);
    db.exec(`INSERT INTO search_attributes (instance_id, name, value_text, value_number)
      SELECT instances.id, a.key,
        CASE a.type WHEN 'text' THEN a.value WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END,
        CASE WHEN a.type IN ('integer', 'real') THEN a.value END
      FROM instances, json_each(instances.state, '$.searchAttributes') AS a
      WHERE a.type IN ('text', 'true', 'false', 'integer', 'real')`);
  }
  // name first: a filter reads the instances with a value in a range of one attribute.
  db.exec(`CREATE INDEX IF NOT EXISTS search_attributes_by_text ON search_attributes (name, value_text)`);
  db.exec(`CREATE INDEX IF NOT EXISTS search_attributes_by_number ON search_attributes (name, value_number)`);
  const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('definitions')`).pluck().all();
  if (!columns.includes('environment')) db.exec(`ALTER TABLE definitions ADD COLUMN environment TEXT NOT NULL DEFAULT 'default'`);
}

/**
 * Version 7: candidate users and groups of open user tasks, one row each, so
 * that the tasks offered to a person are found by index. Triggers keep the
 * table in step with user_tasks whatever writes it (a task stored again is
 * a replaced row).
 */
function addUserTaskCandidates(db: Database.Database): void {
  const tables = db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
  const fresh = !tables.includes('user_task_candidates');
  db.exec(`CREATE TABLE IF NOT EXISTS user_task_candidates (
    task_id TEXT NOT NULL,
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL
  )`);
  db.exec(`CREATE INDEX IF NOT EXISTS user_task_candidates_by_name ON user_task_candidates (kind, name)`);
  db.exec(`CREATE INDEX IF NOT EXISTS user_task_candidates_by_task ON user_task_candidates (task_id)`);
  db.exec(`CREATE TRIGGER IF NOT EXISTS user_task_candidates_on_insert AFTER INSERT ON user_tasks BEGIN
    DELETE FROM user_task_candidates WHERE task_id = NEW.id;
    INSERT INTO user_task_candidates (task_id, kind, name) SELECT NEW.id, 'group', value FROM json_each(NEW.candidate_groups);
    INSERT INTO user_task_candidates (task_id, kind, name) SELECT NEW.id, 'user', value FROM json_each(NEW.record, '$.candidateUsers');
  END`);
  db.exec(`CREATE TRIGGER IF NOT EXISTS user_task_candidates_on_delete AFTER DELETE ON user_tasks BEGIN
    DELETE FROM user_task_candidates WHERE task_id = OLD.id;
  END`);
  if (fresh) {
    db.exec(`INSERT INTO user_task_candidates (task_id, kind, name)
      SELECT user_tasks.id, 'group', g.value FROM user_tasks, json_each(user_tasks.candidate_groups) AS g`);
    db.exec(`INSERT INTO user_task_candidates (task_id, kind, name)
      SELECT user_tasks.id, 'user', u.value FROM user_tasks, json_each(user_tasks.record, '$.candidateUsers') AS u`);
  }
}

/**
 * Version 8: retention reads ended instances earliest ended first (partial:
 * running instances have no end time), and deletes an instance's
 * subscriptions by its id.
 */
function addRetentionIndexes(db: Database.Database): void {
  db.exec(`CREATE INDEX IF NOT EXISTS instances_by_end ON instances (ended_at, id) WHERE ended_at IS NOT NULL`);
  db.exec(`CREATE INDEX IF NOT EXISTS subscriptions_by_instance ON subscriptions (instance_id)`);
}

/** Version 9: kept apart from the instance's state, which every reader of the instance sees. */
function addInstanceSecrets(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS instance_secrets (
    instance_id TEXT PRIMARY KEY,
    sealed      TEXT NOT NULL
  ) WITHOUT ROWID`);
}

/** Version 10: one row per (kind, id) given a numeric key; the key is the rowid, so a lookup by key is the table's own order. */
function addNumericKeys(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS numeric_keys (
    key  INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    UNIQUE (kind, id)
  )`);
}

/** Version 11: decisions, one row per version; the compiled file (graph) as JSON. */
function addDecisions(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS decisions (
    key             TEXT PRIMARY KEY,
    decision_id     TEXT NOT NULL,
    version         INTEGER NOT NULL,
    name            TEXT,
    requirements_id TEXT NOT NULL,
    hash            TEXT NOT NULL,
    resource_name   TEXT NOT NULL,
    xml             TEXT NOT NULL,
    graph           TEXT NOT NULL,
    deployed_at     INTEGER NOT NULL,
    deployed_by     TEXT,
    UNIQUE (decision_id, version)
  )`);
}

/**
 * Version 14: history as one row per committed step (./sqlite-history.ts).
 * The events of an older file move over one per row, in their full form,
 * in the order they were recorded; the old table is dropped.
 */
function compactHistory(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS history_steps (
    seq         INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    process_id  TEXT NOT NULL,
    events      TEXT NOT NULL
  )`);
  db.exec(`CREATE INDEX IF NOT EXISTS history_steps_by_instance ON history_steps (instance_id, seq)`);
  const tables = db.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
  if (!tables.includes('history')) return;
  db.exec(`INSERT INTO history_steps (instance_id, process_id, events)
    SELECT instance_id, json_extract(event, '$.processId'), '[' || event || ']' FROM history ORDER BY seq`);
  db.exec(`DROP TABLE history`);
}

/**
 * Version 14: most instances have no business key and no parent, and an
 * index entry for each of those NULLs cost two B-tree inserts per started
 * instance for nothing: a lookup by key or parent (`= ?`) implies NOT NULL,
 * so these partial indexes serve every query the full ones did.
 */
function partialKeyIndexes(db: Database.Database): void {
  const partial = db
    .prepare<[], string>(
      `SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('instances_by_business_key', 'instances_by_parent') AND sql LIKE '%WHERE%'`,
    )
    .pluck()
    .all();
  if (!partial.includes('instances_by_business_key')) {
    db.exec(`DROP INDEX IF EXISTS instances_by_business_key`);
    db.exec(`CREATE INDEX instances_by_business_key ON instances (business_key, id) WHERE business_key IS NOT NULL`);
  }
  if (!partial.includes('instances_by_parent')) {
    db.exec(`DROP INDEX IF EXISTS instances_by_parent`);
    db.exec(`CREATE INDEX instances_by_parent ON instances (parent_instance_id, id) WHERE parent_instance_id IS NOT NULL`);
  }
}

/** Version 14: the dashboard's counters (./stats.ts). An older file's instances are not counted again: the counters start at the upgrade. */
function addDashboardCounters(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS activity_minutes (
    minute     INTEGER NOT NULL,
    process_id TEXT NOT NULL,
    started    INTEGER NOT NULL DEFAULT 0,
    completed  INTEGER NOT NULL DEFAULT 0,
    incidents  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, process_id)
  ) WITHOUT ROWID`);
  db.exec(`CREATE TABLE IF NOT EXISTS element_durations (
    process_id TEXT NOT NULL,
    element_id TEXT NOT NULL,
    count      INTEGER NOT NULL,
    total_ms   REAL NOT NULL,
    max_ms     REAL NOT NULL,
    PRIMARY KEY (process_id, element_id)
  ) WITHOUT ROWID`);
}
