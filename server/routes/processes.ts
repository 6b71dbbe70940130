/** Process definitions, and starting instances of them. */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { awaitOptions, untilEnded } from './await-completion.js';
import { jsonObject } from './body.js';

export function processRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/processes' });

  router.get('/', async (ctx) => {
    ctx.body = { items: await engine.definitions() };
  });

  router.post('/:processId/instances', async (ctx) => {
    const body = jsonObject(ctx.request.body);
    const { variables, businessKey, version } = body;
    if (businessKey !== undefined && typeof businessKey !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'businessKey must be a string');
    if (version !== undefined && !Number.isInteger(version)) throw new HttpError(400, 'INVALID_ARGUMENT', 'version must be a whole number');
    const waiting = awaitOptions(body);
    const instance = await engine.start(ctx.params.processId, {
      variables: variables === undefined ? {} : jsonObject(variables, 'variables'),
      businessKey: businessKey as string | undefined,
      version: version as number | undefined,
    });
    ctx.status = 201;
    ctx.set('Location', `/api/instances/${instance.id}`);
    ctx.body = waiting ? await untilEnded(engine, instance, waiting.timeoutMs) : instance;
  });

  return router;
}
