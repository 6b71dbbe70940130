/** Rows per table that name an instance, read from a SQLite file directly (not through the store). */
import Database from 'better-sqlite3';

export function rowsOf(file: string, id: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => db.prepare<[string], number>(sql).pluck().get(id) ?? 0;
    return {
      instances: count(`SELECT COUNT(*) FROM instances WHERE id = ?`),
      history_steps: count(`SELECT COUNT(*) FROM history_steps WHERE instance_id = ?`),
      jobs: count(`SELECT COUNT(*) FROM jobs WHERE instance_id = ?`),
      user_tasks: count(`SELECT COUNT(*) FROM user_tasks WHERE instance_id = ?`),
      user_task_candidates: count(`SELECT COUNT(*) FROM user_task_candidates WHERE task_id IN (SELECT id FROM user_tasks WHERE instance_id = ?)`),
      subscriptions: count(`SELECT COUNT(*) FROM subscriptions WHERE instance_id = ?`),
      search_attributes: count(`SELECT COUNT(*) FROM search_attributes WHERE instance_id = ?`),
    };
  } finally {
    db.close();
  }
}

/** Candidate rows whose task is gone: none should ever be left. */
export function orphanCandidates(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], number>(`SELECT COUNT(*) FROM user_task_candidates WHERE task_id NOT IN (SELECT id FROM user_tasks)`).pluck().get() ?? 0;
  } finally {
    db.close();
  }
}
