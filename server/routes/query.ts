/** Query-string parameters, read one way on every list endpoint: a bad value is a 400 naming the parameter. */
import type { ParsedUrlQuery } from 'node:querystring';
import { MAX_PAGE } from '../../engine/index.js';
import { HttpError } from '../errors.js';

/** A parameter given at most once; an empty value counts as absent. */
export function queryText(query: ParsedUrlQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new HttpError(400, 'INVALID_ARGUMENT', `give ${name} once`);
  return value === '' ? undefined : value;
}

/** `limit` (a whole number from 1 to MAX_PAGE) and the `after` cursor of a paged list. */
export function pageParams(query: ParsedUrlQuery): { limit?: number; after?: string } {
  const text = queryText(query, 'limit');
  const limit = text === undefined ? undefined : Number(text);
  if (limit !== undefined && (!/^\d+$/.test(text!) || limit < 1 || limit > MAX_PAGE)) {
    throw new HttpError(400, 'INVALID_ARGUMENT', `limit must be a whole number from 1 to ${MAX_PAGE}, not '${text!.slice(0, 20)}'`, { parameter: 'limit' });
  }
  return { limit, after: queryText(query, 'after') };
}
