/**
 * The start events of a deployed definition that wait for something:
 * message and signal start events become subscriptions, timer start events
 * internal jobs. Deploying a new version replaces the previous version's.
 */
import { evaluateValue } from './expressions/feel.js';
import { firstDue, parseTimer, type TimerSpec } from './expressions/timers.js';
import { ValidationError } from './errors.js';
import type { ProcessModel, ValueOrExpression } from './model/types.js';
import { INTERNAL_JOB } from './runtime/internal.js';
import type { JobRecord } from './runtime/records.js';
import type { StartTriggers } from './store/store.js';

/** What a timer start job carries, to start the instance and set the next timer. */
export interface StartTimerPayload {
  [key: string]: unknown;
  startEventId: string;
  spec: TimerSpec;
  fired: number;
}

export function startTriggersOf(definitionKey: string, model: ProcessModel, now: number): StartTriggers {
  const triggers: StartTriggers = { subscriptions: [], jobs: [] };
  for (const elementId of model.eventStartIds) {
    const event = model.elements[elementId].event!;
    const base = { instanceId: '', definitionKey, processId: model.id, elementId, createdAt: now };
    if (event.kind === 'message' || event.kind === 'signal') {
      triggers.subscriptions.push({ ...base, key: `${definitionKey}:${elementId}`, kind: event.kind, name: staticText(event.name, elementId, 'name') });
    } else if (event.kind === 'timer') {
      const parsed = parseTimer(event.timerType, staticText(event.value, elementId, event.timerType));
      if (!parsed.ok) throw new ValidationError([{ processId: model.id, elementId, message: parsed.message }]);
      triggers.jobs.push(startTimerJob(definitionKey, model.id, { startEventId: elementId, spec: parsed.spec, fired: 0 }, firstDue(parsed.spec, now), now));
    }
  }
  return triggers;
}

export function startTimerJob(definitionKey: string, processId: string, payload: StartTimerPayload, dueAt: number, now: number): JobRecord {
  return {
    key: `${definitionKey}:${payload.startEventId}:${payload.fired}`,
    instanceId: '',
    definitionKey,
    processId,
    elementId: payload.startEventId,
    tokenId: '',
    type: INTERNAL_JOB.timer,
    retries: 3,
    headers: {},
    variables: {},
    dueAt,
    createdAt: now,
    payload,
  };
}

/** Start events have no instance to read variables from: a FEEL value here may use constants only. */
function staticText(value: ValueOrExpression, elementId: string, field: string): string {
  const result = evaluateValue(value, () => undefined);
  if (!result.ok || typeof result.value !== 'string' || !result.value) {
    throw new ValidationError([{ elementId, message: `the start event's ${field} must be a text known at deploy time` }]);
  }
  return result.value;
}
