/** The dashboard's statistics for the memory store (./stats.ts): the same counters, in maps. */
import {
  ACTIVITY_KEPT_MS,
  groupVersionLoad,
  slowestByMean,
  type ActivityMinute,
  type CommitStats,
  type ElementDuration,
  type StatsStore,
  type VersionLoad,
} from './stats.js';

export class MemoryStats implements StatsStore {
  private readonly minutes = new Map<string, ActivityMinute>();
  private readonly durations = new Map<string, ElementDuration>();

  /** `active`: the active instances, read when asked (the memory store holds them all). */
  constructor(private readonly active: () => Iterable<{ processId: string; definitionKey: string; incidentCount: number }>) {}

  add(stats: CommitStats | undefined): void {
    if (!stats) return;
    const { activity } = stats;
    if (activity) {
      const key = `${activity.minute}\0${activity.processId}`;
      const kept = this.minutes.get(key) ?? { ...activity, started: 0, completed: 0, incidents: 0 };
      kept.started += activity.started;
      kept.completed += activity.completed;
      kept.incidents += activity.incidents;
      this.minutes.set(key, kept);
      // Past the longest window: gone (Map order is insertion order, so the oldest come first).
      for (const [oldKey, minute] of this.minutes) {
        if (minute.minute >= activity.minute - ACTIVITY_KEPT_MS) break;
        this.minutes.delete(oldKey);
      }
    }
    for (const { processId, elementId, ms } of stats.durations) {
      const key = `${processId}\0${elementId}`;
      const kept = this.durations.get(key) ?? { processId, elementId, count: 0, totalMs: 0, maxMs: 0 };
      kept.count++;
      kept.totalMs += ms;
      kept.maxMs = Math.max(kept.maxMs, ms);
      this.durations.set(key, kept);
    }
  }

  async activity(since: number): Promise<ActivityMinute[]> {
    return [...this.minutes.values()]
      .filter((m) => m.minute >= since)
      .sort((a, b) => a.minute - b.minute || (a.processId < b.processId ? -1 : 1))
      .map((m) => ({ ...m }));
  }

  async versionLoad(): Promise<VersionLoad[]> {
    return groupVersionLoad(this.active());
  }

  async slowestElements(limit: number): Promise<ElementDuration[]> {
    return slowestByMean(this.durations.values(), limit);
  }
}
