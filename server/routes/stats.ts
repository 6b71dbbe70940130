/** GET /api/stats: the cockpit's dashboard (engine.dashboard). */
import { DASHBOARD_WINDOWS } from '../../engine/index.js';
import { route } from '../api/route.js';
import { jsonResponse, ref } from '../openapi/build.js';

export const statsRoutes = [
  route<unknown, { hours?: number }>({
    method: 'GET',
    path: '/api/stats',
    roles: ['viewer', 'deployer', 'operator'],
    operationId: 'getDashboard',
    tags: ['Statistics'],
    summary: 'Instances started, completed and incidents over time, work per process, slowest elements',
    description:
      'Counters the store keeps as steps commit (per minute and process; per element for those that waited) and the active instances: ' +
      'no read touches the instances that have ended, so the answer stays fast as the store grows.',
    query: {
      hours: {
        description: `The window: ${Object.keys(DASHBOARD_WINDOWS).join(', ')} hours (default 24).`,
        schema: { type: 'integer', enum: Object.keys(DASHBOARD_WINDOWS).map(Number) },
      },
    },
    responses: { '200': jsonResponse('The dashboard.', ref('Dashboard')) },
    handler: (_ctx, { query }, { engine }) => engine.dashboard(query.hours ?? 24),
  }),
];
