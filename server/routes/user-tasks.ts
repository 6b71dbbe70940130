/**
 * User tasks: list, read (with the variables the task may see), claim,
 * unclaim, complete.
 *
 * When the auth middleware has put the caller's identity on
 * `ctx.state.identity` (`{ name, roles, groups }`), a caller without an
 * all-seeing role sees and acts on only the tasks assigned to them or
 * offered to them (one of their groups is a candidate group, or they are a
 * candidate user); any other task is answered as not found. Without an
 * identity there is no auth, and every caller sees every task.
 */
import Router from '@koa/router';
import { pageParams } from './query.js';
import type { Context } from 'koa';
import { isOfferedTo, type Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';

/** The caller as the auth middleware describes it on `ctx.state.identity`. */
export interface Identity {
  name: string;
  roles: string[];
  groups: string[];
}

/** Roles that see every user task, and those that may also act on every one. */
const SEES_ALL: ReadonlySet<string> = new Set(['admin', 'operator', 'viewer']);
const ACTS_ON_ALL: ReadonlySet<string> = new Set(['admin', 'operator']);

/** The caller of a request: no identity (no auth), or one whose reach may be limited to their own tasks. */
interface Caller {
  identity?: Identity;
  seesAll: boolean;
  actsOnAll: boolean;
}

function callerOf(ctx: Context): Caller {
  const raw = (ctx.state as { identity?: Partial<Identity> }).identity;
  if (!raw) return { seesAll: true, actsOnAll: true };
  const identity: Identity = {
    name: String(raw.name ?? ''),
    roles: Array.isArray(raw.roles) ? raw.roles.map(String) : [],
    groups: Array.isArray(raw.groups) ? raw.groups.map(String) : [],
  };
  return { identity, seesAll: identity.roles.some((r) => SEES_ALL.has(r)), actsOnAll: identity.roles.some((r) => ACTS_ON_ALL.has(r)) };
}

const notFound = (id: string) => new HttpError(404, 'NOT_FOUND', `no open user task '${id}'`);

export function userTaskRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/user-tasks' });

  /** The task, if this caller may see it (for an action: act on it); else 404, so that others' tasks are not revealed. */
  async function taskFor(ctx: Context, id: string, acting: boolean) {
    const caller = callerOf(ctx);
    const task = await engine.getUserTask(id);
    const reaches = acting ? caller.actsOnAll : caller.seesAll;
    if (!reaches && !isOfferedTo(task, caller.identity!)) throw notFound(id);
    return { task, caller, limited: !reaches };
  }

  router.get('/', async (ctx) => {
    const query = {
      assignee: text(ctx.query.assignee, 'assignee'),
      candidateGroup: text(ctx.query.candidateGroup, 'candidateGroup'),
      processId: text(ctx.query.processId, 'processId'),
      instanceId: text(ctx.query.instanceId, 'instanceId'),
    };
    const caller = callerOf(ctx);
    // A key limited to its own tasks is filtered in the store: a call costs one page, however many tasks are open.
    const offeredTo = caller.seesAll ? undefined : { name: caller.identity!.name, groups: caller.identity!.groups };
    ctx.body = await engine.userTaskPage({ ...query, ...pageParams(ctx.query), offeredTo });
  });

  router.get('/:id', async (ctx) => {
    ctx.body = (await taskFor(ctx, ctx.params.id, false)).task;
  });

  router.post('/:id/claim', async (ctx) => {
    const { assignee } = jsonObject(ctx.request.body);
    if (assignee !== undefined && (typeof assignee !== 'string' || !assignee)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'assignee must be a non-empty string');
    }
    const { caller, limited } = await taskFor(ctx, ctx.params.id, true);
    const claimant = assignee ?? caller.identity?.name;
    if (!claimant) throw new HttpError(400, 'INVALID_ARGUMENT', 'assignee is required: who claims the task');
    if (limited && claimant !== caller.identity!.name) throw new HttpError(403, 'FORBIDDEN', 'you may claim a task only for yourself');
    ctx.body = await engine.claimUserTask(ctx.params.id, claimant);
  });

  router.post('/:id/unclaim', async (ctx) => {
    const { caller, limited } = await taskFor(ctx, ctx.params.id, true);
    ctx.body = await engine.unclaimUserTask(ctx.params.id, { holder: limited ? caller.identity!.name : undefined });
  });

  router.post('/:id/complete', async (ctx) => {
    const { variables } = jsonObject(ctx.request.body);
    const { task, caller, limited } = await taskFor(ctx, ctx.params.id, true);
    if (limited && task.assignee !== undefined && task.assignee !== caller.identity!.name) {
      throw new HttpError(409, 'CONFLICT', `user task '${task.id}' is assigned to '${task.assignee}'`, { assignee: task.assignee });
    }
    const outcome = await engine.completeUserTask(ctx.params.id, variables === undefined ? {} : jsonObject(variables, 'variables'));
    // Completing listeners decide later: accepted, not done (see the OpenAPI description).
    if (outcome === 'completing') {
      ctx.status = 202;
      ctx.body = { id: ctx.params.id, status: 'completing' };
    } else ctx.status = 204;
  });

  return router;
}

/** A query parameter given once, as text. */
function text(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new HttpError(400, 'INVALID_ARGUMENT', `give ${name} once`);
  return value === '' ? undefined : value;
}
