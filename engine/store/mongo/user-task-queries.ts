/**
 * User task queries as MongoDB query documents, for the MongoDB store: the
 * same meaning as ../queries.ts gives the memory store (tested with mingo in
 * test/store/mongo-queries.spec.ts). A task document keeps `seq`, its place
 * in creation order, which is the page order and the cursor, as SQLite's
 * rowid is.
 */
import type { UserTaskRecord } from '../../runtime/records.js';
import { pageLimit, userTaskCursor } from '../queries.js';
import type { UserTaskPageQuery } from '../store.js';
import type { MongoFilter } from './instance-queries.js';

export interface UserTaskFields {
  _id: string;
  seq: number;
  instanceId: string;
  processId: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
}

export function userTaskFields(task: UserTaskRecord, seq: number): UserTaskFields {
  return {
    _id: task.id,
    seq,
    instanceId: task.instanceId,
    processId: task.processId,
    ...(task.assignee !== undefined ? { assignee: task.assignee } : {}),
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
  };
}

/** `find(filter).sort({ seq: 1 }).limit(limit + 1)`: one more than a page says whether another follows. */
export function userTaskQuery(query: UserTaskPageQuery): { filter: MongoFilter; sort: { seq: 1 }; limit: number } {
  const conditions: MongoFilter[] = [];
  // $eq: a caller's value is matched, never read as an operator.
  if (query.instanceId) conditions.push({ instanceId: { $eq: query.instanceId } });
  if (query.processId) conditions.push({ processId: { $eq: query.processId } });
  if (query.assignee) conditions.push({ assignee: { $eq: query.assignee } });
  if (query.candidateGroup) conditions.push({ candidateGroups: { $eq: query.candidateGroup } });
  if (query.candidateGroups) conditions.push({ candidateGroups: { $in: query.candidateGroups } });
  if (query.unassigned) conditions.push({ assignee: { $exists: false } });
  if (query.offeredTo) {
    const { name, groups } = query.offeredTo;
    // An empty name is nobody: only the groups count then, as in the other stores.
    conditions.push({ $or: [...(name ? [{ assignee: { $eq: name } }, { candidateUsers: { $eq: name } }] : []), { candidateGroups: { $in: groups } }] });
  }
  const after = userTaskCursor(query.after);
  if (after) conditions.push({ seq: { $gt: after } });
  const filter = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : { $and: conditions };
  return { filter, sort: { seq: 1 }, limit: pageLimit(query.limit) };
}
