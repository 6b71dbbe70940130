/**
 * The budget every step runs under (DESIGN.md, "A step runs under a
 * budget"). Diagrams come from people other than the operator: a step that
 * runs too long or takes too much memory becomes an incident on its
 * instance, and the server, other instances, timers and requests go on.
 */
import { InvalidArgumentError } from '../errors.js';

export interface BudgetOptions {
  /** Real time one step may take (default 5,000 ms); over it the step stops with an incident naming the element. */
  stepMs: number;
  /** Heap of the worker thread that runs isolated steps (default 512 MB); over it the step ends with an incident. */
  memoryMb: number;
  /** Worker threads for isolated steps (default 2), each running one step at a time and started when first needed. */
  threads: number;
  /**
   * History events one step may record (default 20,000): committing and
   * publishing them happens on the main thread, so a step that would record
   * more (a loop or a sequential multi-instance without a wait state) stops
   * with an incident.
   */
  stepEvents: number;
  /**
   * How long a step may run on the engine's main thread (default 50 ms):
   * a longer one is abandoned there and run again in the worker, so that
   * no step holds up requests, timers and other instances for longer.
   */
  sliceMs: number;
  /**
   * Where steps run: `auto` (default) runs the steps of diagrams whose
   * expressions are all linear in their inputs on the main thread and the
   * others in the worker; `always` runs every step in the worker (slower:
   * a round trip between threads per step).
   */
  isolation: 'auto' | 'always';
}

export const DEFAULT_BUDGET: BudgetOptions = { stepMs: 5_000, memoryMb: 512, stepEvents: 20_000, threads: 2, sliceMs: 50, isolation: 'auto' };

export function budgetOptions(given: Partial<BudgetOptions> = {}): BudgetOptions {
  const budget = { ...DEFAULT_BUDGET, ...given };
  for (const name of ['stepMs', 'memoryMb', 'stepEvents', 'threads', 'sliceMs'] as const) {
    if (!Number.isFinite(budget[name]) || budget[name] <= 0) throw new InvalidArgumentError(`budget.${name} must be a positive number`);
  }
  if (!Number.isInteger(budget.threads)) throw new InvalidArgumentError('budget.threads must be a whole number');
  if (budget.isolation !== 'auto' && budget.isolation !== 'always') throw new InvalidArgumentError("budget.isolation must be 'auto' or 'always'");
  return budget;
}
