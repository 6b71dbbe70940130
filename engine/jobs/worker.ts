/**
 * The in-process job worker: runs the handlers registered with
 * `engine.handle` outside any step and reports each outcome back as a
 * trigger. Jobs are leased in the store (owner + expiry), so several engine
 * processes can share one store; a job whose lease runs out (its worker
 * died) is acquired again by whoever polls next.
 */
import { BpmnError, InvalidArgumentError, LimitError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { JobRecord } from '../runtime/records.js';
import { Redactor } from '../safety/redaction.js';
import type { Store } from '../store/store.js';
import type { TelemetryEvent } from '../telemetry.js';
import type { ListenerResult } from '../runtime/listeners.js';
import type { ErrorReport, FailureReport } from './reports.js';
import { Denial, JobFailure, type Job, type JobHandler } from './job.js';
import { yieldWhenDue } from './turns.js';

export interface WorkerOptions {
  /** This worker's name in job leases. */
  owner: string;
  /** How long an acquired job is reserved for this worker. */
  lockMs: number;
  /** How often the store is polled for jobs that no local step handed over (restarts, retries, other processes). */
  pollIntervalMs: number;
  /** Handlers running at the same time, at most. */
  maxConcurrent: number;
  /** Delay before a failed job with retries left is tried again. */
  retryBackoffMs: number;
}

/** Work the engine does for itself (timers, calls between instances); a throw retries the job after the back-off. */
export type InternalHandler = (job: JobRecord) => Promise<void>;

/** Where a handler's outcome goes (./reports.ts), with the job's secrets already known. */
export interface JobOutcomes {
  complete(job: JobRecord, variables: Record<string, unknown>, result: ListenerResult | undefined, secrets: Redactor): Promise<boolean>;
  fail(job: JobRecord, report: FailureReport, secrets: Redactor): Promise<boolean>;
  throwError(job: JobRecord, report: ErrorReport, secrets: Redactor): Promise<boolean>;
}

/** What the worker needs from the engine besides the outcomes. */
export interface WorkerHost {
  reportError(error: unknown, job?: JobRecord): void;
  /** Jobs of handlers leased, completed and failed, for metrics. */
  observe?(event: TelemetryEvent): void;
  /** The configuration values of the job's environment: `job.env`. */
  environmentOf?(job: JobRecord): Promise<Record<string, string>>;
  /** The secrets of the job's instance: `job.secrets`. */
  secretsOf?(job: JobRecord): Promise<Record<string, string>>;
}

const NO_SECRETS = new Redactor([]);

/** Wake-ups for due jobs remembered at most; see `JobWorker.wakes`. */
const MAX_WAKES = 1_000;

export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly internal = new Map<string, InternalHandler>();
  private readonly queue: JobRecord[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  /** The poll in progress (or the last one): close waits for it. */
  private polled: Promise<void> = Promise.resolve();
  /** The last poll filled every free slot, so more jobs may be waiting in the store. */
  private storeMayHaveMore = false;
  private nextPollAt = Infinity;
  /**
   * Real times (as `performance.now()`) at which jobs this worker serves come
   * due, earliest first: a poll that runs before one of them must not use it
   * up. Bounded; a wake-up dropped here is still found by a regular poll.
   */
  private readonly wakes: number[] = [];
  /** A poll was asked for while one ran: run another right after it. */
  private pollAgain = false;
  private closed = false;
  /** Set by `start`: until then jobs handed over wait in the queue and nothing polls. */
  private outcomes?: JobOutcomes;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly host: WorkerHost,
    private readonly options: WorkerOptions,
  ) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
    this.schedulePoll(0);
  }

  /** The task types of the handlers registered with `engine.handle` (not the engine's own). */
  handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  registerInternal(type: string, handler: InternalHandler): void {
    this.internal.set(type, handler);
  }

  private serves(type: string): boolean {
    return this.handlers.has(type) || this.internal.has(type);
  }

  /** Polls when a job this worker serves comes due (a timer), if that is before the next regular poll. */
  wakeFor(job: JobRecord): void {
    if (this.closed || !this.serves(job.type)) return;
    const delay = Math.max(0, job.dueAt - this.clock.now());
    const at = performance.now() + delay;
    let index = this.wakes.length;
    while (index > 0 && this.wakes[index - 1] > at) index--;
    this.wakes.splice(index, 0, at);
    if (this.wakes.length > MAX_WAKES) this.wakes.pop();
    this.schedulePoll(Math.min(delay, this.options.pollIntervalMs), true);
  }

  /** Leases a job that a local step is about to create, so it can run without a trip through the store. */
  claimNew(job: JobRecord): boolean {
    // A job due later (a timer) waits in the store; the poll at its due time picks it up.
    if (this.closed || !this.serves(job.type) || job.dueAt > this.clock.now()) return false;
    job.lockOwner = this.options.owner;
    job.lockExpiresAt = this.clock.now() + this.options.lockMs;
    return true;
  }

  /** Runs jobs this worker holds the lease of. */
  dispatch(jobs: JobRecord[]): void {
    for (const job of jobs) if (this.handlers.has(job.type)) this.host.observe?.({ type: 'job.activated', jobType: job.type, worker: this.options.owner });
    this.queue.push(...jobs);
    this.drain();
  }

  /** Starts running and polling; outcomes are reported to `outcomes` (built after the worker, since they run steps that hand jobs to it). */
  start(outcomes: JobOutcomes): void {
    this.outcomes = outcomes;
    this.schedulePoll(0);
    this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.pollTimer);
    // A poll still waiting for the store (a network store answers later) ends before the store closes.
    await this.polled;
    this.queue.length = 0;
    await Promise.allSettled([...this.inflight]);
  }

  private drain(): void {
    const outcomes = this.outcomes;
    if (!outcomes) return;
    while (!this.closed && this.queue.length && this.inflight.size < this.options.maxConcurrent) {
      const job = this.queue.shift()!;
      const run = this.run(job, outcomes).finally(() => {
        this.inflight.delete(run);
        this.drain();
        if (this.storeMayHaveMore && !this.queue.length) this.schedulePoll(0);
      });
      this.inflight.add(run);
    }
  }

  private async run(record: JobRecord, outcomes: JobOutcomes): Promise<void> {
    await yieldWhenDue();
    const internal = this.internal.get(record.type);
    if (internal) return this.runInternal(internal, record);
    const handler = this.handlers.get(record.type)!;
    const job: Job = {
      key: record.key,
      type: record.type,
      variables: record.variables,
      headers: record.headers,
      retries: record.retries,
      idempotencyKey: record.key,
      context: { instanceId: record.instanceId, processId: record.processId, definitionKey: record.definitionKey, elementId: record.elementId },
      env: {},
      secrets: {},
      kind: record.kind ?? 'BPMN_ELEMENT',
      listenerEventType: record.listenerEventType ?? 'UNSPECIFIED',
    };
    let result: Awaited<ReturnType<JobHandler>>;
    let redactor = NO_SECRETS;
    try {
      job.env = (await this.host.environmentOf?.(record)) ?? {};
      job.secrets = (await this.host.secretsOf?.(record)) ?? {};
      redactor = new Redactor(Object.values(job.secrets));
      result = await handler(job);
    } catch (error) {
      return this.failed(record, outcomes, error, redactor);
    }
    try {
      // A handler that returns a secret (an echoed header, a token) does not put it into the variables: ./reports.ts redacts.
      if (result instanceof Denial) await outcomes.complete(record, {}, { denied: true, deniedReason: result.reason }, redactor);
      else await outcomes.complete(record, result && typeof result === 'object' ? result : {}, undefined, redactor);
    } catch (error) {
      // A result the instance refuses (too large, not JSON) would be refused again: the job fails (retries, then an incident).
      if (error instanceof LimitError || error instanceof InvalidArgumentError) return this.failed(record, outcomes, error);
      this.host.reportError(error, record);
    }
  }

  private async runInternal(handler: InternalHandler, record: JobRecord): Promise<void> {
    try {
      await handler(record);
    } catch (error) {
      this.host.reportError(error, record);
      const retries = record.retries - 1;
      // An internal job that keeps failing is given up (and reported) rather than retried for ever.
      const settled =
        retries > 0
          ? this.store.failJob(record.key, this.options.owner, { retries, dueAt: this.clock.now() + this.options.retryBackoffMs, errorMessage: String(error) })
          : this.store.deleteJob(record.key, this.options.owner);
      await settled.catch((storeError) => this.host.reportError(storeError, record));
      if (retries > 0) this.schedulePoll(this.options.retryBackoffMs, true);
    }
  }

  /** A handler's failure or BPMN error, reported as the job's outcome (./reports.ts takes the instance's secrets out of it). */
  private async failed(record: JobRecord, outcomes: JobOutcomes, error: unknown, redactor = NO_SECRETS): Promise<void> {
    try {
      if (error instanceof BpmnError) {
        await outcomes.throwError(record, { errorCode: error.errorCode, message: error.message, variables: error.variables }, redactor);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const own = error instanceof JobFailure ? error.options : {};
      const retries = Math.max(0, own.retries ?? record.retries - 1);
      const backoffMs = own.retryBackoffMs ?? this.options.retryBackoffMs;
      const released = await outcomes.fail(record, { retries, backoffMs, message, owner: this.options.owner }, redactor);
      if (released && retries > 0) this.schedulePoll(backoffMs, true);
    } catch (reportError) {
      this.host.reportError(reportError, record);
    }
  }

  /** Sets the next poll; an earlier one already set stands unless `sooner` moves it forward only. */
  private schedulePoll(delayMs: number, sooner = false): void {
    if (this.closed || !this.outcomes || (!this.handlers.size && !this.internal.size)) return;
    // Real time, for scheduling only: due times themselves come from the injected clock.
    const at = performance.now() + Math.max(0, delayMs);
    if (sooner && at >= this.nextPollAt) return;
    this.nextPollAt = at;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), Math.max(0, delayMs));
    this.pollTimer.unref?.();
  }

  private poll(): Promise<void> {
    this.nextPollAt = Infinity;
    if (this.closed) return Promise.resolve();
    if (this.polling) {
      this.pollAgain = true;
      return Promise.resolve();
    }
    this.polling = true;
    this.polled = this.pollOnce();
    return this.polled;
  }

  private async pollOnce(): Promise<void> {
    // The wake-ups reached by now are served by this poll; later ones stay for the next.
    const startedAt = performance.now();
    while (this.wakes.length && this.wakes[0] <= startedAt) this.wakes.shift();
    try {
      const capacity = this.options.maxConcurrent - this.inflight.size - this.queue.length;
      this.storeMayHaveMore = capacity <= 0;
      if (capacity > 0) {
        const jobs = await this.store.acquireJobs({
          types: [...this.handlers.keys(), ...this.internal.keys()],
          owner: this.options.owner,
          lockMs: this.options.lockMs,
          now: this.clock.now(),
          max: capacity,
        });
        this.storeMayHaveMore = jobs.length === capacity;
        this.dispatch(jobs);
      }
    } catch (error) {
      this.host.reportError(error);
    } finally {
      this.polling = false;
      // Sooner only: a wake-up set while this poll ran (a timer due shortly) must stand, not wait a whole interval.
      const untilWake = this.wakes.length ? this.wakes[0] - performance.now() : Infinity;
      this.schedulePoll(this.pollAgain ? 0 : Math.min(this.options.pollIntervalMs, untilWake), true);
      this.pollAgain = false;
    }
  }
}
