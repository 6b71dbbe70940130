/**
 * Multi-instance activities, as in Zeebe. The token that reaches the
 * activity becomes its BODY: entered once, it reads the input collection (or
 * the loop cardinality) once, opens the body scope (`numberOfInstances`,
 * `numberOfActiveInstances`, `numberOfCompletedInstances` and the output
 * collection) and owns the activity's boundary events. It runs one INNER
 * instance of the activity per item, all at once (parallel) or one after
 * another (sequential): a token in the body scope with its own local scope
 * holding the input element and `loopCounter`, which runs the activity's
 * work and its input and output mappings. The body's bookkeeping lives on
 * its token (`TokenState.multiInstance`); an inner token carries its
 * `loopCounter`. The machine calls in at four points: entering the body,
 * executing it, an inner instance completing (its output element and the
 * completion condition) and leaving (to its body instead of along a flow).
 * Withdrawing the body withdraws the inner instances like any child scope.
 */
import { describeValue, evaluateFeel } from '../expressions/feel.js';
import { rememberCompletion } from './compensation.js';
import type { ElementModel, FeelExpression, MultiInstanceDefinition } from '../model/types.js';
import type { Machine } from './machine.js';
import type { MultiInstanceState, TokenState } from './state.js';
import { closeTokenSubscriptions } from './subscriptions.js';
import { lookupVariable, propagateVariables } from './variables.js';

/** A token that reached a multi-instance activity from outside: the body, not one of its inner instances. */
export const isMultiInstanceBody = (machine: Machine, token: TokenState): boolean =>
  !!machine.element(token.elementId).multiInstance && token.loopCounter === undefined;

/** The body is entered: the collection is read once, the body scope opened, then the body executes. */
export function enterBody(machine: Machine, body: TokenState): void {
  const element = machine.element(body.elementId);
  const definition = element.multiInstance!;
  const collection = readCollection(machine, element, body.scopeId);
  if (!collection.ok) return machine.incident(body, 'enter', 'expression', collection.message);
  const state: MultiInstanceState = { total: collection.total, started: 0, completed: 0, items: collection.items };
  // As in Zeebe, the output collection starts as a list of nulls, one per inner instance, filled in input order.
  if (definition.outputCollection) state.outputs = new Array(state.total).fill(null);
  body.multiInstance = state;
  const variables = machine.state.scopes[machine.openLocalScope(body)].variables;
  Object.assign(variables, counters(state, state.completed));
  if (definition.outputCollection) variables[definition.outputCollection] = state.outputs;
  machine.execute(body);
}

/** The body's work (after its boundary events opened): start the inner instances, or complete at once for an empty collection. */
export function executeBody(machine: Machine, body: TokenState): void {
  const state = body.multiInstance!;
  machine.wait(body);
  if (state.total === 0) return completeBody(machine, body);
  if (state.started > 0) return;
  const { sequential } = machine.element(body.elementId).multiInstance!;
  do startInner(machine, body);
  while (!sequential && state.started < state.total);
  Object.assign(bodyVariables(machine, body), counters(state, state.completed));
}

/**
 * An inner instance is completing (its output mappings applied, its local
 * scope still open), as in Zeebe before it counts as completed: its output
 * element goes to its place in the output collection, and the completion
 * condition is read with it counted. Returns false after raising an
 * incident on it; resolving that completes it again.
 */
export function innerCompleting(machine: Machine, inner: TokenState, pendingVariables: Record<string, unknown>): boolean {
  const body = bodyOf(machine, inner);
  const state = body.multiInstance!;
  const definition = machine.element(body.elementId).multiInstance!;
  const variables = bodyVariables(machine, body);
  const index = inner.loopCounter! - 1;
  const fail = (message: string) => {
    if (state.outputs) state.outputs[index] = null;
    Object.assign(variables, counters(state, state.completed));
    machine.incident(inner, 'complete', 'expression', message, { pendingVariables });
    return false;
  };
  if (definition.outputCollection && definition.outputElement) {
    const output = readOutput(machine, inner, definition.outputElement);
    if (!output.ok) return fail(`output element of '${inner.elementId}' ('=${definition.outputElement.source}'): ${output.message}`);
    state.outputs![index] = output.value;
    variables[definition.outputCollection] = state.outputs;
  }
  const counted = counters(state, state.completed + 1);
  Object.assign(variables, counted);
  if (definition.completionCondition) {
    const verdict = readCondition(machine, inner, definition.completionCondition, counted);
    if (typeof verdict === 'string') return fail(verdict);
    if (verdict) state.satisfied = true;
  }
  state.completed += 1;
  return true;
}

/**
 * An inner instance has completed and, instead of taking a flow, leaves
 * its body: when the completion condition held or every instance is done,
 * the remaining inner instances are withdrawn and the body completes; a
 * sequential body starts its next instance.
 */
export function innerCompleted(machine: Machine, inner: TokenState): void {
  const body = bodyOf(machine, inner);
  const state = body.multiInstance!;
  machine.discard(inner);
  if (state.satisfied || state.completed === state.total) return completeBody(machine, body);
  if (machine.element(body.elementId).multiInstance!.sequential && state.started < state.total) {
    startInner(machine, body);
    Object.assign(bodyVariables(machine, body), counters(state, state.completed));
  }
}

