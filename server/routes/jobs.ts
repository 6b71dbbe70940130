/**
 * Jobs for external workers: activate (fetch-and-lock, long-polling),
 * complete, fail, throw a BPMN error, extend the lock. The engine checks the
 * values (engine/external-jobs.ts); a route reads its body, applies the HTTP
 * defaults, and answers.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Engine, ListenerResult } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { MAX_REQUEST_TIMEOUT_MS } from './await-completion.js';
import { jsonObject } from './body.js';

export const DEFAULT_MAX_JOBS = 10;
export const DEFAULT_LOCK_MS = 300_000;

export function jobRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/jobs' });

  router.post('/activate', async (ctx) => {
    const { type, worker, maxJobs = DEFAULT_MAX_JOBS, lockMs = DEFAULT_LOCK_MS, fetchVariables, requestTimeoutMs = 0, withSecrets = false } = jsonObject(ctx.request.body);
    if (typeof withSecrets !== 'boolean') throw new HttpError(400, 'INVALID_ARGUMENT', 'withSecrets must be true or false');
    if (!Number.isInteger(requestTimeoutMs) || (requestTimeoutMs as number) < 0 || (requestTimeoutMs as number) > MAX_REQUEST_TIMEOUT_MS) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `requestTimeoutMs must be a whole number of milliseconds from 0 to ${MAX_REQUEST_TIMEOUT_MS}`);
    }
    const disconnect = abortOnDisconnect(ctx);
    try {
      const jobs = await engine.activateJobs({
        type: type as string,
        worker: worker as string,
        maxJobs: maxJobs as number,
        lockMs: lockMs as number,
        fetchVariables: fetchVariables as string[] | undefined,
        timeoutMs: requestTimeoutMs as number,
        signal: disconnect.signal,
        // Only the worker role (and admin) reaches this route (server/auth.ts), so only workers get secrets.
        withSecrets,
      });
      ctx.body = { jobs };
    } finally {
      disconnect.dispose();
    }
  });

  router.post('/:key/complete', async (ctx) => {
    const { variables = {}, worker, result } = jsonObject(ctx.request.body);
    await engine.completeJob(ctx.params.key, jsonObject(variables, 'variables'), {
      worker: worker as string | undefined,
      result: result === undefined ? undefined : (jsonObject(result, 'result') as ListenerResult),
    });
    ctx.status = 204;
  });

  router.post('/:key/fail', async (ctx) => {
    const { retries, backoffMs, errorMessage, worker } = jsonObject(ctx.request.body);
    await engine.failJob(ctx.params.key, {
      retries: retries as number,
      backoffMs: backoffMs as number | undefined,
      errorMessage: errorMessage as string | undefined,
      worker: worker as string | undefined,
    });
    ctx.status = 204;
  });

  router.post('/:key/error', async (ctx) => {
    const { errorCode, message, variables = {}, worker } = jsonObject(ctx.request.body);
    await engine.throwJobError(ctx.params.key, {
      errorCode: errorCode as string,
      message: message as string | undefined,
      variables: jsonObject(variables, 'variables'),
      worker: worker as string | undefined,
    });
    ctx.status = 204;
  });

  router.post('/:key/extend', async (ctx) => {
    const { worker, lockMs } = jsonObject(ctx.request.body);
    ctx.body = await engine.extendJobLock(ctx.params.key, worker as string, lockMs as number);
  });

  return router;
}

/** Aborts when the client goes away before the answer is written, so a long poll stops waiting (and holds no timer). */
function abortOnDisconnect(ctx: Context): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!ctx.res.writableFinished) controller.abort();
  };
  ctx.res.once('close', onClose);
  return { signal: controller.signal, dispose: () => ctx.res.off('close', onClose) };
}
