/** Query helpers shared by the adapters. */
import type { UserTaskRecord } from '../runtime/records.js';
import type { UserTaskQuery } from './store.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit) || limit <= 0) return DEFAULT_PAGE;
  return Math.min(Math.floor(limit), MAX_PAGE);
}

export function matchesUserTaskQuery(task: UserTaskRecord, query: UserTaskQuery): boolean {
  return (
    (!query.instanceId || task.instanceId === query.instanceId) &&
    (!query.processId || task.processId === query.processId) &&
    (!query.assignee || task.assignee === query.assignee) &&
    (!query.candidateGroup || task.candidateGroups.includes(query.candidateGroup))
  );
}
