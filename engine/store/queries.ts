/** Query helpers shared by the adapters. */
import { ConflictError, InvalidArgumentError } from '../errors.js';
import type { SubscriptionRecord, UserTaskRecord } from '../runtime/records.js';
import type { PurgeRequest, SubscriptionQuery, UserTaskQuery } from './store.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit) || limit <= 0) return DEFAULT_PAGE;
  return Math.min(Math.floor(limit), MAX_PAGE);
}

/** A user-task cursor: the position of the last task of a page, a whole number. */
export function userTaskCursor(after: string | undefined): number {
  if (after === undefined) return 0;
  if (!/^\d{1,15}$/.test(after)) throw new InvalidArgumentError(`'${after.slice(0, 40)}' is not a user task cursor: pass the next of the previous page`);
  return Number(after);
}

/** Assigned to the person, or offered to them as a candidate user or through one of their groups. */
export function isOfferedTo(task: UserTaskRecord, person: { name: string; groups: string[] }): boolean {
  return (
    (person.name !== '' && (task.assignee === person.name || task.candidateUsers.includes(person.name))) ||
    task.candidateGroups.some((group) => person.groups.includes(group))
  );
}

export function matchesUserTaskQuery(task: UserTaskRecord, query: UserTaskQuery): boolean {
  return (
    (!query.instanceId || task.instanceId === query.instanceId) &&
    (!query.processId || task.processId === query.processId) &&
    (!query.assignee || task.assignee === query.assignee) &&
    (!query.candidateGroup || task.candidateGroups.includes(query.candidateGroup)) &&
    (!query.candidateGroups || task.candidateGroups.some((group) => query.candidateGroups!.includes(group))) &&
    (!query.unassigned || task.assignee === undefined)
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

/** The end time before which a purge lets an instance of this definition go; undefined: it is kept. */
export function purgeCutoff(request: PurgeRequest, definitionKey: string): number | undefined {
  const rules = request.byDefinition;
  if (rules && Object.hasOwn(rules, definitionKey)) return rules[definitionKey] ?? undefined;
  return request.endedBefore;
}

/** A purge's batch size as a whole number; 0 when there is nothing to do. */
export function purgeLimit(request: PurgeRequest): number {
  return Number.isFinite(request.limit) && request.limit > 0 ? Math.floor(request.limit) : 0;
}
