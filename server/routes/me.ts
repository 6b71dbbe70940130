/** GET /api/me: who the key belongs to, so the browser app can show what the caller may do. */
import Router from '@koa/router';
import type { Identity } from '../auth.js';

export function meRoutes(): Router {
  const router = new Router({ prefix: '/api/me' });
  router.get('/', (ctx) => {
    const identity = ctx.state.identity as Identity | undefined;
    // Without configured keys there is no identity: every caller is an anonymous admin (server/auth.ts).
    ctx.body = identity ? { name: identity.name, roles: identity.roles, groups: identity.groups } : { anonymous: true, name: 'anonymous', roles: ['admin'], groups: [] };
  });
  return router;
}
