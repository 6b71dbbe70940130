/**
 * The state of one process instance: a plain JSON document, loaded, changed
 * by one step, and committed with a rev check. Nothing here lives in
 * closures or timers, so an instance can always be saved and resumed.
 */

import type { TimerSpec } from '../expressions/timers.js';

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
}

/**
 * The phase of an element that failed and is run again when its incident is
 * resolved. `arrive`: the token was stopped before it reached the element
 * (a runaway step); `enter`: the input mappings.
 */
export type IncidentPhase = 'arrive' | 'enter' | 'execute' | 'complete' | 'leave';

export interface IncidentState {
  id: string;
  tokenId: string;
  elementId: string;
  kind: 'expression' | 'job' | 'bpmnError' | 'noFlow' | 'calledElement';
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
}
