/**
 * Ad-hoc sub-processes, as Zeebe runs them itself. On entry (after its input
 * mappings) the sub-process reads `activeElementsCollection`, a FEEL list of
 * inner element ids, and starts a token at each (an id may come more than
 * once); an id that is not an element it may activate is an incident naming
 * it. Each time a path inside ends (an element with no outgoing flow
 * completes) the output element is added to the output collection and the
 * completion condition is read in the sub-process's scope: when it holds,
 * what still runs inside is withdrawn (`cancelRemainingInstances`, the
 * default) or waited for, then the sub-process completes. Without a
 * condition it completes when nothing inside is left; with one that never
 * held it stays active, as in Zeebe, until activateAdHocElements adds more.
 */
import { InvalidArgumentError } from '../../errors.js';
import { describeValue } from '../../expressions/feel.js';
import type { AdHocSubProcessModel, ElementModel } from '../../model/types.js';
import type { Machine } from '../machine.js';
import type { TokenState } from '../state.js';
import { openScopeSubscriptions } from '../subscriptions.js';
import { propagateVariables } from '../variables.js';
import type { Behaviour } from './behaviour.js';

/**
 * Paths one activation may start: each is a token in the step, and a step
 * that moves tens of thousands of tokens runs into the step budget with an
 * incident per token. Zeebe bounds this only by its record size.
 */
export const MAX_AD_HOC_ACTIVATIONS = 1000;

export const adHocSubProcess: Behaviour<AdHocSubProcessModel> = {
  execute(machine, token, element) {
    const definition = element.adHoc;
    const scopeId = machine.openLocalScope(token);
    machine.state.scopes[scopeId].keepsNewVariables = true;
    const chosen = readActiveElements(machine, element, scopeId);
    if (typeof chosen === 'string') return machine.incident(token, 'execute', 'expression', chosen);
    const failure = openScopeSubscriptions(machine, scopeId, element.id);
    if (failure) return machine.incident(token, 'execute', 'expression', failure);
    const variables = machine.state.scopes[scopeId].variables;
    if (definition.outputCollection && !Object.prototype.hasOwnProperty.call(variables, definition.outputCollection)) {
      variables[definition.outputCollection] = [];
    }
    machine.wait(token);
    for (const id of chosen) machine.spawn(scopeId, id);
  },
};

/** An element to activate through the API, with variables local to its activation. */
export interface AdHocActivation {
  elementId: string;
  variables?: Record<string, unknown>;
}

/**
 * Activates elements of a waiting ad-hoc sub-process (the engine's
 * activateAdHocElements, Zeebe's ad-hoc activation API). Throws when an id
 * is not an element it can activate: nothing is activated then.
 */
export function activateAdHocElements(machine: Machine, owner: TokenState, activations: AdHocActivation[]): void {
  const { activatable } = machine.elementOfType(owner.elementId, 'adHocSubProcess').adHoc;
  if (activations.length > MAX_AD_HOC_ACTIVATIONS)
    throw new InvalidArgumentError(`${activations.length} elements named; one activation may start at most ${MAX_AD_HOC_ACTIVATIONS}`);
  const unknown = [...new Set(activations.map((a) => a.elementId).filter((id) => !activatable.includes(id)))];
  if (unknown.length) {
    throw new InvalidArgumentError(
      `${unknown.map((id) => `'${id}'`).join(', ')} ${unknown.length > 1 ? 'are not elements' : 'is not an element'} that ad-hoc sub-process '${owner.elementId}' can activate (${activatable.join(', ')})`,
    );
  }
  for (const { elementId, variables } of activations) {
    const token = machine.spawn(owner.localScopeId!, elementId);
    if (variables && Object.keys(variables).length) Object.assign(machine.state.scopes[machine.openLocalScope(token)].variables, variables);
  }
}

