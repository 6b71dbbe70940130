/**
 * A decision table's hit policy: from the rules that matched (in rule order,
 * with their outputs) to the table's result. Single-hit policies give one
 * output (null when no rule matched); multi-hit policies a list; COLLECT
 * with an aggregation a number. A table with one output gives its values
 * bare, a table with several gives contexts of output name -> value.
 */
import type { DecisionTable, TableOutput } from './types.js';

export interface MatchedRule {
  ruleId: string;
  ruleIndex: number;
  outputs: Record<string, unknown>;
}

export type HitOutcome = { ok: true; value: unknown; rules: MatchedRule[] } | { ok: false; message: string; ruleId?: string };

export function applyHitPolicy(table: DecisionTable, matched: MatchedRule[]): HitOutcome {
  const value = (rule: MatchedRule) => (table.outputs.length === 1 ? rule.outputs[table.outputs[0].name] : rule.outputs);
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) {
        return {
          ok: false,
          ruleId: matched[1].ruleId,
          message: `rules ${matched.map(named).join(', ')} all match: the UNIQUE hit policy allows one`,
        };
      }
      return single(matched[0], value);
    case 'ANY': {
      const differing = matched.find((rule) => !sameValue(rule.outputs, matched[0].outputs));
      if (differing) {
        return {
          ok: false,
          ruleId: differing.ruleId,
          message: `rules ${named(matched[0])} and ${named(differing)} match with different outputs: the ANY hit policy needs them equal`,
        };
      }
      return single(matched[0], value);
    }
    case 'FIRST':
      return single(matched[0], value);
    case 'PRIORITY':
      return single(byPriority(table.outputs, matched)[0], value);
    case 'OUTPUT ORDER': {
      const ordered = byPriority(table.outputs, matched);
      return { ok: true, value: ordered.map(value), rules: ordered };
    }
    case 'RULE ORDER':
      return { ok: true, value: matched.map(value), rules: matched };
    case 'COLLECT':
      return table.aggregation ? aggregate(table.aggregation, matched.map(value), matched) : { ok: true, value: matched.map(value), rules: matched };
  }
}

const named = (rule: MatchedRule) => `'${rule.ruleId}' (#${rule.ruleIndex})`;

function single(rule: MatchedRule | undefined, value: (rule: MatchedRule) => unknown): HitOutcome {
  return rule ? { ok: true, value: value(rule), rules: [rule] } : { ok: true, value: null, rules: [] };
}

function aggregate(aggregation: NonNullable<DecisionTable['aggregation']>, values: unknown[], rules: MatchedRule[]): HitOutcome {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (aggregation === 'COUNT') return { ok: true, value: present.length, rules };
  const notNumber = present.findIndex((v) => typeof v !== 'number');
  if (notNumber >= 0) {
    const rule = rules[values.indexOf(present[notNumber])];
    return {
      ok: false,
      ruleId: rule.ruleId,
      message: `COLLECT ${aggregation} needs numbers, but rule ${named(rule)} gives ${JSON.stringify(present[notNumber])}`,
    };
  }
  const numbers = present as number[];
  if (!numbers.length) return { ok: true, value: null, rules };
  const combine = { SUM: (a: number, b: number) => a + b, MIN: Math.min, MAX: Math.max }[aggregation];
  return { ok: true, value: numbers.reduce((a, b) => combine(a, b)), rules };
}

/**
 * Matched rules ordered by their outputs' rank in the output values (the
 * first output first); outputs without output values do not rank, and a
 * stable sort keeps rule order among equals.
 */
function byPriority(outputs: TableOutput[], matched: MatchedRule[]): MatchedRule[] {
  const rank = (output: TableOutput, value: unknown) => {
    const at = (output.values ?? []).findIndex((candidate) => sameValue(candidate, value));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return [...matched].sort((a, b) => {
    for (const output of outputs) {
      if (!output.values) continue;
      const difference = rank(output, a.outputs[output.name]) - rank(output, b.outputs[output.name]);
      if (difference) return difference;
    }
    return 0;
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
