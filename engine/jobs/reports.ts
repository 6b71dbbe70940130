/**
 * The one way a job's outcome reaches its instance, for in-process handlers
 * (./worker.ts) and external workers (./external-jobs.ts) alike: completed
 * (with variables, or a task listener's decision), failed (retried after a
 * back-off, an incident when no retries are left) or a BPMN error. What a
 * worker sends back is checked against the variable limits and has the
 * instance's secret values taken out first; each outcome is counted for the
 * metrics once, here.
 */
import type { Clock } from '../clock.js';
import { InvalidArgumentError } from '../errors.js';
import type { Steps } from '../instances/steps.js';
import type { ListenerResult } from '../runtime/listeners.js';
import type { JobRecord } from '../runtime/records.js';
import { checkVariables, type Limits } from '../safety/limits.js';
import { Redactor } from '../safety/redaction.js';
import type { InstanceSecrets } from '../secrets/instance-secrets.js';
import type { Store } from '../store/store.js';
import type { TelemetryEvent } from '../telemetry.js';

export interface JobReportsDeps {
  store: Store;
  steps: Steps;
  clock: Clock;
  limits: Limits;
  secrets: InstanceSecrets;
  observe(event: TelemetryEvent): void;
  /** A job released for another attempt: wake whoever serves its type. */
  released(job: JobRecord): void;
}

export interface FailureReport {
  /** Attempts left; 0 raises an incident on the instance. */
  retries: number;
  /** Delay before the next attempt. */
  backoffMs: number;
  message: string;
  /** The lease holder releasing the job (needed when retries are left). */
  owner: string;
}

export interface ErrorReport {
  errorCode: string;
  message: string;
  variables: Record<string, unknown>;
}

export class JobReports {
  constructor(private readonly deps: JobReportsDeps) {}

  /** Completes the job; false when its task no longer waits for it (completed meanwhile, instance ended). */
  async complete(job: JobRecord, variables: Record<string, unknown>, result?: ListenerResult, known?: Redactor): Promise<boolean> {
    const checked = (known ?? (await this.redactorFor(job))).redactDeep(checkVariables(variables, this.deps.limits));
    checkListenerCompletion(job, checked, result);
    const decision = result?.denied ? { denied: true, deniedReason: result.deniedReason } : undefined;
    const applied = await this.deps.steps.apply(job.instanceId, { type: 'jobCompleted', jobKey: job.key, variables: checked, result: decision });
    if (applied) this.deps.observe({ type: 'job.completed', jobType: job.type });
    return applied;
  }

  /**
   * A failed attempt: with retries left the job is released to run again
   * after the back-off (false when `owner` no longer holds it); with none,
   * an incident (false when the task no longer waits for the job).
   */
  async fail(job: JobRecord, { retries, backoffMs, message, owner }: FailureReport, known?: Redactor): Promise<boolean> {
    const redacted = (known ?? (await this.redactorFor(job))).redact(message);
    this.deps.observe({ type: 'job.failed', jobType: job.type, retriesLeft: Math.max(0, retries) });
    if (retries <= 0) {
      return this.deps.steps.apply(job.instanceId, { type: 'jobFailed', jobKey: job.key, message: `the job failed with no retries left: ${redacted}` });
    }
    const dueAt = this.deps.clock.now() + backoffMs;
    if (!(await this.deps.store.failJob(job.key, owner, { retries, dueAt, errorMessage: redacted }))) return false;
    this.deps.released({ ...job, retries, dueAt, lockOwner: undefined, lockExpiresAt: undefined });
    return true;
  }

  /** Raises a BPMN error at the job's task; false when the task no longer waits for the job. */
  async throwError(job: JobRecord, { errorCode, message, variables }: ErrorReport, known?: Redactor): Promise<boolean> {
    const redactor = known ?? (await this.redactorFor(job));
    const checked = redactor.redactDeep(checkVariables(variables, this.deps.limits));
    return this.deps.steps.apply(job.instanceId, { type: 'jobError', jobKey: job.key, errorCode, message: redactor.redact(message), variables: checked });
  }

  /** The instance's secret values, to be kept out of what a worker sends back (`known`: a caller that has them already). */
  private async redactorFor(job: JobRecord): Promise<Redactor> {
    return job.instanceId ? this.deps.secrets.redactorFor(job.instanceId) : new Redactor([]);
  }
}

/** A completion's `result` (a task listener's decision) and variables, as Zeebe allows them. */
export function checkListenerCompletion(job: JobRecord, variables: Record<string, unknown>, result: ListenerResult | undefined): void {
  if (result !== undefined && (result === null || typeof result !== 'object' || Array.isArray(result)))
    throw new InvalidArgumentError('result must be an object');
  const { denied, deniedReason } = result ?? {};
  if (denied !== undefined && typeof denied !== 'boolean') throw new InvalidArgumentError('result.denied must be a boolean');
  if (deniedReason !== undefined && deniedReason !== null && typeof deniedReason !== 'string')
    throw new InvalidArgumentError('result.deniedReason must be a string');
  if (job.kind === 'TASK_LISTENER' && Object.keys(variables).length) {
    throw new InvalidArgumentError(`job ${job.key} is a task listener's: it is completed without variables, as in Zeebe`);
  }
  if (!denied) return;
  if (job.kind !== 'TASK_LISTENER') throw new InvalidArgumentError(`job ${job.key} is not a task listener's: only a task listener can deny`);
  if (!['ASSIGNING', 'UPDATING', 'COMPLETING'].includes(job.listenerEventType ?? '')) {
    throw new InvalidArgumentError(`job ${job.key} listens to ${job.listenerEventType}: only assigning, updating and completing can be denied`);
  }
}
