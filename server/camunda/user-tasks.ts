/**
 * User tasks on the Camunda 8 API: search, get, assign, unassign, complete.
 * Who sees and acts on which task is /api's rule (server/routes/user-tasks.ts):
 * a `user` key only on tasks offered to it, and it assigns them to itself only.
 */
import type { Context } from 'koa';
import { parseDefinitionKey, type Engine, type UserTask } from '../../engine/index.js';
import { isoTime } from '../api/wire.js';
import { route } from '../api/route.js';
import { HttpError } from '../errors.js';
import { callerOf, taskFor } from '../routes/user-tasks.js';
import { elementId, idOf, keyOf } from './keys.js';
import { DEFAULT_TENANT, longKey, searchQuery, UserTaskAssignmentRequest, UserTaskCompletionRequest, UserTaskFilter } from './schemas.js';
import { pageOf, cursorIn } from './views.js';

const tags = ['Camunda 8: user tasks'];
const KEY = { userTaskKey: { description: 'The user task key.', schema: longKey } };
const READERS = ['viewer', 'user', 'operator'] as const;
const ACTORS = ['user', 'operator'] as const;

interface Search {
  filter?: { userTaskKey?: string; processInstanceKey?: string; processDefinitionId?: string; assignee?: string; candidateGroup?: string };
  page?: { limit?: number; after?: string };
}

export const camundaUserTaskRoutes = [
  route<Search>({
    method: 'POST',
    path: '/v2/user-tasks/search',
    roles: [...READERS],
    operationId: 'camunda.searchUserTasks',
    tags,
    summary: 'Search open user tasks',
    body: { schema: searchQuery(UserTaskFilter), required: false },
    responses: { '200': { description: 'A page of tasks.' } },
    handler: async (ctx, { body }, { engine }) => {
      const { filter = {}, page = {} } = body;
      if (filter.userTaskKey !== undefined) {
        const found = await engine.idOfNumericKey(filter.userTaskKey);
        const task = found?.kind === 'userTask' ? await taskFor(engine, ctx, found.id, false).catch(() => undefined) : undefined;
        const items = task ? [await userTaskResult(engine, task.task)] : [];
        return { items, page: pageOf(items.length, undefined) };
      }
      const caller = callerOf(ctx);
      const result = await engine.userTaskPage({
        instanceId: filter.processInstanceKey === undefined ? undefined : await idOf(engine, 'instance', filter.processInstanceKey),
        processId: filter.processDefinitionId,
        assignee: filter.assignee,
        candidateGroup: filter.candidateGroup,
        offeredTo: caller.seesAll ? undefined : { name: caller.identity!.name, groups: caller.identity!.groups },
        limit: page.limit,
        after: cursorIn(page.after),
      });
      const items = await Promise.all(result.items.map((task) => userTaskResult(engine, task)));
      return { items, page: pageOf(items.length, result.next) };
    },
  }),
  route<unknown, unknown, { userTaskKey: string }>({
    method: 'GET',
    path: '/v2/user-tasks/:userTaskKey',
    roles: [...READERS],
    operationId: 'camunda.getUserTask',
    tags,
    summary: 'Get an open user task',
    params: KEY,
    responses: { '200': { description: 'The task.' } },
    handler: async (ctx, { params }, { engine }) => userTaskResult(engine, (await reach(engine, ctx, params.userTaskKey, false)).task),
  }),
  route<{ assignee: string }, unknown, { userTaskKey: string }>({
    method: 'POST',
    path: '/v2/user-tasks/:userTaskKey/assignment',
    roles: [...ACTORS],
    operationId: 'camunda.assignUserTask',
    tags,
    summary: 'Assign a user task',
    params: KEY,
    body: { schema: UserTaskAssignmentRequest },
    responses: { '204': { description: 'Assigned.' } },
    handler: async (ctx, { params, body }, { engine }) => {
      const { task, caller, limited } = await reach(engine, ctx, params.userTaskKey, true);
      if (limited && body.assignee !== caller.identity!.name) throw new HttpError(403, 'FORBIDDEN', 'a user key may assign a task to itself only');
      await engine.claimUserTask(task.id, body.assignee);
      ctx.status = 204;
    },
  }),
  route<unknown, unknown, { userTaskKey: string }>({
    method: 'DELETE',
    path: '/v2/user-tasks/:userTaskKey/assignee',
    roles: [...ACTORS],
    operationId: 'camunda.unassignUserTask',
    tags,
    summary: 'Unassign a user task',
    params: KEY,
    responses: { '204': { description: 'Unassigned.' } },
    handler: async (ctx, { params }, { engine }) => {
      const { task, caller, limited } = await reach(engine, ctx, params.userTaskKey, true);
      await engine.unclaimUserTask(task.id, limited ? { holder: caller.identity!.name } : {});
      ctx.status = 204;
    },
  }),
  route<{ variables?: Record<string, unknown> | null }, unknown, { userTaskKey: string }>({
    method: 'POST',
    path: '/v2/user-tasks/:userTaskKey/completion',
    roles: [...ACTORS],
    operationId: 'camunda.completeUserTask',
    tags,
    summary: 'Complete a user task',
    params: KEY,
    body: { schema: UserTaskCompletionRequest, required: false },
    responses: { '204': { description: 'Completed.' } },
    handler: async (ctx, { params, body }, { engine }) => {
      const { task } = await reach(engine, ctx, params.userTaskKey, true);
      await engine.completeUserTask(task.id, body.variables ?? {});
      ctx.status = 204;
    },
  }),
];

async function reach(engine: Engine, ctx: Context, key: string, acting: boolean) {
  return taskFor(engine, ctx, await idOf(engine, 'userTask', key), acting);
}

async function userTaskResult(engine: Engine, task: UserTask) {
  const [userTaskKey, processInstanceKey, processDefinitionKey, elementInstanceKey] = await Promise.all([
    keyOf(engine, 'userTask', task.id),
    keyOf(engine, 'instance', task.instanceId),
    keyOf(engine, 'definition', task.definitionKey),
    keyOf(engine, 'element', elementId(task.instanceId, task.tokenId)),
  ]);
  return {
    tenantId: DEFAULT_TENANT,
    userTaskKey,
    name: task.name ?? null,
    processInstanceKey,
    rootProcessInstanceKey: null,
    processDefinitionKey,
    elementInstanceKey,
    processDefinitionId: task.processId,
    processName: null,
    state: 'CREATED',
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    elementId: task.elementId,
    creationDate: isoTime(task.createdAt),
    customHeaders: {},
    priority: 50,
    tags: [],
    assignee: task.assignee ?? null,
    completionDate: null,
    dueDate: task.dueDate ?? null,
    externalFormReference: null,
    followUpDate: task.followUpDate ?? null,
    processDefinitionVersion: parseDefinitionKey(task.definitionKey).version,
    formKey: null,
  };
}
