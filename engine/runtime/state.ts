/**
 * The state of one process instance: a plain JSON document, loaded, changed
 * by one step, and committed with a rev check. Nothing here lives in
 * closures or timers, so an instance can always be saved and resumed.
 */

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
  kind: 'expression' | 'job' | 'bpmnError' | 'noFlow';
  message: string;
  phase: IncidentPhase;
  createdAt: number;
  jobKey?: string;
  /** Variables that arrived with a completion whose output mapping failed; applied again on retry. */
  pendingVariables?: Record<string, unknown>;
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
  /** Counter for ids of tokens, scopes, jobs, tasks and incidents: deterministic, unique within the instance. */
  sequence: number;
}
