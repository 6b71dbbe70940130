/**
 * Connector discovery: connector runtimes register the task types they serve
 * with their element templates (and repeat it as a heartbeat); the modeler
 * reads the templates. The registry is server/connectors/registry.ts.
 */
import Router from '@koa/router';
import type { ConnectorRegistry } from '../connectors/registry.js';
import { jsonObject } from './body.js';

export function connectorRoutes(registry: ConnectorRegistry): Router {
  const router = new Router({ prefix: '/api/connectors' });

  router.get('/', (ctx) => {
    ctx.body = { items: registry.list() };
  });

  router.get('/templates', (ctx) => {
    ctx.body = registry.templates();
  });

  router.post('/registrations', (ctx) => {
    ctx.body = registry.register(jsonObject(ctx.request.body));
  });

  return router;
}
