/**
 * Instance queries as MongoDB query documents, for the MongoDB store (issue
 * 12): pure functions, so their meaning is tested without a server
 * (test/store/mongo-queries.spec.ts runs them with mingo against the memory
 * store's answers). Nothing here imports mongoose.
 *
 * An instance document keeps the indexed columns as fields (`_id` is the
 * instance id) and its search attributes as `attrs: [{ n, t } | { n, v }]`
 * (name with a text or a number), so that two multikey indexes,
 * `{ 'attrs.n': 1, 'attrs.t': 1 }` and `{ 'attrs.n': 1, 'attrs.v': 1 }`,
 * serve every attribute condition, as the SQLite store's search_attributes
 * table does.
 */
import { indexedValue } from '../../search/attributes.js';
import type { SearchFilter, SearchValue } from '../../search/filter.js';
import type { InstanceState } from '../../runtime/state.js';
import type { InstanceQuery } from '../store.js';
import { pageLimit } from '../queries.js';

export type MongoFilter = Record<string, unknown>;

export interface AttributeDoc {
  n: string;
  t?: string;
  v?: number;
}

/** The indexed fields of an instance document. */
export interface InstanceFields {
  _id: string;
  processId: string;
  definitionKey: string;
  status: string;
  businessKey?: string;
  parentInstanceId?: string;
  incidentCount: number;
  startedAt: number;
  endedAt?: number;
  attrs: AttributeDoc[];
}

/** The indexed fields of a stored instance's document. */
export function instanceFields(state: InstanceState): InstanceFields {
  return {
    _id: state.id,
    processId: state.processId,
    definitionKey: state.definitionKey,
    status: state.status,
    ...(state.businessKey !== undefined ? { businessKey: state.businessKey } : {}),
    ...(state.parent ? { parentInstanceId: state.parent.instanceId } : {}),
    incidentCount: state.incidents.length,
    startedAt: state.startedAt,
    ...(state.endedAt !== undefined ? { endedAt: state.endedAt } : {}),
    attrs: attributeDocs(state.searchAttributes),
  };
}

/** Search attributes as the instance document stores them. */
export function attributeDocs(attributes: Record<string, SearchValue> = {}): AttributeDoc[] {
  return Object.entries(attributes).map(([n, value]) => {
    const cell = indexedValue(value);
    return cell.number === undefined ? { n, t: cell.text } : { n, v: cell.number };
  });
}

const COMPARISON = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/** A search filter (../../search/filter.ts) with the semantics of ../../search/predicate.ts. */
export function searchFilter(filter: SearchFilter): MongoFilter {
  switch (filter.op) {
    case 'and':
      return { $and: filter.filters.map(searchFilter) };
    case 'or':
      return { $or: filter.filters.map(searchFilter) };
    case 'in': {
      const cells = filter.values.map(indexedValue);
      const texts = cells.flatMap((c) => (c.text === undefined ? [] : [c.text]));
      const numbers = cells.flatMap((c) => (c.number === undefined ? [] : [c.number]));
      const alternatives = [...(texts.length ? [{ t: { $in: texts } }] : []), ...(numbers.length ? [{ v: { $in: numbers } }] : [])];
      return { attrs: { $elemMatch: { n: filter.attribute, $or: alternatives } } };
    }
    case 'prefix':
      // Anchored: the (attrs.n, attrs.t) index narrows it to the range of the prefix.
      return { attrs: { $elemMatch: { n: filter.attribute, t: { $regex: `^${escapeRegex(String(filter.value))}` } } } };
    default: {
      const cell = indexedValue(filter.value);
      const field = cell.number === undefined ? 't' : 'v';
      const operand = cell.number ?? cell.text;
      if (filter.op === 'eq') return { attrs: { $elemMatch: { n: filter.attribute, [field]: operand } } };
      // Not equal: also the instances without the attribute, as in the other stores.
      if (filter.op === 'ne') return { attrs: { $not: { $elemMatch: { n: filter.attribute, [field]: operand } } } };
      return { attrs: { $elemMatch: { n: filter.attribute, [field]: { [COMPARISON[filter.op]]: operand } } } };
    }
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `find(filter).sort(sort).limit(limit)` answers the query, a page in id order (descending with `newestFirst`). */
export function instanceQuery(query: InstanceQuery): { filter: MongoFilter; sort: Record<string, 1 | -1>; limit: number } {
  const conditions: MongoFilter[] = [];
  const equal = {
    processId: query.processId,
    definitionKey: query.definitionKey,
    status: query.status,
    businessKey: query.businessKey,
    parentInstanceId: query.parentInstanceId,
  };
  for (const [field, value] of Object.entries(equal)) if (value) conditions.push({ [field]: { $eq: value } });
  if (query.hasIncidents !== undefined) conditions.push({ incidentCount: query.hasIncidents ? { $gt: 0 } : 0 });
  const range = (field: string, from?: number, before?: number) => {
    if (from === undefined && before === undefined) return;
    conditions.push({ [field]: { ...(from !== undefined ? { $gte: from } : {}), ...(before !== undefined ? { $lt: before } : {}) } });
  };
  range('startedAt', query.startedAfter, query.startedBefore);
  range('endedAt', query.endedAfter, query.endedBefore);
  if (query.where) conditions.push(searchFilter(query.where));
  if (query.after) conditions.push({ _id: { [query.newestFirst ? '$lt' : '$gt']: query.after } });
  const filter = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : { $and: conditions };
  return { filter, sort: { _id: query.newestFirst ? -1 : 1 }, limit: pageLimit(query.limit) };
}
