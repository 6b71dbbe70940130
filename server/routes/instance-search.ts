/**
 * The query parameters of GET /api/instances added for search: `where` (the
 * search filter language as URL-encoded JSON), `version`, and
 * `startedAfter` / `startedBefore` / `endedAfter` / `endedBefore` as ISO
 * 8601 date-times. The engine validates the filter itself.
 */
import type { ParsedUrlQuery } from 'node:querystring';
import type { InstanceSearch } from '../../engine/index.js';
import { HttpError } from '../errors.js';

const TIME_PARAMS = ['startedAfter', 'startedBefore', 'endedAfter', 'endedBefore'] as const;
/** A date, or a date-time with seconds optional, fractions and a zone (Z or ±hh:mm) allowed. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function searchParams(query: ParsedUrlQuery): Pick<InstanceSearch, 'where' | 'version' | (typeof TIME_PARAMS)[number]> {
  const search: Pick<InstanceSearch, 'where' | 'version' | (typeof TIME_PARAMS)[number]> = {};
  const where = single(query, 'where');
  if (where !== undefined) {
    try {
      search.where = JSON.parse(where);
    } catch (error) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `where is not valid JSON (${(error as Error).message}); send the filter URL-encoded, e.g. where=${encodeURIComponent('{"total":{"gt":10}}')}`);
    }
  }
  const version = single(query, 'version');
  if (version !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(version)) throw new HttpError(400, 'INVALID_ARGUMENT', 'version must be a whole number of at least 1');
    search.version = Number(version);
  }
  for (const name of TIME_PARAMS) {
    const text = single(query, name);
    if (text === undefined) continue;
    const time = parseTime(text);
    if (Number.isNaN(time)) throw new HttpError(400, 'INVALID_ARGUMENT', `${name} must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z, not '${text}'`);
    search[name] = time;
  }
  return search;
}

/** No zone means UTC, as for timers; a date alone is its midnight (UTC). */
function parseTime(text: string): number {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return NaN;
  const [, time, , , zone] = match;
  return Date.parse(time === undefined ? `${text}T00:00:00Z` : zone === undefined ? `${text}Z` : text);
}

function single(query: ParsedUrlQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new HttpError(400, 'INVALID_ARGUMENT', `${name} may be given once`);
  return value;
}