/** The ids to activate, else the incident message. */
function readActiveElements(machine: Machine, element: AdHocSubProcessModel, scopeId: string): string[] | string {
  const { activeElements, activatable } = element.adHoc;
  if (!activeElements) return [];
  const where = `active elements collection of '${element.id}' ('=${activeElements.source}')`;
  const result = machine.evaluateFeel(activeElements, scopeId);
  if (!result.ok) return `${where}: ${result.message}`;
  const ids = result.value;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) return `${where} evaluated to ${describeValue(ids)}, not a list of element ids`;
  if (ids.length > MAX_AD_HOC_ACTIVATIONS) return `${where} names ${ids.length} elements; one activation may start at most ${MAX_AD_HOC_ACTIVATIONS}`;
  const unknown = [...new Set(ids.filter((id) => !activatable.includes(id)))];
  if (unknown.length) {
    const names = unknown
      .slice(0, 10)
      .map((id) => `'${id.slice(0, 200)}'`)
      .join(', ');
    return `${where} names ${unknown.length > 10 ? `${unknown.length} ids, among them ` : ''}${names}, not an element of the ad-hoc sub-process it can activate (${activatable.join(', ')})`;
  }
  return ids;
}

/** The ad-hoc sub-process token whose inside `scopeId` is, if it is one (not a token compensating one). */
function adHocOwner(machine: Machine, scopeId: string): TokenState | undefined {
  const owner = machine.state.tokens[machine.state.scopes[scopeId]?.ownerTokenId ?? ''];
  if (!owner || owner.localScopeId !== scopeId || owner.compensationOf) return undefined;
  return machine.element(owner.elementId).type === 'adHocSubProcess' ? owner : undefined;
}

/**
 * Called by the machine as a token leaves its element. When it ends a path
 * inside an ad-hoc sub-process: collects its output and reads the completion
 * condition. Returns false after raising an incident on the token (resolving
 * it leaves again).
 */
export function adHocPathCompleting(machine: Machine, token: TokenState): boolean {
  const owner = adHocOwner(machine, token.scopeId);
  const element = machine.element(token.elementId);
  if (!owner || element.outgoing.length) return true;
  if (element.eventSubProcess) {
    // An interrupting event sub-process that ran to its end completes the ad-hoc sub-process, as in Zeebe.
    if (machine.eventSubProcessStart(element.id).interrupting) owner.adHocSatisfied = true;
    return true;
  }
  const definition = machine.elementOfType(owner.elementId, 'adHocSubProcess').adHoc;
  const variables = machine.state.scopes[token.scopeId].variables;
  const collection = definition.outputCollection;
  const before = collection ? variables[collection] : undefined;
  const fail = (message: string) => {
    if (collection) variables[collection] = before;
    machine.incident(token, 'leave', 'expression', message);
    return false;
  };
  if (collection && definition.outputElement) {
    const output = machine.evaluateFeel(definition.outputElement, token.scopeId);
    if (!output.ok) return fail(`output element of '${owner.elementId}' ('=${definition.outputElement.source}'): ${output.message}`);
    variables[collection] = [...(Array.isArray(before) ? before : []), output.value];
  }
  const condition = definition.completionCondition;
  if (!condition || owner.adHocSatisfied) return true;
  const where = `completion condition of '${owner.elementId}' ('=${condition.source}')`;
  const verdict = machine.evaluateFeel(condition, token.scopeId);
  if (!verdict.ok) return fail(`${where}: ${verdict.message}`);
  if (typeof verdict.value !== 'boolean') return fail(`${where} evaluated to ${describeValue(verdict.value)}, not a boolean`);
  if (!verdict.value) return true;
  owner.adHocSatisfied = true;
  if (definition.cancelRemainingInstances) {
    for (const other of machine.tokensIn(token.scopeId)) if (other !== token && machine.state.tokens[other.id]) machine.withdraw(other);
  }
  return true;
}

/**
 * Called by the machine when the last token inside an ad-hoc sub-process
 * ends: it completes (its output collection going to the scope around it)
 * unless it has a completion condition that never held.
 */
export function adHocScopeEmptied(machine: Machine, owner: TokenState): void {
  const definition = machine.elementOfType(owner.elementId, 'adHocSubProcess').adHoc;
  if (definition.completionCondition && !owner.adHocSatisfied) return;
  delete owner.adHocSatisfied;
  const collection = definition.outputCollection;
  if (collection) propagateVariables(machine.state, owner.scopeId, { [collection]: machine.state.scopes[owner.localScopeId!].variables[collection] });
  machine.complete(owner);
}

/** Whether `scopeId` is the inside of an ad-hoc sub-process. */
export const isAdHocInside = (machine: Machine, scopeId: string): boolean => !!adHocOwner(machine, scopeId);
