/** Decisions (DMN) deployed from `.dmn` files: list, the latest version, and direct evaluation. */
import { route } from '../api/route.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

const READERS = ['viewer', 'deployer', 'operator'] as const;
const tags = ['Decisions'];
const DECISION = { decisionId: { description: 'The decision id (the `id` of the DMN decision).', schema: { type: 'string', minLength: 1 } } };

interface DecisionParams {
  decisionId: string;
}

export const decisionRoutes = [
  route<unknown, { id?: string }>({
    method: 'GET',
    path: '/api/decisions',
    roles: READERS,
    operationId: 'listDecisions',
    tags,
    summary: 'List decision versions',
    query: { id: { description: 'Exactly this decision id.' } },
    responses: { '200': jsonResponse('The versions.', ref('DecisionList')) },
    handler: async (_ctx, { query: { id } }, { engine }) => ({ items: await engine.decisions(id) }),
  }),
  route<unknown, unknown, DecisionParams>({
    method: 'GET',
    path: '/api/decisions/:decisionId',
    roles: READERS,
    operationId: 'getDecision',
    tags,
    summary: 'The latest version of a decision',
    params: DECISION,
    responses: { '200': jsonResponse('The latest version.', ref('Decision')), ...errors(404) },
    handler: (_ctx, { params }, { engine }) => engine.decision(params.decisionId),
  }),
  route<{ variables?: Record<string, unknown>; version?: number }, unknown, DecisionParams>({
    method: 'POST',
    path: '/api/decisions/:decisionId/evaluate',
    roles: ['operator'],
    operationId: 'evaluateDecision',
    tags,
    summary: 'Evaluate a decision with the variables given',
    params: DECISION,
    body: { schema: ref('DecisionEvaluationRequest'), required: false },
    responses: { '200': jsonResponse('The result and each decision evaluated.', ref('DecisionResult')), ...errors(400, 404, 413) },
    handler: (_ctx, { params, body }, { engine }) => engine.evaluateDecision(params.decisionId, body?.variables ?? {}, body?.version),
  }),
];
