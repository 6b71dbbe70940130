/**
 * Evaluates a decision of a compiled graph: its required decisions first,
 * in dependency order, each one's result visible to the decisions after it
 * under its variable name. Pure and synchronous (it runs inside a step);
 * FEEL goes through engine/expressions, so the step's budget and guard
 * cover a runaway expression in a table as anywhere else.
 */
import { evaluateFeel, type FeelGlobals, type VariableLookup } from '../expressions/feel.js';
import { evaluateUnaryTests } from '../expressions/unary-tests.js';
import { applyHitPolicy, type MatchedRule } from './hit-policy.js';
import { evaluationOrder } from './requirements.js';
import type { DecisionGraph, DecisionModel, DecisionTable } from './types.js';

/** One decision that was evaluated: what history records and the API returns. */
export interface EvaluatedDecision {
  decisionId: string;
  decisionName?: string;
  decisionType: 'decisionTable' | 'literalExpression';
  /** The rules whose outputs made the result (a decision table's), in the order the hit policy gave them. */
  matchedRules?: MatchedRule[];
  output: unknown;
}

export interface DecisionEvaluation {
  decisionId: string;
  /** The result of the decision asked for. */
  output: unknown;
  /** It and the decisions it required, in the order they were evaluated. */
  evaluated: EvaluatedDecision[];
}

export interface DecisionFailure {
  /** The decision that failed (the one asked for or one it requires). */
  decisionId: string;
  ruleId?: string;
  message: string;
  /** The decisions evaluated before the failure. */
  evaluated: EvaluatedDecision[];
}

export type DecisionOutcome = { ok: true; evaluation: DecisionEvaluation } | ({ ok: false } & DecisionFailure);

export interface DecisionContext {
  /** The variables the decision reads (an instance's scope, or a request's context). */
  lookup: VariableLookup;
  now?: number;
  globals?: FeelGlobals;
}

export function evaluateDecision(graph: DecisionGraph, decisionId: string, context: DecisionContext): DecisionOutcome {
  if (!Object.hasOwn(graph.decisions, decisionId)) {
    return { ok: false, decisionId, message: `the decision requirements graph '${graph.id}' has no decision '${decisionId}'`, evaluated: [] };
  }
  const results = new Map<string, unknown>();
  const evaluated: EvaluatedDecision[] = [];
  const lookup: VariableLookup = (name) => (results.has(name) ? results.get(name) : context.lookup(name));
  for (const id of evaluationOrder(graph, decisionId)) {
    const decision = graph.decisions[id];
    const outcome = evaluateOne(decision, { ...context, lookup });
    if (!outcome.ok) return { ok: false, decisionId: id, ruleId: outcome.ruleId, message: outcome.message, evaluated };
    evaluated.push(outcome.evaluated);
    results.set(decision.variable, outcome.evaluated.output);
    if (decision.variable !== decision.id) results.set(decision.id, outcome.evaluated.output);
  }
  return { ok: true, evaluation: { decisionId, output: evaluated.at(-1)!.output, evaluated } };
}

type OneOutcome = { ok: true; evaluated: EvaluatedDecision } | { ok: false; message: string; ruleId?: string };

function evaluateOne(decision: DecisionModel, context: DecisionContext): OneOutcome {
  const base = { decisionId: decision.id, ...(decision.name ? { decisionName: decision.name } : {}) };
  if (decision.logic.kind === 'literal') {
    const result = evaluateFeel(decision.logic.expression, context.lookup, context.now, context.globals);
    if (!result.ok) return { ok: false, message: `literal expression: ${result.message}` };
    return { ok: true, evaluated: { ...base, decisionType: 'literalExpression', output: result.value } };
  }
  const table = evaluateTable(decision.logic, context);
  if (!table.ok) return table;
  return { ok: true, evaluated: { ...base, decisionType: 'decisionTable', matchedRules: table.rules, output: table.value } };
}

function evaluateTable(table: DecisionTable, { lookup, now, globals }: DecisionContext) {
  const values: unknown[] = [];
  for (const input of table.inputs) {
    const value = evaluateFeel(input.expression, lookup, now, globals);
    if (!value.ok) return { ok: false as const, message: `input '${input.label ?? input.id}': ${value.message}` };
    values.push(value.value);
  }
  const matched: MatchedRule[] = [];
  for (const rule of table.rules) {
    let matches = true;
    for (let i = 0; matches && i < rule.inputEntries.length; i++) {
      const tests = rule.inputEntries[i];
      if (!tests) continue;
      const test = evaluateUnaryTests(tests, values[i], lookup);
      if (!test.ok) return { ok: false as const, ruleId: rule.id, message: `rule '${rule.id}' (#${rule.index}): ${test.message}` };
      matches = test.value === true;
    }
    if (!matches) continue;
    const outputs: Record<string, unknown> = {};
    for (const [i, output] of table.outputs.entries()) {
      const entry = rule.outputEntries[i];
      const value = entry ? evaluateFeel(entry, lookup, now, globals) : { ok: true as const, value: null };
      if (!value.ok) return { ok: false as const, ruleId: rule.id, message: `rule '${rule.id}' (#${rule.index}), output '${output.name}': ${value.message}` };
      outputs[output.name] = value.value;
    }
    matched.push({ ruleId: rule.id, ruleIndex: rule.index, outputs });
    if (table.hitPolicy === 'FIRST') break;
  }
  if (!matched.length && table.outputs.some((output) => output.defaultValue)) return defaultOutputs(table, { lookup, now, globals });
  return applyHitPolicy(table, matched);
}

/**
 * No rule matched: the outputs that have a default output entry give it, as
 * Camunda's DMN engine does, whatever the hit policy: one such output gives
 * its value bare, several a context of them; no rule is recorded.
 */
function defaultOutputs(table: DecisionTable, { lookup, now, globals }: Pick<DecisionContext, 'lookup' | 'now' | 'globals'>) {
  const defaults: Record<string, unknown> = {};
  for (const output of table.outputs) {
    if (!output.defaultValue) continue;
    const value = evaluateFeel(output.defaultValue, lookup, now, globals);
    if (!value.ok) return { ok: false as const, message: `default output entry of '${output.name}': ${value.message}` };
    defaults[output.name] = value.value;
  }
  const names = Object.keys(defaults);
  return { ok: true as const, value: names.length === 1 ? defaults[names[0]] : defaults, rules: [] };
}
