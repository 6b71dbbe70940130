/**
 * Variables on the Camunda 8 API: set them on a process instance or an
 * element instance (propagated as Zeebe does, or `local`), and search them.
 *
 * An element instance key names `[instanceId, x]` (./keys.ts), where x is
 * what the key was given out for: a job key (ActivatedJob), a token id (a
 * user task) or an incident id. A variable key names `[instanceId,
 * scopeId, name]`; a scope key is the process instance key for the root,
 * else the element instance key of the element that owns the scope.
 */
import { InvalidArgumentError, NotFoundError, type Engine, type InstanceView } from '../../engine/index.js';
import { route } from '../api/route.js';
import type { Schema } from '../openapi/build.js';
import { elementId, idOf, keyOf } from './keys.js';
import { closed, DEFAULT_TENANT, longKey, tenantId } from './schemas.js';
import { cursorIn, pageOf } from './views.js';

const tags = ['Camunda 8: variables'];

/** Camunda truncates values longer than this in search results (`isTruncated`). */
export const VALUE_PREVIEW_CHARS = 8191;
const DEFAULT_PAGE = 100;

/** A filter on a key or text: the value itself, or `{ $eq }`, or `{ $in }`. */
const matcher = (value: Schema): Schema => ({
  oneOf: [value, closed({ $eq: value }, ['$eq']), closed({ $in: { type: 'array', items: value, maxItems: 100 } }, ['$in'])],
});
const text: Schema = { type: 'string', maxLength: 10_000 };

const SetVariableRequest = closed(
  { variables: { type: 'object', additionalProperties: true }, local: { type: 'boolean' }, operationReference: { type: 'integer', minimum: 1 } },
  ['variables'],
);

const VariableSearchQuery = closed({
  filter: closed({
    name: matcher(text),
    value: matcher(text),
    tenantId,
    isTruncated: { type: 'boolean' },
    variableKey: matcher(longKey),
    scopeKey: matcher(longKey),
    processInstanceKey: matcher(longKey),
  }),
  page: closed({ limit: { type: 'integer', minimum: 1, maximum: 1000 }, after: { type: 'string', maxLength: 64 }, from: { type: 'integer', enum: [0] } }),
  sort: { type: 'array', maxItems: 0, description: 'Baton orders by scope, outermost first, then by name.' },
});

type Matcher = string | { $eq: string } | { $in: string[] };

interface Search {
  filter?: {
    name?: Matcher;
    value?: Matcher;
    isTruncated?: boolean;
    variableKey?: Matcher;
    scopeKey?: Matcher;
    processInstanceKey?: Matcher;
  };
  page?: { limit?: number; after?: string };
}

