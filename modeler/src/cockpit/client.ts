/**
 * The REST calls the cockpit and the tasklist make, typed over the shell's
 * Api (modeler/src/api.ts): definitions, instances, history, incidents,
 * messages, signals, user tasks. The shapes mirror engine/views.ts,
 * engine/definitions.ts and engine/runtime/records.ts.
 */
import type { Api } from '../api.js';

export interface Definition {
  key: string;
  processId: string;
  version: number;
  name?: string;
  resourceName: string;
  deployedAt: string;
  deployedBy?: string;
  description?: string;
  tags: string[];
  suspended: boolean;
  latest: boolean;
  /** The environment the version was deployed to (`default` when none was named). */
  environment?: string;
}

export interface ActiveElement {
  elementId: string;
  elementType: string;
  tokenId: string;
  status: string;
  userTaskId?: string;
  childInstanceId?: string;
  /** An inner instance of a multi-instance activity: its place in the collection, from 1. */
  loopCounter?: number;
}

export interface SecretNames {
  own: string[];
  inherited: string[];
}

export interface Incident {
  id: string;
  elementId: string;
  kind: string;
  message: string;
  createdAt: string;
  instanceId?: string;
  version?: number;
}

export type InstanceStatus = 'active' | 'completed' | 'cancelled' | 'terminated';

export interface Instance {
  id: string;
  processId: string;
  version: number;
  businessKey?: string;
  parentInstanceId?: string;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  activeElements: ActiveElement[];
  incidents: Incident[];
  startedAt: string;
  endedAt?: string;
}

export interface HistoryEvent {
  type: string;
  at: string;
  elementId?: string;
  elementType?: string;
  tokenId?: string;
  incidentId?: string;
  message?: string;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface InstanceFilter {
  processId?: string;
  version?: number;
  status?: InstanceStatus | '';
  businessKey?: string;
  /** The search filter as JSON text (`{"total":{"gt":10}}`). */
  where?: string;
  hasIncidents?: boolean;
  limit?: number;
  after?: string;
}

export interface UserTask {
  id: string;
  instanceId: string;
  processId: string;
  elementId: string;
  name?: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  formBody?: string;
  createdAt: string;
  variables?: Record<string, unknown>;
}

const enc = encodeURIComponent;

export class CockpitClient {
  constructor(readonly api: Api) {}

  definitions(): Promise<Page<Definition>> {
    return this.api.request('GET', '/api/processes');
  }

  versions(processId: string): Promise<Page<Definition>> {
    return this.api.request('GET', `/api/processes/${enc(processId)}/versions`);
  }

  xml(processId: string, version: number): Promise<string> {
    return this.api.request('GET', `/api/processes/${enc(processId)}/versions/${version}/xml`, { text: true });
  }

  instances(filter: InstanceFilter = {}): Promise<Page<Instance>> {
    const { status, businessKey, where, ...rest } = filter;
    return this.api.request('GET', '/api/instances', {
      query: { ...rest, status: status || undefined, businessKey: businessKey || undefined, where: where?.trim() || undefined },
    });
  }

  /** Every instance the filter matches, page by page, up to `cap` (the cockpit's counts and element overlays). */
  allInstances(filter: InstanceFilter, cap = 5000): Promise<{ items: Instance[]; capped: boolean }> {
    return allPages((after) => this.instances({ ...filter, limit: 1000, after }), cap);
  }

  instance(id: string): Promise<Instance> {
    return this.api.request('GET', `/api/instances/${enc(id)}`);
  }

  history(id: string): Promise<Page<HistoryEvent>> {
    return this.api.request('GET', `/api/instances/${enc(id)}/history`);
  }

  incidents(query: { processId?: string; instanceId?: string; after?: string }): Promise<Page<Incident>> {
    return this.api.request('GET', '/api/incidents', { query: { ...query, limit: 1000 } });
  }

  start(processId: string, body: { variables: Record<string, unknown>; businessKey?: string; version?: number }): Promise<Instance> {
    return this.api.request('POST', `/api/processes/${enc(processId)}/instances`, { json: body });
  }

  cancel(id: string): Promise<Instance> {
    return this.api.request('POST', `/api/instances/${enc(id)}/cancel`);
  }

  setVariables(id: string, variables: Record<string, unknown>): Promise<Instance> {
    return this.api.request('PUT', `/api/instances/${enc(id)}/variables`, { json: { variables } });
  }

  resolveIncident(incidentId: string): Promise<Instance> {
    return this.api.request('POST', `/api/incidents/${enc(incidentId)}/resolve`, { json: {} });
  }

  /** The names (never the values) of the secrets the instance sees. */
  secretNames(id: string): Promise<SecretNames> {
    return this.api.request('GET', `/api/instances/${enc(id)}/secrets`);
  }

  /** Sets (text) or removes (null) some of the instance's own secrets. */
  updateSecrets(id: string, secrets: Record<string, string | null>): Promise<SecretNames> {
    return this.api.request('PATCH', `/api/instances/${enc(id)}/secrets`, { json: { secrets } });
  }

  /** Activates elements inside the ad-hoc sub-process that `tokenId` is. */
  activateAdHoc(id: string, tokenId: string, elements: Array<{ elementId: string; variables?: Record<string, unknown> }>): Promise<Instance> {
    return this.api.request('POST', `/api/instances/${enc(id)}/ad-hoc-activities/${enc(tokenId)}/activation`, { json: { elements } });
  }

  migrate(id: string, targetVersion: number, mapping: Record<string, string>): Promise<Instance> {
    return this.api.request('POST', `/api/instances/${enc(id)}/migrate`, { json: { targetVersion, mapping } });
  }

  publishMessage(body: { name: string; correlationKey?: string; variables?: Record<string, unknown>; timeToLive?: number }): Promise<{ instanceIds: string[]; duplicate: boolean }> {
    return this.api.request('POST', '/api/messages', { json: body });
  }

  broadcastSignal(body: { name: string; variables?: Record<string, unknown> }): Promise<{ instanceIds: string[] }> {
    return this.api.request('POST', '/api/signals', { json: body });
  }

  userTasks(query: { processId?: string; instanceId?: string; assignee?: string; limit?: number; after?: string } = {}): Promise<Page<UserTask>> {
    return this.api.request('GET', '/api/user-tasks', { query });
  }

  /** The open tasks the query matches, page by page, up to `cap` (a task list shows them all). */
  allUserTasks(query: { assignee?: string } = {}, cap = 1000): Promise<{ items: UserTask[]; capped: boolean }> {
    return allPages((after) => this.userTasks({ ...query, limit: 500, after }), cap);
  }

  userTask(id: string): Promise<UserTask> {
    return this.api.request('GET', `/api/user-tasks/${enc(id)}`);
  }

  /** Claims for `assignee`; with API keys the server defaults to the caller, without them it needs a name. */
  claim(id: string, assignee?: string): Promise<UserTask> {
    return this.api.request('POST', `/api/user-tasks/${enc(id)}/claim`, { json: { assignee } });
  }

  unclaim(id: string): Promise<UserTask> {
    return this.api.request('POST', `/api/user-tasks/${enc(id)}/unclaim`, { json: {} });
  }

  complete(id: string, variables: Record<string, unknown>): Promise<void> {
    return this.api.request('POST', `/api/user-tasks/${enc(id)}/complete`, { json: { variables } });
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
