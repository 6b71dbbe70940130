/**
 * Graceful shutdown: stop accepting connections and let the requests in
 * flight finish (for at most `graceMs`, then their connections are closed),
 * then close the engine, which stops acquiring jobs, waits for the handlers
 * that are running and the steps in flight to commit, and closes the store.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Engine } from '../engine/index.js';

export interface ShutdownOptions {
  server: Server;
  engine: Engine;
  logger: Logger;
  graceMs: number;
}

export async function shutdown({ server, engine, logger, graceMs }: ShutdownOptions): Promise<void> {
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection whose request finishes after close() stays open unless closed once it is idle.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  if ((await Promise.race([drained, late])) === 'late') {
    logger.warn(`requests still running after ${graceMs} ms: closing their connections`);
    server.closeAllConnections();
    await drained;
  }
  clearTimeout(timer);
  clearInterval(idle);
  await engine.close();
}
