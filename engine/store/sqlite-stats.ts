/**
 * The dashboard's statistics in the SQLite store (./stats.ts): two small
 * tables of counters, upserted in the step's own transaction (schema 14),
 * and the active instances read through the status index.
 */
import type Database from 'better-sqlite3';
import { ACTIVITY_KEPT_MS, PRUNE_EVERY_MS, type ActivityMinute, type CommitStats, type ElementDuration, type VersionLoad } from './stats.js';

/** The active instances only, through instances_by_status: the ended ones (most of a large file) are not read. */
export const VERSION_LOAD_SQL = `SELECT process_id AS processId, definition_key AS definitionKey, COUNT(*) AS active, SUM(incident_count) AS incidents
  FROM instances WHERE status = 'active' GROUP BY definition_key ORDER BY definition_key`;

export class SqliteStats {
  private readonly addMinute: Database.Statement<ActivityMinute>;
  private readonly addDuration: Database.Statement<{ processId: string; elementId: string; ms: number }>;
  private readonly minutes: Database.Statement<[number], ActivityMinute>;
  private readonly load: Database.Statement<[], VersionLoad>;
  private readonly slowest: Database.Statement<[number], ElementDuration>;
  private readonly prune: Database.Statement<[number]>;
  private prunedAt = 0;

  constructor(db: Database.Database) {
    this.addMinute = db.prepare(
      `INSERT INTO activity_minutes (minute, process_id, started, completed, incidents) VALUES (@minute, @processId, @started, @completed, @incidents)
       ON CONFLICT (minute, process_id) DO UPDATE SET started = started + excluded.started, completed = completed + excluded.completed,
         incidents = incidents + excluded.incidents`,
    );
    this.addDuration = db.prepare(
      `INSERT INTO element_durations (process_id, element_id, count, total_ms, max_ms) VALUES (@processId, @elementId, 1, @ms, @ms)
       ON CONFLICT (process_id, element_id) DO UPDATE SET count = count + 1, total_ms = total_ms + excluded.total_ms, max_ms = MAX(max_ms, excluded.max_ms)`,
    );
    this.minutes = db.prepare(
      `SELECT minute, process_id AS processId, started, completed, incidents FROM activity_minutes WHERE minute >= ? ORDER BY minute, process_id`,
    );
    this.load = db.prepare(VERSION_LOAD_SQL);
    this.prune = db.prepare(`DELETE FROM activity_minutes WHERE minute < ?`);
    this.slowest = db.prepare(
      `SELECT process_id AS processId, element_id AS elementId, count, total_ms AS totalMs, max_ms AS maxMs
       FROM element_durations ORDER BY total_ms / count DESC LIMIT ?`,
    );
  }

  /** Inside the commit's transaction. */
  write(stats: CommitStats | undefined): void {
    if (!stats) return;
    if (stats.activity) {
      this.addMinute.run(stats.activity);
      // A range of the primary key: the minutes past the longest window go, so the table stays a few thousand rows.
      if (stats.activity.minute - this.prunedAt >= PRUNE_EVERY_MS) {
        this.prune.run(stats.activity.minute - ACTIVITY_KEPT_MS);
        this.prunedAt = stats.activity.minute;
      }
    }
    for (const duration of stats.durations) this.addDuration.run(duration);
  }

  activity(since: number): ActivityMinute[] {
    return this.minutes.all(since);
  }

  versionLoad(): VersionLoad[] {
    return this.load.all();
  }

  slowestElements(limit: number): ElementDuration[] {
    return this.slowest.all(limit);
  }
}
