/** POST /api/signals: broadcasts a signal; answers with the instances it reached or started. */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';
import { callerGroups } from './definitions.js';

export function signalRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/signals' });

  router.post('/', async (ctx) => {
    const { name, variables } = jsonObject(ctx.request.body);
    if (typeof name !== 'string' || !name) throw new HttpError(400, 'INVALID_ARGUMENT', 'name is required: the signal name, a non-empty string');
    ctx.body = await engine.broadcastSignal({ name, variables: variables === undefined ? {} : jsonObject(variables, 'variables'), callerGroups: callerGroups(ctx) });
  });

  return router;
}
