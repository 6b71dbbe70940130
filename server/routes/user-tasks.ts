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
import type { Context } from 'koa';
import { isOfferedTo, type Engine } from '../../engine/index.js';
import { pageParams, type PageQuery } from '../api/parameters.js';
import { route } from '../api/route.js';
import { userTaskOnWire } from '../api/wire.js';
import { HttpError } from '../errors.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

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
export interface Caller {
  identity?: Identity;
  seesAll: boolean;
  actsOnAll: boolean;
}

export function callerOf(ctx: Context): Caller {
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

const tags = ['User tasks'];
const ACTORS = ['user', 'operator'] as const;
const ID = { id: { description: 'The user task id.' } };
const LIMITED =
  'A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404.';

interface Id {
  id: string;
}

interface ListQuery extends PageQuery {
  assignee?: string;
  candidateGroup?: string;
  mine?: 'assigned' | 'groups' | 'unassigned';
  processId?: string;
  instanceId?: string;
}

/** The task, if this caller may see it (for an action: act on it); else 404, so that others' tasks are not revealed. */
export async function taskFor(engine: Engine, ctx: Context, id: string, acting: boolean) {
  const caller = callerOf(ctx);
  const task = await engine.getUserTask(id);
  const reaches = acting ? caller.actsOnAll : caller.seesAll;
  if (!reaches && !isOfferedTo(task, caller.identity!)) throw notFound(id);
  return { task, caller, limited: !reaches };
}

// A user key sees and acts on only the tasks offered to it; operators on all of them.
export const userTaskRoutes = [
  route<unknown, ListQuery>({
    method: 'GET',
    path: '/api/user-tasks',
    roles: ['viewer', 'user', 'operator'],
    operationId: 'listUserTasks',
    tags,
    summary: 'List open user tasks, oldest first',
    description: LIMITED,
    query: {
      assignee: { description: 'Tasks assigned to this person.' },
      candidateGroup: { description: 'Tasks offered to this group.' },
      mine: {
        description: "`assigned`: tasks assigned to the caller; `groups`: tasks offered to one of the caller's groups; `unassigned`: tasks nobody holds.",
        schema: { type: 'string', enum: ['assigned', 'groups', 'unassigned'] },
      },
      processId: { description: 'Tasks of this process.' },
      instanceId: { description: 'Tasks of this instance.' },
      ...pageParams,
    },
    responses: { '200': jsonResponse('The tasks.', ref('UserTaskList')) },
    handler: async (ctx, { query }, { engine }) => {
      const caller = callerOf(ctx);
      // A key limited to its own tasks is filtered in the store: a call costs one page, however many tasks are open.
      const offeredTo = caller.seesAll ? undefined : { name: caller.identity!.name, groups: caller.identity!.groups };
      const { mine, ...filters } = query;
      const page = await engine.userTaskPage({ ...filters, ...mineFilter(mine, caller.identity), offeredTo });
      return { ...page, items: page.items.map(userTaskOnWire) };
    },
  }),
  route<unknown, unknown, Id>({
    method: 'GET',
    path: '/api/user-tasks/:id',
    roles: ['viewer', 'user', 'operator'],
    operationId: 'getUserTask',
    tags,
    summary: 'An open user task with the variables it may see',
    description: LIMITED,
    params: ID,
    responses: { '200': jsonResponse('The task.', ref('UserTaskDetails')), ...errors(404) },
    handler: async (ctx, { params }, { engine }) => userTaskOnWire((await taskFor(engine, ctx, params.id, false)).task),
  }),
  route<{ assignee?: string }, unknown, Id>({
    method: 'POST',
    path: '/api/user-tasks/:id/claim',
    roles: ACTORS,
    operationId: 'claimUserTask',
    tags,
    summary: 'Assign a task',
    description: `${LIMITED} Such a key claims for itself only (403 otherwise). Claiming one's own task again is fine; a task someone else holds is 409 (\`details.assignee\`).`,
    params: ID,
    body: { schema: ref('ClaimRequest'), required: false },
    responses: { '200': jsonResponse('The task, assigned.', ref('UserTask')), ...errors(404, 409, 413) },
    handler: async (ctx, { params, body }, { engine }) => {
      const { caller, limited } = await taskFor(engine, ctx, params.id, true);
      const claimant = body.assignee ?? caller.identity?.name;
      if (!claimant) throw new HttpError(400, 'INVALID_ARGUMENT', 'assignee is required: who claims the task', { pointer: '/assignee' });
      if (limited && claimant !== caller.identity!.name) throw new HttpError(403, 'FORBIDDEN', 'you may claim a task only for yourself');
      return userTaskOnWire(await engine.claimUserTask(params.id, claimant));
    },
  }),
  route<unknown, unknown, Id>({
    method: 'POST',
    path: '/api/user-tasks/:id/unclaim',
    roles: ACTORS,
    operationId: 'unclaimUserTask',
    tags,
    summary: 'Remove the assignee of a task',
    description: `${LIMITED} Such a key cannot unclaim a task someone else holds (409).`,
    params: ID,
    responses: { '200': jsonResponse('The task without an assignee.', ref('UserTask')), ...errors(404, 409) },
    handler: async (ctx, { params }, { engine }) => {
      const { caller, limited } = await taskFor(engine, ctx, params.id, true);
      return userTaskOnWire(await engine.unclaimUserTask(params.id, { holder: limited ? caller.identity!.name : undefined }));
    },
  }),
  route<{ variables?: Record<string, unknown> }, unknown, Id>({
    method: 'POST',
    path: '/api/user-tasks/:id/complete',
    roles: ACTORS,
    operationId: 'completeUserTask',
    tags,
    summary: 'Complete a task; the instance moves on',
    description: `${LIMITED} Such a key cannot complete a task someone else holds (409).`,
    params: ID,
    body: { schema: ref('CompleteUserTaskRequest'), required: false },
    responses: {
      '204': { description: 'Completed.' },
      '202': jsonResponse(
        "The task has completing listeners: it is completed once the last of them completes, or stays open when one denies (the instance's history then records `userTask.denied`). A second completion meanwhile is 409.",
        ref('UserTaskCompletion'),
      ),
      ...errors(404, 409, 413),
    },
    handler: async (ctx, { params, body }, { engine }) => {
      const { task, caller, limited } = await taskFor(engine, ctx, params.id, true);
      if (limited && task.assignee !== undefined && task.assignee !== caller.identity!.name) {
        throw new HttpError(409, 'CONFLICT', `user task '${task.id}' is assigned to '${task.assignee}'`, { assignee: task.assignee });
      }
      const outcome = await engine.completeUserTask(params.id, body.variables ?? {});
      // Completing listeners decide later: accepted, not done (see the OpenAPI description).
      if (outcome === 'completing') {
        ctx.status = 202;
        return { id: params.id, status: 'completing' };
      }
      ctx.status = 204;
    },
  }),
];

/** The tasklist's filters, in terms of the caller: without API keys (no identity), "mine" is nobody's. */
function mineFilter(mine: 'assigned' | 'groups' | 'unassigned' | undefined, identity: { name: string; groups: string[] } | undefined) {
  if (mine === 'assigned') return { assignee: identity?.name ?? '\u0000' };
  if (mine === 'groups') return { candidateGroups: identity?.groups ?? [] };
  if (mine === 'unassigned') return { unassigned: true };
  return {};
}
