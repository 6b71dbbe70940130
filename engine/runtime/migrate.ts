/**
 * Migration: a running instance moves to another version of its process.
 * Every active element (token, open subscription, job, user task) goes to
 * the element of the target version that the mapping names, or that has the
 * same id, and keeps its key: jobs keep their leases, user tasks their
 * assignees, timers their due times. The target element must be of the same
 * type, in the corresponding scope; otherwise nothing moves and every
 * element without a target is reported with the reason.
 *
 * Refused (not done yet): instances waiting in call activities or
 * multi-instance activities, and instances in the middle of compensation.
 *
 * The result is a step like any other: the new state (rev + 1) and its
 * effects, committed under the rev check. Boundary events and event
 * sub-processes that only the target version has begin to listen.
 */
import type { FeelGlobals } from '../expressions/feel.js';
import { ConflictError, MigrationError, type ValidationProblem } from '../errors.js';
import type { ElementModel, ProcessModel } from '../model/types.js';
import { indexSearchAttributes } from '../search/attributes.js';
import { Machine } from './machine.js';
import type { Retarget } from './records.js';
import { ROOT_SCOPE, type CompensationRecord, type InstanceState, type TokenState } from './state.js';
import type { StepResult } from './step.js';
import { openBoundarySubscriptions, openSubscription, subscribes } from './subscriptions.js';

export interface MigrationTarget {
  definitionKey: string;
  version: number;
  model: ProcessModel;
  /** Source element id -> target element id; unmapped elements keep their id. */
  mapping: Record<string, string>;
}

export function migrate(state: InstanceState, source: ProcessModel, target: MigrationTarget, now: number, globals?: FeelGlobals): StepResult {
  if (state.status !== 'active') throw new ConflictError(`instance ${state.id} is ${state.status}; only active instances can be migrated`);
  const problems = checkMigration(state, source, target);
  if (problems.length) {
    throw new MigrationError(`instance ${state.id} cannot move from ${state.definitionKey} to ${target.definitionKey}`, problems);
  }
  const to = (id: string) => target.mapping[id] ?? id;
  const from = state.definitionKey;
  const retarget: Retarget[] = [];
  const follow = (kind: Retarget['kind'], key: string, elementId: string) => retarget.push({ kind, key, definitionKey: target.definitionKey, elementId });

  for (const token of Object.values(state.tokens)) {
    token.elementId = to(token.elementId);
    if (token.jobKey) follow('job', token.jobKey, token.elementId);
    if (token.userTaskId) follow('userTask', token.userTaskId, token.elementId);
  }
  for (const scope of Object.values(state.scopes)) {
    if (scope.id !== ROOT_SCOPE) scope.elementId = to(scope.elementId);
    if (scope.compensations) scope.compensations = scope.compensations.map((record) => mapCompensation(record, to));
  }
  for (const sub of Object.values(state.subscriptions)) {
    sub.elementId = to(sub.elementId);
    if (sub.timer) follow('job', sub.timer.jobKey, sub.elementId);
    if (sub.kind === 'message' || sub.kind === 'signal') follow('subscription', sub.id, sub.elementId);
  }
  for (const incident of state.incidents) incident.elementId = to(incident.elementId);
  state.definitionKey = target.definitionKey;
  state.version = target.version;

  const machine = new Machine(state, target.model, now, globals);
  machine.effects.retarget = retarget;
  machine.record('instance.migrated', { message: `from ${from} to ${target.definitionKey}` });
  const failures = listenAsTheTargetDoes(machine);
  if (failures.length) {
    throw new MigrationError(`instance ${state.id} cannot move from ${from} to ${target.definitionKey}`, failures);
  }
  machine.run();
  indexSearchAttributes(state, target.model);
  state.rev += 1;
  return { state, effects: machine.effects, changed: true };
}

