/**
 * Timer definitions: ISO 8601 dates, durations and repeating intervals
 * (`R[n]/[start]/duration`), and cron expressions, as Zeebe accepts them.
 * A definition is parsed into a JSON-serialisable `TimerSpec`; due times are
 * computed from a `now` handed in, never from a clock of our own.
 */
import { Cron } from 'croner';
import { Temporal } from 'temporal-polyfill';

export type TimerKind = 'timeDate' | 'timeDuration' | 'timeCycle';

export type TimerSpec =
  | { kind: 'date'; at: number }
  | { kind: 'duration'; duration: string }
  /** `repetitions` null repeats for ever; `start` is the first fire time, when given. */
  | { kind: 'cycle'; repetitions: number | null; start?: number; interval: string }
  | { kind: 'cron'; expression: string };

export type TimerParse = { ok: true; spec: TimerSpec } | { ok: false; message: string };

export function parseTimer(kind: TimerKind, text: string): TimerParse {
  const value = text.trim();
  try {
    if (kind === 'timeDate') return { ok: true, spec: { kind: 'date', at: parseDateTime(value) } };
    if (kind === 'timeDuration') return { ok: true, spec: { kind: 'duration', duration: parseDuration(value) } };
    return { ok: true, spec: parseCycle(value) };
  } catch (error) {
    return { ok: false, message: `invalid ${kind} '${value}': ${(error as Error).message}` };
  }
}

/** When a timer created at `now` fires first. */
export function firstDue(spec: TimerSpec, now: number): number {
  switch (spec.kind) {
    case 'date':
      return spec.at;
    case 'duration':
      return addDuration(now, spec.duration);
    case 'cycle':
      return spec.start ?? addDuration(now, spec.interval);
    case 'cron':
      return nextCron(spec.expression, now);
  }
}

/**
 * After the `fired`-th firing (1 = the first) at `firedAt`, when the timer
 * fires next; undefined when it is done.
 */
export function nextDue(spec: TimerSpec, firedAt: number, fired: number): number | undefined {
  if (spec.kind === 'cron') return nextCron(spec.expression, firedAt);
  if (spec.kind !== 'cycle') return undefined;
  if (spec.repetitions !== null && fired >= spec.repetitions) return undefined;
  return addDuration(firedAt, spec.interval);
}

export function isRepeating(spec: TimerSpec): boolean {
  return spec.kind === 'cron' || (spec.kind === 'cycle' && spec.repetitions !== 1);
}

function parseDateTime(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new Error('expected an ISO 8601 date-time such as 2026-05-01T10:00:00Z');
  const zoned = /\[[^\]]+\]$/.test(value);
  if (zoned) return Temporal.ZonedDateTime.from(value).epochMilliseconds;
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return Temporal.PlainDateTime.from(value).toZonedDateTime('UTC').epochMilliseconds;
  return Temporal.Instant.from(value).epochMilliseconds;
}

function parseDuration(value: string): string {
  const duration = Temporal.Duration.from(value);
  if (duration.sign < 0) throw new Error('a timer duration cannot be negative');
  return duration.toString();
}

function parseCycle(value: string): TimerSpec {
  if (!value.startsWith('R')) {
    new Cron(value, { timezone: 'UTC', paused: true });
    return { kind: 'cron', expression: value };
  }
  const parts = value.split('/');
  const count = /^R(\d*)$/.exec(parts[0]);
  if (!count || parts.length < 2 || parts.length > 3) throw new Error('expected R[n]/[start/]duration, e.g. R3/PT10M');
  const repetitions = count[1] === '' ? null : Number(count[1]);
  const interval = parseDuration(parts[parts.length - 1]);
  if (Temporal.Duration.from(interval).blank) throw new Error('the interval of a cycle cannot be zero');
  const start = parts.length === 3 ? parseDateTime(parts[1]) : undefined;
  return { kind: 'cycle', repetitions, interval, ...(start === undefined ? {} : { start }) };
}

/** Adds an ISO duration in UTC, so that months and days follow the calendar. */
function addDuration(from: number, duration: string): number {
  return Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO('UTC').add(Temporal.Duration.from(duration)).epochMilliseconds;
}

function nextCron(expression: string, after: number): number {
  const next = new Cron(expression, { timezone: 'UTC', paused: true }).nextRun(new Date(after));
  if (!next) throw new Error(`the cron expression '${expression}' never fires again`);
  return next.getTime();
}
