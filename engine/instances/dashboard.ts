/**
 * The cockpit's home in numbers: instances started and completed and
 * incidents opened over a window (in buckets), the active instances and open
 * incidents of each process and version, and the elements that take longest.
 * Built from the store's statistics (../store/stats.ts), none of which reads
 * the instances that have ended.
 */
import { InvalidArgumentError } from '../errors.js';
import { parseDefinitionKey } from '../definitions/definition-key.js';
import { MINUTE_MS, type ActivityMinute, type StatsStore } from '../store/stats.js';

/** The windows offered, in hours, with their bucket size in minutes. */
export const DASHBOARD_WINDOWS: Readonly<Record<number, number>> = { 1: 5, 6: 30, 24: 60, 168: 360 };
const SLOWEST = 10;

export interface Dashboard {
  since: string;
  hours: number;
  bucketMinutes: number;
  buckets: Array<{ at: string; started: number; completed: number; incidents: number }>;
  totals: { started: number; completed: number; incidents: number; active: number; openIncidents: number };
  processes: Array<{ processId: string; active: number; incidents: number; versions: Array<{ version: number; active: number; incidents: number }> }>;
  slowestElements: Array<{ processId: string; elementId: string; count: number; meanMs: number; maxMs: number }>;
}

export async function dashboard(store: StatsStore, now: number, hours = 24): Promise<Dashboard> {
  const bucketMinutes = DASHBOARD_WINDOWS[hours];
  if (bucketMinutes === undefined) throw new InvalidArgumentError(`hours must be one of ${Object.keys(DASHBOARD_WINDOWS).join(', ')}`);
  const bucketMs = bucketMinutes * MINUTE_MS;
  const end = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const start = end - Math.ceil((hours * 60) / bucketMinutes) * bucketMs;
  const [minutes, load, slowest] = await Promise.all([store.activity(start), store.versionLoad(), store.slowestElements(SLOWEST)]);
  return {
    since: new Date(start).toISOString(),
    hours,
    bucketMinutes,
    buckets: bucketsOf(minutes, start, end, bucketMs),
    totals: {
      started: sum(minutes, 'started'),
      completed: sum(minutes, 'completed'),
      incidents: sum(minutes, 'incidents'),
      active: load.reduce((n, v) => n + v.active, 0),
      openIncidents: load.reduce((n, v) => n + v.incidents, 0),
    },
    processes: byProcess(load),
    slowestElements: slowest.map((e) => ({
      processId: e.processId,
      elementId: e.elementId,
      count: e.count,
      meanMs: Math.round(e.totalMs / e.count),
      maxMs: e.maxMs,
    })),
  };
}

function bucketsOf(minutes: ActivityMinute[], start: number, end: number, bucketMs: number): Dashboard['buckets'] {
  const buckets: Dashboard['buckets'] = [];
  for (let at = start; at < end; at += bucketMs) buckets.push({ at: new Date(at).toISOString(), started: 0, completed: 0, incidents: 0 });
  for (const minute of minutes) {
    const bucket = buckets[Math.floor((minute.minute - start) / bucketMs)];
    if (!bucket) continue;
    bucket.started += minute.started;
    bucket.completed += minute.completed;
    bucket.incidents += minute.incidents;
  }
  return buckets;
}

function sum(minutes: ActivityMinute[], field: 'started' | 'completed' | 'incidents'): number {
  return minutes.reduce((n, m) => n + m[field], 0);
}

function byProcess(load: Awaited<ReturnType<StatsStore['versionLoad']>>): Dashboard['processes'] {
  const processes = new Map<string, Dashboard['processes'][number]>();
  for (const version of load) {
    const process = processes.get(version.processId) ?? { processId: version.processId, active: 0, incidents: 0, versions: [] };
    process.active += version.active;
    process.incidents += version.incidents;
    process.versions.push({ version: parseDefinitionKey(version.definitionKey).version, active: version.active, incidents: version.incidents });
    processes.set(version.processId, process);
  }
  return [...processes.values()].sort((a, b) => b.active - a.active || (a.processId < b.processId ? -1 : 1));
}
