/**
 * Jobs for external workers: a worker in any process or language
 * fetch-and-locks jobs of a task type (the store's lease, with the worker's
 * name as owner), does the work, and reports back: complete, fail, throw a
 * BPMN error, or extend its lease. An expired lease makes the job available
 * again (the store's acquire rule). Activation long-polls: with nothing to
 * hand out it waits, woken when a committed step creates a job of the type,
 * and polls the store every `pollIntervalMs` for what no local commit
 * announces (expired leases, retries coming due, other engine processes).
 *
 * In-process handlers (`engine.handle`) and external workers may serve the
 * same type: they compete, as in Zeebe, and whoever leases a job first runs it.
 */
import type { Clock } from '../clock.js';
import { Redactor } from '../safety/redaction.js';
import type { InstanceSecrets } from '../secrets/instance-secrets.js';
import type { JobReports } from './reports.js';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors.js';
import { checkVariables, type Limits } from '../safety/limits.js';
import { isInternalJob } from '../runtime/internal.js';
import type { ListenerResult } from '../runtime/listeners.js';
import type { JobRecord } from '../runtime/records.js';
import type { Trigger } from '../runtime/triggers.js';
import type { Steps } from '../instances/steps.js';
import type { Store } from '../store/store.js';
import type { TelemetryEvent } from '../telemetry.js';

export interface ActivateJobsRequest {
  type: string;
  /** The worker's name: the lease owner, and the name that complete, fail and extend are checked against. */
  worker: string;
  /** Jobs handed out at most, 1 to 100. */
  maxJobs: number;
  /** How long the jobs are the worker's; after that any worker may take them. */
  lockMs: number;
  /** Only these variables (default: all that the task sees). */
  fetchVariables?: string[];
  /** Long polling: wait up to this long for a job when none is available now (default 0: answer at once). */
  timeoutMs?: number;
  /** Stops the wait (the client went away); resolves with the jobs acquired so far, usually none. */
  signal?: AbortSignal;
  /** Hand out each job's instance secrets as `secrets` (the REST API allows it to the `worker` role only). */
  withSecrets?: boolean;
}

export interface ActivatedJob {
  key: string;
  type: string;
  processId: string;
  definitionKey: string;
  instanceId: string;
  elementId: string;
  /** Attempts left, this one included. */
  retries: number;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
  /** When the lease runs out (ms since the epoch, the engine's clock). */
  deadline: number;
  /** What the job is for, as in Zeebe: the element's own work, or one of its listeners. */
  kind: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER';
  /** Listener jobs: START, END, CREATING, ASSIGNING, UPDATING, COMPLETING or CANCELING; else UNSPECIFIED. */
  listenerEventType: string;
  /** Only with `withSecrets`: the instance's secrets, its own over those it inherits. */
  secrets?: Record<string, string>;
}

export interface CompleteJobOptions {
  /** When given, only this worker's lease is accepted (ConflictError otherwise). */
  worker?: string;
  /** A task listener's decision: `denied` refuses the user task operation (assigning, updating, completing). */
  result?: ListenerResult;
}

export interface FailJobRequest {
  /** Attempts left; 0 raises an incident on the instance. */
  retries: number;
  /** Delay before the job can be activated again (default 0). */
  backoffMs?: number;
  errorMessage?: string;
  worker?: string;
}

export interface ThrowJobErrorRequest {
  errorCode: string;
  message?: string;
  variables?: Record<string, unknown>;
  worker?: string;
}

/** The last activation request for a task type. */
export interface TaskTypePoll {
  worker: string;
  /** Engine clock, ms. */
  at: number;
  /** Long polls for this type waiting now. */
  waiting: number;
}

export const MAX_JOBS_PER_ACTIVATION = 100;
/** Task types whose last poll is remembered; the least recently polled is forgotten first. */
const MAX_REMEMBERED_TYPES = 1_000;
const MAX_NAME_LENGTH = 256;

interface Waiter {
  type: string;
  wake(): void;
  /** Ends the wait with what it has (nothing). */
  stop(): void;
}

