import type { Context } from 'koa';

/** Aborts when the client goes away before the answer is written, so a long poll stops waiting (and holds no timer). */
export function abortOnDisconnect(ctx: Context): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!ctx.res.writableFinished) controller.abort();
  };
  ctx.res.once('close', onClose);
  return { signal: controller.signal, dispose: () => ctx.res.off('close', onClose) };
}
