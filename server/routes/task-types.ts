/** GET /api/task-types: the task types the engine can serve and those deployed diagrams use (engine/jobs/task-types.ts). */
import { route } from '../api/route.js';
import { jsonResponse, ref } from '../openapi/build.js';

export const taskTypeRoutes = [
  route({
    method: 'GET',
    path: '/api/task-types',
    roles: ['viewer', 'deployer', 'operator', 'worker'],
    operationId: 'listTaskTypes',
    tags: ['Jobs'],
    summary: 'The task types the engine can serve and the deployed diagrams use',
    responses: { '200': jsonResponse('The task types.', ref('TaskTypes')) },
    handler: (_ctx, _input, { engine }) => engine.taskTypes(),
  }),
];
