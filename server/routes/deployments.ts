/** POST /api/deployments: a BPMN XML body; answers with each deployed process and any skipped. */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { dryRunDeploy } from './dry-run.js';

export function deploymentRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/deployments' });
  router.post('/', async (ctx) => {
    const xml = ctx.request.body;
    if (typeof xml !== 'string' || !xml.trim()) {
      throw new HttpError(400, 'BAD_REQUEST', 'send the BPMN XML as the request body with Content-Type: application/xml');
    }
    if (ctx.query.dryRun === 'true') {
      ctx.body = await dryRunDeploy(xml); // compile only, store nothing; 200 with the problems
      return;
    }
    const name = typeof ctx.query.name === 'string' ? ctx.query.name : undefined;
    const result = await engine.deploy({ name, xml });
    ctx.status = result.processes.some((p) => p.created) ? 201 : 200;
    ctx.body = result;
  });
  return router;
}
