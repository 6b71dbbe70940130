/** Query helpers shared by the adapters. */
import { ConflictError } from '../errors.js';
import type { SubscriptionRecord, UserTaskRecord } from '../runtime/records.js';
import type { SubscriptionQuery, UserTaskQuery } from './store.js';

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

/**
 * A start-event subscription (instanceId '') matches any correlation key; an
 * instance subscription only its own.
 */
export function matchesSubscriptionQuery(subscription: SubscriptionRecord, query: SubscriptionQuery): boolean {
  const startEvent = subscription.instanceId === '';
  return (
    subscription.kind === query.kind &&
    subscription.name === query.name &&
    (query.correlationKey === undefined || startEvent || subscription.correlationKey === query.correlationKey) &&
    (query.startEvents === undefined || query.startEvents === startEvent)
  );
}

/** The error of an assignUserTask whose `ifAssignee` did not hold: it names the task's current assignee. */
export function assignmentConflict(id: string, assignee: string | undefined): ConflictError {
  const holder = assignee === undefined ? 'has no assignee' : `is assigned to '${assignee}'`;
  return new ConflictError(`user task '${id}' ${holder}`, { assignee: assignee ?? null });
}
