/** User tasks (server/routes/user-tasks.ts). */
import { errors, json, jsonResponse, operation, pathParam, queryParam, ref, type Paths } from '../build.js';

const id = pathParam('id', 'The user task id.');
const tags = ['User tasks'];
const ACTORS = ['user', 'operator'];
const LIMITED =
  'A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404.';

export const userTaskPaths: Paths = {
  '/api/user-tasks': {
    get: operation(['viewer', 'user', 'operator'], {
      operationId: 'listUserTasks',
      tags,
      summary: 'List open user tasks, oldest first',
      description: LIMITED,
      parameters: [
        queryParam('assignee', 'Tasks assigned to this person.'),
        queryParam('candidateGroup', 'Tasks offered to this group.'),
        queryParam('processId', 'Tasks of this process.'),
        queryParam('instanceId', 'Tasks of this instance.'),
        queryParam('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
        queryParam('after', "Cursor: a page's `next`."),
      ],
      responses: { '200': jsonResponse('The tasks.', ref('UserTaskList')), ...errors(400) },
    }),
  },
  '/api/user-tasks/{id}': {
    get: operation(['viewer', 'user', 'operator'], {
      operationId: 'getUserTask',
      tags,
      summary: 'An open user task with the variables it may see',
      description: LIMITED,
      parameters: [id],
      responses: { '200': jsonResponse('The task.', ref('UserTaskDetails')), ...errors(404) },
    }),
  },
  '/api/user-tasks/{id}/claim': {
    post: operation(ACTORS, {
      operationId: 'claimUserTask',
      tags,
      summary: 'Assign a task',
      description: `${LIMITED} Such a key claims for itself only (403 otherwise). Claiming one's own task again is fine; a task someone else holds is 409 (\`details.assignee\`).`,
      parameters: [id],
      requestBody: { required: false, content: json(ref('ClaimRequest')) },
      responses: { '200': jsonResponse('The task, assigned.', ref('UserTask')), ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/user-tasks/{id}/unclaim': {
    post: operation(ACTORS, {
      operationId: 'unclaimUserTask',
      tags,
      summary: 'Remove the assignee of a task',
      description: `${LIMITED} Such a key cannot unclaim a task someone else holds (409).`,
      parameters: [id],
      responses: { '200': jsonResponse('The task without an assignee.', ref('UserTask')), ...errors(404, 409) },
    }),
  },
  '/api/user-tasks/{id}/complete': {
    post: operation(ACTORS, {
      operationId: 'completeUserTask',
      tags,
      summary: 'Complete a task; the instance moves on',
      description: `${LIMITED} Such a key cannot complete a task someone else holds (409).`,
      parameters: [id],
      requestBody: { required: false, content: json(ref('CompleteUserTaskRequest')) },
      responses: {
        '204': { description: 'Completed.' },
        '202': jsonResponse(
          "The task has completing listeners: it is completed once the last of them completes, or stays open when one denies (the instance's history then records `userTask.denied`). A second completion meanwhile is 409.",
          ref('UserTaskCompletion'),
        ),
        ...errors(400, 404, 409, 413),
      },
    }),
  },
};
