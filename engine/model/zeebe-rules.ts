/**
 * Deploy-time rules of Zeebe's validators that the element readers do not
 * apply by themselves, so that a diagram Zeebe refuses is refused here too,
 * with the element's id: a message catch needs a correlation key expression,
 * a compensation throw waits for its handlers, an embedded form has a body,
 * an output mapping reads an expression. An element refused here is added to
 * `faulty`, so that its neighbours get no follow-on problems.
 */
import type { ModdleElement } from 'bpmn-moddle';
import type { Report } from './extensions.js';
import type { ElementDraft, ProcessDraft } from './types.js';

type ReportFor = (elementId?: string) => Report;

export function checkZeebeRules(process: ModdleElement, model: ProcessDraft, reportFor: ReportFor, faulty: Set<string>): void {
  const refuse = (elementId: string, message: string) => {
    reportFor(elementId)(message);
    faulty.add(elementId);
  };
  for (const element of Object.values(model.elements)) {
    if (faulty.has(element.id)) continue;
    const problem = correlationKeyProblem(model, element) ?? staticOutputProblem(element);
    if (problem) refuse(element.id, problem);
  }
  for (const element of flowElementsOf(process)) {
    if (!faulty.has(element.id!) && compensationWithoutWaiting(element)) {
      refuse(element.id!, 'a compensation throw event always waits for its handlers to complete: waitForCompletion="false" is not supported (as in Zeebe)');
    }
  }
  for (const form of extensionsOf(process, 'zeebe:UserTaskForm')) {
    if (!form.body?.trim()) reportFor(form.id)("the zeebe:userTaskForm has no content (its body is the form's JSON)");
  }
}

/** Catching a message needs a key to pick the instance: only a process's message start event does without. */
function correlationKeyProblem(model: ProcessDraft, element: ElementDraft): string | undefined {
  if (element.event?.kind !== 'message' || !catchesWithKey(model, element)) return undefined;
  const key = element.event.correlationKey;
  if (!key) return 'a message catch event needs a correlation key: add a zeebe:subscription with correlationKey="=..." to its message (as in Zeebe)';
  if (key.kind === 'static')
    return `the correlation key '${key.value}' is fixed text: it must be an expression starting with '=' (e.g. '=orderId'), as in Zeebe`;
  return undefined;
}

function catchesWithKey(model: ProcessDraft, element: ElementDraft): boolean {
  if (element.type === 'intermediateCatchEvent' || element.type === 'boundaryEvent' || element.type === 'receiveTask') return true;
  return element.type === 'startEvent' && !!model.elements[element.scopeId]?.eventSubProcess;
}

/** Zeebe reads an output mapping's source as an expression only: fixed text there is a mistake, not a value. */
function staticOutputProblem(element: ElementDraft): string | undefined {
  for (const { source, target } of element.outputs) {
    if (source.kind === 'static') return `output mapping '${target}': the source must be an expression starting with '=' (e.g. '=${source.value}')`;
  }
  return undefined;
}

function compensationWithoutWaiting(element: ModdleElement): boolean {
  if (element.$type !== 'bpmn:IntermediateThrowEvent' && element.$type !== 'bpmn:EndEvent') return false;
  return ((element.eventDefinitions ?? []) as ModdleElement[]).some(
    (definition) => definition.$type === 'bpmn:CompensateEventDefinition' && definition.waitForCompletion === false,
  );
}

function flowElementsOf(container: ModdleElement): ModdleElement[] {
  return ((container.flowElements ?? []) as ModdleElement[]).flatMap((element) => [element, ...flowElementsOf(element)]);
}

function extensionsOf(element: ModdleElement, type: string): ModdleElement[] {
  return ((element.extensionElements?.values ?? []) as ModdleElement[]).filter((value) => value.$type === type);
}
