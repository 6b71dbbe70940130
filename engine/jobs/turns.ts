/**
 * Giving the event loop a turn. A handler that answers at once makes the
 * next step, whose job runs at once, and so on: a chain of promises that
 * never lets timers, requests or other instances in. Yielding before every
 * job costs a macrotask each (about a sixth of the memory store's
 * throughput), so work yields once it has run for a while without a turn.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest run of work between two turns of the event loop. */
const MAX_RUN_MS = 10;

let runSince = performance.now();

export async function yieldWhenDue(): Promise<void> {
  if (performance.now() - runSince < MAX_RUN_MS) return;
  await nextTurn();
  runSince = performance.now();
}
