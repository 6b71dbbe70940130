/**
 * Which ended instances a retention batch deletes, as a MongoDB query: per
 * version its own rule (a `baton:retentionDays`), the others the general
 * one; earliest ended first. Served by the `{ endedAt, _id }` index. Pure.
 */
import { purgeLimit } from '../queries.js';
import type { PurgeRequest } from '../store.js';
import type { MongoFilter } from './instance-queries.js';

/** undefined when the request lets nothing go. */
export function purgeFilter(request: PurgeRequest): { filter: MongoFilter; sort: { endedAt: 1; _id: 1 }; limit: number } | undefined {
  const rules = request.byDefinition ?? {};
  const limit = purgeLimit(request);
  const alternatives: MongoFilter[] = [];
  for (const [definitionKey, before] of Object.entries(rules)) {
    if (before !== null) alternatives.push({ definitionKey, endedAt: { $lt: before } });
  }
  if (request.endedBefore !== undefined) alternatives.push({ definitionKey: { $nin: Object.keys(rules) }, endedAt: { $lt: request.endedBefore } });
  if (!alternatives.length || limit === 0) return undefined;
  return { filter: { status: { $ne: 'active' }, $or: alternatives }, sort: { endedAt: 1, _id: 1 }, limit };
}
