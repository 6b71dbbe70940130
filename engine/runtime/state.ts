/**
 * The state of one process instance: a plain JSON document, loaded, changed
 * by one step, and committed with a rev check. Nothing here lives in
 * closures or timers, so an instance can always be saved and resumed.
 */

import type { DataLoadState } from './data-loader.js';
import type { TimerSpec } from '../expressions/timers.js';
import type { UserTaskRecord } from './records.js';

export type InstanceStatus = 'active' | 'completed' | 'cancelled' | 'terminated';

export const ROOT_SCOPE = 'root';

export interface ScopeState {
  id: string;
  /** The process id for the root scope, else the element that opened the scope. */
  elementId: string;
  parentId?: string;
  /** The token in the parent scope that owns this scope (a sub-process or a task with input mappings). */
  ownerTokenId?: string;
  variables: Record<string, unknown>;
  /** Variables the inside writes that no outer scope has are created here, not at the root (an ad-hoc sub-process, as in Zeebe). */
  keepsNewVariables?: boolean;
  /** Completed activities of this scope instance that can be compensated, in completion order (./compensation.ts). */
  compensations?: CompensationRecord[];
}

/** A completed activity remembered for compensation. */
export interface CompensationRecord {
  elementId: string;
  /** The activity's own scope variables at completion: what its handler sees besides the live outer scopes. */
  variables: Record<string, unknown>;
  /** An embedded sub-process: the records of its inside, compensated with it. */
  inner?: CompensationRecord[];
}

/** A compensation under way, kept on the token that waits for it: the records still to compensate, next first. */
export interface CompensationRun {
  /** The scope instance the records belong to; their handlers run in it. */
  scopeId: string;
  pending: CompensationRecord[];
}

/**
 * Where a token is in its element's life: `ready` only inside a step,
 * `waiting` for a job, user task, join or child scope, `incident` until an
 * incident is resolved.
 */
export type TokenStatus = 'ready' | 'waiting' | 'incident';

export interface TokenState {
  id: string;
  /** The scope the token moves in. */
  scopeId: string;
  elementId: string;
  status: TokenStatus;
  /** The sequence flow the token arrived by (joins count tokens per flow). */
  via?: string;
  /** The element's own scope: input mappings, or the inside of a sub-process. */
  localScopeId?: string;
  jobKey?: string;
  userTaskId?: string;
  /** Variables an event delivered to this token, merged when its catching element completes. */
  payload?: Record<string, unknown>;
  /** A call activity's child instance. */
  childInstanceId?: string;
  /** Order of arrival, so that joins consume the oldest token first. */
  arrivedAt: number;
  /** When the element it is at was activated (the clock's time): its completion event carries how long it took. */
  activatedAt?: number;
  /** A compensation throw event (or a sub-process compensated by default) waiting for the handlers it started. */
  compensation?: CompensationRun;
  /** A token standing for one activity being compensated (its handler runs in its scope): the token that waits for it. */
  compensationOf?: string;
  /** A multi-instance body: the bookkeeping of its inner instances (./multiInstance.ts). */
  multiInstance?: MultiInstanceState;
  /** An inner instance of a multi-instance body: its place in the input collection, from 1. */
  loopCounter?: number;
  /** A standard loop: the runs of the activity so far, the current one included (./loops.ts). */
  loopRuns?: number;
  /** An ad-hoc sub-process whose completion condition held: it completes once nothing inside is left (./behaviours/adhoc.ts). */
  adHocSatisfied?: boolean;
  /** Listener jobs under way for the element (or the process, or a user task operation): ./listeners.ts. */
  listener?: ListenerCursor;
}

/**
 * Where a token is in the listeners of one event: the listener at `index`
 * runs now (its job is the token's `jobKey`), those before it completed.
 */
export interface ListenerCursor {
  event: 'start' | 'end' | 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';
  index: number;
  /** The token stands for its process: the process's own listeners, before its start event or after its last token. */
  process?: boolean;
  /** `end`: what the element completed with; `completing`: the variables the task is completed with, applied once every listener agreed. */
  variables?: Record<string, unknown>;
  /** `creating`: the task that becomes open once every listener completed. */
  task?: UserTaskRecord;
}

