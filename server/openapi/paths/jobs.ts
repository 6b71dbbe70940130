/** Jobs for external workers and task types (server/routes/jobs.ts, task-types.ts). */
import { errors, json, jsonBody, jsonResponse, operation, pathParam, ref, type Paths } from '../build.js';

const key = pathParam('key', 'The job key, as activate returned it (URL-encoded).');
const tags = ['Jobs'];
const WHO =
  'With `worker`, accepted only while that worker holds the job (409 otherwise); without it, the job key is enough. A job that is gone (completed, its task cancelled) is 404.';

export const jobPaths: Paths = {
  '/api/jobs/activate': {
    post: operation(['worker'], {
      operationId: 'activateJobs',
      tags,
      summary: 'Fetch and lock jobs of a type (long polling)',
      description:
        'Leases up to `maxJobs` due jobs of `type` to `worker` for `lockMs`. With none available, waits up to `requestTimeoutMs` for one. ' +
        'A lock that runs out makes the job available again: delivery is at-least-once.',
      requestBody: jsonBody(ref('ActivateJobsRequest')),
      responses: { '200': jsonResponse('The jobs, possibly none.', ref('ActivatedJobs')), ...errors(400, 413) },
    }),
  },
  '/api/jobs/{key}/complete': {
    post: operation(['worker'], {
      operationId: 'completeJob',
      tags,
      summary: 'Complete a job; the task goes on with the variables',
      description: `${WHO} A listener's job lets its element (or user task operation) go on; a task listener's may deny it with \`result.denied\`.`,
      parameters: [key],
      requestBody: { required: false, content: json(ref('CompleteJobRequest')) },
      responses: { '204': { description: 'Completed.' }, ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/jobs/{key}/fail': {
    post: operation(['worker'], {
      operationId: 'failJob',
      tags,
      summary: 'Report a failed attempt',
      description: `With retries left the job can be activated again after \`backoffMs\` (that needs an activated job: 409 otherwise); with 0, an incident on the task. ${WHO}`,
      parameters: [key],
      requestBody: jsonBody(ref('FailJobRequest')),
      responses: { '204': { description: 'Recorded.' }, ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/jobs/{key}/error': {
    post: operation(['worker'], {
      operationId: 'throwJobError',
      tags,
      summary: 'Throw a BPMN error at the task',
      description: `An error boundary event or event sub-process catches it, else it becomes an incident. ${WHO}`,
      parameters: [key],
      requestBody: jsonBody(ref('ThrowJobErrorRequest')),
      responses: { '204': { description: 'Thrown.' }, ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/jobs/{key}/extend': {
    post: operation(['worker'], {
      operationId: 'extendJobLock',
      tags,
      summary: 'Keep a job locked longer',
      description: 'The worker that holds the job keeps it `lockMs` more from now; 409 when it does not hold it.',
      parameters: [key],
      requestBody: jsonBody(ref('ExtendJobLockRequest')),
      responses: { '200': jsonResponse('The new deadline.', ref('JobLock')), ...errors(400, 404, 409, 413) },
    }),
  },
  '/api/task-types': {
    get: operation(['viewer', 'deployer', 'operator', 'worker'], {
      operationId: 'listTaskTypes',
      tags,
      summary: 'The task types the engine can serve and the deployed diagrams use',
      responses: { '200': jsonResponse('The task types.', ref('TaskTypes')) },
    }),
  },
};
