/** Process instances: read, list, history, cancel. */
import Router from '@koa/router';
import type { Engine, InstanceStatus } from '../../engine/index.js';
import { HttpError } from '../errors.js';

const STATUSES: InstanceStatus[] = ['active', 'completed', 'cancelled', 'terminated'];

export function instanceRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/instances' });

  router.get('/', async (ctx) => {
    const { processId, status, businessKey, parentInstanceId, after, limit } = ctx.query;
    if (status !== undefined && !STATUSES.includes(status as InstanceStatus)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `status must be one of ${STATUSES.join(', ')}`);
    }
    ctx.body = await engine.queryInstances({
      processId: single(processId),
      status: single(status) as InstanceStatus | undefined,
      businessKey: single(businessKey),
      parentInstanceId: single(parentInstanceId),
      after: single(after),
      limit: limit === undefined ? undefined : Number(single(limit)),
    });
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await engine.getInstance(ctx.params.id);
  });

  router.get('/:id/history', async (ctx) => {
    await engine.getInstance(ctx.params.id);
    ctx.body = { items: await engine.history(ctx.params.id) };
  });

  router.post('/:id/cancel', async (ctx) => {
    await engine.cancel(ctx.params.id);
    ctx.body = await engine.getInstance(ctx.params.id);
  });

  return router;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
