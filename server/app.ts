/**
 * The Koa application: body parsing with size limits, the one error
 * handler, and a router per resource. The engine is passed in, so tests and
 * embedders can mount the API on an engine they opened themselves.
 */
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { pino, type Logger } from 'pino';
import type { Engine } from '../engine/index.js';
import { errorHandler } from './errors.js';
import { deploymentRoutes } from './routes/deployments.js';
import { instanceRoutes } from './routes/instances.js';
import { messageRoutes } from './routes/messages.js';
import { processRoutes } from './routes/processes.js';
import { signalRoutes } from './routes/signals.js';

export interface AppOptions {
  engine: Engine;
  /** Largest accepted request body, e.g. '5mb' (default). */
  bodyLimit?: string;
  logger?: Logger;
}

export function createApp({ engine, bodyLimit = '5mb', logger = pino({ level: 'silent' }) }: AppOptions): Koa {
  const app = new Koa();
  app.use(errorHandler(logger));
  app.use(
    bodyParser({
      enableTypes: ['json', 'xml'],
      extendTypes: { xml: ['application/xml', 'text/xml', 'application/bpmn+xml'] },
      jsonLimit: bodyLimit,
      xmlLimit: bodyLimit,
    }),
  );
  const health = new Router();
  health.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const routers = [health, deploymentRoutes(engine), processRoutes(engine), instanceRoutes(engine), messageRoutes(engine), signalRoutes(engine)];
  for (const router of routers) {
    app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  }
  return app;
}
