/**
 * The dashboard's statistics on MongoDB (../stats.ts): per minute and
 * process a document of counters, per element one of durations, both
 * updated by atomic $inc upserts; active instances read through the status
 * index.
 */
import {
  ACTIVITY_KEPT_MS,
  PRUNE_EVERY_MS,
  groupVersionLoad,
  slowestByMean,
  type ActivityMinute,
  type CommitStats,
  type ElementDuration,
  type StatsStore,
  type VersionLoad,
} from '../stats.js';
import type { Collections } from './connection.js';

export class MongoStats implements StatsStore {
  private prunedAt = 0;

  constructor(private readonly c: Collections) {}

  /** The minute's counters and the elements' durations, written side by side (independent documents). */
  async add(stats: CommitStats | undefined): Promise<void> {
    if (!stats) return;
    await Promise.all([this.addMinute(stats.activity), this.addDurations(stats.durations)]);
  }

  private async addMinute(activity: CommitStats['activity']): Promise<void> {
    if (!activity) return;
    const { minute, processId, started, completed, incidents } = activity;
    await this.c.activity_minutes.updateOne(
      { _id: `${minute}/${processId}` },
      { $inc: { started, completed, incidents }, $setOnInsert: { minute, processId } },
      { upsert: true },
    );
    if (minute - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = minute;
      await this.c.activity_minutes.deleteMany({ minute: { $lt: minute - ACTIVITY_KEPT_MS } });
    }
  }

  private async addDurations(durations: CommitStats['durations']): Promise<void> {
    if (!durations.length) return;
    await this.c.element_durations.bulkWrite(
      durations.map(({ processId, elementId, ms }) => ({
        updateOne: {
          filter: { _id: `${processId}/${elementId}` },
          update: { $inc: { count: 1, totalMs: ms }, $max: { maxMs: ms }, $setOnInsert: { processId, elementId } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  async activity(since: number): Promise<ActivityMinute[]> {
    const docs = await this.c.activity_minutes
      .find({ minute: { $gte: since } })
      .sort({ minute: 1, processId: 1 })
      .toArray();
    return docs.map(({ minute, processId, started, completed, incidents }) => ({ minute, processId, started, completed, incidents }));
  }

  async versionLoad(): Promise<VersionLoad[]> {
    const active = this.c.instances.find({ status: 'active' }, { projection: { processId: 1, definitionKey: 1, incidentCount: 1 } });
    return groupVersionLoad(await active.toArray());
  }

  /** Elements are few (those of the deployed processes): ranked here rather than by an aggregation. */
  async slowestElements(limit: number): Promise<ElementDuration[]> {
    return slowestByMean(await this.c.element_durations.find({}).toArray(), limit);
  }
}