export class ExternalJobs {
  private readonly polls = new Map<string, { worker: string; at: number }>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private ticker?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly steps: Steps,
    private readonly limits: Limits,
    private readonly options: { pollIntervalMs: number; observe?(event: TelemetryEvent): void; secrets?: InstanceSecrets; reports: JobReports },
  ) {}

  async activate(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    checkActivation(request);
    this.remember(request.type, request.worker);
    if (this.closed || request.signal?.aborted) return [];
    const jobs = await this.acquire(request);
    if (jobs.length || !request.timeoutMs || this.closed || request.signal?.aborted) return jobs;
    return this.wait(request);
  }

  /** Completes the job with variables; the task goes on. */
  async complete(key: string, variables: Record<string, unknown> = {}, options: CompleteJobOptions = {}): Promise<void> {
    const job = await this.held(key, options.worker);
    if (!(await this.options.reports.complete(job, variables, options.result))) throw new NotFoundError(`no open job '${key}'`);
  }

  /** Records a failed attempt: with retries left the job is released after the back-off, with none the task gets an incident. */
  async fail(key: string, request: FailJobRequest): Promise<void> {
    const { retries, backoffMs = 0, errorMessage = 'the job failed', worker } = request;
    if (!Number.isInteger(retries) || retries < 0) throw new InvalidArgumentError('retries must be an integer of 0 or more');
    if (!Number.isInteger(backoffMs) || backoffMs < 0) throw new InvalidArgumentError('backoffMs must be an integer of 0 or more');
    if (typeof errorMessage !== 'string') throw new InvalidArgumentError('errorMessage must be a string');
    const job = await this.held(key, worker);
    const owner = worker ?? job.lockOwner;
    if (retries > 0 && !owner) throw new ConflictError(`job ${key} is not activated: activate it before failing it with retries left`);
    if (await this.options.reports.fail(job, { retries, backoffMs, message: errorMessage, owner: owner ?? '' })) return;
    if (retries === 0) throw new NotFoundError(`no open job '${key}'`);
    await this.lost(key, owner!);
  }

  /** Raises a BPMN error at the task: caught by an error boundary event or event sub-process, else an incident. */
  async throwError(key: string, request: ThrowJobErrorRequest): Promise<void> {
    const { errorCode, message, variables = {}, worker } = request;
    if (typeof errorCode !== 'string' || !errorCode) throw new InvalidArgumentError('errorCode is required: a non-empty string');
    if (message !== undefined && typeof message !== 'string') throw new InvalidArgumentError('message must be a string');
    const job = await this.held(key, worker);
    if (job.kind) throw new InvalidArgumentError(`job ${key} is a listener's: a listener cannot throw a BPMN error (fail it instead)`);
    if (!(await this.options.reports.throwError(job, { errorCode, message: message ?? errorCode, variables }))) throw new NotFoundError(`no open job '${key}'`);
  }

  /**
   * Gives the worker that holds the job `lockMs` more from now; resolves with
   * the new deadline. Without `worker`, whoever holds it (the Camunda 8 API
   * names no worker when it changes a job's timeout).
   */
  async extendLock(key: string, worker: string | undefined, lockMs: number): Promise<{ key: string; deadline: number }> {
    checkLockMs(lockMs);
    const job = await this.held(key, worker);
    const owner = worker ?? job.lockOwner;
    if (!owner) throw new ConflictError(`job ${key} is not activated: activate it first`, { key });
    const deadline = this.clock.now() + lockMs;
    if (!(await this.store.extendJobLease(key, owner, deadline))) await this.lost(key, owner);
    return { key, deadline };
  }

  /** Called after each commit with the jobs it created: wakes the long polls waiting for their types. */
  jobsCreated(jobs: readonly JobRecord[]): void {
    if (!this.waiters.size) return;
    const now = this.clock.now();
    const types = new Set(jobs.filter((job) => !job.lockOwner && job.dueAt <= now).map((job) => job.type));
    for (const type of types) for (const waiter of this.waiters.get(type) ?? []) waiter.wake();
  }

  /** The last activation request of each task type, with the long polls waiting now. */
  recentPolls(): Map<string, TaskTypePoll> {
    const polls = new Map<string, TaskTypePoll>();
    for (const [type, { worker, at }] of this.polls) polls.set(type, { worker, at, waiting: this.waiters.get(type)?.size ?? 0 });
    return polls;
  }

  /** Ends every long poll with no jobs; activations from now on get none. */
  close(): void {
    this.closed = true;
    for (const waiters of [...this.waiters.values()]) for (const waiter of [...waiters]) waiter.stop();
  }

  private async acquire(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    const records = await this.store.acquireJobs({
      types: [request.type],
      owner: request.worker,
      lockMs: request.lockMs,
      now: this.clock.now(),
      max: request.maxJobs,
    });
    for (const record of records) this.options.observe?.({ type: 'job.activated', jobType: record.type, worker: request.worker });
    const jobs = records.map((record) => activated(record, request.fetchVariables));
    if (request.withSecrets && this.options.secrets) {
      for (const job of jobs) job.secrets = await this.options.secrets.effective(job.instanceId);
    }
    return jobs;
  }

  /**
   * Waits until jobs can be acquired, the time is up, the caller goes away,
   * or the engine closes. A wait that ends while an acquisition is in flight
   * ends with its result: jobs leased are handed over, never dropped (if the
   * caller has gone, their lease runs out as for any vanished worker).
   */
  private wait(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    return new Promise((resolve, reject) => {
      let done = false;
      let acquiring = false;
      let again = false;
      let ending = false;
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', end);
        this.removeWaiter(waiter);
        settle();
      };
      const end = () => {
        if (acquiring) ending = true;
        else finish(() => resolve([]));
      };
      const attempt = async () => {
        if (done || ending) return;
        if (acquiring) {
          again = true;
          return;
        }
        acquiring = true;
        try {
          do {
            again = false;
            const jobs = await this.acquire(request);
            if (jobs.length) return finish(() => resolve(jobs));
          } while (again && !ending);
        } catch (error) {
          return finish(() => reject(error));
        } finally {
          acquiring = false;
        }
        if (ending) finish(() => resolve([]));
      };
      const waiter: Waiter = { type: request.type, wake: () => void attempt(), stop: end };
      const timer = setTimeout(end, request.timeoutMs);
      request.signal?.addEventListener('abort', end, { once: true });
      this.addWaiter(waiter);
    });
  }

  private addWaiter(waiter: Waiter): void {
    const set = this.waiters.get(waiter.type) ?? new Set<Waiter>();
    set.add(waiter);
    this.waiters.set(waiter.type, set);
    if (!this.ticker) {
      // Real time, for polling only: lease expiry itself is judged by the injected clock.
      this.ticker = setInterval(() => {
        for (const waiters of [...this.waiters.values()]) for (const w of [...waiters]) w.wake();
      }, this.options.pollIntervalMs);
      this.ticker.unref?.();
    }
  }

  private removeWaiter(waiter: Waiter): void {
    const set = this.waiters.get(waiter.type);
    set?.delete(waiter);
    if (set && !set.size) this.waiters.delete(waiter.type);
    if (!this.waiters.size && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private remember(type: string, worker: string): void {
    this.polls.delete(type);
    this.polls.set(type, { worker, at: this.clock.now() });
    if (this.polls.size > MAX_REMEMBERED_TYPES) this.polls.delete(this.polls.keys().next().value!);
  }

  /**
   * The job, if it is one an external worker may report on: it exists, is
   * not the engine's own, and (when `worker` is given) that worker holds its
   * lease. A lease that ran out is still the worker's until another takes it.
   */
  private async held(key: string, worker: string | undefined): Promise<JobRecord> {
    if (worker !== undefined) checkName(worker, 'worker');
    const job = await this.store.getJob(key);
    if (!job || isInternalJob(job.type)) throw new NotFoundError(`no open job '${key}'`);
    if (worker !== undefined && job.lockOwner !== worker) {
      throw new ConflictError(job.lockOwner ? `job ${key} is locked by another worker` : `job ${key} is not activated: activate it first`, { key });
    }
    return job;
  }

  /** A lease change was refused: say why. */
  private async lost(key: string, owner: string): Promise<never> {
    const job = await this.store.getJob(key);
    if (!job) throw new NotFoundError(`no open job '${key}'`);
    throw new ConflictError(`job ${key} is no longer locked by '${owner}'`, { key });
  }
}

function activated(record: JobRecord, fetchVariables: string[] | undefined): ActivatedJob {
  const variables = fetchVariables
    ? Object.fromEntries(fetchVariables.filter((name) => Object.hasOwn(record.variables, name)).map((name) => [name, record.variables[name]]))
    : record.variables;
  return {
    key: record.key,
    type: record.type,
    processId: record.processId,
    definitionKey: record.definitionKey,
    instanceId: record.instanceId,
    elementId: record.elementId,
    retries: record.retries,
    headers: record.headers,
    variables,
    deadline: record.lockExpiresAt!,
    kind: record.kind ?? 'BPMN_ELEMENT',
    listenerEventType: record.listenerEventType ?? 'UNSPECIFIED',
  };
}

function checkActivation(request: ActivateJobsRequest): void {
  checkName(request.type, 'type');
  if (isInternalJob(request.type)) throw new InvalidArgumentError("task types starting with 'baton:' are the engine's own");
  checkName(request.worker, 'worker');
  if (!Number.isInteger(request.maxJobs) || request.maxJobs < 1 || request.maxJobs > MAX_JOBS_PER_ACTIVATION) {
    throw new InvalidArgumentError(`maxJobs must be an integer from 1 to ${MAX_JOBS_PER_ACTIVATION}`);
  }
  checkLockMs(request.lockMs);
  const { fetchVariables, timeoutMs } = request;
  if (fetchVariables !== undefined && (!Array.isArray(fetchVariables) || fetchVariables.some((name) => typeof name !== 'string'))) {
    throw new InvalidArgumentError('fetchVariables must be a list of variable names');
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0)) {
    throw new InvalidArgumentError('the long-poll timeout must be a number of milliseconds, 0 or more');
  }
}

function checkName(value: unknown, field: string): void {
  if (typeof value !== 'string' || !value || value.length > MAX_NAME_LENGTH) {
    throw new InvalidArgumentError(`${field} is required: a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
  }
}

function checkLockMs(lockMs: unknown): void {
  if (!Number.isSafeInteger(lockMs) || (lockMs as number) < 1) throw new InvalidArgumentError('lockMs must be a positive integer of milliseconds');
}
