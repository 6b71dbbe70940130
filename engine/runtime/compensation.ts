/**
 * Compensation (BPMN 2.0 saga semantics). Each scope instance remembers,
 * in completion order, the activities that completed in it and can be
 * undone: an activity with a compensation handler, or an embedded
 * sub-process (with the records of its inside, kept with it until its own
 * scope ends). A compensation throw or end event takes its scope's records
 * (or only those of its `activityRef`), waits, and has them undone one after
 * another, latest completion first; then it goes on or ends.
 *
 * Undoing one record is a token of its own in the record's scope, standing
 * at the compensated activity and waiting (`compensationOf` names the token
 * that waits for it). It owns a scope holding the activity's variables at
 * completion, in which the handler runs; when that scope empties, the
 * record is done. Withdrawing the scope around it withdraws it like any
 * token. A sub-process is undone by its boundary handler, else by its
 * compensation event sub-process (run in the sub-process's scope, brought
 * back with its inner records, so that it can throw compensation for them),
 * else by undoing its inner records the same way (default compensation).
 */
import type { ProcessModel } from '../model/types.js';
import type { Machine } from './machine.js';
import type { CompensationRecord, ScopeState, TokenState } from './state.js';

/** The compensation event sub-process defined directly in `scopeElementId`, if there is one. */
export function compensationEventSubProcess(model: ProcessModel, scopeElementId: string): string | undefined {
  return (model.eventSubProcesses[scopeElementId] ?? []).find((id) => {
    const startId = model.elements[id].startEventId;
    return !!startId && model.elements[startId].event?.kind === 'compensation';
  });
}

/**
 * Called by the machine as an activity completes, before its own scope
 * closes: remembers it in the scope it ran in when it can be undone.
 */
export function rememberCompletion(machine: Machine, token: TokenState): void {
  if (!machine.model.usesCompensation || token.compensationOf) return;
  const element = machine.element(token.elementId);
  if (element.isForCompensation || element.eventSubProcess) return;
  const local = token.localScopeId ? machine.state.scopes[token.localScopeId] : undefined;
  const scope = machine.state.scopes[token.scopeId];
  if (token.multiInstance) {
    // A multi-instance body: each completed inner instance was remembered in the body's scope, with its own
    // variables; they move out with the body and are compensated one by one, latest first (as in Zeebe).
    if (local?.compensations?.length && scope) (scope.compensations ??= []).push(...local.compensations);
    return;
  }
  const subProcess = element.type === 'subProcess' || element.type === 'adHocSubProcess';
  const inner = subProcess ? local?.compensations : undefined;
  const undoable = !!element.compensationHandler || !!inner?.length || (subProcess && !!compensationEventSubProcess(machine.model, element.id));
  if (!undoable) return;
  const record: CompensationRecord = { elementId: element.id, variables: structuredClone(local?.variables ?? {}) };
  if (inner?.length) record.inner = inner;
  if (scope) (scope.compensations ??= []).push(record);
}

/**
 * A compensation throw or end event: returns true when there is nothing to
 * compensate (the event goes on at once); else the token waits and the
 * machine completes it when the last handler is done.
 */
export function throwCompensation(machine: Machine, thrower: TokenState): boolean {
  const event = machine.element(thrower.elementId).event;
  const scopeId = recordScopeOf(machine, thrower.scopeId);
  const scope = machine.state.scopes[scopeId];
  const records = scope.compensations ?? [];
  const activityRef = event?.kind === 'compensation' ? event.activityRef : undefined;
  const chosen = activityRef ? records.filter((r) => r.elementId === activityRef) : records;
  if (!chosen.length) return true;
  // A completion is compensated once: the records leave the scope now.
  const rest = records.filter((r) => !chosen.includes(r));
  if (rest.length) scope.compensations = rest;
  else delete scope.compensations;
  thrower.compensation = { scopeId, pending: [...chosen].reverse() };
  machine.wait(thrower);
  compensateNext(machine, thrower);
  return false;
}

/**
 * The scope whose records a throw event compensates: its own, except that
 * inside an event sub-process it is the scope the event sub-process runs in
 * (a compensation event sub-process undoes its sub-process's inner activities).
 */
function recordScopeOf(machine: Machine, scopeId: string): string {
  let scope: ScopeState = machine.state.scopes[scopeId];
  while (scope.parentId && machine.model.elements[scope.elementId]?.eventSubProcess) scope = machine.state.scopes[scope.parentId];
  return scope.id;
}

/** Starts undoing the next record of `waiter`'s run; with none left, the waiter goes on. */
function compensateNext(machine: Machine, waiter: TokenState): void {
  const run = waiter.compensation!;
  const record = run.pending.shift();
  if (record) return compensate(machine, waiter, run.scopeId, record);
  delete waiter.compensation;
  if (waiter.compensationOf) {
    // A sub-process compensated by default: done now, or when the last token still in its scope ends.
    if (machine.tokensIn(waiter.localScopeId!).length) return;
    return finished(machine, waiter);
  }
  // The throw event: an intermediate one goes on, an end event ends.
  machine.complete(waiter);
}

function compensate(machine: Machine, waiter: TokenState, scopeId: string, record: CompensationRecord): void {
  const { state } = machine;
  const element = machine.element(record.elementId);
  const token: TokenState = {
    id: machine.localId('t'),
    scopeId,
    elementId: record.elementId,
    status: 'waiting',
    arrivedAt: state.sequence,
    compensationOf: waiter.id,
  };
  state.tokens[token.id] = token;
  const inside: ScopeState = { id: machine.localId('s'), elementId: record.elementId, parentId: scopeId, ownerTokenId: token.id, variables: record.variables };
  state.scopes[inside.id] = inside;
  token.localScopeId = inside.id;
  if (element.compensationHandler) {
    machine.spawn(inside.id, element.compensationHandler);
    return;
  }
  if (record.inner) inside.compensations = record.inner;
  const eventSubProcess = compensationEventSubProcess(machine.model, element.id);
  if (eventSubProcess) {
    machine.spawn(inside.id, eventSubProcess);
    return;
  }
  // Default compensation of a sub-process: its inner records, latest first, the same way.
  delete inside.compensations;
  token.compensation = { scopeId: inside.id, pending: [...(record.inner ?? [])].reverse() };
  compensateNext(machine, token);
}

/**
 * Called by the machine when the scope of a compensating token empties: its
 * handler or event sub-process is done, and whatever they started.
 */
export function compensationScopeEmptied(machine: Machine, token: TokenState): void {
  // A default compensation still under way had its scope emptied by an interrupting event
  // sub-process of the sub-process (catching a handler's error): the rest of it is dropped.
  delete token.compensation;
  finished(machine, token);
}

/** One record is undone: the token that waits for it moves on to the next. */
function finished(machine: Machine, token: TokenState): void {
  const waiter = machine.state.tokens[token.compensationOf!];
  // Its waiter was withdrawn on its own (a terminate end event beside it): the token ends like any other of its scope.
  if (!waiter?.compensation) return machine.end(token);
  machine.discard(token);
  compensateNext(machine, waiter);
}
