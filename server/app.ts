/**
 * The Koa application: body parsing with size limits, the one error
 * handler, and a router per resource (server/routes, mounted from their
 * declarations). The engine is passed in, so tests and
 * embedders can mount the API on an engine they opened themselves.
 */
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { pino, type Logger } from 'pino';
import type { Engine } from '../engine/index.js';
import { mountRoutes } from './api/mount.js';
import { authorize, protectRoutes, type ApiKey } from './auth.js';
import { CAMUNDA_RESOURCES } from './camunda/index.js';
import { problemDetails } from './camunda/problem.js';
import { ConnectorRegistry, type ConnectorOffer } from './connectors/registry.js';
import { requireBodyType, sameOriginOnly, securityHeaders } from './cross-site.js';
import type { DeployTargetRule } from './deploy-targets.js';
import { errorHandler, refuseDeepBody } from './errors.js';
import { requestLogger } from './logging.js';
import { Metrics } from './metrics.js';
import { openApiDocument } from './openapi/document.js';
import { RESOURCES } from './routes/index.js';
import { SAMPLES_DIR } from './routes/samples.js';
import { serveStatic } from './static.js';

export interface AppOptions {
  engine: Engine;
  /** Largest accepted request body, e.g. '5mb' (default). */
  bodyLimit?: string;
  logger?: Logger;
  /** API keys with their roles (server/auth.ts); none: no authentication. */
  apiKeys?: readonly ApiKey[];
  /** Export Node.js process metrics on /metrics too. */
  processMetrics?: boolean;
  /** The built browser app (dist/modeler, server/static.ts) to serve at `/`, without authentication; none: API only. */
  staticDir?: string;
  /** Which environments a caller may deploy and promote to (server/deploy-targets.ts); none: any. */
  mayDeployTo?: DeployTargetRule;
  /** Connectors the engine serves in process, listed with runtime 'built-in' (server/connectors/registry.ts). */
  builtInConnectors?: readonly ConnectorOffer[];
  /** A connector runtime's registration is forgotten after this long without a heartbeat (default 2 minutes). */
  connectorExpiryMs?: number;
}

export function createApp({
  engine,
  bodyLimit = '5mb',
  logger = pino({ level: 'silent' }),
  apiKeys = [],
  processMetrics,
  staticDir,
  mayDeployTo,
  builtInConnectors,
  connectorExpiryMs,
}: AppOptions): Koa {
  const app = new Koa();
  const metrics = new Metrics(engine, { processMetrics, onError: (err) => logger.error({ err }, 'metrics: reading the active instances failed') });
  app.use(securityHeaders());
  app.use(requestLogger(logger));
  app.use(metrics.middleware());
  app.use(errorHandler(logger));
  app.use(problemDetails(logger)); // /v2 only: the Camunda 8 API answers errors as ProblemDetail
  if (!apiKeys.length) app.use(sameOriginOnly());
  app.use(requireBodyType());
  // Put in each route after the key and role check (protectRoutes below): a refused request's body is never read.
  const parser = bodyParser({
    enableTypes: ['json', 'xml'],
    extendTypes: { xml: ['application/xml', 'text/xml', 'application/bpmn+xml'] },
    jsonLimit: bodyLimit,
    xmlLimit: bodyLimit,
  });
  const parseBody: Koa.Middleware = (ctx, next) => parser(ctx, () => refuseDeepBody(ctx, next));
  const services = {
    engine,
    metrics,
    connectors: new ConnectorRegistry({ builtIns: builtInConnectors ?? engine.builtInConnectors(), expiryMs: connectorExpiryMs }),
    openApi: openApiDocument,
    bodyLimit,
    mayDeployTo,
    samplesDir: SAMPLES_DIR,
  };
  const guard = authorize(apiKeys);
  for (const routes of [...Object.values(RESOURCES), ...Object.values(CAMUNDA_RESOURCES)]) {
    const router = mountRoutes(routes, services);
    protectRoutes(router, guard, parseBody);
    app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  }
  if (staticDir) app.use(serveStatic(staticDir)); // after the API routers: a path they serve never reaches it
  return app;
}
