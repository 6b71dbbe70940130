/**
 * What the cockpit's dashboard reads, kept by the store so that no read
 * scans the instances: counters per minute and process (instances started,
 * completed, incidents opened), written with the step that changed them, and
 * per element the count, total and longest duration of the elements that
 * waited. Active instances and open incidents are read from the instances
 * that are active, through the status index.
 */
import type { Effects } from '../runtime/records.js';
import type { InstanceState } from '../runtime/state.js';

export const MINUTE_MS = 60_000;
/** Minutes older than this are dropped (the dashboard's longest window is 7 days), at most once an hour. */
export const ACTIVITY_KEPT_MS = 8 * 24 * 60 * MINUTE_MS;
export const PRUNE_EVERY_MS = 60 * MINUTE_MS;

/** One minute of one process. */
export interface ActivityMinute {
  minute: number;
  processId: string;
  started: number;
  completed: number;
  incidents: number;
}

/** Active instances and their open incidents, per version. */
export interface VersionLoad {
  processId: string;
  definitionKey: string;
  active: number;
  incidents: number;
}

export interface ElementDuration {
  processId: string;
  elementId: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface StatsStore {
  /** The minutes from `since` (epoch ms) on, per process, oldest first. */
  activity(since: number): Promise<ActivityMinute[]>;
  /** Per version with active instances: how many, and their open incidents. */
  versionLoad(): Promise<VersionLoad[]>;
  /** Elements by mean duration, longest first, at most `limit`. */
  slowestElements(limit: number): Promise<ElementDuration[]>;
}

/** What one commit adds to the statistics; undefined when nothing. */
export interface CommitStats {
  activity?: ActivityMinute;
  durations: Array<{ processId: string; elementId: string; ms: number }>;
}

export function commitStats(state: InstanceState, effects: Effects): CommitStats | undefined {
  let started = 0;
  let completed = 0;
  let incidents = 0;
  const durations: CommitStats['durations'] = [];
  for (const event of effects.events) {
    if (event.type === 'instance.started') started++;
    else if (event.type === 'instance.completed') completed++;
    else if (event.type === 'incident.created') incidents++;
    else if (event.type === 'element.completed' && event.durationMs && event.elementId) {
      durations.push({ processId: state.processId, elementId: event.elementId, ms: event.durationMs });
    }
  }
  if (!started && !completed && !incidents && !durations.length) return undefined;
  const at = effects.events[0]?.at ?? 0;
  const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  return {
    activity: started || completed || incidents ? { minute, processId: state.processId, started, completed, incidents } : undefined,
    durations,
  };
}

/** Active instances grouped per version, ordered by definition key: what `versionLoad` answers in every adapter. */
export function groupVersionLoad(active: Iterable<{ processId: string; definitionKey: string; incidentCount: number }>): VersionLoad[] {
  const load = new Map<string, VersionLoad>();
  for (const { processId, definitionKey, incidentCount } of active) {
    const kept = load.get(definitionKey) ?? { processId, definitionKey, active: 0, incidents: 0 };
    kept.active++;
    kept.incidents += incidentCount;
    load.set(definitionKey, kept);
  }
  return [...load.values()].sort((a, b) => (a.definitionKey < b.definitionKey ? -1 : 1));
}

/** Elements by mean duration, longest first, at most `limit`, as copies. */
export function slowestByMean(durations: Iterable<ElementDuration>, limit: number): ElementDuration[] {
  return [...durations]
    .sort((a, b) => b.totalMs / b.count - a.totalMs / a.count)
    .slice(0, limit)
    .map(({ processId, elementId, count, totalMs, maxMs }) => ({ processId, elementId, count, totalMs, maxMs }));
}
