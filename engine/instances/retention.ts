/**
 * Retention: completed, cancelled and terminated instances are deleted with
 * everything stored for them once they have been ended for `days` (a
 * process may set its own with `baton:retentionDays`, ./model/retention.ts).
 *
 * The work is one engine-wide internal job (`baton:retention`, no instance)
 * kept in the store and leased like any job, so among several engines on
 * one store one runs it at a time. Each run deletes one batch in one store
 * transaction (a crash loses nothing and leaves nothing half deleted) and
 * files the job again: due at once when the batch was full, else after
 * `intervalMs`. Running instances are never touched. An ended child whose
 * parent still runs goes like any other: the parent got its result when the
 * child ended.
 */
import type { Clock } from '../clock.js';
import type { Deployments } from '../definitions/deployments.js';
import { InvalidArgumentError } from '../errors.js';
import type { JobWorker } from '../jobs/worker.js';
import { INTERNAL_JOB } from '../runtime/internal.js';
import type { JobRecord } from '../runtime/records.js';
import type { PurgeRequest, Store } from '../store/store.js';

export interface RetentionOptions {
  /** Days an ended instance is kept (default 30; fractions allowed); 0 keeps them for ever. */
  days: number;
  /** Instances deleted per run, in one transaction (default 500, at most 10,000). */
  batchSize: number;
  /** Time between runs when the last one found less than a batch (default 10 minutes). */
  intervalMs: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { days: 30, batchSize: 500, intervalMs: 10 * 60_000 };
export const MAX_RETENTION_BATCH = 10_000;
const DAY_MS = 24 * 3600 * 1000;

/** The one retention job of a store; its process id is reserved (process ids starting with `baton:` are refused at deploy). */
export const RETENTION_JOB_KEY = 'baton:retention';

export function retentionOptions(given: Partial<RetentionOptions> = {}): RetentionOptions {
  const options = { ...DEFAULT_RETENTION, ...given };
  if (typeof options.days !== 'number' || !Number.isFinite(options.days) || options.days < 0) {
    throw new InvalidArgumentError('retention.days must be a number of days, 0 or more (0 keeps ended instances for ever)');
  }
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > MAX_RETENTION_BATCH) {
    throw new InvalidArgumentError(`retention.batchSize must be a whole number from 1 to ${MAX_RETENTION_BATCH}`);
  }
  if (typeof options.intervalMs !== 'number' || !Number.isFinite(options.intervalMs) || options.intervalMs <= 0) {
    throw new InvalidArgumentError('retention.intervalMs must be a positive number of milliseconds');
  }
  return options;
}

export interface RetentionContext {
  store: Store;
  deployments: Deployments;
  clock: Clock;
  worker: JobWorker;
  workerId: string;
  onError: (error: unknown) => void;
  /** Told how many instances each run deleted (for metrics). */
  purged?: (count: number) => void;
}

export class Retention {
  /** Each version's own days (undefined: none); a deployed model never changes, so this is read once per version. */
  private readonly daysByDefinition = new Map<string, number | undefined>();

  constructor(
    private readonly context: RetentionContext,
    private readonly options: RetentionOptions,
  ) {
    context.worker.registerInternal(INTERNAL_JOB.retention, (job) => this.run(job));
  }

  /** Files the retention job unless the store has it (an engine opened before on this store filed it). */
  async schedule(): Promise<void> {
    const { store, clock } = this.context;
    if (await store.getJob(RETENTION_JOB_KEY)) return;
    const now = clock.now();
    const job: JobRecord = {
      key: RETENTION_JOB_KEY,
      instanceId: '',
      definitionKey: '',
      processId: RETENTION_JOB_KEY,
      elementId: '',
      tokenId: '',
      type: INTERNAL_JOB.retention,
      retries: 3,
      headers: {},
      variables: {},
      dueAt: now,
      createdAt: now,
      payload: {},
    };
    // The only store call that files an engine-wide job outside a commit: under the reserved process id it replaces just this job.
    await store.replaceStartTriggers(RETENTION_JOB_KEY, { subscriptions: [], jobs: [job] });
  }

  /** The request for a run at `now`: the engine's days for most, each version's own where it has some. */
  private async request(now: number): Promise<PurgeRequest> {
    const byDefinition: Record<string, number | null> = {};
    for (const { key } of await this.context.store.queryDefinitions({ includeDeleted: true })) {
      const days = await this.ownDays(key);
      if (days !== undefined) byDefinition[key] = cutoff(now, days);
    }
    return { endedBefore: cutoff(now, this.options.days) ?? undefined, byDefinition, limit: this.options.batchSize };
  }

  /**
   * One batch. The job is never given up: an error is reported and the job
   * filed again for the next interval, keeping its retries.
   */
  private async run(job: JobRecord): Promise<void> {
    const { store, clock, worker, workerId, onError } = this.context;
    let full = false;
    try {
      const deleted = await store.purgeEndedInstances(await this.request(clock.now()));
      full = deleted.length >= this.options.batchSize;
      this.context.purged?.(deleted.length);
    } catch (error) {
      onError(error);
    }
    const dueAt = clock.now() + (full ? 0 : this.options.intervalMs);
    const filed = await store.rescheduleJob(job.key, workerId, dueAt).catch((error: unknown) => {
      onError(error);
      return false;
    });
    if (filed) worker.wakeFor({ ...job, dueAt });
  }

  private async ownDays(definitionKey: string): Promise<number | undefined> {
    if (!this.daysByDefinition.has(definitionKey)) {
      this.daysByDefinition.set(definitionKey, (await this.context.deployments.model(definitionKey)).retentionDays);
    }
    return this.daysByDefinition.get(definitionKey);
  }
}

/** Instances that ended before the returned time are past `days`; null: 0 days, kept for ever. */
function cutoff(now: number, days: number): number | null {
  return days === 0 ? null : now - days * DAY_MS;
}
