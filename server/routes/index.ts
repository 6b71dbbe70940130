/**
 * Every endpoint of the API, by resource: one file per resource declares
 * its routes (server/api/route.ts). The server mounts one router per
 * resource from this list, the role table and the OpenAPI document are
 * derived from it; an endpoint is added in its resource's file only.
 */
import type { Access } from '../auth.js';
import type { RouteSpec } from '../api/route.js';
import { connectorRoutes } from './connectors.js';
import { decisionRoutes } from './decisions.js';
import { definitionRoutes } from './definitions.js';
import { deploymentRoutes } from './deployments.js';
import { environmentRoutes } from './environments.js';
import { incidentRoutes } from './incidents.js';
import { instanceRoutes } from './instances.js';
import { jobRoutes } from './jobs.js';
import { messagingRoutes } from './messaging.js';
import { metaRoutes } from './meta.js';
import { processRoutes } from './processes.js';
import { sampleRoutes } from './samples.js';
import { statsRoutes } from './stats.js';
import { taskTypeRoutes } from './task-types.js';
import { userTaskRoutes } from './user-tasks.js';

export const RESOURCES: Readonly<Record<string, readonly RouteSpec[]>> = {
  meta: metaRoutes,
  deployments: deploymentRoutes,
  definitions: definitionRoutes,
  decisions: decisionRoutes,
  processes: processRoutes,
  instances: instanceRoutes,
  messaging: messagingRoutes,
  userTasks: userTaskRoutes,
  incidents: incidentRoutes,
  jobs: jobRoutes,
  taskTypes: taskTypeRoutes,
  connectors: connectorRoutes,
  samples: sampleRoutes,
  environments: environmentRoutes,
  stats: statsRoutes,
};

export const ROUTES: readonly RouteSpec[] = Object.values(RESOURCES).flat();

/** 'GET /api/instances/:id' -> its roles: server/auth.ts's ROUTE_ACCESS, derived from the declarations. */
export function accessTable(routes: readonly RouteSpec[]): Record<string, Access> {
  const table: Record<string, Access> = {};
  for (const { method, path, roles } of routes) {
    const key = `${method} ${path}`;
    if (key in table) throw new Error(`${key} is declared twice`);
    table[key] = roles;
  }
  return table;
}
