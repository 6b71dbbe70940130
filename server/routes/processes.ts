/**
 * Starting instances: by process id (`POST /api/processes/:processId/instances`,
 * the latest active version or a given one) here, and by definition key
 * (`POST /api/instances`, instances.ts); both go through `startInstance`.
 * The definitions themselves are in definitions.ts.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { awaitOptions, untilEnded } from './await-completion.js';
import { jsonObject } from './body.js';
import { checkMayStart } from './definitions.js';

export function processRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/processes' });

  router.post('/:processId/instances', async (ctx) => {
    const body = jsonObject(ctx.request.body);
    const { version, environment } = body;
    if (environment !== undefined && typeof environment !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'environment must be a string');
    if (version !== undefined && !Number.isInteger(version)) throw new HttpError(400, 'INVALID_ARGUMENT', 'version must be a whole number');
    await startInstance(engine, ctx, body, { processId: ctx.params.processId, version: version as number | undefined, environment: environment as string | undefined });
  });

  return router;
}

/** Which version to start: of a process, its latest (in the environment, if named) unless `version` is given. */
export interface StartTarget {
  processId: string;
  version?: number;
  environment?: string;
}

/**
 * The shared part of the start routes: checks `variables`, `businessKey`,
 * `awaitCompletion` and `requestTimeoutMs`, resolves the version and checks
 * that the caller may start it (startableBy: 403), starts it (suspended:
 * 409, unknown: 404, too large: 413), and answers 201 with the instance,
 * once ended with `awaitCompletion`.
 */
export async function startInstance(engine: Engine, ctx: Context, body: Record<string, unknown>, target: StartTarget): Promise<void> {
  const { variables, businessKey, secrets } = body;
  if (businessKey !== undefined && typeof businessKey !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'businessKey must be a string');
  const waiting = awaitOptions(body);
  const { processId, environment } = target;
  // In an environment: its latest version, unless one is named.
  const requested = target.version === undefined && environment !== undefined ? await engine.latestVersionIn(processId, environment) : target.version;
  const startVersion = await checkMayStart(engine, ctx, processId, requested);
  const instance = await engine.start(processId, {
    variables: variables === undefined ? {} : jsonObject(variables, 'variables'),
    businessKey: businessKey as string | undefined,
    // Checked by the engine (names, text values, sizes); never echoed back.
    secrets: secrets === undefined ? undefined : (jsonObject(secrets, 'secrets') as Record<string, string>),
    version: startVersion,
    environment,
  });
  ctx.status = 201;
  ctx.set('Location', `/api/instances/${instance.id}`);
  ctx.body = waiting ? await untilEnded(engine, instance, waiting.timeoutMs) : instance;
}
