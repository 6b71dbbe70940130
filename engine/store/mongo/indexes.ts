/**
 * The indexes of the MongoDB store's instances collection, each with the
 * query it serves: every query instanceQuery (./instance-queries.ts) makes
 * starts with the fields of one of them, followed by `_id` for the page
 * order. Pure data, for the adapter to create and for the specs to check.
 */
export interface IndexPlan {
  keys: Record<string, 1 | -1>;
  options?: { partialFilterExpression?: Record<string, unknown> };
  serves: string;
}

export const INSTANCE_INDEXES: readonly IndexPlan[] = [
  { keys: { processId: 1, _id: 1 }, serves: 'instances of a process, a page in id order (either direction)' },
  { keys: { definitionKey: 1, _id: 1 }, serves: 'instances of a version' },
  { keys: { status: 1, _id: 1 }, serves: 'active instances (the dashboard, the cockpit), by status' },
  {
    keys: { businessKey: 1, _id: 1 },
    options: { partialFilterExpression: { businessKey: { $exists: true } } },
    serves: 'an instance by business key (message start events)',
  },
  {
    keys: { parentInstanceId: 1, _id: 1 },
    options: { partialFilterExpression: { parentInstanceId: { $exists: true } } },
    serves: 'the children of an instance (call activities)',
  },
  { keys: { _id: 1 }, options: { partialFilterExpression: { incidentCount: { $gt: 0 } } }, serves: 'instances with open incidents' },
  { keys: { endedAt: 1, _id: 1 }, options: { partialFilterExpression: { endedAt: { $exists: true } } }, serves: 'retention: ended instances, earliest first' },
  { keys: { 'attrs.n': 1, 'attrs.t': 1 }, serves: 'a search attribute compared with text (eq, in, prefix, ranges)' },
  { keys: { 'attrs.n': 1, 'attrs.v': 1 }, serves: 'a search attribute compared with a number' },
];

export const USER_TASK_INDEXES: readonly IndexPlan[] = [
  { keys: { seq: 1 }, serves: 'every task, a page in creation order' },
  { keys: { instanceId: 1, seq: 1 }, serves: "an instance's tasks" },
  { keys: { processId: 1, seq: 1 }, serves: "a process's tasks" },
  { keys: { assignee: 1, seq: 1 }, serves: "a person's tasks (assigned to me), and unassigned ones (missing assignee)" },
  { keys: { candidateGroups: 1, seq: 1 }, serves: "tasks offered to a group (my groups; a user key's list)" },
  { keys: { candidateUsers: 1, seq: 1 }, serves: 'tasks offered to a person by name' },
];
