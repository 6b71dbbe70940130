/**
 * Rows of the SQLite store: how records become columns and JSON on the way
 * in, and records again on the way out. No statement runs here.
 */
import type { Effects, JobRecord, MessageRecord, Retarget, SubscriptionRecord } from '../runtime/records.js';
import type { InstanceState } from '../runtime/state.js';
import { indexedValue } from '../search/attributes.js';
import type { DefinitionInfo, DefinitionPatch, DefinitionRecord } from './store.js';
import { historyRow, type HistoryRow } from './sqlite-history.js';
import { commitStats, type CommitStats } from './stats.js';

export interface DefinitionRow extends DefinitionInfoRow {
  xml: string;
  model: string;
}

export interface DefinitionInfoRow {
  key: string;
  process_id: string;
  version: number;
  name: string | null;
  hash: string;
  resource_name: string;
  deployed_at: number;
  deployed_by: string | null;
  description: string | null;
  /** JSON arrays. */
  tags: string | null;
  startable_by: string | null;
  suspended: number | null;
  deleted_at: number | null;
  /** 'default' for a record without an environment. */
  environment: string;
}

/** The columns of a DefinitionInfo: everything but xml and model. */
export const DEFINITION_INFO_COLUMNS = `key, process_id, version, name, hash, resource_name, deployed_at, deployed_by, description, tags,
  startable_by, suspended, deleted_at, environment`;

export interface JobRow {
  due_at: number;
  lock_owner: string | null;
  lock_expires_at: number | null;
  retries: number;
  record: string;
}

/** The rows of one commit, serialised when commit() is called. */
export interface PreparedCommit {
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
    parentInstanceId: string | null;
    incidentCount: number;
  };
  /** Rows replacing the instance's search attributes; undefined leaves them as they are (a process that declares none). */
  searchAttributes?: SearchAttributeRow[];
  retarget: Retarget[];
  jobs: JobParams[];
  userTasks: Array<Record<string, string | null>>;
  subscriptions: SubscriptionRow[];
  deleteJobs: string[];
  deleteUserTasks: string[];
  deleteSubscriptions: string[];
  /** The step's history as one row; undefined when it recorded none. */
  history?: HistoryRow;
  /** What the step adds to the dashboard's counters (./stats.ts). */
  stats?: CommitStats;
}

export type JobParams = Record<string, string | number | null>;

export interface SearchAttributeRow {
  instanceId: string;
  name: string;
  valueText: string | null;
  valueNumber: number | null;
}

export interface SubscriptionRow {
  key: string;
  kind: string;
  name: string;
  correlationKey: string | null;
  instanceId: string;
  processId: string;
  createdAt: number;
  record: string;
}

export interface MessageRow {
  record: string;
  /** JSON array of process ids in claim order. */
  claims: string;
}

export interface PendingCommit {
  commit: PreparedCommit;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A job type list is bound as one JSON array and expanded with json_each, so one statement serves any list. */
export const TYPES_IN = `type IN (SELECT value FROM json_each(@types))`;
export const JOB_COLUMNS = `due_at, lock_owner, lock_expires_at, retries, record`;
export const SUBSCRIPTION_COLUMNS = `record, created_at, key`;
/** A message with the processes it went to, in claim order. */
export const MESSAGE_COLUMNS = `record, (SELECT json_group_array(process_id ORDER BY rowid)
  FROM message_correlations WHERE message_id = messages.id) AS claims`;

export function prepareCommit(state: InstanceState, effects: Effects): PreparedCommit {
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
      parentInstanceId: state.parent?.instanceId ?? null,
      incidentCount: state.incidents.length,
    },
    searchAttributes: searchAttributeRows(state),
    jobs: effects.createJobs.map(jobRow),
    userTasks: effects.createUserTasks.map((task) => ({
      id: task.id,
      instanceId: task.instanceId,
      processId: task.processId,
      assignee: task.assignee ?? null,
      candidateGroups: JSON.stringify(task.candidateGroups),
      record: JSON.stringify(task),
    })),
    subscriptions: effects.createSubscriptions.map(subscriptionRow),
    deleteJobs: [...effects.deleteJobs],
    deleteUserTasks: [...effects.deleteUserTasks],
    deleteSubscriptions: [...effects.deleteSubscriptions],
    retarget: (effects.retarget ?? []).map(({ kind, key, definitionKey, elementId }) => ({ kind, key, definitionKey, elementId })),
    history: effects.events.length ? historyRow(state.id, effects.events) : undefined,
    stats: commitStats(state, effects),
  };
}

