/**
 * POST /v2/deployments: BPMN files as multipart `resources` (Baton deploys
 * BPMN only: .dmn and .form files are refused with a 400), all or nothing,
 * as POST /api/deployments.
 */
import { route } from '../api/route.js';
import { checkDeployTarget } from '../deploy-targets.js';
import { HttpError } from '../errors.js';
import { multipartFiles } from '../routes/deployments.js';
import { keyOf } from './keys.js';
import { DEFAULT_TENANT } from './schemas.js';

export const camundaDeploymentRoutes = [
  route({
    method: 'POST',
    path: '/v2/deployments',
    roles: ['deployer'],
    operationId: 'camunda.createDeployment',
    tags: ['Camunda 8: deployments'],
    summary: 'Deploy BPMN resources',
    rawBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } },
    responses: { '200': { description: 'The deployed process definitions.' } },
    handler: async (ctx, _input, { engine, bodyLimit, mayDeployTo }) => {
      if (!ctx.is('multipart/form-data')) throw new HttpError(400, 'INVALID_ARGUMENT', 'send the resources as multipart/form-data, field `resources`');
      const files = await multipartFiles(ctx, bodyLimit);
      const { tenantId } = (ctx.request.body ?? {}) as Record<string, unknown>;
      if (tenantId !== undefined && tenantId !== DEFAULT_TENANT) throw new HttpError(400, 'INVALID_ARGUMENT', `Baton has one tenant, '${DEFAULT_TENANT}'`);
      checkDeployTarget(ctx, 'default', mayDeployTo);
      const deployedBy = (ctx.state.identity as { name?: string } | undefined)?.name ?? 'anonymous';
      const { processes } = await engine.deployFiles(files, { deployedBy });
      const deployments = await Promise.all(
        processes.map(async (process) => ({
          processDefinition: {
            processDefinitionId: process.processId,
            processDefinitionVersion: process.version,
            resourceName: process.resourceName,
            tenantId: DEFAULT_TENANT,
            processDefinitionKey: await keyOf(engine, 'definition', process.key),
          },
          decisionDefinition: null,
          decisionRequirements: null,
          form: null,
          resource: null,
        })),
      );
      // The same files deployed again are the same deployment (their versions exist already).
      const deploymentKey = await keyOf(engine, 'deployment', processes.map((process) => process.key).join(' '));
      return { deploymentKey, tenantId: DEFAULT_TENANT, deployments };
    },
  }),
];
