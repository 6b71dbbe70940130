/**
 * Environments over HTTP: the configured environments (names, promotion
 * path and the names of their values, never the values), and promoting a
 * definition version to the next environment.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Engine } from '../../engine/index.js';
import { nextEnvironment } from '../../engine/environments.js';
import { checkDeployTarget, type DeployTargetRule } from '../deploy-targets.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';

export interface EnvironmentRouteOptions {
  mayDeployTo?: DeployTargetRule;
}

export function environmentRoutes(engine: Engine, options: EnvironmentRouteOptions = {}): Router {
  const router = new Router();

  router.get('/api/environments', (ctx) => {
    const environments = engine.environments();
    ctx.body = {
      items: Object.entries(environments).map(([name, config]) => {
        const next = nextEnvironment(environments, name);
        return { name, promotesTo: next ?? null, values: Object.keys(config.values ?? {}).sort() };
      }),
    };
  });

  /** Body `{ target }`; 201 with the version created in the target (200 when it was promoted before). */
  router.post('/api/processes/:processId/versions/:version/promote', async (ctx) => {
    const { target } = jsonObject(ctx.request.body);
    if (typeof target !== 'string' || !target) throw new HttpError(400, 'INVALID_ARGUMENT', 'target is required: the environment to promote to');
    checkDeployTarget(ctx, target, options.mayDeployTo);
    const promotedBy = (ctx.state.identity as { name?: string } | undefined)?.name ?? 'anonymous';
    const result = await engine.promote(ctx.params.processId, versionOf(ctx), target, { promotedBy });
    ctx.status = result.created ? 201 : 200;
    ctx.body = result;
  });

  /** What a promotion to `?target=` would check, without promoting: the env names the version reads and those the target lacks. */
  router.get('/api/processes/:processId/versions/:version/promotion', async (ctx) => {
    const target = ctx.query.target;
    if (typeof target !== 'string' || !target) throw new HttpError(400, 'INVALID_ARGUMENT', 'target is required: the environment to check a promotion to');
    ctx.body = await engine.checkPromotion(ctx.params.processId, versionOf(ctx), target);
  });

  return router;
}

function versionOf(ctx: Context): number {
  const text = String(ctx.params.version);
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new HttpError(400, 'INVALID_ARGUMENT', 'the version must be a whole number, 1 or more');
  return Number(text);
}