export const camundaVariableRoutes = [
  route<{ variables: Record<string, unknown>; local?: boolean }, unknown, { elementInstanceKey: string }>({
    method: 'PUT',
    path: '/v2/element-instances/:elementInstanceKey/variables',
    roles: ['operator'],
    operationId: 'camunda.createElementInstanceVariables',
    tags,
    summary: 'Set variables of a process instance or of an active element instance',
    params: { elementInstanceKey: { description: 'A process instance key, or the element instance key of a job, user task or incident.', schema: longKey } },
    body: { schema: SetVariableRequest },
    responses: { '204': { description: 'The variables were set.' } },
    handler: async (ctx, { params, body }, { engine }) => {
      const { instanceId, tokenId } = await elementInstance(engine, params.elementInstanceKey);
      await engine.setVariables(instanceId, body.variables, { tokenId, local: body.local ?? false });
      ctx.status = 204;
    },
  }),
  route<Search, { truncateValues?: boolean }>({
    method: 'POST',
    path: '/v2/variables/search',
    roles: ['viewer', 'operator'],
    operationId: 'camunda.searchVariables',
    tags,
    summary: 'Search the variables of process instances',
    description: 'The filter must name the process instances (`processInstanceKey`, `scopeKey` or `variableKey`): Baton keeps variables in each instance.',
    query: {
      truncateValues: { description: `Values longer than ${VALUE_PREVIEW_CHARS} characters are cut (isTruncated) unless false.`, schema: { type: 'boolean' } },
    },
    body: { schema: VariableSearchQuery, required: false },
    responses: { '200': { description: 'A page of variables.' } },
    handler: async (_ctx, { body, query }, { engine }) => {
      const { filter = {}, page = {} } = body;
      const instanceIds = await instancesOf(engine, filter);
      const rows: Row[] = [];
      for (const instanceId of instanceIds) rows.push(...(await rowsOf(engine, instanceId)));
      const wanted = await selection(engine, filter);
      const matching = rows.filter(wanted);
      const after = cursorIn(page.after);
      const offset = after === undefined ? 0 : cursorOffset(after);
      const limit = page.limit ?? DEFAULT_PAGE;
      const slice = matching.slice(offset, offset + limit);
      const items = await Promise.all(slice.map((row) => variableResult(engine, row, query.truncateValues !== false)));
      const next = offset + limit < matching.length ? String(offset + limit) : undefined;
      return { items, page: { ...pageOf(matching.length, next), hasMoreTotalItems: false } };
    },
  }),
  route<unknown, unknown, { variableKey: string }>({
    method: 'GET',
    path: '/v2/variables/:variableKey',
    roles: ['viewer', 'operator'],
    operationId: 'camunda.getVariable',
    tags,
    summary: 'Get a variable by its key, with its full value',
    params: { variableKey: { description: 'The variable key (from a search).', schema: longKey } },
    responses: { '200': { description: 'The variable.' } },
    handler: async (_ctx, { params }, { engine }) => {
      const [instanceId, scopeId, name] = JSON.parse(await idOf(engine, 'variable', params.variableKey)) as [string, string, string];
      const row = (await rowsOf(engine, instanceId)).find((r) => r.scopeId === scopeId && r.name === name);
      if (!row) throw new NotFoundError(`variable ${params.variableKey} is gone: its scope ended or it was never set there`);
      const { isTruncated: _cut, ...result } = await variableResult(engine, row, false);
      return result;
    },
  }),
];

/** The instance, and the token when the key names an element instance. NotFoundError when it is gone or ended. */
async function elementInstance(engine: Engine, key: string): Promise<{ instanceId: string; tokenId?: string }> {
  const found = await engine.idOfNumericKey(key);
  if (found?.kind === 'instance') {
    await activeInstance(engine, found.id, key);
    return { instanceId: found.id };
  }
  if (found?.kind !== 'element') throw new NotFoundError(`no process or element instance with key ${key.slice(0, 32)}`);
  const [instanceId, what] = JSON.parse(found.id) as [string, string];
  const instance = await activeInstance(engine, instanceId, key);
  const incident = instance.incidents.find((i) => i.id === what);
  const token = instance.activeElements.find(
    (e) =>
      e.tokenId === what ||
      e.jobKey === what ||
      e.userTaskId === what ||
      (incident && (incident.jobKey ? e.jobKey === incident.jobKey : e.elementId === incident.elementId)),
  );
  if (!token) throw new NotFoundError(`element instance ${key} is not active: its element has completed`);
  return { instanceId, tokenId: token.tokenId };
}

async function activeInstance(engine: Engine, instanceId: string, key: string): Promise<InstanceView> {
  const instance = await engine.getInstance(instanceId);
  // Zeebe answers NOT_FOUND for an element instance that has ended, the process instance included.
  if (instance.status !== 'active') throw new NotFoundError(`element instance ${key} is not active: its process instance is ${instance.status}`);
  return instance;
}

interface Row {
  instanceId: string;
  scopeId: string;
  /** What the scope's element instance key is given out for (a job key, else the token id); none for the root scope. */
  scopeElement?: string;
  name: string;
  value: string;
}

async function rowsOf(engine: Engine, instanceId: string): Promise<Row[]> {
  const [instance, scopes] = await Promise.all([engine.getInstance(instanceId), engine.variableScopes(instanceId)]);
  return scopes.flatMap((scope) => {
    const owner = scope.tokenId === undefined ? undefined : instance.activeElements.find((e) => e.tokenId === scope.tokenId);
    const scopeElement = scope.tokenId === undefined ? undefined : (owner?.jobKey ?? scope.tokenId);
    return Object.keys(scope.variables)
      .sort()
      .map((name) => ({ instanceId, scopeId: scope.id, scopeElement, name, value: JSON.stringify(scope.variables[name]) ?? 'null' }));
  });
}

