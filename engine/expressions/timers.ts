/**
 * Timer definitions: ISO 8601 dates, durations and repeating intervals
 * (`R[n]/[start]/duration`), and cron expressions, as Zeebe accepts them.
 * A definition is parsed into a JSON-serialisable `TimerSpec`; due times are
 * computed from a `now` handed in, never from a clock of our own.
 *
 * FEEL results arrive here as text (see `toJson` in ./feel.ts): a FEEL
 * duration as its ISO text (`PT5M`), a FEEL date and time as ISO text with
 * an offset or, for a zone id, FEEL's `@Europe/Berlin` suffix. Both are read.
 * Times without an offset or zone are UTC, and so are cron expressions, so
 * that a schedule does not depend on the machine it runs on.
 */
import { Cron, type CronOptions } from 'croner';
import { Temporal } from 'temporal-polyfill';

export type TimerKind = 'timeDate' | 'timeDuration' | 'timeCycle';

export type TimerSpec =
  | { kind: 'date'; at: number }
  | { kind: 'duration'; duration: string }
  /** `repetitions` null repeats for ever; `start` is the first fire time, when given. */
  | { kind: 'cycle'; repetitions: number | null; start?: number; interval: string }
  | { kind: 'cron'; expression: string };

export type TimerParse = { ok: true; spec: TimerSpec } | { ok: false; message: string };

/**
 * Cron as Zeebe reads it (Spring's CronExpression): an optional seconds
 * field, `5/15` steps, and day-of-month AND day-of-week when both are given.
 */
const CRON_OPTIONS: CronOptions = { timezone: 'UTC', paused: true, sloppyRanges: true, domAndDow: true };

export function parseTimer(kind: TimerKind, text: string): TimerParse {
  const value = text.trim();
  try {
    if (!value) throw new Error('the value is empty');
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
      return spec.start === undefined ? addDuration(now, spec.interval) : nextOnSchedule(spec.start, spec.interval, now);
    case 'cron':
      return nextCron(spec.expression, now);
  }
}

/**
 * After the `fired`-th firing (1 = the first) of the firing due at `dueAt`,
 * handled at `now`: when the timer fires next; undefined when it is done.
 *
 * A cycle counts intervals from the previous due time, so firings missed
 * while no engine ran (or while the clock jumped) are all made up, each
 * one owed: `R3/PT1H` fires three times even when three hours passed at
 * once. A cron expression is a wall-clock schedule: missed runs collapse
 * into the one that fired, and the next run is the next one after `now`.
 */
export function nextDue(spec: TimerSpec, dueAt: number, fired: number, now: number = dueAt): number | undefined {
  if (spec.kind === 'cron') return nextCron(spec.expression, Math.max(dueAt, now));
  if (spec.kind !== 'cycle') return undefined;
  if (spec.repetitions !== null && fired >= spec.repetitions) return undefined;
  return addDuration(dueAt, spec.interval);
}

export function isRepeating(spec: TimerSpec): boolean {
  return spec.kind === 'cron' || (spec.kind === 'cycle' && spec.repetitions !== 1);
}

function parseDateTime(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new Error('expected an ISO 8601 date-time such as 2026-05-01T10:00:00Z');
  // FEEL writes a zone id after '@' (2026-05-01T10:00:00@Europe/Berlin); ISO/RFC 9557 in brackets.
  const text = value.replace(/@([A-Za-z_][\w+\-/]*)$/, '[$1]');
  if (/\[[^\]]+\]$/.test(text)) return Temporal.ZonedDateTime.from(text).epochMilliseconds;
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return Temporal.PlainDateTime.from(text).toZonedDateTime('UTC').epochMilliseconds;
  return Temporal.Instant.from(text).epochMilliseconds;
}

function parseDuration(value: string): string {
  const duration = Temporal.Duration.from(value);
  if (duration.sign < 0) throw new Error('a timer duration cannot be negative');
  return duration.toString();
}

function parseCycle(value: string): TimerSpec {
  if (!value.startsWith('R')) {
    new Cron(value, CRON_OPTIONS);
    return { kind: 'cron', expression: value };
  }
  // The start may hold a '/' of its own: a zone id such as Europe/Berlin.
  const parts = value.split('/');
  const count = /^R(\d*)$/.exec(parts[0]);
  if (!count || parts.length < 2) throw new Error('expected R[n]/[start/]duration, e.g. R3/PT10M');
  const repetitions = count[1] === '' ? null : Number(count[1]);
  if (repetitions === 0) throw new Error('a cycle must repeat at least once');
  const interval = parseDuration(parts[parts.length - 1]);
  if (Temporal.Duration.from(interval).blank) throw new Error('the interval of a cycle cannot be zero');
  const start = parts.length > 2 ? parseDateTime(parts.slice(1, -1).join('/')) : undefined;
  return { kind: 'cycle', repetitions, interval, ...(start === undefined ? {} : { start }) };
}

/** Adds an ISO duration in UTC, so that months and days follow the calendar. */
function addDuration(from: number, duration: string): number {
  return Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO('UTC').add(Temporal.Duration.from(duration)).epochMilliseconds;
}

/**
 * The first of `start`, `start + interval`, `start + 2 interval`, ... that is
 * not before `now`: a cycle whose start has passed keeps its rhythm (a daily
 * cycle from 09:00 fires at 09:00), it does not fire for every interval missed
 * before it was even scheduled.
 */
function nextOnSchedule(start: number, interval: string, now: number): number {
  if (start >= now) return start;
  const duration = Temporal.Duration.from(interval);
  if (!duration.years && !duration.months && !duration.weeks) {
    // A fixed length in UTC: jump straight to the right multiple.
    const step = duration.total({ unit: 'milliseconds' });
    return start + Math.ceil((now - start) / step) * step;
  }
  let at = start;
  while (at < now) at = addDuration(at, interval);
  return at;
}

function nextCron(expression: string, after: number): number {
  const next = new Cron(expression, CRON_OPTIONS).nextRun(new Date(after));
  if (!next) throw new Error(`the cron expression '${expression}' never fires again`);
  return next.getTime();
}
