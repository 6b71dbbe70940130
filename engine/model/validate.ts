/**
 * Whole-process checks that need every element compiled first: flows are
 * linked to their ends, scopes get their start events, gateways are checked
 * for flows they cannot route, and inclusive joins learn which elements can
 * still reach them.
 */
import type { ElementModel, ProcessModel } from './types.js';

type ReportFor = (elementId?: string) => (message: string) => void;

/** `faulty` holds elements and flows already reported as broken: what only follows from them is not reported again. */
export function validateProcess(model: ProcessModel, reportFor: ReportFor, faulty: ReadonlySet<string> = new Set()): void {
  linkFlows(model, reportFor, faulty);
  assignStartEvents(model, reportFor);
  for (const element of Object.values(model.elements)) checkElement(model, element, reportFor(element.id), faulty);
  for (const element of Object.values(model.elements)) {
    if (element.type === 'inclusiveGateway' && element.incoming.length > 1) element.upstream = upstreamOf(model, element);
  }
}

function linkFlows(model: ProcessModel, reportFor: ReportFor, faulty: ReadonlySet<string>): void {
  for (const flow of Object.values(model.flows)) {
    const source = model.elements[flow.sourceRef];
    const target = model.elements[flow.targetRef];
    if (!source || !target) {
      const reported = faulty.has(flow.sourceRef) || faulty.has(flow.targetRef);
      if (flow.sourceRef && flow.targetRef && !reported) reportFor(flow.id)(`the sequence flow connects '${flow.sourceRef}' to '${flow.targetRef}', which are not both runnable elements of this process`);
      continue;
    }
    if (source.scopeId !== target.scopeId) {
      reportFor(flow.id)(`the sequence flow crosses a sub-process boundary ('${source.id}' is in '${source.scopeId}', '${target.id}' in '${target.scopeId}')`);
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
}

function assignStartEvents(model: ProcessModel, reportFor: ReportFor): void {
  const scopes = [model.id, ...Object.values(model.elements).filter((e) => e.type === 'subProcess').map((e) => e.id)];
  for (const scopeId of scopes) {
    const starts = Object.values(model.elements).filter((e) => e.scopeId === scopeId && e.type === 'startEvent');
    const report = reportFor(scopeId === model.id ? undefined : scopeId);
    if (starts.length === 0) report(scopeId === model.id ? 'the process has no none start event' : 'the sub-process has no none start event');
    if (starts.length > 1) report(`only one none start event is allowed per scope; found ${starts.map((s) => s.id).join(', ')}`);
    if (!starts[0]) continue;
    if (scopeId === model.id) model.startEventId = starts[0].id;
    else model.elements[scopeId].startEventId = starts[0].id;
  }
}

function checkElement(model: ProcessModel, element: ElementModel, report: (message: string) => void, faulty: ReadonlySet<string>): void {
  if (element.type === 'startEvent' && element.incoming.length) report('a start event cannot have incoming sequence flows');
  if (element.type === 'endEvent' && element.outgoing.length) report('an end event cannot have outgoing sequence flows');
  if (element.defaultFlow && !element.outgoing.includes(element.defaultFlow)) {
    report(`the default flow '${element.defaultFlow}' is not an outgoing flow of this element`);
  }
  if (element.defaultFlow && model.flows[element.defaultFlow]?.condition) {
    report(`the default flow '${element.defaultFlow}' must not have a condition`);
  }
  const gateway = element.type.endsWith('Gateway');
  if (gateway && element.outgoing.length === 0) report('a gateway needs at least one outgoing sequence flow');
  if (element.type === 'exclusiveGateway' && element.outgoing.length > 1) {
    for (const flowId of element.outgoing) {
      if (flowId !== element.defaultFlow && !model.flows[flowId].condition && !faulty.has(flowId)) {
        report(`the outgoing flow '${flowId}' has no condition and is not the default flow`);
      }
    }
  }
  if (element.type === 'parallelGateway') {
    for (const flowId of element.outgoing) {
      if (model.flows[flowId].condition) report(`the outgoing flow '${flowId}' of a parallel gateway cannot have a condition`);
    }
  }
}

/** Every element of the gateway's scope with a sequence-flow path to it that does not pass through it. */
function upstreamOf(model: ProcessModel, gateway: ElementModel): string[] {
  const seen = new Set<string>();
  const pending = gateway.incoming.map((flowId) => model.flows[flowId].sourceRef);
  while (pending.length) {
    const id = pending.pop()!;
    if (id === gateway.id || seen.has(id)) continue;
    seen.add(id);
    for (const flowId of model.elements[id].incoming) pending.push(model.flows[flowId].sourceRef);
  }
  return [...seen];
}
