/**
 * Jobs that became available to run: created by a committed step, released
 * after a failed attempt, or filed by the engine (timer start events,
 * retention). Whoever serves jobs listens here — the in-process worker and
 * the long polls of external workers — so whoever makes jobs need not know
 * who serves them.
 */
import type { JobRecord } from '../runtime/records.js';

export type AvailabilityListener = (jobs: readonly JobRecord[]) => void;

export class JobAvailability {
  private readonly listeners: AvailabilityListener[] = [];

  listen(listener: AvailabilityListener): void {
    this.listeners.push(listener);
  }

  announce(jobs: readonly JobRecord[]): void {
    if (!jobs.length) return;
    for (const listener of this.listeners) listener(jobs);
  }
}
