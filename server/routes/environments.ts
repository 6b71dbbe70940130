/**
 * Environments over HTTP: the configured environments (names, promotion
 * path and the names of their values, never the values), and promoting a
 * definition version to the next environment.
 */
import { nextEnvironment } from '../../engine/index.js';
import { processIdParam, versionParam } from '../api/parameters.js';
import { route } from '../api/route.js';
import { checkDeployTarget } from '../deploy-targets.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

const tags = ['Environments'];
const READERS = ['viewer', 'deployer', 'operator'] as const;
const VERSION = { processId: { ...processIdParam, description: 'The process id.' }, version: { ...versionParam, description: 'The version to promote.' } };

interface VersionParams {
  processId: string;
  version: number;
}

export const environmentRoutes = [
  route({
    method: 'GET',
    path: '/api/environments',
    roles: READERS,
    operationId: 'listEnvironments',
    tags,
    summary: 'The configured environments: promotion path and the names of their values (never the values)',
    responses: { '200': jsonResponse('The environments.', ref('EnvironmentList')) },
    handler: (_ctx, _input, { engine }) => {
      const environments = engine.environments();
      return {
        items: Object.entries(environments).map(([name, config]) => ({
          name,
          promotesTo: nextEnvironment(environments, name) ?? null,
          values: Object.keys(config.values ?? {}).sort(),
        })),
      };
    },
  }),
  route<{ target: string }, unknown, VersionParams>({
    method: 'POST',
    path: '/api/processes/:processId/versions/:version/promote',
    roles: ['deployer'],
    operationId: 'promoteDefinitionVersion',
    tags,
    summary: 'Promote a version to the next environment',
    description:
      "The version's XML becomes a version of the target environment (the existing one when promoted before), while its instances run on. " +
      'Refused with 409 when the promotion path does not lead from its environment to the target (skipping a stage), ' +
      '403 when the caller may not deploy to the target, and 422 PROMOTION_REFUSED listing every `env.*` name the target does not define (`details.missing`).',
    params: VERSION,
    body: { schema: ref('PromoteRequest') },
    responses: {
      '201': jsonResponse('The version created in the target environment.', ref('PromotionResult')),
      '200': jsonResponse('The version was promoted to the target before: that version.', ref('PromotionResult')),
      ...errors(404, 409, 413, 422),
    },
    handler: async (ctx, { params, body }, { engine, mayDeployTo }) => {
      checkDeployTarget(ctx, body.target, mayDeployTo);
      const promotedBy = (ctx.state.identity as { name?: string } | undefined)?.name ?? 'anonymous';
      const result = await engine.promote(params.processId, params.version, body.target, { promotedBy });
      ctx.status = result.created ? 201 : 200;
      return result;
    },
  }),
  route<unknown, { target: string }, VersionParams>({
    method: 'GET',
    path: '/api/processes/:processId/versions/:version/promotion',
    roles: READERS,
    operationId: 'checkPromotion',
    tags,
    summary: 'What a promotion would check, without promoting',
    description: 'The `env.*` names the version reads and those the target lacks; 409 when the promotion path does not lead there.',
    params: VERSION,
    query: { target: { description: 'The environment to promote to.', schema: { type: 'string', minLength: 1 }, required: true } },
    responses: { '200': jsonResponse('The check.', ref('PromotionCheck')), ...errors(404, 409) },
    handler: (_ctx, { params, query }, { engine }) => engine.checkPromotion(params.processId, params.version, query.target),
  }),
];
