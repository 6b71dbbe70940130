/**
 * History rows of the SQLite store, compact: one row per committed step
 * (not per event) holds that step's events as a JSON array. The instance id
 * is the row's column and the process id is the row's too, so neither is
 * repeated in each event, and the fields every event has are written under
 * one-letter names. A straight instance's history is then a few hundred
 * bytes instead of about 1.4 KB, and two or three index entries instead of
 * eight.
 *
 * Decoding reads both forms: rows migrated from schema 13 and older hold one
 * event in its full form.
 */
import type { HistoryEvent } from '../runtime/records.js';

/** Full name -> stored name, for the fields most events carry. Others are stored under their own names. */
const SHORT = { type: 't', at: 'a', elementId: 'e', elementType: 'y', tokenId: 'k', incidentId: 'i', message: 'm' } as const;
const LONG: Record<string, string> = Object.fromEntries(Object.entries(SHORT).map(([long, short]) => [short, long]));
/** An event whose process differs from the row's (not expected: one instance, one process) keeps it under this name. */
const PROCESS = 'p';

export interface HistoryRow {
  instanceId: string;
  processId: string;
  events: string;
}

/** The row for one step's events of one instance. */
export function historyRow(instanceId: string, events: HistoryEvent[]): HistoryRow {
  const processId = events[0].processId;
  const stored = events.map(({ instanceId: _instance, processId: eventProcess, ...fields }) => {
    const compact: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) compact[name in SHORT ? SHORT[name as keyof typeof SHORT] : name] = value;
    if (eventProcess !== processId) compact[PROCESS] = eventProcess;
    return compact;
  });
  return { instanceId, processId, events: JSON.stringify(stored) };
}

/** The events of one row, in the order they were recorded, in their full form. */
export function eventsOfRow(instanceId: string, processId: string, events: string): HistoryEvent[] {
  return (JSON.parse(events) as Array<Record<string, unknown>>).map((stored) => {
    if ('instanceId' in stored) return stored as unknown as HistoryEvent;
    const { [PROCESS]: ownProcess, ...fields } = stored;
    const event: Record<string, unknown> = { type: fields.t, instanceId, processId: ownProcess ?? processId, at: fields.a };
    for (const [name, value] of Object.entries(fields)) if (name !== 't' && name !== 'a') event[LONG[name] ?? name] = value;
    return event as unknown as HistoryEvent;
  });
}
