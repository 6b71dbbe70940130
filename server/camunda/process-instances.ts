/**
 * Process instances on the Camunda 8 API: create (by process id and
 * version, or by definition key; `awaitCompletion` waits for the end as
 * /api does), get, cancel, search.
 */
import { InvalidArgumentError, parseDefinitionKey, type Engine, type InstanceSearch } from '../../engine/index.js';
import { route } from '../api/route.js';
import { untilEnded } from '../routes/await-completion.js';
import { checkMayStart } from '../routes/definitions.js';
import { idOf, keyOf } from './keys.js';
import { DEFAULT_TENANT, longKey, ProcessInstanceCreationInstruction, ProcessInstanceFilter, searchQuery } from './schemas.js';
import { pageOf, pick, processInstanceResult, STATUSES_OF, cursorIn } from './views.js';

/** Zeebe's default when `awaitCompletion` has no `requestTimeout`. */
export const DEFAULT_AWAIT_TIMEOUT_MS = 10_000;
export const MAX_AWAIT_TIMEOUT_MS = 60_000;

const tags = ['Camunda 8: process instances'];
const KEY = { processInstanceKey: { description: 'The process instance key.', schema: longKey } };

interface Creation {
  processDefinitionId?: string;
  processDefinitionVersion?: number;
  processDefinitionKey?: string;
  variables?: Record<string, unknown> | null;
  awaitCompletion?: boolean;
  fetchVariables?: string[];
  requestTimeout?: number;
  businessId?: string;
}

interface Search {
  filter?: {
    processInstanceKey?: string;
    processDefinitionId?: string;
    processDefinitionKey?: string;
    state?: string;
    hasIncident?: boolean;
    parentProcessInstanceKey?: string;
  };
  page?: { limit?: number; after?: string };
}

export const camundaProcessInstanceRoutes = [
  route<Creation>({
    method: 'POST',
    path: '/v2/process-instances',
    roles: ['operator'],
    operationId: 'camunda.createProcessInstance',
    tags,
    summary: 'Create a process instance',
    body: { schema: ProcessInstanceCreationInstruction },
    responses: { '200': { description: 'The instance (its variables once ended with `awaitCompletion`).' } },
    handler: async (ctx, { body }, { engine }) => {
      const { processId, version } = await target(engine, body);
      const startVersion = await checkMayStart(engine, ctx, processId, version);
      let instance = await engine.start(processId, { variables: body.variables ?? {}, version: startVersion, businessKey: body.businessId });
      if (body.awaitCompletion) {
        instance = await untilEnded(engine, instance, Math.min(body.requestTimeout || DEFAULT_AWAIT_TIMEOUT_MS, MAX_AWAIT_TIMEOUT_MS));
      }
      return {
        processDefinitionId: instance.processId,
        processDefinitionVersion: instance.version,
        tenantId: DEFAULT_TENANT,
        variables: body.awaitCompletion ? pick(instance.variables, body.fetchVariables) : {},
        processDefinitionKey: await keyOf(engine, 'definition', instance.definitionKey),
        processInstanceKey: await keyOf(engine, 'instance', instance.id),
        tags: [],
        businessId: instance.businessKey ?? null,
      };
    },
  }),
  route<unknown, unknown, { processInstanceKey: string }>({
    method: 'GET',
    path: '/v2/process-instances/:processInstanceKey',
    roles: ['viewer', 'operator'],
    operationId: 'camunda.getProcessInstance',
    tags,
    summary: 'Get a process instance',
    params: KEY,
    responses: { '200': { description: 'The instance.' } },
    handler: async (_ctx, { params }, { engine }) => {
      const instance = await engine.getInstance(await idOf(engine, 'instance', params.processInstanceKey));
      return processInstanceResult(engine, instance, await processName(engine, instance.processId, instance.version));
    },
  }),
  route<unknown, unknown, { processInstanceKey: string }>({
    method: 'POST',
    path: '/v2/process-instances/:processInstanceKey/cancellation',
    roles: ['operator'],
    operationId: 'camunda.cancelProcessInstance',
    tags,
    summary: 'Cancel a process instance',
    params: KEY,
    body: {
      schema: { type: ['object', 'null'], additionalProperties: false, properties: { operationReference: { type: 'integer', minimum: 1 } } },
      required: false,
    },
    responses: { '204': { description: 'Cancelled.' } },
    handler: async (ctx, { params }, { engine }) => {
      await engine.cancel(await idOf(engine, 'instance', params.processInstanceKey));
      ctx.status = 204;
    },
  }),
  route<Search>({
    method: 'POST',
    path: '/v2/process-instances/search',
    roles: ['viewer', 'operator'],
    operationId: 'camunda.searchProcessInstances',
    tags,
    summary: 'Search process instances',
    description: 'Filters by key, process, definition, state, incidents and parent; pages by cursor (`page.after` is the previous `endCursor`).',
    body: { schema: searchQuery(ProcessInstanceFilter), required: false },
    responses: { '200': { description: 'A page of instances.' } },
    handler: async (_ctx, { body }, { engine }) => {
      const { filter = {}, page = {} } = body;
      if (filter.processInstanceKey !== undefined) {
        const found = await engine.idOfNumericKey(filter.processInstanceKey);
        const instance = found?.kind === 'instance' ? await engine.getInstance(found.id).catch(() => undefined) : undefined;
        const items = instance && (!filter.state || STATUSES_OF[filter.state].includes(instance.status)) ? [await processInstanceResult(engine, instance)] : [];
        return { items, page: pageOf(items.length, undefined) };
      }
      const search = await instanceSearch(engine, filter);
      const statuses = filter.state ? STATUSES_OF[filter.state] : [undefined];
      // TERMINATED is two Baton statuses: one page of each, which is exact while both fit in a page.
      const pages = await Promise.all(
        statuses.map((status) => engine.queryInstances({ ...search, status, limit: page.limit ?? 100, after: cursorIn(page.after) })),
      );
      const items = await Promise.all(pages.flatMap((p) => p.items).map((instance) => processInstanceResult(engine, instance)));
      return { items, page: pageOf(items.length, pages.find((p) => p.next)?.next) };
    },
  }),
];

async function target(engine: Engine, body: Creation): Promise<{ processId: string; version?: number }> {
  if (body.processDefinitionKey !== undefined) {
    if (body.processDefinitionId !== undefined) throw new InvalidArgumentError('give processDefinitionId or processDefinitionKey, not both');
    return parseDefinitionKey(await idOf(engine, 'definition', body.processDefinitionKey));
  }
  if (body.processDefinitionId === undefined) throw new InvalidArgumentError('processDefinitionId or processDefinitionKey is required');
  const version = body.processDefinitionVersion === undefined || body.processDefinitionVersion === -1 ? undefined : body.processDefinitionVersion;
  return { processId: body.processDefinitionId, version };
}

async function instanceSearch(engine: Engine, filter: NonNullable<Search['filter']>): Promise<InstanceSearch> {
  return {
    processId: filter.processDefinitionId,
    definitionKey: filter.processDefinitionKey === undefined ? undefined : await idOf(engine, 'definition', filter.processDefinitionKey),
    hasIncidents: filter.hasIncident,
    parentInstanceId: filter.parentProcessInstanceKey === undefined ? undefined : await idOf(engine, 'instance', filter.parentProcessInstanceKey),
  };
}

async function processName(engine: Engine, processId: string, version: number): Promise<string | undefined> {
  return (await engine.definition(processId, version).catch(() => undefined))?.name;
}
