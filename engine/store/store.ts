/**
 * The Store: everything the engine keeps, behind one small domain interface.
 * Adapters (memory, sqlite, later mongo) pass one contract suite
 * (test/store/contract.ts). A step's new state and its effects are written
 * by `commit` in one atomic write that requires the previous rev.
 */
import type { ProcessModel } from '../model/types.js';
import type { Effects, HistoryEvent, JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../runtime/records.js';
import type { InstanceState, InstanceStatus } from '../runtime/state.js';

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
}

export interface InstanceQuery {
  processId?: string;
  definitionKey?: string;
  status?: InstanceStatus;
  businessKey?: string;
  /** The children of an instance: those that its call activities started. */
  parentInstanceId?: string;
  /** Page size; adapters cap it at 1000. */
  limit?: number;
  /** Cursor: return instances whose id sorts after this one. */
  after?: string;
}

export interface UserTaskQuery {
  instanceId?: string;
  processId?: string;
  assignee?: string;
  candidateGroup?: string;
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

export interface Store {
  /** Refuses (ConflictError) a second definition with the same processId and version. */
  insertDefinition(definition: DefinitionRecord): Promise<void>;
  getDefinition(key: string): Promise<DefinitionRecord | undefined>;
  findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined>;
  latestDefinition(processId: string): Promise<DefinitionRecord | undefined>;
  /** The key of the latest version only: cheap, for starting instances with a cached model. */
  latestDefinitionKey(processId: string): Promise<string | undefined>;
  listDefinitions(): Promise<DefinitionRecord[]>;

  getInstance(id: string): Promise<InstanceState | undefined>;
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
  /** The earliest time a job of these types can be acquired (a held job: when its lease runs out), for the worker's next wake-up. */
  nextJobDueAt(types: string[], now: number): Promise<number | undefined>;

  getUserTask(id: string): Promise<UserTaskRecord | undefined>;
  queryUserTasks(query: UserTaskQuery): Promise<UserTaskRecord[]>;

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

  close(): Promise<void>;
}
