/**
 * FEEL unary tests (a decision table's input entries: `< 10`, `[1..5]`,
 * `"a","b"`, `not("c")`, `? > limit`), parsed once at deploy and run by
 * feelin against the input value `?`. Only the variables the tests name are
 * handed to feelin, as for expressions (./feel.ts); the common literal
 * entries are compared without feelin at all.
 */
import { parseUnaryTests as parseTree, unaryTest } from 'feelin';
import { PARSE_CONTEXT } from './builtins/registry.js';
import { guarded, type EvaluationOutcome, type VariableLookup } from './feel.js';

/** Unary tests against the input value `?`, parsed. */
export interface UnaryTests {
  kind: 'unaryTests';
  source: string;
  /** The variables the tests read besides the input value. */
  names: string[];
}

export type UnaryTestsOutcome = { ok: true; tests: UnaryTests } | { ok: false; message: string };

export function parseUnaryTests(text: string): UnaryTestsOutcome {
  const source = text.trim();
  const names = new Set<string>();
  let errorAt = -1;
  try {
    parseTree(source, PARSE_CONTEXT, undefined).iterate({
      enter(node) {
        if (node.type.isError && errorAt < 0) errorAt = node.from;
        if (node.name === 'VariableName') names.add(source.slice(node.from, node.to).trim().split(/\s+/).join(' '));
      },
    });
  } catch (err) {
    return { ok: false, message: `the unary tests '${source}' do not parse: ${(err as Error).message}` };
  }
  if (errorAt >= 0) return { ok: false, message: `FEEL syntax error at position ${errorAt + 1} in the unary tests '${source}'` };
  names.delete('?');
  return { ok: true, tests: { kind: 'unaryTests', source, names: [...names] } };
}

const STRING_LITERAL = /^"([^"\\]*)"$/;
const NUMBER_LITERAL = /^-?\d+(\.\d+)?$/;

/** Whether `input` passes the tests; a test that cannot decide (null) does not match. */
export function evaluateUnaryTests(tests: UnaryTests, input: unknown, lookup: VariableLookup): EvaluationOutcome {
  const literal = STRING_LITERAL.exec(tests.source);
  if (literal) return { ok: true, value: input === literal[1] };
  if (NUMBER_LITERAL.test(tests.source)) return { ok: true, value: input === Number(tests.source) };
  const context: Record<string, unknown> = {};
  for (const name of tests.names) {
    const value = lookup(name);
    if (value !== undefined) Object.defineProperty(context, name, { value, enumerable: true, writable: true, configurable: true });
  }
  context['?'] = input;
  return guarded(tests.source, () => {
    try {
      return { ok: true, value: unaryTest(tests.source, context).value === true };
    } catch (err) {
      return { ok: false, message: `failed to evaluate the unary tests '${tests.source}': ${(err as Error).message}` };
    }
  });
}
