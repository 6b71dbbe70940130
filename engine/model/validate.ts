/**
 * Whole-process checks that need every element compiled first: flows are
 * linked to their ends, scopes get their start events, gateways are checked
 * for flows they cannot route, and inclusive joins learn which elements can
 * still reach them.
 */
import { checkCompensation } from './compensation.js';
import { ACTIVITY_TYPES, type ElementDraft, type ProcessDraft } from './types.js';

type ReportFor = (elementId?: string) => (message: string) => void;

/** A `bpmn:association` between two elements (used to tie a compensation boundary event to its handler). */
export interface Association {
  sourceRef: string;
  targetRef: string;
}

const EVENT_GATEWAY_TARGETS = new Set(['timer', 'message', 'signal', 'conditional']);

/** `faulty` holds elements and flows already reported as broken: what only follows from them is not reported again. */
export function validateProcess(model: ProcessDraft, reportFor: ReportFor, faulty: ReadonlySet<string> = new Set(), associations: Association[] = []): void {
  const cut = linkFlows(model, reportFor, faulty);
  assignStartEvents(model, reportFor, faulty);
  attachBoundaryEvents(model, reportFor, cut);
  linkCompensationHandlers(model, associations, reportFor);
  checkCompensation(model, reportFor);
  for (const element of Object.values(model.elements)) checkElement(model, element, reportFor(element.id), faulty, cut);
  for (const element of Object.values(model.elements)) {
    if (element.type === 'inclusiveGateway' && element.incoming.length > 1) element.upstream = upstreamOf(model, element);
  }
}

/**
 * Links every flow to its ends. Returns the elements that lost a flow because
 * the element at its other end was refused: that they then lack a flow is no
 * problem of their own.
 */
