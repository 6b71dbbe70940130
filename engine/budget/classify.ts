/**
 * Whether a diagram's steps need the isolated worker: they do when any of
 * its FEEL expressions is not linear in its inputs (../expressions/cost.ts),
 * since such an expression can run for ever inside one synchronous call
 * that nothing on the main thread could interrupt.
 */
import { isLinearFeel } from '../expressions/cost.js';
import type { ProcessModel } from '../model/types.js';

const verdicts = new WeakMap<ProcessModel, boolean>();

export function needsIsolation(model: ProcessModel): boolean {
  let verdict = verdicts.get(model);
  if (verdict === undefined) {
    verdict = feelSources(model).some((source) => !isLinearFeel(source));
    verdicts.set(model, verdict);
  }
  return verdict;
}

/** Every FEEL source in a compiled model, wherever it sits (the model is plain JSON). */
function feelSources(model: ProcessModel): string[] {
  const sources: string[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as Record<string, unknown>;
    if (record.kind === 'feel' && typeof record.source === 'string') sources.push(record.source);
    for (const child of Object.values(record)) visit(child);
  };
  visit(model);
  return sources;
}
