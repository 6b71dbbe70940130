/** POST /api/messages: publishes a message; answers with the publish result. */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';
import { callerGroups } from './definitions.js';

export function messageRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/messages' });

  router.post('/', async (ctx) => {
    const { name, correlationKey, variables, timeToLive, messageId } = jsonObject(ctx.request.body);
    if (typeof name !== 'string' || !name) throw new HttpError(400, 'INVALID_ARGUMENT', 'name is required: the message name, a non-empty string');
    if (correlationKey !== undefined && typeof correlationKey !== 'string' && typeof correlationKey !== 'number') {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'correlationKey must be a string or a number');
    }
    if (timeToLive !== undefined && typeof timeToLive !== 'number') throw new HttpError(400, 'INVALID_ARGUMENT', 'timeToLive must be a number of milliseconds');
    if (messageId !== undefined && typeof messageId !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'messageId must be a string');
    ctx.body = await engine.publishMessage({
      name,
      correlationKey,
      variables: variables === undefined ? {} : jsonObject(variables, 'variables'),
      timeToLive,
      messageId,
      callerGroups: callerGroups(ctx),
    });
  });

  return router;
}
