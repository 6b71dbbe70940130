/**
 * Errors on the Camunda 8 API (/v2) as RFC 9457 ProblemDetail
 * `{ type, title, status, detail, instance }`, which Camunda's clients read;
 * the status and message come from the server's one error mapping
 * (server/errors.ts), only the shape differs from /api's. A /v2 path that no
 * route serves is a 501 naming the operation: the Camunda API has it, Baton
 * does not.
 */
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { describeError } from '../errors.js';

export const CAMUNDA_PREFIX = '/v2';

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

export function problemDetails(logger: Logger): Middleware {
  return async (ctx, next) => {
    if (!isCamundaPath(ctx.path)) return next();
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) answer(ctx, notServed(ctx));
    } catch (error) {
      const { status, code, message } = describeError(error);
      if (status >= 500) logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      answer(ctx, { type: 'about:blank', title: code, status, detail: message, instance: ctx.path });
    }
  };
}

function isCamundaPath(path: string): boolean {
  return path === CAMUNDA_PREFIX || path.startsWith(`${CAMUNDA_PREFIX}/`);
}

function notServed(ctx: Context): ProblemDetail {
  const operation = `${ctx.method} ${ctx.path.slice(0, 200)}`;
  return {
    type: 'about:blank',
    title: 'NOT_IMPLEMENTED',
    status: 501,
    detail: `${operation} is an operation of the Camunda 8 REST API that Baton does not serve`,
    instance: ctx.path.slice(0, 200),
  };
}

function answer(ctx: Context, problem: ProblemDetail): void {
  ctx.status = problem.status;
  ctx.body = problem;
  ctx.type = 'application/problem+json';
}
