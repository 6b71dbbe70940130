/**
 * Baton's views in the Camunda 8 API's result shapes: numeric keys, the one
 * tenant, Camunda's state names, ISO 8601 dates.
 */
import { InvalidArgumentError, type Engine, type InstanceStatus, type InstanceView } from '../../engine/index.js';
import { keyOf } from './keys.js';
import { DEFAULT_TENANT } from './schemas.js';

/** Camunda knows ACTIVE, COMPLETED and TERMINATED: a cancelled instance is a terminated one there. */
export const STATE_OF: Record<InstanceStatus, 'ACTIVE' | 'COMPLETED' | 'TERMINATED'> = {
  active: 'ACTIVE',
  completed: 'COMPLETED',
  cancelled: 'TERMINATED',
  terminated: 'TERMINATED',
};

export const STATUSES_OF: Record<string, InstanceStatus[]> = {
  ACTIVE: ['active'],
  COMPLETED: ['completed'],
  TERMINATED: ['cancelled', 'terminated'],
};

export async function processInstanceResult(engine: Engine, instance: InstanceView, processName?: string) {
  const [processInstanceKey, processDefinitionKey, parentProcessInstanceKey] = await Promise.all([
    keyOf(engine, 'instance', instance.id),
    keyOf(engine, 'definition', instance.definitionKey),
    instance.parentInstanceId === undefined ? null : keyOf(engine, 'instance', instance.parentInstanceId),
  ]);
  return {
    processDefinitionId: instance.processId,
    processDefinitionName: processName ?? null,
    processDefinitionVersion: instance.version,
    processDefinitionVersionTag: null,
    startDate: instance.startedAt,
    endDate: instance.endedAt ?? null,
    state: STATE_OF[instance.status],
    hasIncident: instance.incidents.length > 0,
    tenantId: DEFAULT_TENANT,
    processInstanceKey,
    processDefinitionKey,
    parentProcessInstanceKey,
    parentElementInstanceKey: null,
    rootProcessInstanceKey: null,
    tags: [],
    businessId: instance.businessKey ?? null,
  };
}

/** Only the named variables (all when no names are given); names not set are left out. */
export function pick(variables: Record<string, unknown>, names: string[] | undefined): Record<string, unknown> {
  if (!names?.length) return variables;
  return Object.fromEntries(names.filter((name) => Object.hasOwn(variables, name)).map((name) => [name, variables[name]]));
}

/** Camunda's page of a search answer; the cursor is Baton's own (`next`), base64 as Camunda's cursors are. */
export function pageOf(count: number, next: string | undefined) {
  return {
    totalItems: count,
    hasMoreTotalItems: next !== undefined,
    startCursor: null,
    endCursor: next === undefined ? null : Buffer.from(next, 'utf8').toString('base64'),
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Baton's cursor inside a `page.after` that a search gave out as its `endCursor`. */
export function cursorIn(after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  if (!BASE64.test(after)) throw new InvalidArgumentError(`page.after '${after.slice(0, 64)}' is not a cursor a search gave out (its endCursor)`);
  return Buffer.from(after, 'base64').toString('utf8');
}
