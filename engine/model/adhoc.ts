/**
 * Ad-hoc sub-processes, as Zeebe runs them itself (its "BPMN
 * implementation"): `zeebe:adHoc` names the inner elements to activate on
 * entry (`activeElementsCollection`) and what to collect from each path
 * (`outputCollection`, `outputElement`); `bpmn:completionCondition` and
 * `cancelRemainingInstances` say when it is done. The job-worker variant
 * (a `zeebe:taskDefinition` on the sub-process, which the AI-agent connector
 * uses) is refused at deploy, as is sequential ordering: neither would run
 * as modelled. See ../runtime/behaviours/adhoc.ts for what runs.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { extension, feelField, type Report } from './extensions.js';
import { ACTIVITY_TYPES, type AdHocDefinition, type ElementDraft, type ProcessDraft } from './types.js';

type ReportFor = (elementId?: string) => Report;

export function readAdHoc(element: ModdleElement, report: Report): AdHocDefinition {
  if (extension(element, 'zeebe:TaskDefinition')) {
    report(
      'an ad-hoc sub-process run by a job worker (zeebe:taskDefinition on the sub-process, as the AI Agent connector does) is not supported; remove the task definition to let the engine activate its elements from zeebe:adHoc activeElementsCollection',
    );
  }
  if (element.ordering === 'Sequential') report('an ad-hoc sub-process with sequential ordering is not supported (only parallel, the default)');
  const adHoc = extension(element, 'zeebe:AdHoc');
  const expression = (text: string | undefined, field: string) => (text?.trim() ? feelField(text, field, report) : undefined);
  const definition: AdHocDefinition = {
    activeElements: expression(adHoc?.activeElementsCollection, 'active elements collection'),
    completionCondition: expression(element.completionCondition?.body, 'completion condition'),
    cancelRemainingInstances: element.cancelRemainingInstances !== false,
    outputCollection: adHoc?.outputCollection || undefined,
    outputElement: expression(adHoc?.outputElement, 'output element'),
    activatable: [],
  };
  if (definition.outputCollection && !adHoc?.outputElement?.trim()) report('an output collection needs an output element');
  if (!definition.outputCollection && adHoc?.outputElement?.trim()) report('an output element needs an output collection');
  return definition;
}

/** Needs every element compiled and flows linked: what may be inside, and which elements can be activated. */
export function checkAdHoc(model: ProcessDraft, reportFor: ReportFor): void {
  const elements = Object.values(model.elements);
  for (const adHoc of elements) {
    if (adHoc.type !== 'adHocSubProcess' || !adHoc.adHoc) continue;
    const report = reportFor(adHoc.id);
    const inside = elements.filter((e) => e.scopeId === adHoc.id);
    const events = inside.filter((e) => e.type === 'startEvent' || e.type === 'endEvent');
    if (events.length) report(`an ad-hoc sub-process cannot contain start or end events; found ${events.map((e) => e.id).join(', ')}`);
    if (!inside.some((e) => isActivity(e))) report('an ad-hoc sub-process needs at least one activity');
    adHoc.adHoc.activatable = inside.filter(activatable).map((e) => e.id);
  }
}

const isActivity = (element: ElementDraft) => ACTIVITY_TYPES.has(element.type) && !element.eventSubProcess && !element.isForCompensation;

/** As in Zeebe: an inner element no sequence flow leads to, other than boundary events, event sub-processes and compensation handlers. */
const activatable = (element: ElementDraft) =>
  !element.incoming.length && element.type !== 'boundaryEvent' && !element.eventSubProcess && !element.isForCompensation;
