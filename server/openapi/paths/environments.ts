/** Environments and promotion (server/routes/environments.ts). */
import { errors, jsonBody, jsonResponse, operation, pathParam, queryParam, ref, type Paths } from '../build.js';

const processId = pathParam('processId', 'The process id.');
const version = pathParam('version', 'The version to promote.', { type: 'integer', minimum: 1 });
const tags = ['Environments'];

export const environmentPaths: Paths = {
  '/api/environments': {
    get: operation(['viewer', 'deployer', 'operator'], {
      operationId: 'listEnvironments',
      tags,
      summary: 'The configured environments: promotion path and the names of their values (never the values)',
      responses: { '200': jsonResponse('The environments.', ref('EnvironmentList')) },
    }),
  },
  '/api/processes/{processId}/versions/{version}/promote': {
    post: operation(['deployer'], {
      operationId: 'promoteDefinitionVersion',
      tags,
      summary: 'Promote a version to the next environment',
      description:
        "The version's XML becomes a version of the target environment (the existing one when promoted before), while its instances run on. " +
        'Refused with 409 when the promotion path does not lead from its environment to the target (skipping a stage), ' +
        '403 when the caller may not deploy to the target, and 422 PROMOTION_REFUSED listing every `env.*` name the target does not define (`details.missing`).',
      parameters: [processId, version],
      requestBody: jsonBody(ref('PromoteRequest')),
      responses: {
        '201': jsonResponse('The version created in the target environment.', ref('PromotionResult')),
        '200': jsonResponse('The version was promoted to the target before: that version.', ref('PromotionResult')),
        ...errors(400, 404, 409, 413, 422),
      },
    }),
  },
  '/api/processes/{processId}/versions/{version}/promotion': {
    get: operation(['viewer', 'deployer', 'operator'], {
      operationId: 'checkPromotion',
      tags,
      summary: 'What a promotion would check, without promoting',
      description: 'The `env.*` names the version reads and those the target lacks; 409 when the promotion path does not lead there.',
      parameters: [processId, version, { ...(queryParam('target', 'The environment to promote to.', { type: 'string', minLength: 1 }) as object), required: true }],
      responses: { '200': jsonResponse('The check.', ref('PromotionCheck')), ...errors(400, 404, 409) },
    }),
  },
};
