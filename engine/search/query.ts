/**
 * Instance queries as the engine API takes them (a search filter as JSON,
 * a version, time bounds) turned into a validated store query. With a
 * process id, a filter may name only the search attributes that some
 * version of that process declares, so that a typo is an error instead of
 * an empty page.
 */
import type { Deployments } from '../definitions/deployments.js';
import { InvalidArgumentError } from '../errors.js';
import type { InstanceQuery, Store } from '../store/store.js';
import { filterAttributes, parseFilter } from './filter.js';

export type InstanceSearch = Omit<InstanceQuery, 'where'> & {
  /** A filter in the search filter language, as JSON (engine/search/filter.ts). */
  where?: unknown;
  /** Only instances of this version of `processId`. */
  version?: number;
};

const TIME_FIELDS = ['startedAfter', 'startedBefore', 'endedAfter', 'endedBefore'] as const;

export async function toStoreQuery(search: InstanceSearch, declared: (processId: string) => Promise<string[]>): Promise<InstanceQuery> {
  const { where, version, ...query } = search;
  const result: InstanceQuery = { ...query };
  for (const field of TIME_FIELDS) {
    const value = query[field];
    if (value !== undefined && !Number.isFinite(value)) throw new InvalidArgumentError(`${field} must be a time in epoch milliseconds`);
  }
  if (version !== undefined) {
    if (!Number.isInteger(version) || version < 1) throw new InvalidArgumentError('version must be a whole number of at least 1');
    if (!query.processId) throw new InvalidArgumentError('version needs a processId: versions are numbered per process');
    const key = `${query.processId}:${version}`;
    if (query.definitionKey && query.definitionKey !== key)
      throw new InvalidArgumentError(`version ${version} and definitionKey '${query.definitionKey}' contradict each other`);
    result.definitionKey = key;
  }
  if (where !== undefined) {
    const filter = parseFilter(where);
    if (query.processId) {
      const known = await declared(query.processId);
      const unknown = filterAttributes(filter).filter((name) => !known.includes(name));
      if (unknown.length) {
        const declaredText = known.length ? `its search attributes are ${known.join(', ')}` : 'it declares none (zeebe:property baton:searchAttributes)';
        throw new InvalidArgumentError(
          `where: process '${query.processId}' has no search attribute ${unknown.map((n) => `'${n}'`).join(', ')}; ${declaredText}`,
          { unknown, declared: known },
        );
      }
    }
    result.where = filter;
  }
  return result;
}

/** The search attributes any version of a process declares (models come from the deployments' cache). */
export async function declaredSearchAttributes(store: Store, deployments: Deployments, processId: string): Promise<string[]> {
  const names = new Set<string>();
  for (const definition of await store.queryDefinitions({ processId, includeDeleted: true })) {
    for (const name of (await deployments.model(definition.key)).searchAttributes ?? []) names.add(name);
  }
  return [...names];
}