function linkFlows(model: ProcessDraft, reportFor: ReportFor, faulty: ReadonlySet<string>): Set<string> {
  const cut = new Set<string>();
  for (const flow of Object.values(model.flows)) {
    const source = model.elements[flow.sourceRef];
    const target = model.elements[flow.targetRef];
    if (!source || !target) {
      const reported = faulty.has(flow.sourceRef) || faulty.has(flow.targetRef);
      if (flow.sourceRef && flow.targetRef && !reported)
        reportFor(flow.id)(`the sequence flow connects '${flow.sourceRef}' to '${flow.targetRef}', which are not both runnable elements of this process`);
      if (reported) for (const end of [source, target]) if (end) cut.add(end.id);
      continue;
    }
    if (source.scopeId !== target.scopeId) {
      reportFor(flow.id)(`the sequence flow crosses a sub-process boundary ('${source.id}' is in '${source.scopeId}', '${target.id}' in '${target.scopeId}')`);
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  return cut;
}

function assignStartEvents(model: ProcessDraft, reportFor: ReportFor, faulty: ReadonlySet<string>): void {
  const subProcesses = Object.values(model.elements).filter((e) => e.type === 'subProcess');
  for (const scopeId of [model.id, ...subProcesses.map((e) => e.id)]) model.eventSubProcesses[scopeId] = [];
  const startsIn = (scopeId: string) => Object.values(model.elements).filter((e) => e.scopeId === scopeId && e.type === 'startEvent');

  const starts = startsIn(model.id);
  const none = starts.filter((e) => !e.event && !faulty.has(e.id));
  if (!starts.length) reportFor()('the process has no start event');
  if (none.length > 1) reportFor()(`only one none start event is allowed per process; found ${none.map((e) => e.id).join(', ')}`);
  model.startEventId = none[0]?.id;
  model.eventStartIds = starts.filter((e) => e.event).map((e) => e.id);

  for (const sub of subProcesses) {
    const report = reportFor(sub.id);
    const inner = startsIn(sub.id);
    if (inner.length !== 1) {
      report(`${sub.eventSubProcess ? 'an event sub-process' : 'a sub-process'} needs exactly one start event; found ${inner.length}`);
    }
    sub.startEventId = inner[0]?.id;
    if (!sub.eventSubProcess) continue;
    model.eventSubProcesses[sub.scopeId].push(sub.id);
    if (sub.incoming.length || sub.outgoing.length) report('an event sub-process cannot have incoming or outgoing sequence flows');
  }
}

function attachBoundaryEvents(model: ProcessDraft, reportFor: ReportFor, cut: ReadonlySet<string>): void {
  for (const boundary of Object.values(model.elements)) {
    if (boundary.type !== 'boundaryEvent' || !boundary.attachedTo) continue;
    const report = reportFor(boundary.id);
    const activity = model.elements[boundary.attachedTo];
    if (!activity || !ACTIVITY_TYPES.has(activity.type) || activity.eventSubProcess) {
      report(`the boundary event is attached to '${boundary.attachedTo}', which is not an activity of this process`);
      continue;
    }
    (activity.boundaryEvents ??= []).push(boundary.id);
    if (boundary.incoming.length) report('a boundary event cannot have incoming sequence flows');
    if (boundary.event?.kind !== 'compensation' && !boundary.outgoing.length && !cut.has(boundary.id))
      report('a boundary event needs an outgoing sequence flow');
  }
}

/** A compensation boundary event is tied to its handler activity by an association, not a sequence flow. */
function linkCompensationHandlers(model: ProcessDraft, associations: Association[], reportFor: ReportFor): void {
  for (const element of Object.values(model.elements)) {
    if (element.event?.kind === 'compensation') model.usesCompensation = true;
    if (element.isForCompensation && (element.incoming.length || element.outgoing.length)) {
      reportFor(element.id)('a compensation handler cannot have sequence flows');
    }
  }
  for (const boundary of Object.values(model.elements)) {
    if (boundary.type !== 'boundaryEvent' || boundary.event?.kind !== 'compensation') continue;
    const handlerId = associations.find((a) => a.sourceRef === boundary.id)?.targetRef;
    const handler = handlerId ? model.elements[handlerId] : undefined;
    if (!handler) {
      reportFor(boundary.id)('the compensation boundary event is associated with no handler activity');
      continue;
    }
    if (!handler.isForCompensation) reportFor(handler.id)('a compensation handler must be marked isForCompensation="true"');
    const activity = boundary.attachedTo && model.elements[boundary.attachedTo];
    if (activity) activity.compensationHandler = handler.id;
  }
}

function checkElement(
  model: ProcessDraft,
  element: ElementDraft,
  report: (message: string) => void,
  faulty: ReadonlySet<string>,
  cut: ReadonlySet<string>,
): void {
  if (element.type === 'startEvent' && element.incoming.length) report('a start event cannot have incoming sequence flows');
  if (element.type === 'endEvent' && element.outgoing.length) report('an end event cannot have outgoing sequence flows');
  if (element.defaultFlow && !element.outgoing.includes(element.defaultFlow)) {
    report(`the default flow '${element.defaultFlow}' is not an outgoing flow of this element`);
  }
  // A condition on the default flow is allowed, as in Zeebe, and never read: the default is taken when no other flow's condition holds.
  if (element.event?.kind === 'link' && element.type === 'intermediateThrowEvent') linkThrow(model, element, report);
  if (element.type === 'eventBasedGateway' && !cut.has(element.id)) checkEventGateway(model, element, report);
  const gateway = element.type.endsWith('Gateway');
  if (gateway && element.outgoing.length === 0 && !cut.has(element.id)) report('a gateway needs at least one outgoing sequence flow');
  // As in Zeebe, an exclusive or inclusive gateway that chooses (several outgoing flows) needs a condition on each but the default.
  const chooses = (element.type === 'exclusiveGateway' || element.type === 'inclusiveGateway') && element.outgoing.length + (cut.has(element.id) ? 1 : 0) > 1;
  for (const flowId of chooses ? element.outgoing : []) {
    if (flowId !== element.defaultFlow && !model.flows[flowId].condition && !faulty.has(flowId)) {
      report(`the outgoing flow '${flowId}' has no condition and is not the default flow`);
    }
  }
  if (element.type === 'parallelGateway') {
    for (const flowId of element.outgoing) {
      if (model.flows[flowId].condition) report(`the outgoing flow '${flowId}' of a parallel gateway cannot have a condition`);
    }
  }
}

function linkThrow(model: ProcessDraft, element: ElementDraft, report: (message: string) => void): void {
  const name = element.event?.kind === 'link' ? element.event.name : '';
  const targets = Object.values(model.elements).filter(
    (e) => e.type === 'intermediateCatchEvent' && e.scopeId === element.scopeId && e.event?.kind === 'link' && e.event.name === name,
  );
  if (targets.length !== 1) report(`a link throw event needs exactly one link catch event named '${name}' in its scope; found ${targets.length}`);
  else element.linkTarget = targets[0].id;
}

function checkEventGateway(model: ProcessDraft, gateway: ElementDraft, report: (message: string) => void): void {
  if (gateway.outgoing.length < 2) report('an event-based gateway needs at least two outgoing sequence flows');
  for (const flowId of gateway.outgoing) {
    const target = model.elements[model.flows[flowId].targetRef];
    const catches = target?.type === 'receiveTask' || (target?.type === 'intermediateCatchEvent' && EVENT_GATEWAY_TARGETS.has(target.event?.kind ?? ''));
    if (!catches) report(`the flow '${flowId}' of an event-based gateway must lead to a timer, message, signal or conditional catch event, or a receive task`);
    if (model.flows[flowId].condition) report(`the outgoing flow '${flowId}' of an event-based gateway cannot have a condition`);
  }
}

/** Every element of the gateway's scope with a sequence-flow path to it that does not pass through it. */
function upstreamOf(model: ProcessDraft, gateway: ElementDraft): string[] {
  const seen = new Set<string>();
  const pending = gateway.incoming.map((flowId) => model.flows[flowId].sourceRef);
  while (pending.length) {
    const id = pending.pop()!;
    if (id === gateway.id || seen.has(id)) continue;
    seen.add(id);
    const element = model.elements[id];
    for (const flowId of element.incoming) pending.push(model.flows[flowId].sourceRef);
    // A token at an activity reaches whatever its boundary events lead to.
    if (element.attachedTo) pending.push(element.attachedTo);
  }
  return [...seen];
}