/** Kept on a multi-instance body token while its inner instances run. */
export interface MultiInstanceState {
  /** How many inner instances the body runs in all. */
  total: number;
  /** Inner instances started so far; the next one gets `loopCounter` started + 1. */
  started: number;
  completed: number;
  /** The input collection, read once on entry and kept until every inner instance has started. */
  items?: unknown[];
  /**
   * The output collection in input order; the body scope's variable of that
   * name shows it, but this is what counts, so work that returns a variable
   * of the same name (a called process given the parent's variables) cannot
   * wipe out what was collected.
   */
  outputs?: unknown[];
  /** The completion condition held: the body completes as soon as the instance that met it has left. */
  satisfied?: boolean;
}

/**
 * The phase of an element that failed and is run again when its incident is
 * resolved. `arrive`: the token was stopped before it reached the element
 * (a runaway step); `enter`: the input mappings; `listener`: the listener
 * at the token's listener cursor.
 */
/** `load`: the process's data loader failed (./data-loader.ts); such an incident has no token. */
export type IncidentPhase = 'arrive' | 'enter' | 'execute' | 'complete' | 'leave' | 'listener' | 'load';

export interface IncidentState {
  id: string;
  tokenId: string;
  elementId: string;
  kind: 'expression' | 'job' | 'bpmnError' | 'noFlow' | 'calledElement' | 'budget';
  message: string;
  phase: IncidentPhase;
  createdAt: number;
  jobKey?: string;
  /** Variables that arrived with a completion whose output mapping failed; applied again on retry. */
  pendingVariables?: Record<string, unknown>;
}

/**
 * An open wait for an event: a timer, message, signal or condition that a
 * boundary event, a catch event (or receive task), an event-based gateway or
 * an event sub-process start is listening for.
 */
export interface SubscriptionState {
  /** Unique across instances: the key of its timer job or of its message/signal subscription record. */
  id: string;
  kind: 'timer' | 'message' | 'signal' | 'conditional';
  /** The catching element: the boundary event, catch event, receive task or event sub-process start event. */
  elementId: string;
  /** The token that waits: the activity (boundary events), the catch event's or gateway's own token; none for event sub-process starts. */
  tokenId?: string;
  /** The scope instance the subscription belongs to (event sub-process starts watch it). */
  scopeId: string;
  messageName?: string;
  correlationKey?: string;
  signalName?: string;
  /** Timers: the parsed definition, its current job and how often it fired. */
  timer?: { spec: TimerSpec; jobKey: string; dueAt: number; fired: number };
  /** Conditional events fire when their condition turns from false to true. */
  conditionHeld?: boolean;
}

/** The call activity that started this instance. */
export interface ParentReference {
  instanceId: string;
  tokenId: string;
  /** The call activity's element id (absent in instances started before it was recorded). */
  elementId?: string;
  /** How deep in a chain of call activities this instance is (a root instance is 0). */
  depth: number;
}

export interface InstanceState {
  id: string;
  definitionKey: string;
  processId: string;
  version: number;
  businessKey?: string;
  status: InstanceStatus;
  /** Incremented by every committed step; the store refuses a commit whose base rev is stale. */
  rev: number;
  startedAt: number;
  endedAt?: number;
  scopes: Record<string, ScopeState>;
  tokens: Record<string, TokenState>;
  incidents: IncidentState[];
  subscriptions: Record<string, SubscriptionState>;
  parent?: ParentReference;
  /** Counter for ids of tokens, scopes, jobs, tasks and incidents: deterministic, unique within the instance. */
  sequence: number;
  /** The values of the search attributes the process declares, read from the root scope after each step (../search/attributes.ts). */
  searchAttributes?: Record<string, string | number | boolean>;
  /** A data load under way and the triggers held for it (./data-loader.ts). */
  dataLoad?: DataLoadState;
}
