/** GET /api/task-types: the task types the engine can serve and those deployed diagrams use (engine/task-types.ts). */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';

export function taskTypeRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/task-types' });

  router.get('/', async (ctx) => {
    ctx.body = await engine.taskTypes();
  });

  return router;
}
