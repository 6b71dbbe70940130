/**
 * `zeebe:executionListeners` and `zeebe:taskListeners`: read into the
 * compiled model, and refused where Zeebe's validator refuses them.
 *
 * Execution listeners (`start`, `end`) may sit on the process and on every
 * element, except where Zeebe has no point to run them: no `start`
 * listeners on start and boundary events, no `end` listeners on gateways,
 * error end events and escalation intermediate throw events, none at all on
 * compensation boundary events. A listener's eventType and type must be
 * unique on its element. Task listeners belong to user tasks only (Camunda
 * user tasks, `zeebe:userTask`, as in Zeebe).
 */
import type { ModdleElement } from 'bpmn-moddle';
import { extension, valueField, type Report } from './extensions.js';
import { readHeaders } from './safe-names.js';
import type { ElementDraft, ExecutionListenerEvent, ListenerDefinition, Listeners, TaskListenerEvent } from './types.js';

const EXECUTION_EVENTS: Record<string, ExecutionListenerEvent> = { start: 'start', end: 'end' };

/** Zeebe's event types, its deprecated names read as the current ones. */
const TASK_EVENTS: Record<string, TaskListenerEvent> = {
  creating: 'creating',
  assigning: 'assigning',
  updating: 'updating',
  completing: 'completing',
  canceling: 'canceling',
  create: 'creating',
  assignment: 'assigning',
  update: 'updating',
  complete: 'completing',
  cancel: 'canceling',
};

const GATEWAYS = new Set(['exclusiveGateway', 'inclusiveGateway', 'parallelGateway', 'eventBasedGateway']);

/** Why an element refuses listeners of an event, if it does (Zeebe's rules, see the file comment). */
function refusal(element: ElementDraft, event: ExecutionListenerEvent): string | undefined {
  const kind = element.event?.kind;
  if (element.type === 'boundaryEvent' && kind === 'compensation')
    return 'execution listeners are not supported by compensation boundary events: put them on the compensation handler';
  if (event === 'start' && element.type === 'startEvent')
    return "execution listeners of type 'start' are not supported by start events: use the process's or sub-process's start listeners";
  if (event === 'start' && element.type === 'boundaryEvent')
    return "execution listeners of type 'start' are not supported by boundary events: use the start listeners of the activity";
  if (event === 'end' && GATEWAYS.has(element.type))
    return "execution listeners of type 'end' are not supported by gateways: use start listeners of the element after the gateway";
  if (event === 'end' && element.type === 'endEvent' && kind === 'error')
    return "execution listeners of type 'end' are not supported by error end events: put them on the catching event";
  if (event === 'end' && element.type === 'intermediateThrowEvent' && kind === 'escalation') {
    return "execution listeners of type 'end' are not supported by escalation intermediate throw events";
  }
  return undefined;
}

/** Reads an element's listeners into `compiled`, reporting what Zeebe would refuse. */
export function readElementListeners(element: ModdleElement, compiled: ElementDraft, report: Report): void {
  const execution = readExecutionListeners(element, report, (event) => refusal(compiled, event));
  if (execution) compiled.executionListeners = execution;
  const tasks = extension(element, 'zeebe:TaskListeners');
  if (!tasks?.listeners?.length) return;
  if (compiled.type !== 'userTask' || !extension(element, 'zeebe:UserTask')) {
    report('task listeners are only allowed on user tasks that are Camunda user tasks (zeebe:userTask)');
    return;
  }
  compiled.taskListeners = readList(tasks.listeners as ModdleElement[], 'task listener', TASK_EVENTS, report);
  // Refused rather than accepted and never run: Baton has no task update, and withdrawing a task does not wait for jobs.
  for (const event of NOT_RUN_YET) {
    if (compiled.taskListeners[event]?.length) report(`task listeners of event type '${event}' are not supported yet`);
  }
}

const NOT_RUN_YET: TaskListenerEvent[] = ['updating', 'canceling'];

/** The process's own execution listeners. */
export function readProcessListeners(process: ModdleElement, report: Report): Listeners<ExecutionListenerEvent> | undefined {
  return readExecutionListeners(process, report, () => undefined);
}

function readExecutionListeners(
  element: ModdleElement,
  report: Report,
  refused: (event: ExecutionListenerEvent) => string | undefined,
): Listeners<ExecutionListenerEvent> | undefined {
  const listeners = (extension(element, 'zeebe:ExecutionListeners')?.listeners ?? []) as ModdleElement[];
  if (!listeners.length) return undefined;
  const seen = new Map<string, number>();
  for (const listener of listeners) {
    const key = `${listener.eventType}|${listener.type}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, count] of seen) {
    if (count < 2) continue;
    const [eventType, type] = key.split('|');
    report(`${count} execution listeners have eventType '${eventType}' and type '${type}': each combination must be unique`);
  }
  const read = readList(listeners, 'execution listener', EXECUTION_EVENTS, report);
  for (const event of Object.keys(read) as ExecutionListenerEvent[]) {
    const why = refused(event);
    if (why) report(why);
  }
  return read;
}

function readList<E extends string>(listeners: ModdleElement[], what: string, events: Record<string, E>, report: Report): Listeners<E> {
  const read: Listeners<E> = {};
  for (const listener of listeners) {
    const raw = listener.eventType;
    const event = typeof raw === 'string' && Object.hasOwn(events, raw) ? events[raw] : undefined;
    if (!event) {
      const allowed = [...new Set(Object.values(events))].join(', ');
      report(raw ? `${what} event type '${raw}' is not supported: use one of ${allowed}` : `a ${what} needs an eventType: one of ${allowed}`);
      continue;
    }
    const definition = readListener(listener, what, report);
    if (definition) (read[event] ??= []).push(definition);
  }
  return read;
}

function readListener(listener: ModdleElement, what: string, report: Report): ListenerDefinition | undefined {
  if (!listener.type) {
    report(`a ${what} needs a type (the job type its worker serves)`);
    return undefined;
  }
  const type = valueField(listener.type, `${what} type`, report);
  const retries = valueField(listener.retries ?? '3', `${what} retries`, report);
  if (listener.retries === '') report(`${what} '${listener.type}': retries must not be empty`);
  if (retries?.kind === 'static' && !/^\d+$/.test(retries.value)) report(`${what} '${listener.type}': retries must be a whole number, not '${retries.value}'`);
  const headers = readHeaders(listener.headers, report);
  return type && retries ? { type, retries, headers } : undefined;
}