const values = (m: Matcher): string[] => (typeof m === 'string' ? [m] : '$eq' in m ? [m.$eq] : m.$in);
const variableId = (row: Pick<Row, 'instanceId' | 'scopeId' | 'name'>): string => JSON.stringify([row.instanceId, row.scopeId, row.name]);
const scopeOf = (row: Pick<Row, 'instanceId' | 'scopeElement'>): string =>
  row.scopeElement === undefined ? JSON.stringify(['instance', row.instanceId]) : JSON.stringify(['element', elementId(row.instanceId, row.scopeElement)]);

/** The instances the filter names; a search that names none is refused rather than run over every instance. */
async function instancesOf(engine: Engine, filter: NonNullable<Search['filter']>): Promise<string[]> {
  const ids = new Set<string>();
  const source = filter.processInstanceKey ?? filter.scopeKey ?? filter.variableKey;
  if (source === undefined) {
    throw new InvalidArgumentError('filter.processInstanceKey is required (or scopeKey or variableKey): Baton searches the variables of named instances');
  }
  for (const key of values(source)) {
    const found = await engine.idOfNumericKey(key);
    if (found?.kind === 'instance') ids.add(found.id);
    else if (found?.kind === 'element' || found?.kind === 'variable') ids.add((JSON.parse(found.id) as string[])[0]);
  }
  const known: string[] = [];
  for (const id of ids) {
    const exists = await engine.getInstance(id).then(
      () => true,
      (error: unknown) => (error instanceof NotFoundError ? false : Promise.reject(error)),
    );
    if (exists) known.push(id);
  }
  return known;
}

/** The ids behind keys of the given kinds (unknown keys, and keys of other kinds, match nothing). */
async function idsOf(engine: Engine, matcher: Matcher | undefined, kinds: string[]): Promise<Set<string> | undefined> {
  if (matcher === undefined) return undefined;
  const ids = new Set<string>();
  for (const key of values(matcher)) {
    const found = await engine.idOfNumericKey(key);
    if (found && kinds.includes(found.kind)) ids.add(kinds.length > 1 ? JSON.stringify([found.kind, found.id]) : found.id);
  }
  return ids;
}

/** The filter as a test on rows: keys in the filter are turned into the ids they stand for. */
async function selection(engine: Engine, filter: NonNullable<Search['filter']>): Promise<(row: Row) => boolean> {
  const names = filter.name === undefined ? undefined : new Set(values(filter.name));
  const texts = filter.value === undefined ? undefined : new Set(values(filter.value));
  const variables = await idsOf(engine, filter.variableKey, ['variable']);
  const scopes = await idsOf(engine, filter.scopeKey, ['instance', 'element']);
  const instances = await idsOf(engine, filter.processInstanceKey, ['instance']);
  return (row) =>
    (!names || names.has(row.name)) &&
    (!texts || texts.has(row.value)) &&
    (filter.isTruncated === undefined || filter.isTruncated === row.value.length > VALUE_PREVIEW_CHARS) &&
    (!variables || variables.has(variableId(row))) &&
    (!scopes || scopes.has(scopeOf(row))) &&
    (!instances || instances.has(row.instanceId));
}

function cursorOffset(after: string): number {
  if (!/^[0-9]{1,9}$/.test(after)) throw new InvalidArgumentError(`page.after '${after.slice(0, 64)}' is not a cursor this search gave out (its endCursor)`);
  return Number(after);
}

async function variableResult(engine: Engine, row: Row, truncate: boolean) {
  const [variableKey, scopeKey, processInstanceKey] = await Promise.all([
    keyOf(engine, 'variable', variableId(row)),
    row.scopeElement === undefined ? keyOf(engine, 'instance', row.instanceId) : keyOf(engine, 'element', elementId(row.instanceId, row.scopeElement)),
    keyOf(engine, 'instance', row.instanceId),
  ]);
  const isTruncated = truncate && row.value.length > VALUE_PREVIEW_CHARS;
  return {
    name: row.name,
    value: isTruncated ? row.value.slice(0, VALUE_PREVIEW_CHARS) : row.value,
    isTruncated,
    tenantId: DEFAULT_TENANT,
    variableKey,
    scopeKey,
    processInstanceKey,
    rootProcessInstanceKey: null,
  };
}
