/**
 * Which environments a caller may deploy to (deployments and promotions).
 * The route table (server/auth.ts) decides who may deploy at all; a
 * `DeployTargetRule` given to createApp (`mayDeployTo`) can narrow that per
 * environment, e.g. only keys with a `prod-deployer` group may deploy to
 * prod. Without a rule, whoever may deploy may deploy to any environment.
 */
import type { Context } from 'koa';
import { HttpError } from './errors.js';
import type { Identity } from './auth.js';

/** `identity` is absent when the server has no API keys. */
export type DeployTargetRule = (identity: Identity | undefined, environment: string) => boolean;

/** 403 FORBIDDEN when the rule refuses the caller the environment. */
export function checkDeployTarget(ctx: Context, environment: string, rule?: DeployTargetRule): void {
  if (!rule) return;
  const identity = ctx.state.identity as Identity | undefined;
  if (!rule(identity, environment)) {
    throw new HttpError(403, 'FORBIDDEN', `${identity ? `the key '${identity.name}'` : 'the caller'} may not deploy to environment '${environment}'`, {
      environment,
    });
  }
}
