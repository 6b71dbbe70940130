/** GET /api/openapi.json: the OpenAPI 3.1 document of this API (server/openapi/document.ts); no key needed. */
import Router from '@koa/router';
import { openApiDocument } from '../openapi/document.js';

export function openApiRoutes(): Router {
  const router = new Router({ prefix: '/api/openapi.json' });
  router.get('/', (ctx) => {
    ctx.body = openApiDocument;
  });
  return router;
}