export function searchAttributeRows(state: InstanceState): SearchAttributeRow[] | undefined {
  if (!state.searchAttributes) return undefined;
  return Object.entries(state.searchAttributes).map(([name, value]) => {
    const { text, number } = indexedValue(value);
    return { instanceId: state.id, name, valueText: text ?? null, valueNumber: number ?? null };
  });
}

export function jobRow(job: JobRecord): JobParams {
  return {
    key: job.key,
    instanceId: job.instanceId,
    type: job.type,
    dueAt: job.dueAt,
    lockOwner: job.lockOwner ?? null,
    lockExpiresAt: job.lockExpiresAt ?? null,
    retries: job.retries,
    record: JSON.stringify(job),
  };
}

/** A start-event subscription gets a NULL correlation_key: it matches any key (see the schema). */
export function subscriptionRow(subscription: SubscriptionRecord): SubscriptionRow {
  return {
    key: subscription.key,
    kind: subscription.kind,
    name: subscription.name,
    correlationKey: subscription.instanceId === '' ? null : (subscription.correlationKey ?? null),
    instanceId: subscription.instanceId,
    processId: subscription.processId,
    createdAt: subscription.createdAt,
    record: JSON.stringify(subscription),
  };
}

/** The claims table is the truth for correlatedProcesses; the JSON holds the rest. */
export function readMessage(row: MessageRow): MessageRecord {
  const message = JSON.parse(row.record) as MessageRecord;
  message.correlatedProcesses = JSON.parse(row.claims) as string[];
  return message;
}

export function whereClause(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

export function readDefinition(row: DefinitionRow | undefined): DefinitionRecord | undefined {
  if (!row) return undefined;
  return { ...readDefinitionInfo(row), xml: row.xml, model: JSON.parse(row.model) };
}

/** A NULL column is a field the record does not have, so a record reads back as it was written. */
export function readDefinitionInfo(row: DefinitionInfoRow): DefinitionInfo {
  const definition: DefinitionInfo = {
    key: row.key,
    processId: row.process_id,
    version: row.version,
    hash: row.hash,
    resourceName: row.resource_name,
    deployedAt: row.deployed_at,
  };
  if (row.name !== null) definition.name = row.name;
  if (row.deployed_by !== null) definition.deployedBy = row.deployed_by;
  if (row.description !== null) definition.description = row.description;
  if (row.tags !== null) definition.tags = JSON.parse(row.tags) as string[];
  if (row.startable_by !== null) definition.startableBy = JSON.parse(row.startable_by) as string[];
  if (row.suspended !== null) definition.suspended = row.suspended === 1;
  if (row.deleted_at !== null) definition.deletedAt = row.deleted_at;
  if (row.environment !== undefined && row.environment !== 'default') definition.environment = row.environment;
  return definition;
}

/** The metadata fields of a definition (or a patch) and their columns. */
export const DEFINITION_METADATA_COLUMNS = {
  deployedBy: 'deployed_by',
  description: 'description',
  tags: 'tags',
  startableBy: 'startable_by',
  suspended: 'suspended',
  deletedAt: 'deleted_at',
} as const;

export function definitionMetadataRow(definition: DefinitionPatch & { deployedBy?: string }) {
  const json = (value: string[] | null | undefined) => (value === undefined || value === null ? null : JSON.stringify(value));
  return {
    deployedBy: definition.deployedBy ?? null,
    description: definition.description ?? null,
    tags: json(definition.tags),
    startableBy: json(definition.startableBy),
    suspended: definition.suspended === undefined ? null : definition.suspended ? 1 : 0,
    deletedAt: definition.deletedAt ?? null,
  };
}

/** The columns are the truth for the fields that acquireJobs and failJob change; the JSON holds the rest. */
export function readJob(row: JobRow): JobRecord {
  const job = JSON.parse(row.record) as JobRecord;
  job.dueAt = row.due_at;
  job.retries = row.retries;
  delete job.lockOwner;
  delete job.lockExpiresAt;
  if (row.lock_owner !== null) job.lockOwner = row.lock_owner;
  if (row.lock_expires_at !== null) job.lockExpiresAt = row.lock_expires_at;
  return job;
}
