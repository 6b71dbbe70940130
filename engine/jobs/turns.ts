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

/**
 * The turn everything that yields now waits for. One for all: with a turn
 * each, every waiter resumed in the same check phase started a fresh run of
 * MAX_RUN_MS, so fifty of them made one pass of the loop last half a second
 * and the jobs queued behind it waited that long (p99 ~500 ms with 50
 * instances in flight, bench/RESULTS.md).
 */
let turn: Promise<void> | undefined;

export async function yieldWhenDue(): Promise<void> {
  if (performance.now() - runSince < MAX_RUN_MS) return;
  turn ??= nextTurn().then(() => {
    turn = undefined;
    runSince = performance.now();
  });
  await turn;
}