/** Withdraws the inner instances still running, then completes the body: its output collection goes to the enclosing scope. */
function completeBody(machine: Machine, body: TokenState): void {
  const definition = machine.element(body.elementId).multiInstance!;
  for (const inner of machine.tokensIn(body.localScopeId!)) if (machine.state.tokens[inner.id]) machine.withdraw(inner);
  const output = body.multiInstance!.outputs;
  // The completed inner instances stay compensable after the body is gone.
  rememberCompletion(machine, body);
  body.multiInstance = undefined;
  closeTokenSubscriptions(machine, body.id);
  machine.closeLocalScope(body);
  if (definition.outputCollection) propagateVariables(machine.state, body.scopeId, { [definition.outputCollection]: output });
  body.status = 'ready';
  body.payload = undefined;
  machine.record('element.completed', { elementId: body.elementId, tokenId: body.id });
  machine.leave(body);
}

/**
 * Activates the next inner instance now and schedules its work, so that a
 * parallel body activates every instance before any of them runs (as Zeebe
 * does) and a completion condition withdraws only activated ones.
 */
function startInner(machine: Machine, body: TokenState): void {
  const state = body.multiInstance!;
  const definition = machine.element(body.elementId).multiInstance!;
  const loopCounter = ++state.started;
  const inner: TokenState = {
    id: machine.localId('t'),
    scopeId: body.localScopeId!,
    elementId: body.elementId,
    status: 'ready',
    arrivedAt: machine.state.sequence,
    loopCounter,
  };
  machine.state.tokens[inner.id] = inner;
  const local = machine.state.scopes[machine.openLocalScope(inner)].variables;
  // As in Zeebe, an output element that names a variable gets it as a local null, so that work returning it fills this instance's.
  const output = outputVariable(definition);
  if (output && output !== definition.inputElement) local[output] = null;
  if (definition.inputElement) local[definition.inputElement] = state.items?.[loopCounter - 1] ?? null;
  local.loopCounter = loopCounter;
  if (state.started === state.total) state.items = undefined;
  machine.record('element.activated', { elementId: body.elementId, tokenId: inner.id });
  machine.schedule(() => machine.applyInputs(inner), inner);
}

type Collection = { ok: true; total: number; items?: unknown[] } | { ok: false; message: string };

/** The input collection, else the loop cardinality, read in the scope the body is entered from. */
function readCollection(machine: Machine, element: ElementModel, scopeId: string): Collection {
  const { inputCollection, cardinality } = element.multiInstance!;
  const expression = (inputCollection ?? cardinality)!;
  const where = `${inputCollection ? 'input collection' : 'loop cardinality'} of '${element.id}' ('=${expression.source}')`;
  const result = machine.evaluateFeel(expression, scopeId);
  if (!result.ok) return { ok: false, message: `${where}: ${result.message}` };
  if (inputCollection) {
    if (!Array.isArray(result.value)) return { ok: false, message: `${where} evaluated to ${describeValue(result.value)}, not a list` };
    return { ok: true, total: result.value.length, items: result.value };
  }
  if (typeof result.value !== 'number' || !Number.isInteger(result.value) || result.value < 0) {
    return { ok: false, message: `${where} evaluated to ${describeValue(result.value)}, not a whole number of instances` };
  }
  return { ok: true, total: result.value };
}

/**
 * The completion condition: true or false, else the incident message. As in
 * Zeebe, it is read in the completing inner instance's scope (its input
 * element and results visible), where the body's counters win over
 * variables of the same name.
 */
function readCondition(machine: Machine, inner: TokenState, condition: FeelExpression, counted: Record<string, number>): boolean | string {
  const where = `completion condition of '${inner.elementId}' ('=${condition.source}')`;
  const scopeId = machine.scopeOf(inner);
  const lookup = (name: string) => (Object.prototype.hasOwnProperty.call(counted, name) ? counted[name] : lookupVariable(machine.state, scopeId, name));
  const result = evaluateFeel(condition, lookup, machine.now, machine.globals);
  if (!result.ok) return `${where}: ${result.message}`;
  if (typeof result.value !== 'boolean') return `${where} evaluated to ${describeValue(result.value)}, not a boolean`;
  return result.value;
}

const FEEL_LITERALS = new Set(['true', 'false', 'null']);
const NAME = /^[A-Za-z_$][\w$]*$/;

/** The variable an output element such as `=result` or `=result.total` reads, if it reads only one. */
function outputVariable(definition: MultiInstanceDefinition): string | undefined {
  const source = definition.outputElement?.source;
  const head = source?.split('.')[0];
  return head && !FEEL_LITERALS.has(head) && source!.split('.').every((part) => NAME.test(part)) ? head : undefined;
}

/** The output element in the inner instance's scope; one that only names a variable is read without FEEL (the same value, far cheaper). */
function readOutput(machine: Machine, inner: TokenState, expression: FeelExpression): ReturnType<Machine['evaluateFeel']> {
  const source = expression.source;
  if (NAME.test(source) && !FEEL_LITERALS.has(source)) {
    const value = lookupVariable(machine.state, machine.scopeOf(inner), source) ?? null;
    return { ok: true, value: typeof value === 'object' ? structuredClone(value) : value };
  }
  return machine.evaluateFeel(expression, machine.scopeOf(inner));
}

function counters(state: MultiInstanceState, completed: number): Record<string, number> {
  return { numberOfInstances: state.total, numberOfActiveInstances: state.started - completed, numberOfCompletedInstances: completed };
}

function bodyOf(machine: Machine, inner: TokenState): TokenState {
  return machine.state.tokens[machine.state.scopes[inner.scopeId].ownerTokenId!];
}

function bodyVariables(machine: Machine, body: TokenState): Record<string, unknown> {
  return machine.state.scopes[body.localScopeId!].variables;
}
