/**
 * FEEL through feelin. Expressions are parsed once at deploy time, where a
 * syntax error is reported with its element; at run time only the variables
 * an expression names are handed to feelin, because feelin copies its whole
 * context on every call.
 */
import { evaluate, FeelDate, FeelDateTime } from 'feelin';
import { Temporal } from 'temporal-polyfill';
import type { FeelExpression, ValueOrExpression } from '../model/types.js';
import { FeelAssertionError } from './builtins/registry.js';
import { memoKey, recall, remember } from './memo.js';
import { PROTO_KEY } from '../safety/safe-keys.js';
import { planOf, readNames } from './plan.js';

export type ParseOutcome = { ok: true; expression: FeelExpression } | { ok: false; message: string };

/** Parses FEEL source (with or without the leading `=`). */
export function parseFeel(text: string): ParseOutcome {
  const source = text.trim().replace(/^=/, '').trim();
  if (!source) return { ok: false, message: 'empty FEEL expression' };
  let read: ReturnType<typeof readNames>;
  try {
    read = readNames(source);
  } catch (err) {
    return { ok: false, message: `FEEL does not parse: ${(err as Error).message}` };
  }
  if (read.errorAt >= 0) {
    return { ok: false, message: `FEEL syntax error at position ${read.errorAt + 1} in '${source}'` };
  }
  return { ok: true, expression: { kind: 'feel', source, names: read.variables } };
}

/** Zeebe attribute convention: a value starting with `=` is FEEL, anything else is static text. */
export function parseValueOrExpression(text: string): { ok: true; value: ValueOrExpression } | { ok: false; message: string } {
  if (!text.trim().startsWith('=')) return { ok: true, value: { kind: 'static', value: text } };
  const parsed = parseFeel(text);
  return parsed.ok ? { ok: true, value: parsed.expression } : parsed;
}

/**
 * Names the host provides to every expression of an instance, winning over
 * variables of the same name: `env`, the configuration values of the
 * instance's environment (engine/definitions/environments.ts), which no variable a client
 * sends may replace.
 */
export type FeelGlobals = Record<string, unknown>;

/** Reads a variable visible at the point of evaluation; `undefined` when there is none. */
export type VariableLookup = (name: string) => unknown;

export type EvaluationOutcome = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Evaluates a parsed expression. `now` is the time of the step (the engine's
 * injected clock): FEEL's `now()` and `today()` read it, in UTC, instead of
 * the machine's clock and zone, so that a timer such as
 * `=now() + duration("PT1H")` follows the engine's time.
 */
export function evaluateFeel(expression: FeelExpression, lookup: VariableLookup, now?: number, globals?: FeelGlobals): EvaluationOutcome {
  const plan = planOf(expression.source);
  if (!plan) return { ok: false, message: `FEEL does not parse: '${expression.source}'` };
  const context: Record<string, unknown> = {};
  const define = (name: string, value: unknown) => Object.defineProperty(context, name, { value, enumerable: true, writable: true, configurable: true });
  for (const name of plan.variables) {
    const value = globals && Object.prototype.hasOwnProperty.call(globals, name) ? globals[name] : lookup(name);
    if (value !== undefined) define(name, value);
  }
  // Functions are bound after the variables: a variable never takes the place of a function that is called.
  for (const [binding, name] of plan.functions) {
    const clock = now !== undefined && Object.prototype.hasOwnProperty.call(CLOCK_FUNCTIONS, name) ? CLOCK_FUNCTIONS[name](now) : undefined;
    define(binding, clock ?? plan.builtin(name));
  }
  return guarded(expression.source, () => {
    const key = memoKey(plan.source, context);
    const known = key === undefined ? undefined : recall(key);
    if (known) return known;
    const outcome = evaluateNow(plan.source, context, expression.source);
    if (key !== undefined) remember(key, outcome);
    return outcome;
  });
}

/** Runs one evaluation of feelin under the step's evaluation guard (below), which may refuse it. */
export function guarded(source: string, evaluation: () => EvaluationOutcome): EvaluationOutcome {
  const refused = guard?.before(source);
  if (refused) return refused;
  try {
    return evaluation();
  } finally {
    guard?.after();
  }
}

/**
 * Watches the evaluations of a step (../budget/step-worker.ts): `before`
 * is told of each one and may refuse it with an outcome of its own (a
 * replayed step that ran out of budget in that evaluation), `after` is told
 * when feelin returned.
 */
export interface EvaluationGuard {
  before(source: string): EvaluationOutcome | undefined;
  after(): void;
}

let guard: EvaluationGuard | undefined;

/** Runs `work` (synchronous) with every FEEL evaluation reported to `watcher`. */
export function withEvaluationGuard<T>(watcher: EvaluationGuard, work: () => T): T {
  guard = watcher;
  try {
    return work();
  } finally {
    guard = undefined;
  }
}

/**
 * Runs feelin. As in Camunda 8.3+, an operation that is not defined for
 * its values (`"a" + null`, a function that does not exist or does not
 * take those arguments) makes its part null instead of failing; only
 * `assert` and a failure of feelin itself end the evaluation, and the
 * element decides whether a null is an incident (a condition must be a boolean).
 */
function evaluateNow(source: string, context: Record<string, unknown>, original: string): EvaluationOutcome {
  try {
    return { ok: true, value: toJson(evaluate(source, context).value) };
  } catch (err) {
    if (err instanceof FeelAssertionError) return { ok: false, message: `assertion failed in '${original}': ${err.message}` };
    return { ok: false, message: `failed to evaluate '${original}': ${(err as Error).message}` };
  }
}

export function evaluateValue(value: ValueOrExpression, lookup: VariableLookup, now?: number, globals?: FeelGlobals): EvaluationOutcome {
  return value.kind === 'static' ? { ok: true, value: value.value } : evaluateFeel(value, lookup, now, globals);
}

/** FEEL's clock functions, bound to a given time; a function in the context takes the place of the built-in. */
const CLOCK_FUNCTIONS: Record<string, (now: number) => () => unknown> = {
  now: (now) => () => new FeelDateTime(utc(now).toPlainDateTime(), 'UTC'),
  today: (now) => () => new FeelDate(utc(now).toPlainDate()),
};

const utc = (epochMs: number) => Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO('UTC');

/**
 * FEEL values (dates, durations, ranges, functions) become plain JSON so
 * that they can be stored as variables: temporal values by their ISO text.
 */
function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return typeof value === 'function' ? null : value;
  if (Array.isArray(value)) return value.map(toJson);
  // A FEEL value of a class (a date, a range) has a constructor of its own on its prototype. A context whose
  // prototype is a plain object got it from a `__proto__` key (`{"__proto__": {…}}` in FEEL): only its own
  // entries are data, and the key itself is not one a variable may hold.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && Object.hasOwn(proto, 'constructor')) {
    return typeof (value as { toJSON?: () => unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : String(value);
  }
  // A `__proto__` key is not data a variable may hold (engine/safety/safe-keys.ts): it is left out.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== PROTO_KEY) out[k] = toJson(v);
  return out;
}

/** Describes why a value is not what an element needed, naming the expression. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a context' : `${typeof value} ${JSON.stringify(value)}`;
}
