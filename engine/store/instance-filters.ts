/** The instance filters of issue 4 (time ranges, search attributes) as a predicate, for stores that filter in memory. */
import { matchesFilter } from '../search/predicate.js';
import type { InstanceState } from '../runtime/state.js';
import type { InstanceQuery } from './store.js';

export type TimesAndAttributes = Pick<InstanceState, 'startedAt' | 'endedAt' | 'searchAttributes'>;

export function matchesTimesAndAttributes(query: InstanceQuery, instance: TimesAndAttributes): boolean {
  const { startedAt, endedAt } = instance;
  if (query.startedAfter !== undefined && startedAt < query.startedAfter) return false;
  if (query.startedBefore !== undefined && startedAt >= query.startedBefore) return false;
  if (query.endedAfter !== undefined && (endedAt === undefined || endedAt < query.endedAfter)) return false;
  if (query.endedBefore !== undefined && (endedAt === undefined || endedAt >= query.endedBefore)) return false;
  return !query.where || matchesFilter(query.where, instance.searchAttributes);
}
