/**
 * The REST calls the cockpit and the tasklist make, typed over the shell's
 * Api (modeler/src/api.ts): definitions, instances, history, incidents,
 * messages, signals, user tasks. The wire types are those generated from the
 * server's OpenAPI document (../generated/api-types.ts): change the document,
 * run `npm run generate:api-types`, and the compiler shows what to fix here.
 */
import type { Api } from '../api.js';
import type { Answer, Body, Query, Schemas } from '../api-operations.js';

export type Definition = Schemas['Definition'];
export type ActiveElement = Schemas['ActiveElement'];
export type SecretNames = Schemas['SecretNames'];
/** An open incident as an instance lists it. */
export type InstanceIncident = Schemas['InstanceIncident'];
/** An open incident as GET /api/incidents lists it: with its instance and process. */
export type Incident = Schemas['Incident'];
export type InstanceStatus = Schemas['InstanceStatus'];
export type Instance = Schemas['Instance'];
export type HistoryEvent = Schemas['HistoryEvent'];
/** An open user task as a list gives it. */
export type UserTask = Schemas['UserTask'];
/** One user task with the variables its form shows. */
export type UserTaskDetails = Schemas['UserTaskDetails'];

/** A page of a list: the generated `*Page` and `*List` types all have this shape. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** GET /api/instances's query as the cockpit's filter form holds it: an empty status means any, `hasIncidents` a checkbox. */
export interface InstanceFilter extends Omit<Query<'listInstances'>, 'status' | 'hasIncidents'> {
  status?: InstanceStatus | '';
  /** The search filter as JSON text (`{"total":{"gt":10}}`). */
  where?: string;
  hasIncidents?: boolean;
}

const enc = encodeURIComponent;

export class CockpitClient {
  constructor(readonly api: Api) {}

  /** The dashboard for the last `hours` (GET /api/stats). */
  stats(hours: number): Promise<Answer<'getDashboard'>> {
    return this.api.request('GET', '/api/stats', { query: { hours } });
  }

  definitions(): Promise<Answer<'listDefinitions'>> {
    return this.api.request('GET', '/api/processes');
  }

  versions(processId: string): Promise<Answer<'listDefinitionVersions'>> {
    return this.api.request('GET', `/api/processes/${enc(processId)}/versions`);
  }

  xml(processId: string, version: number): Promise<string> {
    return this.api.request('GET', `/api/processes/${enc(processId)}/versions/${version}/xml`, { text: true });
  }

  instances(filter: InstanceFilter = {}): Promise<Answer<'listInstances'>> {
    const { status, businessKey, where, ...rest } = filter;
    return this.api.request('GET', '/api/instances', {
      query: { ...rest, status: status || undefined, businessKey: businessKey || undefined, where: where?.trim() || undefined },
    });
  }

  /** Every instance the filter matches, page by page, up to `cap` (the cockpit's counts and element overlays). */
  allInstances(filter: InstanceFilter, cap = 5000): Promise<{ items: Instance[]; capped: boolean }> {
    return allPages((after) => this.instances({ ...filter, limit: 1000, after }), cap);
  }

  instance(id: string): Promise<Answer<'getInstance'>> {
    return this.api.request('GET', `/api/instances/${enc(id)}`);
  }

  history(id: string): Promise<Answer<'getInstanceHistory'>> {
    return this.api.request('GET', `/api/instances/${enc(id)}/history`);
  }

  incidents(query: Pick<Query<'listIncidents'>, 'processId' | 'instanceId' | 'after'>): Promise<Answer<'listIncidents'>> {
    return this.api.request('GET', '/api/incidents', { query: { ...query, limit: 1000 } });
  }

  start(processId: string, body: Body<'startInstance'>): Promise<Answer<'startInstance'>> {
    return this.api.request('POST', `/api/processes/${enc(processId)}/instances`, { json: body });
  }

  cancel(id: string): Promise<Answer<'cancelInstance'>> {
    return this.api.request('POST', `/api/instances/${enc(id)}/cancel`);
  }

  setVariables(id: string, variables: Schemas['Variables']): Promise<Answer<'setInstanceVariables'>> {
    return this.api.request('PUT', `/api/instances/${enc(id)}/variables`, { json: { variables } satisfies Body<'setInstanceVariables'> });
  }

