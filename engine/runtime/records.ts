/**
 * What a step asks of the world besides its new state: jobs and user tasks
 * to create or remove, and history events. The store writes them in the same
 * atomic commit as the state.
 */
import type { EvaluatedDecision } from '../dmn/evaluate.js';

export interface JobRecord {
  key: string;
  instanceId: string;
  definitionKey: string;
  processId: string;
  elementId: string;
  tokenId: string;
  type: string;
  retries: number;
  headers: Record<string, string>;
  /** The variables visible to the task when the job was created. */
  variables: Record<string, unknown>;
  /** Not acquirable before this time (retry back-off). */
  dueAt: number;
  createdAt: number;
  lockOwner?: string;
  lockExpiresAt?: number;
  errorMessage?: string;
  /** Internal jobs (`baton:*` types: timers, calls between instances) carry their data here. */
  payload?: Record<string, unknown>;
  /** What the job is for: absent for the element's own work (Zeebe's BPMN_ELEMENT). */
  kind?: 'EXECUTION_LISTENER' | 'TASK_LISTENER';
  /** Listener jobs: the event they listen to, as Zeebe names it (START, END, CREATING, ASSIGNING, UPDATING, COMPLETING, CANCELING). */
  listenerEventType?: string;
}

/** An open wait for a message or signal, indexed so that a publish or broadcast finds it by name (and correlation key). */
export interface SubscriptionRecord {
  key: string;
  kind: 'message' | 'signal';
  name: string;
  /** Messages only. */
  correlationKey?: string;
  /** Empty for the start event of a deployed definition. */
  instanceId: string;
  definitionKey: string;
  processId: string;
  elementId: string;
  createdAt: number;
}

/** A published message, kept for its time to live so that a subscription opened later still gets it. */
export interface MessageRecord {
  /** The publisher's message id (publishing the same id again is a no-op), or a generated one. */
  id: string;
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  publishedAt: number;
  expiresAt: number;
  /** Processes the message has been correlated to: it correlates at most once per process. */
  correlatedProcesses: string[];
  /** The publisher's groups, when it was no admin: the message starts only versions it may start (`startableBy`). */
  publisherGroups?: string[];
}

export interface UserTaskRecord {
  id: string;
  instanceId: string;
  definitionKey: string;
  processId: string;
  /** The process's name, when it has one. */
  processName?: string;
  /** The instance's business key, when it has one. */
  businessKey?: string;
  elementId: string;
  tokenId: string;
  name?: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  /** The embedded form (`zeebe:userTaskForm`) when the diagram carries one. */
  formBody?: string;
  createdAt: number;
}

export type HistoryEventType =
  | 'instance.started'
  | 'instance.completed'
  | 'instance.terminated'
  | 'instance.cancelled'
  | 'element.activated'
  | 'element.completed'
  | 'element.terminated'
  | 'incident.created'
  | 'incident.resolved'
  /** The instance moved to another version of its process (../runtime/migrate.ts). */
  | 'instance.migrated'
  /** A task listener denied a user task operation; `message` says which and why. */
  | 'userTask.denied'
  /** The process's data loader completed; the triggers held for it are applied next (./data-loader.ts). */
  | 'instance.dataLoaded'
  /** A business rule task evaluated its decision; `decision` holds what was evaluated. */
  | 'decision.evaluated';

export interface HistoryEvent {
  type: HistoryEventType;
  instanceId: string;
  processId: string;
  at: number;
  elementId?: string;
  elementType?: string;
  tokenId?: string;
  incidentId?: string;
  message?: string;
  decision?: EvaluatedDecisionRecord;
  /** element.completed of an element that waited: the time from its activation, in ms. */
  durationMs?: number;
}

/** A decision evaluated by a business rule task: the version, and each decision of its graph that was evaluated. */
export interface EvaluatedDecisionRecord {
  decisionKey: string;
  decisionId: string;
  version: number;
  evaluated: EvaluatedDecision[];
}

export interface Effects {
  createJobs: JobRecord[];
  deleteJobs: string[];
  createUserTasks: UserTaskRecord[];
  deleteUserTasks: string[];
  createSubscriptions: SubscriptionRecord[];
  deleteSubscriptions: string[];
  events: HistoryEvent[];
  /** Records outside the instance that follow it to another version (a migration), changed with the commit. */
  retarget?: Retarget[];
}

/** A job, user task or message/signal subscription of a migrated instance: its new definition key and element. Leases and assignees stay. */
export interface Retarget {
  kind: 'job' | 'userTask' | 'subscription';
  /** The job or subscription key, or the user task id. */
  key: string;
  definitionKey: string;
  elementId: string;
}

export function emptyEffects(): Effects {
  return { createJobs: [], deleteJobs: [], createUserTasks: [], deleteUserTasks: [], createSubscriptions: [], deleteSubscriptions: [], events: [] };
}
