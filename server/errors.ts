/**
 * The one error path of the API: every error becomes
 * `{ error: { code, message, details } }` with a status from its type.
 * Unknown errors are logged and answered with a generic 500, never a stack.
 */
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { BatonError, nestedDeeperThan } from '../engine/index.js';

export const STATUS_BY_CODE: Record<string, number> = {
  BPMN_PARSE_ERROR: 400,
  DMN_PARSE_ERROR: 400,
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  TIMEOUT: 408,
  CONFLICT: 409,
  LIMIT_EXCEEDED: 413,
  VALIDATION_ERROR: 422,
  MIGRATION_REFUSED: 422,
  PROMOTION_REFUSED: 422,
  STORE_SYNC_FAILED: 503,
};

/** Errors raised by Koa and its body parser carry an HTTP status; these codes name them. */
export const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'LIMIT_EXCEEDED',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  501: 'NOT_IMPLEMENTED',
};

/** How deep a JSON body may nest (a variable may nest 100 levels, inside the body's own few). */
export const MAX_BODY_DEPTH = 128;

/** 400 for a JSON body nested deeper than MAX_BODY_DEPTH: later steps recurse along it. */
export async function refuseDeepBody(ctx: Context, next: Next): Promise<void> {
  if (nestedDeeperThan(ctx.request.body, MAX_BODY_DEPTH)) {
    throw new HttpError(400, 'BAD_REQUEST', `the JSON body nests lists and objects more than ${MAX_BODY_DEPTH} levels deep`, { limit: MAX_BODY_DEPTH });
  }
  await next();
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404, 'NOT_FOUND', `no route for ${ctx.method} ${ctx.path}`);
    } catch (error) {
      const { status, code, message, details } = describeError(error);
      if (status >= 500) logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = status;
      ctx.body = { error: { code, message, details } };
    }
  };
}

/** The status, code and message of any error: the one mapping, shared by the Camunda 8 API's ProblemDetail answers (server/camunda/problem.ts). */
export function describeError(error: unknown): { status: number; code: string; message: string; details?: unknown } {
  if (error instanceof HttpError) return error;
  if (error instanceof BatonError) {
    return { status: STATUS_BY_CODE[error.code] ?? 500, code: error.code, message: error.message, details: error.details };
  }
  const http = error as { status?: number; expose?: boolean; message?: string; type?: string };
  if (typeof http.status === 'number' && http.status < 500 && http.expose !== false) {
    const message = http.type === 'entity.too.large' ? 'the request body is larger than the server accepts' : String(http.message);
    return { status: http.status, code: CODE_BY_STATUS[http.status] ?? 'BAD_REQUEST', message };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal server error' };
}
