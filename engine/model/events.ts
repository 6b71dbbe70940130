/**
 * Event definitions: which kinds each event element may carry, and how each
 * kind is read (referenced messages, signals, errors and escalations are
 * resolved to their names and codes; timers and conditions parsed).
 */
import type { ModdleElement } from 'bpmn-moddle';
import { parseTimer, type TimerKind } from '../expressions/timers.js';
import { extension, feelField, valueField, type Report } from './extensions.js';
import type { ElementType, EventDefinition, EventKind, FeelExpression } from './types.js';

const KINDS: Record<string, EventKind> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:TerminateEventDefinition': 'terminate',
};

/** Where each event element may be used, by kind; `none` is the event without a definition. */
type Placement = 'process start' | 'event sub-process start' | 'sub-process start' | ElementType;

const ALLOWED: Record<Placement, Array<EventKind | 'none'>> = {
  'process start': ['none', 'timer', 'message', 'signal'],
  'sub-process start': ['none'],
  'event sub-process start': ['timer', 'message', 'signal', 'error', 'escalation', 'conditional', 'compensation'],
  endEvent: ['none', 'terminate', 'error', 'escalation', 'message', 'signal', 'compensation'],
  intermediateThrowEvent: ['none', 'message', 'signal', 'escalation', 'link', 'compensation'],
  intermediateCatchEvent: ['timer', 'message', 'signal', 'conditional', 'link'],
  boundaryEvent: ['timer', 'message', 'signal', 'error', 'escalation', 'conditional', 'compensation'],
} as Record<Placement, Array<EventKind | 'none'>>;

export function readEvent(element: ModdleElement, placement: Placement, report: Report): EventDefinition | undefined {
  const definitions = (element.eventDefinitions ?? []) as ModdleElement[];
  if (definitions.length > 1) {
    report('an event with several event definitions (a multiple event) is not supported');
    return undefined;
  }
  const definition = definitions[0];
  const kind = definition ? KINDS[definition.$type] : 'none';
  if (!kind) {
    report(`unsupported event definition <${definition.$type}>`);
    return undefined;
  }
  const allowed = ALLOWED[placement] ?? [];
  if (!allowed.includes(kind)) {
    report(
      kind === 'none' ? `a ${describe(placement)} needs an event definition (${allowed.join(', ')})` : `a ${describe(placement)} cannot be a ${kind} event`,
    );
    return undefined;
  }
  return kind === 'none' ? undefined : READERS[kind](definition, element, report);
}

function describe(placement: Placement): string {
  return placement.replace(/([A-Z])/g, ' $1').toLowerCase();
}

const THROWING = new Set(['bpmn:EndEvent', 'bpmn:IntermediateThrowEvent']);

/**
 * A code written as FEEL (`=code`): as in Zeebe, a throwing event evaluates
 * it when it throws; a catching event needs a fixed code to match against.
 */
function codeExpression(code: string | undefined, element: ModdleElement, field: string, report: Report): FeelExpression | undefined {
  if (!code?.trim().startsWith('=')) return undefined;
  if (!THROWING.has(element.$type)) {
    report(`the ${field} '${code}' is an expression: only throwing events may compute their code, a catching event needs a fixed one (as in Zeebe)`);
    return undefined;
  }
  return feelField(code, field, report);
}

type Reader = (definition: ModdleElement, element: ModdleElement, report: Report) => EventDefinition | undefined;

const READERS: Record<EventKind, Reader> = {
  timer(definition, _element, report) {
    const timerType = (['timeDate', 'timeDuration', 'timeCycle'] as const).find((t) => definition[t]);
    if (!timerType) return void report('the timer has no timeDate, timeDuration or timeCycle');
    const text = String(definition[timerType].body ?? '').trim();
    const value = valueField(text, timerType, report);
    if (!value) return void (text ? undefined : report(`the timer's ${timerType} is empty`));
    if (value.kind === 'static') {
      const parsed = parseTimer(timerType as TimerKind, value.value);
      if (!parsed.ok) return void report(parsed.message);
    }
    return { kind: 'timer', timerType, value };
  },
  message(definition, element, report) {
    const message = definition.messageRef ?? element.messageRef;
    // As in Zeebe, a message throw event is a job whose worker sends the message: it need not reference one
    // (Camunda Modeler writes it without), and the engine never reads the name of what it throws.
    if (THROWING.has(element.$type) && !message?.name) return { kind: 'message', name: { kind: 'static', value: '' } };
    return readMessage(message, report);
  },
  signal(definition, _element, report) {
    const name = definition.signalRef?.name;
    if (!name) return void report('the signal event references no signal with a name');
    const value = valueField(name, 'signal name', report);
    return value && { kind: 'signal', name: value };
  },
  error(definition, element, report) {
    const code = definition.errorRef?.errorCode;
    const expression = codeExpression(code, element, 'error code', report);
    return expression ? { kind: 'error', errorCodeExpression: expression } : { kind: 'error', errorCode: code || undefined };
  },
  escalation(definition, element, report) {
    const code = definition.escalationRef?.escalationCode;
    const expression = codeExpression(code, element, 'escalation code', report);
    return expression ? { kind: 'escalation', escalationCodeExpression: expression } : { kind: 'escalation', escalationCode: code || undefined };
  },
  conditional(definition, _element, report) {
    const body = definition.condition?.body;
    if (!body?.trim()) return void report('the conditional event has no condition');
    const condition = feelField(body, 'condition', report);
    return condition && { kind: 'conditional', condition };
  },
  link(definition, _element, report) {
    if (!definition.name) return void report('the link event has no name');
    return { kind: 'link', name: definition.name };
  },
  compensation(definition) {
    return { kind: 'compensation', activityRef: definition.activityRef?.id };
  },
  terminate() {
    return { kind: 'terminate' };
  },
};

/** A `bpmn:message` (of a message event or a receive task): its name and its `zeebe:subscription` correlation key. */
export function readMessage(message: ModdleElement | undefined, report: Report): EventDefinition | undefined {
  if (!message?.name) return void report('the message event references no message with a name');
  const name = valueField(message.name, 'message name', report);
  const key = extension(message, 'zeebe:Subscription')?.correlationKey;
  const correlationKey = key ? valueField(key, 'correlation key', report) : undefined;
  return name && { kind: 'message', name, correlationKey };
}
