/**
 * The query parameters of GET /api/instances added for search: `where` (the
 * search filter language as URL-encoded JSON), `version`, and
 * `startedAfter` / `startedBefore` / `endedAfter` / `endedBefore` as ISO
 * 8601 date-times. The engine validates the filter itself.
 */
import type { InstanceSearch } from '../../engine/index.js';
import type { Parameter } from '../api/route.js';
import { HttpError } from '../errors.js';
import { json, ref } from '../openapi/build.js';

const TIME_PARAMS = ['startedAfter', 'startedBefore', 'endedAfter', 'endedBefore'] as const;
type TimeParam = (typeof TIME_PARAMS)[number];
/** A date, or a date-time with seconds optional, fractions and a zone (Z or ±hh:mm) allowed. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const time = (what: string): Parameter => ({
  description: `${what}: an ISO 8601 date or date-time (no zone means UTC).`,
  schema: { type: 'string', examples: ['2026-05-01T10:00:00Z'] },
});

export const searchQuery: Record<'where' | 'version' | TimeParam, Parameter> = {
  version: { description: 'Instances of this version (needs processId).', schema: { type: 'integer', minimum: 1 } },
  startedAfter: time('Started at or after'),
  startedBefore: time('Started before'),
  endedAfter: time('Ended at or after'),
  endedBefore: time('Ended before'),
  where: {
    description: 'A search attribute filter, as URL-encoded JSON, e.g. `{"total":{"gt":10}}`. Never a database query: see SearchFilter.',
    content: json(ref('SearchFilter')),
  },
};

export type SearchQuery = Partial<Record<TimeParam | 'where', string>> & { version?: number };

export function searchParams(query: SearchQuery): Pick<InstanceSearch, 'where' | 'version' | TimeParam> {
  const search: Pick<InstanceSearch, 'where' | 'version' | TimeParam> = { version: query.version };
  if (query.where !== undefined) {
    try {
      search.where = JSON.parse(query.where);
    } catch (error) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        `where is not valid JSON (${(error as Error).message}); send the filter URL-encoded, e.g. where=${encodeURIComponent('{"total":{"gt":10}}')}`,
        { pointer: 'query/where' },
      );
    }
  }
  for (const name of TIME_PARAMS) {
    const text = query[name];
    if (text === undefined) continue;
    const ms = parseTime(text);
    if (Number.isNaN(ms))
      throw new HttpError(400, 'INVALID_ARGUMENT', `${name} must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z, not '${text}'`, {
        pointer: `query/${name}`,
      });
    search[name] = ms;
  }
  return search;
}

/** No zone means UTC, as for timers; a date alone is its midnight (UTC). */
function parseTime(text: string): number {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return NaN;
  const [, clock, , , zone] = match;
  return Date.parse(clock === undefined ? `${text}T00:00:00Z` : zone === undefined ? `${text}Z` : text);
}