  resolveIncident(incidentId: string): Promise<Answer<'resolveIncident'>> {
    return this.api.request('POST', `/api/incidents/${enc(incidentId)}/resolve`, { json: {} satisfies Body<'resolveIncident'> });
  }

  /** The names (never the values) of the secrets the instance sees. */
  secretNames(id: string): Promise<Answer<'getInstanceSecretNames'>> {
    return this.api.request('GET', `/api/instances/${enc(id)}/secrets`);
  }

  /** Sets (text) or removes (null) some of the instance's own secrets. */
  updateSecrets(id: string, secrets: Body<'updateInstanceSecrets'>['secrets']): Promise<Answer<'updateInstanceSecrets'>> {
    return this.api.request('PATCH', `/api/instances/${enc(id)}/secrets`, { json: { secrets } satisfies Body<'updateInstanceSecrets'> });
  }

  /** Activates elements inside the ad-hoc sub-process that `tokenId` is. */
  activateAdHoc(id: string, tokenId: string, elements: Body<'activateAdHocElements'>['elements']): Promise<Answer<'activateAdHocElements'>> {
    return this.api.request('POST', `/api/instances/${enc(id)}/ad-hoc-activities/${enc(tokenId)}/activation`, {
      json: { elements } satisfies Body<'activateAdHocElements'>,
    });
  }

  migrate(id: string, targetVersion: number, mapping: NonNullable<Body<'migrateInstance'>['mapping']>): Promise<Answer<'migrateInstance'>> {
    return this.api.request('POST', `/api/instances/${enc(id)}/migrate`, { json: { targetVersion, mapping } satisfies Body<'migrateInstance'> });
  }

  publishMessage(body: Body<'publishMessage'>): Promise<Answer<'publishMessage'>> {
    return this.api.request('POST', '/api/messages', { json: body });
  }

  broadcastSignal(body: Body<'broadcastSignal'>): Promise<Answer<'broadcastSignal'>> {
    return this.api.request('POST', '/api/signals', { json: body });
  }

  userTasks(query: Query<'listUserTasks'> = {}): Promise<Answer<'listUserTasks'>> {
    return this.api.request('GET', '/api/user-tasks', { query });
  }

  /** The open tasks the query matches, page by page, up to `cap` (a task list shows them all). */
  allUserTasks(query: Pick<Query<'listUserTasks'>, 'assignee' | 'mine'> = {}, cap = 1000): Promise<{ items: UserTask[]; capped: boolean }> {
    return allPages((after) => this.userTasks({ ...query, limit: 500, after }), cap);
  }

  userTask(id: string): Promise<Answer<'getUserTask'>> {
    return this.api.request('GET', `/api/user-tasks/${enc(id)}`);
  }

  /** Claims for `assignee`; with API keys the server defaults to the caller, without them it needs a name. */
  claim(id: string, assignee?: string): Promise<Answer<'claimUserTask'>> {
    return this.api.request('POST', `/api/user-tasks/${enc(id)}/claim`, { json: { assignee } satisfies Body<'claimUserTask'> });
  }

  unclaim(id: string): Promise<Answer<'unclaimUserTask'>> {
    return this.api.request('POST', `/api/user-tasks/${enc(id)}/unclaim`, { json: {} });
  }

  complete(id: string, variables: Schemas['Variables']): Promise<Answer<'completeUserTask'>> {
    return this.api.request('POST', `/api/user-tasks/${enc(id)}/complete`, { json: { variables } satisfies Body<'completeUserTask'> });
  }
}

/** Parses a JSON object typed by a person: the object, or an error message saying what is wrong. */
export function parseVariables(text: string): { value: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'must be a JSON object, e.g. {"total": 99}' };
  return { value: value as Record<string, unknown> };
}

/** Every item of a paged list, page by page, up to `cap`; `capped` when there were more. */
async function allPages<T>(page: (after?: string) => Promise<Page<T>>, cap: number): Promise<{ items: T[]; capped: boolean }> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const next = await page(after);
    items.push(...next.items);
    after = next.next;
  } while (after && items.length < cap);
  return { items, capped: after !== undefined };
}
