/** Incidents: list the open ones across instances, read one, resolve one (its id names its instance). */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';
import { pageParams, queryText } from './query.js';

export function incidentRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/incidents' });

  router.get('/', async (ctx) => {
    ctx.body = await engine.incidents({
      processId: queryText(ctx.query, 'processId'),
      instanceId: queryText(ctx.query, 'instanceId'),
      ...pageParams(ctx.query),
    });
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await engine.getIncident(ctx.params.id);
  });

  /** Runs the failed part again (a failed job: a new job with `retries` attempts, default as the task declares); answers with the instance. */
  router.post('/:id/resolve', async (ctx) => {
    const { retries } = jsonObject(ctx.request.body);
    if (retries !== undefined && (!Number.isInteger(retries) || (retries as number) < 1)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'retries must be a whole number of at least 1');
    }
    const incident = await engine.getIncident(ctx.params.id);
    await engine.resolveIncident(incident.instanceId, incident.id, { retries: retries as number | undefined });
    ctx.body = await engine.getInstance(incident.instanceId);
  });

  return router;
}
