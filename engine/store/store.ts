/**
 * The Store: everything the engine keeps, behind one small domain interface.
 * Adapters (memory, sqlite, later mongo) pass one contract suite
 * (test/store/contract.ts). A step's new state and its effects are written
 * by `commit` in one atomic write that requires the previous rev.
 */
import type { DecisionGraph } from '../dmn/types.js';
import type { ProcessModel } from '../model/types.js';
import type { Effects, HistoryEvent, JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../runtime/records.js';
import type { InstanceState, InstanceStatus } from '../runtime/state.js';
import type { SearchFilter } from '../search/filter.js';
import type { StatsStore } from './stats.js';

export interface DefinitionRecord {
  /** `processId:version`, stable and readable. */
  key: string;
  processId: string;
  version: number;
  name?: string;
  /** sha-256 of the deployed XML: the same XML deployed again finds this version. */
  hash: string;
  resourceName: string;
  xml: string;
  model: ProcessModel;
  deployedAt: number;
  /** Who deployed it (the API key's name over REST). */
  deployedBy?: string;
  description?: string;
  tags?: string[];
  /** Only callers in one of these groups may start it over the API (admins always may); absent: anyone who may start instances. */
  startableBy?: string[];
  /** A suspended version starts no instances (API, timers, messages, signals, call activities); its running instances go on. */
  suspended?: boolean;
  /**
   * When the version was deleted. A deleted version is kept (its ended
   * instances still show their diagram, and its version number is never
   * given again) but is left out of every lookup but `getDefinition`.
   */
  deletedAt?: number;
  /** The environment the version belongs to (engine/definitions/environments.ts); absent: 'default'. */
  environment?: string;
}

/** A definition without its XML and model: what lists and start checks read. */
export type DefinitionInfo = Omit<DefinitionRecord, 'xml' | 'model'>;

export interface DefinitionQuery {
  processId?: string;
  key?: string;
  /** Deleted versions too (to number a new version past them). */
  includeDeleted?: boolean;
}

/** The editable fields of a definition; `null` removes a field. */
export interface DefinitionPatch {
  description?: string | null;
  tags?: string[];
  startableBy?: string[] | null;
  suspended?: boolean;
  deletedAt?: number;
}

/** One version of one decision; every decision of a `.dmn` file gets a version when the file changes. */
export interface DecisionRecord {
  /** `decisionId:version`. */
  key: string;
  decisionId: string;
  version: number;
  name?: string;
  /** The id of the file's `<definitions>` (its decision requirements graph). */
  requirementsId: string;
  /** sha-256 of the deployed XML: the same XML deployed again finds the latest version. */
  hash: string;
  resourceName: string;
  xml: string;
  /** The whole compiled file: the decision and the decisions it requires. */
  graph: DecisionGraph;
  deployedAt: number;
  deployedBy?: string;
}

/** A decision without its XML and graph: what lists read. */
export type DecisionInfo = Omit<DecisionRecord, 'xml' | 'graph'>;

export interface InstanceQuery {
  processId?: string;
  definitionKey?: string;
  status?: InstanceStatus;
  businessKey?: string;
  /** The children of an instance: those that its call activities started. */
  parentInstanceId?: string;
  /** true: only instances with an open incident; false: only those without. */
  hasIncidents?: boolean;
  /** Started at or after / before this time (epoch ms; after inclusive, before exclusive). */
  startedAfter?: number;
  startedBefore?: number;
  /** Ended at or after / before this time; either one leaves out instances that have not ended. */
  endedAfter?: number;
  endedBefore?: number;
  /** A validated filter over the instances' search attributes (../search/filter.ts). */
  where?: SearchFilter;
  /** Page size; adapters cap it at 1000. */
  limit?: number;
  /** Cursor: return instances whose id sorts after this one (before it, with `newestFirst`). */
  after?: string;
  /**
   * Descending id order. Ids sort by creation time (../instances/time-ordered-id.ts), so this is
   * newest first; instances with random ids of older versions sort among themselves by id.
   */
  newestFirst?: boolean;
}

export interface UserTaskQuery {
  instanceId?: string;
  processId?: string;
  assignee?: string;
  candidateGroup?: string;
  /** Offered to any of these groups (a task list's "my groups"). */
  candidateGroups?: string[];
  /** true: only tasks nobody holds. */
  unassigned?: boolean;
}

/** A page of open user tasks, oldest first; `offeredTo` keeps only those assigned or offered to that person or one of their groups. */
export interface UserTaskPageQuery extends UserTaskQuery {
  offeredTo?: { name: string; groups: string[] };
  /** At most this many (default 100, at most 1000). */
  limit?: number;
  /** The `next` of the previous page. */
  after?: string;
}

export interface UserTaskPage {
  items: UserTaskRecord[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

export interface AcquireJobsRequest {
  /** Only jobs of these types. */
  types: string[];
  owner: string;
  /** The lease: acquired jobs are the owner's until now + lockMs. */
  lockMs: number;
  now: number;
  max: number;
}

export interface JobFailure {
  retries: number;
  /** When the job may be acquired again. */
  dueAt: number;
  errorMessage: string;
}

export interface SubscriptionQuery {
  kind: SubscriptionRecord['kind'];
  name: string;
  /** Messages: only subscriptions with this correlation key (start-event subscriptions have none and always match). */
  correlationKey?: string;
  /** Only start-event subscriptions (`instanceId` empty) when true; only instance ones when false. */
  startEvents?: boolean;
}

export interface MessageQuery {
  name: string;
  correlationKey: string;
  /** Only messages that have not expired at this time. */
  now: number;
}

export interface StartTriggers {
  /** Message and signal start events of the new latest version (instanceId ''). */
  subscriptions: SubscriptionRecord[];
  /** Timer start events of the new latest version (internal jobs with instanceId ''). */
  jobs: JobRecord[];
}

export interface SealedSecrets {
  instanceId: string;
  sealed: string;
}

/** Which ended instances `purgeEndedInstances` deletes; times are epoch ms, compared with the instance's end. */
export interface PurgeRequest {
  /** Instances whose definition has no rule of its own go when they ended before this; absent: they are kept. */
  endedBefore?: number;
  /**
   * Rules of their own, by definition key (a version's `baton:retentionDays`):
   * its instances go when they ended before the time given, never when `null`.
   */
  byDefinition?: Record<string, number | null>;
  /** At most this many instances. */
  limit: number;
}

/** The first numeric key: Zeebe's first key of partition 1 (2^51 + 1), so that keys look like Zeebe's and stay exact in a JavaScript number. */
export const FIRST_NUMERIC_KEY = 2 ** 51 + 1;

/** Every adapter keeps the dashboard's statistics too (./stats.ts). */
export interface Store extends StatsStore {
  /** Refuses (ConflictError) a second definition with the same processId and version. */
  insertDefinition(definition: DefinitionRecord): Promise<void>;
  /** Deleted versions too: their ended instances still need the model. */
  getDefinition(key: string): Promise<DefinitionRecord | undefined>;
  /** This and the lookups below leave deleted versions out. */
  findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined>;
  latestDefinition(processId: string): Promise<DefinitionRecord | undefined>;
  /** The key of the latest version only: cheap, for starting instances with a cached model. */
  latestDefinitionKey(processId: string): Promise<string | undefined>;
  listDefinitions(): Promise<DefinitionRecord[]>;
  /** Definitions without XML and model, ordered by process id and version; deleted ones only with `includeDeleted`. */
  queryDefinitions(query: DefinitionQuery): Promise<DefinitionInfo[]>;
  /** Changes the fields of a definition that is not deleted; false (and no change) when there is none with the key. */
  updateDefinition(key: string, patch: DefinitionPatch): Promise<boolean>;

  /** Refuses (ConflictError) a second decision with the same decisionId and version. */
  insertDecision(decision: DecisionRecord): Promise<void>;
  getDecision(key: string): Promise<DecisionRecord | undefined>;
  latestDecision(decisionId: string): Promise<DecisionRecord | undefined>;
  /** Decisions without XML and graph (of one decision id when given), ordered by decision id and version. */
  queryDecisions(query: { decisionId?: string }): Promise<DecisionInfo[]>;

  getInstance(id: string): Promise<InstanceState | undefined>;
  /**
   * Sets an instance's own secrets, sealed (../secrets/sealing.ts), or
   * removes them (`undefined`). The instance need not be stored yet (its
   * secrets are written before its first step); a commit that ends the
   * instance removes them.
   */
  putInstanceSecrets(instanceId: string, sealed: string | undefined): Promise<void>;
  /** Reads and writes an instance's sealed secrets atomically: `change` gets what is stored and returns what to store (`undefined` removes it). */
  updateInstanceSecrets(instanceId: string, change: (sealed: string | undefined) => string | undefined): Promise<void>;
  /** The sealed secrets of the instance and of the instances that called it (by parent instance id), the outermost first. */
  instanceSecretsChain(instanceId: string): Promise<SealedSecrets[]>;
  /**
   * Writes `state` (whose rev is already the new rev) with its effects, in
   * one transaction. rev 1 inserts a new instance; any other rev requires the
   * stored rev to be `state.rev - 1`, else ConflictError and nothing is written.
   */
  commit(state: InstanceState, effects: Effects): Promise<void>;
  /** Ordered by id, at most `limit` (default 100). */
  queryInstances(query: InstanceQuery): Promise<InstanceState[]>;

  /** Atomically leases due, unlocked (or lease-expired) jobs of the given types, oldest due first. */
  acquireJobs(request: AcquireJobsRequest): Promise<JobRecord[]>;
  getJob(key: string): Promise<JobRecord | undefined>;
  /** Removes a job that its holder has dealt with outside any instance commit (an internal job whose target is gone); false when `owner` does not hold it. */
  deleteJob(key: string, owner: string): Promise<boolean>;
  /**
   * Records a failed attempt that has retries left: releases the lease and
   * sets the back-off. Only the lease holder may: false (and no change) when
   * `owner` no longer holds the job, because its lease expired and another
   * worker took it, or because the job is gone.
   */
  failJob(key: string, owner: string, failure: JobFailure): Promise<boolean>;
  /**
   * Moves the lease's expiry to `until` (an external worker needs more
   * time). Only the holder may: false (and no change) when `owner` does not
   * hold the job, or the job is gone.
   */
  extendJobLease(key: string, owner: string, until: number): Promise<boolean>;
  /** Releases a job its holder is done with for now and makes it due again at `dueAt` (a periodic internal job); false when `owner` does not hold it. */
  rescheduleJob(key: string, owner: string, dueAt: number): Promise<boolean>;
  /** The earliest time a job of these types can be acquired (a held job: when its lease runs out), for the worker's next wake-up. */
  nextJobDueAt(types: string[], now: number): Promise<number | undefined>;

  getUserTask(id: string): Promise<UserTaskRecord | undefined>;
  queryUserTasks(query: UserTaskQuery): Promise<UserTaskRecord[]>;
  /** One page of open user tasks, filtered (visibility included) in the store, so that a call costs one page. */
  pageUserTasks(query: UserTaskPageQuery): Promise<UserTaskPage>;
  /**
   * Sets an open user task's assignee (`undefined` unassigns it) and resolves
   * with the changed task. With `ifAssignee` it is a compare-and-set: the
   * change is made only while the task's assignee is one of those (`null`: no
   * assignee), else ConflictError, so two claims cannot both win.
   * NotFoundError when no open task has the id.
   */
  assignUserTask(id: string, assignee: string | undefined, ifAssignee?: Array<string | null>): Promise<UserTaskRecord>;

  /**
   * Subscriptions matching a message or signal, oldest first. Effects create
   * and delete instance subscriptions with the commit of their step.
   */
  findSubscriptions(query: SubscriptionQuery): Promise<SubscriptionRecord[]>;
  /**
   * Atomically replaces the start triggers of a process (its start-event
   * subscriptions and start-timer jobs, those whose instanceId is empty) with
   * the given ones: a newly deployed version takes over the schedule.
   */
  replaceStartTriggers(processId: string, triggers: StartTriggers): Promise<void>;

  /** Buffers a published message; false (and no change) when a message with its id exists already. */
  insertMessage(message: MessageRecord): Promise<boolean>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  /** Unexpired messages by name and correlation key, in publish order. */
  findMessages(query: MessageQuery): Promise<MessageRecord[]>;
  /** Atomically records that the message went to a process; false when it already had. */
  claimMessage(id: string, processId: string): Promise<boolean>;
  /** Undoes a claim whose correlation did not happen (the subscription was gone). */
  releaseMessage(id: string, processId: string): Promise<void>;
  /** Removes messages expired at `now`; returns how many. */
  deleteExpiredMessages(now: number): Promise<number>;

  /** History events of one instance in commit order. */
  history(instanceId: string): Promise<HistoryEvent[]>;

  /**
   * The numeric key of a Baton id of a kind ('instance', 'job', ...), for
   * APIs whose keys are numbers (the Camunda 8 REST API): assigned on the
   * first call, the same for ever after, distinct across kinds, a decimal
   * string from FIRST_NUMERIC_KEY upwards.
   */
  numericKey(kind: string, id: string): Promise<string>;
  /** What a numeric key was assigned to; undefined for a key never assigned. */
  idOfNumericKey(key: string): Promise<{ kind: string; id: string } | undefined>;

  /**
   * Retention: deletes up to `limit` ended instances (completed, cancelled,
   * terminated) that the request's rules let go, earliest ended first, with
   * everything stored for them (history, jobs, user tasks, subscriptions,
   * search attributes), in one transaction; running instances are never
   * touched. Resolves with the ids deleted. Whatever else is stored per
   * instance later is deleted here too.
   */
  purgeEndedInstances(request: PurgeRequest): Promise<string[]>;

  close(): Promise<void>;
}
