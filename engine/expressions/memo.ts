/**
 * Memoised FEEL results. FEEL is pure except for the clock functions, so
 * the same expression over the same inputs gives the same result; feelin
 * parses the expression on every call, which dominates the cost of small
 * conditions. Only scalar results over small inputs are kept, so a hit
 * never hands out an object someone could change.
 */
import { IMPURE_FUNCTIONS } from './builtins/registry.js';
import type { EvaluationOutcome } from './feel.js';

const CAPACITY = 2_000;
/** Inputs longer than this as JSON are not worth a key. */
const MAX_KEY_LENGTH = 1_024;
/** Functions whose result depends on when they are called. */
const IMPURE = new RegExp(`\\b(${IMPURE_FUNCTIONS.map((name) => name.replace(/ /g, '\\s+')).join('|')})\\s*\\(`);

const results = new Map<string, EvaluationOutcome>();

export function memoKey(source: string, context: Record<string, unknown>): string | undefined {
  if (IMPURE.test(source)) return undefined;
  const inputs = JSON.stringify(context);
  return inputs.length > MAX_KEY_LENGTH ? undefined : `${source}\u0000${inputs}`;
}

export function recall(key: string): EvaluationOutcome | undefined {
  const hit = results.get(key);
  if (hit) {
    // Most recently used goes last, so the oldest entry is the first to go.
    results.delete(key);
    results.set(key, hit);
  }
  return hit;
}

export function remember(key: string, outcome: EvaluationOutcome): void {
  if (outcome.ok && outcome.value !== null && typeof outcome.value === 'object') return;
  results.set(key, outcome);
  if (results.size > CAPACITY) results.delete(results.keys().next().value!);
}
