/**
 * The job worker's operations of the Camunda 8 API: activate (long poll),
 * complete, fail, throw a BPMN error, change the timeout. They run on the
 * engine's external jobs (engine/jobs/external-jobs.ts), as /api/jobs does;
 * here the Camunda names, defaults and keys.
 */
import { InvalidArgumentError, parseDefinitionKey, type ActivatedJob, type Engine } from '../../engine/index.js';
import { abortOnDisconnect } from '../api/disconnect.js';
import { route } from '../api/route.js';
import { elementId, idOf, keyOf } from './keys.js';
import { DEFAULT_TENANT, JobActivationRequest, JobCompletionRequest, JobErrorRequest, JobFailRequest, JobUpdateRequest, longKey } from './schemas.js';

/** Zeebe's gateway waits this long when `requestTimeout` is 0 (its default long-polling timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Longer long polls are cut to this (as /api/jobs/activate). */
export const MAX_REQUEST_TIMEOUT_MS = 60_000;
/** Baton hands out at most this many jobs per activation; a larger `maxJobsToActivate` gets up to this many. */
export const MAX_JOBS_TO_ACTIVATE = 100;

const tags = ['Camunda 8: jobs'];
const JOB_KEY = { jobKey: { description: 'The job key.', schema: longKey } };
const done = { '204': { description: 'Done.' } };

interface Activation {
  type: string;
  worker?: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  requestTimeout?: number;
}

export const camundaJobRoutes = [
  route<Activation>({
    method: 'POST',
    path: '/v2/jobs/activation',
    roles: ['worker'],
    operationId: 'camunda.activateJobs',
    tags,
    summary: 'Activate jobs of a type (long polling)',
    body: { schema: JobActivationRequest },
    responses: { '200': { description: 'The activated jobs.' } },
    handler: async (ctx, { body }, { engine }) => {
      const worker = body.worker ?? 'default';
      const disconnect = abortOnDisconnect(ctx);
      try {
        const jobs = await engine.activateJobs({
          type: body.type,
          worker,
          maxJobs: Math.min(body.maxJobsToActivate, MAX_JOBS_TO_ACTIVATE),
          lockMs: body.timeout,
          fetchVariables: body.fetchVariable?.length ? body.fetchVariable : undefined,
          timeoutMs: pollMs(body.requestTimeout ?? 0),
          signal: disconnect.signal,
        });
        return { jobs: await Promise.all(jobs.map((job) => activatedJobResult(engine, job, worker))) };
      } finally {
        disconnect.dispose();
      }
    },
  }),
  route<{ variables?: Record<string, unknown> | null; result?: { denied?: boolean | null; deniedReason?: string | null } }, unknown, { jobKey: string }>({
    method: 'POST',
    path: '/v2/jobs/:jobKey/completion',
    roles: ['worker'],
    operationId: 'camunda.completeJob',
    tags,
    summary: 'Complete a job',
    params: JOB_KEY,
    body: { schema: JobCompletionRequest, required: false },
    responses: done,
    handler: async (ctx, { params, body }, { engine }) => {
      const result = body.result && { denied: body.result.denied ?? undefined, deniedReason: body.result.deniedReason ?? undefined };
      await engine.completeJob(await idOf(engine, 'job', params.jobKey), body.variables ?? {}, { result });
      ctx.status = 204;
    },
  }),
  route<{ retries?: number; errorMessage?: string; retryBackOff?: number }, unknown, { jobKey: string }>({
    method: 'POST',
    path: '/v2/jobs/:jobKey/failure',
    roles: ['worker'],
    operationId: 'camunda.failJob',
    tags,
    summary: 'Fail a job',
    description: 'With retries left the job is activated again after `retryBackOff`; with 0 (the default) an incident is raised.',
    params: JOB_KEY,
    body: { schema: JobFailRequest, required: false },
    responses: done,
    handler: async (ctx, { params, body }, { engine }) => {
      const { retries = 0, errorMessage, retryBackOff = 0 } = body;
      await engine.failJob(await idOf(engine, 'job', params.jobKey), { retries, backoffMs: retryBackOff, errorMessage: errorMessage || undefined });
      ctx.status = 204;
    },
  }),
  route<{ errorCode: string; errorMessage?: string | null; variables?: Record<string, unknown> | null }, unknown, { jobKey: string }>({
    method: 'POST',
    path: '/v2/jobs/:jobKey/error',
    roles: ['worker'],
    operationId: 'camunda.throwJobError',
    tags,
    summary: 'Throw a BPMN error at the job’s task',
    params: JOB_KEY,
    body: { schema: JobErrorRequest },
    responses: done,
    handler: async (ctx, { params, body }, { engine }) => {
      const key = await idOf(engine, 'job', params.jobKey);
      await engine.throwJobError(key, { errorCode: body.errorCode, message: body.errorMessage ?? undefined, variables: body.variables ?? {} });
      ctx.status = 204;
    },
  }),
  route<{ changeset: { retries?: number | null; timeout?: number | null } }, unknown, { jobKey: string }>({
    method: 'PATCH',
    path: '/v2/jobs/:jobKey',
    roles: ['worker'],
    operationId: 'camunda.updateJob',
    tags,
    summary: 'Change a job’s timeout',
    description: 'A new `timeout` runs from now. Baton cannot change the retries of a job (resolve its incident with retries instead): 400.',
    params: JOB_KEY,
    body: { schema: JobUpdateRequest },
    responses: done,
    handler: async (ctx, { params, body }, { engine }) => {
      const { retries, timeout } = body.changeset;
      if (retries !== undefined && retries !== null) {
        throw new InvalidArgumentError("Baton cannot change a job's retries: fail the job with the retries it should have, or resolve its incident");
      }
      const key = await idOf(engine, 'job', params.jobKey);
      if (timeout !== undefined && timeout !== null) await engine.extendJobLock(key, undefined, timeout);
      ctx.status = 204;
    },
  }),
];

/** Zeebe's rule: 0 waits the default, less than 0 does not wait. */
function pollMs(requestTimeout: number): number {
  if (requestTimeout < 0) return 0;
  return Math.min(requestTimeout || DEFAULT_REQUEST_TIMEOUT_MS, MAX_REQUEST_TIMEOUT_MS);
}

async function activatedJobResult(engine: Engine, job: ActivatedJob, worker: string) {
  const [jobKey, processInstanceKey, processDefinitionKey, elementInstanceKey] = await Promise.all([
    keyOf(engine, 'job', job.key),
    keyOf(engine, 'instance', job.instanceId),
    keyOf(engine, 'definition', job.definitionKey),
    keyOf(engine, 'element', elementId(job.instanceId, job.key)),
  ]);
  return {
    type: job.type,
    processDefinitionId: job.processId,
    processDefinitionVersion: parseDefinitionKey(job.definitionKey).version,
    elementId: job.elementId,
    customHeaders: job.headers,
    worker,
    retries: job.retries,
    deadline: job.deadline,
    variables: job.variables,
    tenantId: DEFAULT_TENANT,
    jobKey,
    processInstanceKey,
    processDefinitionKey,
    elementInstanceKey,
    kind: job.kind,
    listenerEventType: job.listenerEventType,
    userTask: null,
    tags: [],
    rootProcessInstanceKey: null,
  };
}
