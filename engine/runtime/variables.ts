/**
 * Variable scopes: lookup walks from a scope up to the root; writes follow
 * Zeebe's propagation rule (a variable is set in the nearest scope that
 * already has it, else in the root scope).
 */
import type { InstanceState, ScopeState } from './state.js';
import { ROOT_SCOPE } from './state.js';
import { InvalidArgumentError } from '../errors.js';
import { PROTO_KEY, unsafeSegment } from '../safety/safe-keys.js';

export function lookupVariable(state: InstanceState, scopeId: string, name: string): unknown {
  for (let scope: ScopeState | undefined = state.scopes[scopeId]; scope; scope = scope.parentId ? state.scopes[scope.parentId] : undefined) {
    if (Object.prototype.hasOwnProperty.call(scope.variables, name)) return scope.variables[name];
  }
  return undefined;
}

/** All variables visible from a scope, inner scopes shadowing outer ones. */
export function visibleVariables(state: InstanceState, scopeId: string): Record<string, unknown> {
  const chain: ScopeState[] = [];
  for (let scope: ScopeState | undefined = state.scopes[scopeId]; scope; scope = scope.parentId ? state.scopes[scope.parentId] : undefined) {
    chain.push(scope);
  }
  const visible: Record<string, unknown> = {};
  for (const scope of chain.reverse()) Object.assign(visible, scope.variables);
  return structuredClone(visible);
}

/**
 * Sets each variable in the nearest scope (from `scopeId` up) that has it,
 * else in the nearest that keeps new variables (an ad-hoc sub-process), else
 * in the root scope.
 */
export function propagateVariables(state: InstanceState, scopeId: string, variables: Record<string, unknown>): void {
  const chain: ScopeState[] = [];
  for (let scope: ScopeState | undefined = state.scopes[scopeId]; scope; scope = scope.parentId ? state.scopes[scope.parentId] : undefined) chain.push(scope);
  const keeper = chain.find((scope) => scope.keepsNewVariables) ?? state.scopes[ROOT_SCOPE];
  for (const [name, value] of Object.entries(variables)) {
    // Refused where variables come in (engine/safety/safe-keys.ts); never written through a prototype.
    if (name === PROTO_KEY) continue;
    const target = chain.find((scope) => Object.prototype.hasOwnProperty.call(scope.variables, name)) ?? keeper;
    target.variables[name] = value;
  }
}

/**
 * Writes `value` at a dotted path (`order.total`) inside `variables`,
 * creating contexts on the way. Only own properties are walked, and a path
 * through `__proto__`, `prototype` or `constructor` (refused at deploy) is
 * refused here too: nothing is written through a prototype.
 */
export function setPath(variables: Record<string, unknown>, path: string, value: unknown): void {
  const unsafe = unsafeSegment(path);
  if (unsafe) throw new InvalidArgumentError(`the variable path '${path}' may not contain '${unsafe}'`);
  const parts = path.split('.');
  let target = variables;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(target, part) ? target[part] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1]] = value;
}
