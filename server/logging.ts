/**
 * One structured log line per request: method, matched route, path, status,
 * duration and the caller's key name. Never bodies, query strings or keys.
 */
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Identity } from './auth.js';

export function requestLogger(logger: Logger): Middleware {
  return async (ctx, next) => {
    const startedAt = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const identity = (ctx.state as { identity?: Identity }).identity;
      const entry = {
        method: ctx.method,
        route: route === undefined ? undefined : String(route),
        path: ctx.path,
        status: ctx.status,
        durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
        caller: identity?.name,
      };
      if (ctx.status >= 500) logger.error(entry, 'request');
      else logger.info(entry, 'request');
    }
  };
}
