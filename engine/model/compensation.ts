/**
 * Deploy-time checks of compensation that need the whole process (see
 * ../runtime/compensation.ts for what runs): what a compensation throw
 * event's `activityRef` may name, and where a compensation event
 * sub-process may sit.
 */
import type { ProcessDraft } from './types.js';

type ReportFor = (elementId?: string) => (message: string) => void;

export function checkCompensation(model: ProcessDraft, reportFor: ReportFor): void {
  for (const element of Object.values(model.elements)) {
    const event = element.event;
    if (event?.kind !== 'compensation') continue;
    if (element.type === 'startEvent') checkEventSubProcessPlace(model, element.scopeId, reportFor(element.scopeId));
    if ((element.type === 'intermediateThrowEvent' || element.type === 'endEvent') && event.activityRef) {
      checkActivityRef(model, element.scopeId, event.activityRef, reportFor(element.id));
    }
  }
}

/** A compensation event sub-process is the compensation handler of the embedded sub-process it is in. */
function checkEventSubProcessPlace(model: ProcessDraft, eventSubProcessId: string, report: (message: string) => void): void {
  const parent = model.elements[model.elements[eventSubProcessId]?.scopeId ?? ''];
  if (!parent || (parent.type !== 'subProcess' && parent.type !== 'adHocSubProcess') || parent.eventSubProcess) {
    report('a compensation event sub-process must be inside an embedded sub-process: it undoes that sub-process when it is compensated');
  }
}

/**
 * The activity must be one the event can compensate: of its own scope (or,
 * inside an event sub-process, of the scope around it), and undoable.
 */
function checkActivityRef(model: ProcessDraft, scopeId: string, activityRef: string, report: (message: string) => void): void {
  let recordScope = scopeId;
  while (model.elements[recordScope]?.eventSubProcess) recordScope = model.elements[recordScope].scopeId;
  const activity = model.elements[activityRef];
  if (!activity) return report(`the compensation event names activity '${activityRef}', which is not an element of this process`);
  if (activity.scopeId !== recordScope) {
    return report(`the compensation event names activity '${activityRef}', which is not in the scope the event compensates ('${recordScope}')`);
  }
  if (!activity.compensationHandler && ((activity.type !== 'subProcess' && activity.type !== 'adHocSubProcess') || activity.eventSubProcess)) {
    report(`the compensation event names activity '${activityRef}', which has no compensation handler and is not an embedded sub-process`);
  }
}
