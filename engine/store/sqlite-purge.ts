/**
 * Retention for the SQLite store: one batch of ended instances deleted with
 * every row stored for them, in one IMMEDIATE transaction. The write lock
 * serialises batches of several processes on one file, and a crash rolls a
 * batch back whole, so an instance is either all there or all gone.
 */
import type Database from 'better-sqlite3';
import { purgeLimit } from './queries.js';
import type { PurgeRequest } from './store.js';

/** Every table with rows per instance, by its instance column; rows of user_task_candidates go with their task (a trigger). */
const PER_INSTANCE = [
  ['history_steps', 'instance_id'],
  ['jobs', 'instance_id'],
  ['user_tasks', 'instance_id'],
  ['subscriptions', 'instance_id'],
  ['search_attributes', 'instance_id'],
  ['instance_secrets', 'instance_id'],
  ['instances', 'id'],
] as const;

/**
 * `@rules` is a JSON object of definition key -> end time before which its
 * instances go (null: kept); the others go when they ended before
 * `@endedBefore` (null: kept). `@latest`, the latest of all those times,
 * bounds the scan of instances_by_end.
 */
const DUE = `
  SELECT id FROM instances
  WHERE ended_at IS NOT NULL AND ended_at < @latest AND status <> 'active'
    AND ended_at < CASE
      WHEN EXISTS (SELECT 1 FROM json_each(@rules) WHERE key = instances.definition_key)
      THEN (SELECT value FROM json_each(@rules) WHERE key = instances.definition_key)
      ELSE @endedBefore END
  ORDER BY ended_at, id
  LIMIT @limit`;

/** The purge as a function of the request, running as its own IMMEDIATE transaction. */
export function preparePurge(db: Database.Database): (request: PurgeRequest) => string[] {
  const due = db.prepare<{ latest: number; rules: string; endedBefore: number | null; limit: number }, string>(DUE).pluck();
  const deletes = PER_INSTANCE.map(([table, column]) => db.prepare<[string]>(`DELETE FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?))`));
  const purge = db.transaction((request: PurgeRequest): string[] => {
    const rules = request.byDefinition ?? {};
    const times = [request.endedBefore, ...Object.values(rules)].filter((t): t is number => typeof t === 'number');
    const limit = purgeLimit(request);
    if (!times.length || limit === 0) return [];
    const ids = due.all({ latest: Math.max(...times), rules: JSON.stringify(rules), endedBefore: request.endedBefore ?? null, limit });
    if (!ids.length) return [];
    const list = JSON.stringify(ids);
    for (const statement of deletes) statement.run(list);
    return ids;
  });
  return (request) => purge.immediate(request);
}
