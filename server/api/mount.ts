/**
 * Koa routes from declarations: one router per resource, each route
 * validating its request (./validation.ts) before its handler runs. What a
 * handler returns becomes the answer's body; a handler that returns nothing
 * has set the answer itself.
 */
import Router from '@koa/router';
import type { RouteSpec, Services } from './route.js';
import { requestValidator } from './validation.js';

export function mountRoutes(routes: readonly RouteSpec[], services: Services): Router {
  const router = new Router();
  for (const spec of routes) {
    const validate = requestValidator(spec);
    router.register(spec.path, [spec.method], async (ctx) => {
      const body = await spec.handler(ctx, validate(ctx), services);
      if (body !== undefined) ctx.body = body;
    });
  }
  return router;
}
