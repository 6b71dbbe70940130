/**
 * The start events of a deployed definition that wait for something:
 * message and signal start events become subscriptions, timer start events
 * internal jobs. Deploying a new version replaces the previous version's.
 */
import { describeValue, evaluateValue } from '../expressions/feel.js';
import { isLinearFeel } from '../expressions/cost.js';
import { firstDue, parseTimer, type TimerSpec } from '../expressions/timers.js';
import { ValidationError } from '../errors.js';
import type { ProcessModel, ValueOrExpression } from '../model/types.js';
import { INTERNAL_JOB } from '../runtime/internal.js';
import type { JobRecord } from '../runtime/records.js';
import type { StartTriggers } from '../store/store.js';

/** What a timer start job carries, to start the instance and set the next timer. */
import type { StartTimerPayload } from '../runtime/internal.js';
export type { StartTimerPayload };

/**
 * The start triggers of a definition deployed at `now`. Throws a
 * ValidationError naming the start event when one cannot be set up (its
 * name or timer is not known at deploy time, or not valid): deploying calls
 * this before it stores anything, so that such a definition is refused.
 */
export function startTriggersOf(definitionKey: string, model: ProcessModel, now: number): StartTriggers {
  const triggers: StartTriggers = { subscriptions: [], jobs: [] };
  for (const elementId of model.eventStartIds) {
    const event = model.elements[elementId].event!;
    const base = { instanceId: '', definitionKey, processId: model.id, elementId, createdAt: now };
    const refuse = (message: string) => new ValidationError([{ processId: model.id, elementId, message }]);
    if (event.kind === 'message' || event.kind === 'signal') {
      triggers.subscriptions.push({ ...base, key: `${definitionKey}:${elementId}`, kind: event.kind, name: staticText(event.name, 'name', now, refuse) });
    } else if (event.kind === 'timer') {
      const parsed = parseTimer(event.timerType, staticText(event.value, event.timerType, now, refuse));
      if (!parsed.ok) throw refuse(`the timer start event's ${parsed.message}`);
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

/**
 * Start events have no instance to read variables from: a FEEL value here
 * may use constants (and `now()`, the time of the deployment) only.
 */
function staticText(value: ValueOrExpression, field: string, now: number, refuse: (message: string) => ValidationError): string {
  // Evaluated here, on the deploying thread: only an expression whose cost is bounded by its text (../expressions/cost.ts).
  if (value.kind === 'feel' && !isLinearFeel(value.source))
    throw refuse(`the start event's ${field} may not use loops, function definitions or regular expressions: '${value.source}'`);
  const result = evaluateValue(value, () => undefined, now);
  if (!result.ok || typeof result.value !== 'string' || !result.value) {
    const why = result.ok ? `it evaluated to ${describeValue(result.value)}` : result.message;
    throw refuse(`the start event's ${field} must be a text known at deploy time (no variables): ${why}`);
  }
  return result.value;
}