/** Every reason the instance cannot move, each with the element of the current version it concerns. */
export function checkMigration(state: InstanceState, source: ProcessModel, target: MigrationTarget): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const v = `version ${target.version}`;
  const report = (elementId: string | undefined, message: string) => problems.push({ elementId, message });
  const to = (id: string) => target.mapping[id] ?? id;
  const named = (id: string) => (target.mapping[id] ? `its target '${to(id)}'` : `'${id}' of ${v}`);

  for (const [sourceId, targetId] of Object.entries(target.mapping)) {
    if (!source.elements[sourceId]) report(sourceId, `the mapping names '${sourceId}', which the instance's version does not have`);
    else if (!target.model.elements[targetId]) report(sourceId, `the mapping leads to '${targetId}', which ${v} does not have`);
  }

  /** Same type, same kind of event, and for a scope-owning element the same shape. */
  const counterpart = (element: ElementModel | undefined, id: string): ElementModel | undefined => {
    if (!element) {
      report(id, `the instance's version has no element '${id}'`);
      return undefined;
    }
    const other = target.model.elements[to(id)];
    if (!other) {
      report(id, target.mapping[id] ? `the mapping leads to '${to(id)}', which ${v} does not have` : `${v} has no element '${id}'; map it to one`);
      return undefined;
    }
    const mismatch =
      other.type !== element.type
        ? `it is a ${element.type}, ${named(id)} is a ${other.type}`
        : other.event?.kind !== element.event?.kind
          ? `it is a ${element.event?.kind ?? 'none'} event, ${named(id)} is a ${other.event?.kind ?? 'none'} event`
          : !!other.eventSubProcess !== !!element.eventSubProcess
            ? `one of it and ${named(id)} is an event sub-process, the other is not`
            : !!other.multiInstance !== !!element.multiInstance
              ? `one of it and ${named(id)} is a multi-instance activity, the other is not`
              : !!other.loop !== !!element.loop
                ? `one of it and ${named(id)} is a loop, the other is not`
                : undefined;
    if (mismatch) {
      report(id, mismatch);
      return undefined;
    }
    return other;
  };
  /** The element that owns a scope instance, in the target's terms (the process for the root scope). */
  const targetScopeOf = (scopeId: string) => {
    const scope = state.scopes[scopeId];
    return !scope || scope.id === ROOT_SCOPE ? target.model.id : to(scope.elementId);
  };

  for (const token of Object.values(state.tokens)) {
    const element = source.elements[token.elementId];
    const id = token.elementId;
    if (token.multiInstance || token.loopCounter !== undefined) {
      report(id, 'instances inside multi-instance activities cannot be migrated yet');
      continue;
    }
    if (token.childInstanceId || element?.type === 'callActivity') {
      report(id, 'instances waiting in a call activity (with a child instance) cannot be migrated yet');
      continue;
    }
    if (token.compensation || token.compensationOf) {
      report(id, 'the instance is compensating; it cannot be migrated until that has finished');
      continue;
    }
    const other = counterpart(element, id);
    if (!other) continue;
    if (other.scopeId !== targetScopeOf(token.scopeId)) {
      report(id, `${named(id)} is in '${other.scopeId}', not in '${targetScopeOf(token.scopeId)}' where the token is`);
    }
    if (token.via && target.model.flows[token.via]?.targetRef !== other.id) {
      report(id, `the token waits here for sequence flow '${token.via}', which does not lead to ${named(id)}`);
    }
  }

  for (const sub of Object.values(state.subscriptions)) {
    const catcher = source.elements[sub.elementId];
    const other = counterpart(catcher, sub.elementId);
    if (!catcher || !other) continue;
    const token = sub.tokenId ? state.tokens[sub.tokenId] : undefined;
    if (catcher.type === 'boundaryEvent') {
      if (other.attachedTo !== to(catcher.attachedTo ?? '')) {
        report(catcher.id, `${named(catcher.id)} is attached to '${other.attachedTo}', not to '${to(catcher.attachedTo ?? '')}'`);
      }
    } else if (catcher.type === 'startEvent') {
      const eventSubProcess = target.model.elements[other.scopeId];
      if (eventSubProcess?.scopeId !== targetScopeOf(sub.scopeId)) {
        report(catcher.id, `${named(catcher.id)} starts an event sub-process outside '${targetScopeOf(sub.scopeId)}'`);
      }
    } else if (token && token.elementId !== catcher.id) {
      // The token waits at an event-based gateway for this event among others.
      const gateway = target.model.elements[to(token.elementId)];
      if (gateway && !gateway.outgoing.some((flowId) => target.model.flows[flowId]?.targetRef === other.id)) {
        report(catcher.id, `the event-based gateway '${gateway.id}' of ${v} does not lead to ${named(catcher.id)}`);
      }
    }
  }

  const remembered = (records: CompensationRecord[]) => {
    for (const record of records) {
      counterpart(source.elements[record.elementId], record.elementId);
      if (record.inner) remembered(record.inner);
    }
  };
  for (const scope of Object.values(state.scopes)) {
    if (scope.id !== ROOT_SCOPE && !state.tokens[scope.ownerTokenId ?? '']) counterpart(source.elements[scope.elementId], scope.elementId);
    if (scope.compensations) remembered(scope.compensations);
  }
  // One report per element and reason: a token and its subscription may fail alike.
  return problems.filter((p, n) => problems.findIndex((q) => q.elementId === p.elementId && q.message === p.message) === n);
}

function mapCompensation(record: CompensationRecord, to: (id: string) => string): CompensationRecord {
  const mapped: CompensationRecord = { ...record, elementId: to(record.elementId) };
  if (record.inner) mapped.inner = record.inner.map((inner) => mapCompensation(inner, to));
  return mapped;
}

/**
 * The boundary events of waiting activities and the event sub-processes of
 * open scopes that only the target version has begin to listen; those the
 * instance had keep listening as they were.
 */
function listenAsTheTargetDoes(machine: Machine): ValidationProblem[] {
  const { state, model } = machine;
  const failures: ValidationProblem[] = [];
  for (const token of Object.values(state.tokens) as TokenState[]) {
    if (token.status !== 'waiting' || !machine.element(token.elementId).boundaryEvents?.length) continue;
    const failure = openBoundarySubscriptions(machine, token);
    if (failure) failures.push({ elementId: token.elementId, message: `its boundary events cannot listen: ${failure}` });
  }
  for (const scope of Object.values(state.scopes)) {
    const owner = scope.ownerTokenId ? state.tokens[scope.ownerTokenId] : undefined;
    if (owner && owner.status !== 'waiting') continue;
    // An interrupting event sub-process that runs has silenced the others of its scope.
    if (machine.tokensIn(scope.id).some((t) => interrupts(machine, t))) continue;
    const scopeElement = scope.id === ROOT_SCOPE ? model.id : scope.elementId;
    for (const eventSubProcessId of model.eventSubProcesses[scopeElement] ?? []) {
      const start = machine.eventSubProcessStart(eventSubProcessId);
      const listening = Object.values(state.subscriptions).some((s) => !s.tokenId && s.scopeId === scope.id && s.elementId === start.id);
      if (!subscribes(start) || listening) continue;
      const failure = openSubscription(machine, start, { scopeId: scope.id }, scope.id);
      if (failure) failures.push({ elementId: eventSubProcessId, message: `the event sub-process cannot listen: ${failure}` });
    }
  }
  return failures;
}

function interrupts(machine: Machine, token: TokenState): boolean {
  const element = machine.element(token.elementId);
  return !!element.eventSubProcess && machine.eventSubProcessStart(element.id).interrupting;
}
