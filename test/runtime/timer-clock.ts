/**
 * Helpers for the timer specs: a clock the spec moves by hand, and waits
 * driven by history events (or, across engines, by looking at the store),
 * never by sleeping out the timers themselves.
 */
import type { Engine, HistoryEvent, HistoryEventType, Store } from '../../engine/index.js';
import { TestClock as HandClock } from '../helpers.js';

/** Every timer spec starts at this moment: Friday, 1 May 2026, 10:00 UTC. */
export const BASE = '2026-05-01T10:00:00Z';

/** How often the engines under test poll for due jobs. */
export const POLL_MS = 5;

/** The shared hand-moved clock (../helpers.ts), starting at BASE. */
export class TestClock extends HandClock {
  constructor() {
    super(BASE);
  }
}

/**
 * Gives the engines a few polls to act. Used only to show that something
 * does NOT happen (a timer not yet due, a cycle that is done): what should
 * happen is awaited through events instead.
 */
export function settle(polls = 8): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, polls * POLL_MS));
}

/** How many history events of `type` at `elementId` are in `history`. */
export function count(history: HistoryEvent[], type: HistoryEventType, elementId: string): number {
  return history.filter((e) => e.type === type && e.elementId === elementId).length;
}

/**
 * Resolves when `check` holds; it is tried now, after every history event
 * of `engine`, and every few polls (for what other engines on the same
 * store do). Rejects after `timeoutMs` with `describe()` of the last state.
 */
export function eventually<T>(engine: Engine, check: () => Promise<T | undefined | false>, describe: () => string, timeoutMs = 3_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let running = false;
    let again = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      engine.off('event', attempt);
      settle();
    };
    const attempt = async () => {
      if (running) return void (again = true);
      running = true;
      try {
        const result = await check();
        if (result !== undefined && result !== false) finish(() => resolve(result));
      } catch (error) {
        finish(() => reject(error));
      } finally {
        running = false;
        if (again && !settled) {
          again = false;
          void attempt();
        }
      }
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`not within ${timeoutMs} ms: ${describe()}`))), timeoutMs);
    const poll = setInterval(() => void attempt(), POLL_MS * 4);
    engine.on('event', attempt);
    void attempt();
  });
}

/** Resolves with the instance's history once `done` holds for it. */
export async function historyUntil(engine: Engine, instanceId: string, done: (history: HistoryEvent[]) => boolean): Promise<HistoryEvent[]> {
  let last: HistoryEvent[] = [];
  return eventually(
    engine,
    async () => {
      last = await engine.history(instanceId);
      return done(last) && last;
    },
    () => `history of ${instanceId}: ${last.map((e) => `${e.type}${e.elementId ? `@${e.elementId}` : ''}`).join(', ')}`,
  );
}

/** The instances of a process, oldest first (ids of timer-started instances sort by their firing). */
export async function instancesOf(engine: Engine, processId: string) {
  return (await engine.queryInstances({ processId, limit: 1000 })).items.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

/** Resolves with the instances of a process once there are `n` of them. */
export function untilInstances(engine: Engine, processId: string, n: number) {
  let seen = 0;
  return eventually(
    engine,
    async () => {
      const instances = await instancesOf(engine, processId);
      seen = instances.length;
      return instances.length >= n && instances;
    },
    () => `${seen} instance(s) of '${processId}', expected ${n}`,
  );
}

type JobRecord = Awaited<ReturnType<Store['acquireJobs']>>[number];

/**
 * The timer jobs left in the store that `match`. It leases every timer job
 * to the spec for good, so that nothing fires after it: call it last.
 */
export async function timersLeft(store: Store, match: (job: JobRecord) => boolean): Promise<JobRecord[]> {
  const farFuture = Date.parse('2100-01-01T00:00:00Z');
  const jobs = await store.acquireJobs({ types: ['baton:timer'], owner: 'spec', lockMs: farFuture, now: farFuture, max: 10_000 });
  return jobs.filter(match);
}
