/**
 * The indexes of the MongoDB store's collections, each with the query it
 * serves: every query instanceQuery (./instance-queries.ts) makes starts
 * with the fields of one of them, followed by `_id` for the page order.
 * Pure data: ./schemas.ts declares them on the mongoose schemas, the specs
 * check queries against them, the README lists them.
 */
export interface IndexPlan {
  keys: Record<string, 1 | -1>;
  options?: { partialFilterExpression?: Record<string, unknown>; unique?: boolean; expireAfterSeconds?: number };
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
  {
    keys: { incidentCount: 1, _id: 1 },
    options: { partialFilterExpression: { incidentCount: { $gt: 0 } } },
    serves: 'instances with open incidents (the index holds only those)',
  },
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

export const JOB_INDEXES: readonly IndexPlan[] = [
  { keys: { type: 1, dueAt: 1, _id: 1 }, serves: 'job acquisition: due jobs of the worker types, oldest due first (findOneAndUpdate)' },
  {
    keys: { type: 1, lockExpiresAt: 1 },
    options: { partialFilterExpression: { lockExpiresAt: { $exists: true } } },
    serves: "a worker's next wake-up: the earliest lease to run out",
  },
  { keys: { instanceId: 1 }, serves: "an instance's jobs (retention, the cockpit)" },
  { keys: { processId: 1, instanceId: 1 }, serves: "a process's start timers (instanceId '') replaced by a new version" },
];

export const SUBSCRIPTION_INDEXES: readonly IndexPlan[] = [
  { keys: { kind: 1, name: 1, correlationKey: 1, createdAt: 1 }, serves: 'correlation: subscriptions of a message name and key, or of a signal, oldest first' },
  { keys: { instanceId: 1 }, serves: "an instance's subscriptions (retention)" },
  { keys: { processId: 1, instanceId: 1 }, serves: "a process's start-event subscriptions (instanceId '') replaced by a new version" },
];

export const MESSAGE_INDEXES: readonly IndexPlan[] = [
  { keys: { name: 1, correlationKey: 1, publishedAt: 1 }, serves: 'buffered messages of a name and correlation key, in publish order' },
  { keys: { expiresAt: 1 }, serves: 'removing expired messages' },
  { keys: { expireAt: 1 }, options: { expireAfterSeconds: 0 }, serves: 'TTL: MongoDB removes an expired message itself, should no engine run' },
];

// Not unique: `_id` (`<instanceId>/<rev>`) already is, and a unique index would need the shard key as its prefix.
export const HISTORY_INDEXES: readonly IndexPlan[] = [{ keys: { instanceId: 1, rev: 1 }, serves: "an instance's history in commit order" }];

export const DEFINITION_INDEXES: readonly IndexPlan[] = [
  { keys: { processId: 1, version: 1 }, options: { unique: true }, serves: 'versions of a process; no two with one number' },
  { keys: { processId: 1, hash: 1 }, serves: 'the same XML deployed again finds its version' },
];

export const DECISION_INDEXES: readonly IndexPlan[] = [{ keys: { decisionId: 1, version: 1 }, options: { unique: true }, serves: 'versions of a decision' }];

export const NUMERIC_KEY_INDEXES: readonly IndexPlan[] = [
  { keys: { kind: 1, id: 1 }, options: { unique: true }, serves: 'the numeric key of an id; one per id' },
];

export const ACTIVITY_INDEXES: readonly IndexPlan[] = [{ keys: { minute: 1 }, serves: "the dashboard's minutes from a time on; pruning" }];
