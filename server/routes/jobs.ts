/**
 * Jobs for external workers: activate (fetch-and-lock, long-polling),
 * complete, fail, throw a BPMN error, extend the lock. The engine checks the
 * values (engine/jobs/external-jobs.ts); a route reads its body, applies the HTTP
 * defaults, and answers.
 */
import type { ListenerResult } from '../../engine/index.js';
import { abortOnDisconnect } from '../api/disconnect.js';
import { route } from '../api/route.js';
import { jobOnWire, lockOnWire } from '../api/wire.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

export const DEFAULT_MAX_JOBS = 10;
export const DEFAULT_LOCK_MS = 300_000;

const tags = ['Jobs'];
const KEY = { key: { description: 'The job key, as activate returned it (URL-encoded).' } };
const WHO =
  'With `worker`, accepted only while that worker holds the job (409 otherwise); without it, the job key is enough. A job that is gone (completed, its task cancelled) is 404.';

interface Key {
  key: string;
}

interface ActivateBody {
  type: string;
  worker: string;
  maxJobs?: number;
  lockMs?: number;
  fetchVariables?: string[];
  requestTimeoutMs?: number;
  withSecrets?: boolean;
}

export const jobRoutes = [
  route<ActivateBody>({
    method: 'POST',
    path: '/api/jobs/activate',
    roles: ['worker'],
    operationId: 'activateJobs',
    tags,
    summary: 'Fetch and lock jobs of a type (long polling)',
    description:
      'Leases up to `maxJobs` due jobs of `type` to `worker` for `lockMs`. With none available, waits up to `requestTimeoutMs` for one. ' +
      'A lock that runs out makes the job available again: delivery is at-least-once.',
    body: { schema: ref('ActivateJobsRequest') },
    responses: { '200': jsonResponse('The jobs, possibly none.', ref('ActivatedJobs')), ...errors(413) },
    handler: async (ctx, { body }, { engine }) => {
      const { type, worker, maxJobs = DEFAULT_MAX_JOBS, lockMs = DEFAULT_LOCK_MS, fetchVariables, requestTimeoutMs = 0, withSecrets = false } = body;
      const disconnect = abortOnDisconnect(ctx);
      try {
        // Only the worker role (and admin) reaches this route (server/auth.ts), so only workers get secrets.
        const jobs = await engine.activateJobs({
          type,
          worker,
          maxJobs,
          lockMs,
          fetchVariables,
          timeoutMs: requestTimeoutMs,
          signal: disconnect.signal,
          withSecrets,
        });
        return { jobs: jobs.map(jobOnWire) };
      } finally {
        disconnect.dispose();
      }
    },
  }),
  route<{ variables?: Record<string, unknown>; worker?: string; result?: ListenerResult }, unknown, Key>({
    method: 'POST',
    path: '/api/jobs/:key/complete',
    roles: ['worker'],
    operationId: 'completeJob',
    tags,
    summary: 'Complete a job; the task goes on with the variables',
    description: `${WHO} A listener's job lets its element (or user task operation) go on; a task listener's may deny it with \`result.denied\`.`,
    params: KEY,
    body: { schema: ref('CompleteJobRequest'), required: false },
    responses: { '204': { description: 'Completed.' }, ...errors(404, 409, 413) },
    handler: async (ctx, { params, body }, { engine }) => {
      await engine.completeJob(params.key, body.variables ?? {}, { worker: body.worker, result: body.result });
      ctx.status = 204;
    },
  }),
  route<{ retries: number; backoffMs?: number; errorMessage?: string; worker?: string }, unknown, Key>({
    method: 'POST',
    path: '/api/jobs/:key/fail',
    roles: ['worker'],
    operationId: 'failJob',
    tags,
    summary: 'Report a failed attempt',
    description: `With retries left the job can be activated again after \`backoffMs\` (that needs an activated job: 409 otherwise); with 0, an incident on the task. ${WHO}`,
    params: KEY,
    body: { schema: ref('FailJobRequest') },
    responses: { '204': { description: 'Recorded.' }, ...errors(404, 409, 413) },
    handler: async (ctx, { params, body }, { engine }) => {
      await engine.failJob(params.key, body);
      ctx.status = 204;
    },
  }),
  route<{ errorCode: string; message?: string; variables?: Record<string, unknown>; worker?: string }, unknown, Key>({
    method: 'POST',
    path: '/api/jobs/:key/error',
    roles: ['worker'],
    operationId: 'throwJobError',
    tags,
    summary: 'Throw a BPMN error at the task',
    description: `An error boundary event or event sub-process catches it, else it becomes an incident. ${WHO}`,
    params: KEY,
    body: { schema: ref('ThrowJobErrorRequest') },
    responses: { '204': { description: 'Thrown.' }, ...errors(404, 409, 413) },
    handler: async (ctx, { params, body }, { engine }) => {
      await engine.throwJobError(params.key, { ...body, variables: body.variables ?? {} });
      ctx.status = 204;
    },
  }),
  route<{ worker: string; lockMs: number }, unknown, Key>({
    method: 'POST',
    path: '/api/jobs/:key/extend',
    roles: ['worker'],
    operationId: 'extendJobLock',
    tags,
    summary: 'Keep a job locked longer',
    description: 'The worker that holds the job keeps it `lockMs` more from now; 409 when it does not hold it.',
    params: KEY,
    body: { schema: ref('ExtendJobLockRequest') },
    responses: { '200': jsonResponse('The new deadline.', ref('JobLock')), ...errors(404, 409, 413) },
    handler: async (_ctx, { params, body }, { engine }) => lockOnWire(await engine.extendJobLock(params.key, body.worker, body.lockMs)),
  }),
];
