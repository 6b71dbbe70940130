/**
 * What a step asks of the world besides its new state: jobs and user tasks
 * to create or remove, and history events. The store writes them in the same
 * atomic commit as the state.
 */

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
}

export interface UserTaskRecord {
  id: string;
  instanceId: string;
  definitionKey: string;
  processId: string;
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
  | 'incident.resolved';

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
}

export interface Effects {
  createJobs: JobRecord[];
  deleteJobs: string[];
  createUserTasks: UserTaskRecord[];
  deleteUserTasks: string[];
  events: HistoryEvent[];
}

export function emptyEffects(): Effects {
  return { createJobs: [], deleteJobs: [], createUserTasks: [], deleteUserTasks: [], events: [] };
}
