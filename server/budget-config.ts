/** The step budget (engine/budget/options.ts) from environment variables; each one is documented in the README. */
import type { BudgetOptions } from '../engine/index.js';

const SETTINGS = {
  BATON_STEP_MS: 'stepMs',
  BATON_STEP_MEMORY_MB: 'memoryMb',
  BATON_STEP_EVENTS: 'stepEvents',
  BATON_STEP_THREADS: 'threads',
} as const;

/** Throws an Error naming the variable when a value is not a positive number. */
export function readBudget(env: NodeJS.ProcessEnv): Partial<BudgetOptions> {
  const budget: Partial<BudgetOptions> = {};
  for (const [name, option] of Object.entries(SETTINGS)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not '${text}'`);
    budget[option] = value;
  }
  const isolation = env.BATON_STEP_ISOLATION;
  if (isolation !== undefined && isolation !== '') {
    if (isolation !== 'auto' && isolation !== 'always') throw new Error(`BATON_STEP_ISOLATION must be 'auto' or 'always', not '${isolation}'`);
    budget.isolation = isolation;
  }
  return budget;
}
