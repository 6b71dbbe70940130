/**
 * Whether a diagram's steps need the isolated worker: they do when any of
 * its FEEL expressions is not linear in its inputs (../expressions/cost.ts),
 * since such an expression can run for ever inside one synchronous call
 * that nothing on the main thread could interrupt.
 */
import { isLinearFeel } from '../expressions/cost.js';
import type { DecisionCatalog, DecisionGraph } from '../dmn/types.js';
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

const graphVerdicts = new WeakMap<DecisionGraph, boolean>();

/**
 * Whether the decisions a step may evaluate need the isolated worker: any
 * expression that is not linear does, and so does any unary test other than
 * a plain literal or comparison (feelin's unary tests are not classified).
 */
export function decisionsNeedIsolation(catalog: DecisionCatalog | undefined): boolean {
  return Object.values(catalog ?? {}).some(({ graph }) => {
    let verdict = graphVerdicts.get(graph);
    if (verdict === undefined) {
      verdict = feelSources(graph).some((source) => !isLinearFeel(source)) || unaryTestSources(graph).some((source) => !SIMPLE_UNARY_TEST.test(source));
      graphVerdicts.set(graph, verdict);
    }
    return verdict;
  });
}

/** Literals, comparisons with a literal and intervals of numbers, in a list, maybe inside `not(...)`: constant work per test. */
const LITERAL = String.raw`(-?\d+(\.\d+)?|"[^"\\]*"|true|false|null)`;
const NUMBER = String.raw`-?\d+(\.\d+)?`;
const TEST = String.raw`((<=|>=|<|>|=|!=)\s*)?${LITERAL}|[[\]()]\s*${NUMBER}\s*\.\.\s*${NUMBER}\s*[[\]()]`;
const TESTS = String.raw`(${TEST})(\s*,\s*(${TEST}))*`;
const SIMPLE_UNARY_TEST = new RegExp(String.raw`^(${TESTS}|not\s*\(\s*${TESTS}\s*\))$`);

function unaryTestSources(graph: DecisionGraph): string[] {
  return Object.values(graph.decisions).flatMap(({ logic }) =>
    logic.kind === 'table' ? logic.rules.flatMap((rule) => rule.inputEntries.flatMap((tests) => (tests ? [tests.source] : []))) : [],
  );
}

/** Every FEEL source in a compiled model or graph, wherever it sits (both are plain JSON). */
function feelSources(model: ProcessModel | DecisionGraph): string[] {
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
