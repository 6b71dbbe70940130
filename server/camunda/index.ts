/**
 * The Camunda 8 REST API (/v2) that Baton serves, by resource: declared like
 * /api's routes (server/api/route.ts) and mounted the same way, with the
 * same keys and roles, but answering errors as ProblemDetail (./problem.ts)
 * and left out of Baton's own OpenAPI document: their contract is Camunda's.
 */
import type { RouteSpec } from '../api/route.js';
import { camundaClusterRoutes } from './cluster.js';
import { camundaDeploymentRoutes } from './deployments.js';
import { camundaIncidentRoutes } from './incidents.js';
import { camundaJobRoutes } from './jobs.js';
import { camundaMessageRoutes } from './messages.js';
import { camundaProcessInstanceRoutes } from './process-instances.js';
import { camundaUserTaskRoutes } from './user-tasks.js';
import { camundaVariableRoutes } from './variables.js';

export const CAMUNDA_RESOURCES: Readonly<Record<string, readonly RouteSpec[]>> = {
  cluster: camundaClusterRoutes,
  deployments: camundaDeploymentRoutes,
  processInstances: camundaProcessInstanceRoutes,
  messages: camundaMessageRoutes,
  jobs: camundaJobRoutes,
  userTasks: camundaUserTaskRoutes,
  incidents: camundaIncidentRoutes,
  variables: camundaVariableRoutes,
};

export const CAMUNDA_ROUTES: readonly RouteSpec[] = Object.values(CAMUNDA_RESOURCES).flat();
