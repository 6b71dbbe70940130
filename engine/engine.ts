/**
 * The public facade. An engine owns a store, the deployed definitions, and
 * an in-process job worker. Every change to an instance is a step: load the
 * state, apply one trigger, commit the new state with its effects under a
 * rev check, retry on conflict.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from './clock.js';
import { Deployments, type DeployRequest, type DeployResult } from './deployments.js';
import { ConflictError, InvalidArgumentError, NotFoundError, TimeoutError } from './errors.js';
import { HistoryEmitter } from './history.js';
import type { JobHandler } from './jobs/job.js';
import { JobWorker, type WorkerOptions } from './jobs/worker.js';
import type { HistoryEvent, JobRecord, UserTaskRecord } from './runtime/records.js';
import type { InstanceState, InstanceStatus } from './runtime/state.js';
import { newInstance, step, type StepResult, type Trigger } from './runtime/step.js';
import { openStore, type StoreOption } from './store/open.js';
import type { InstanceQuery, Store, UserTaskQuery } from './store/store.js';
import { checkVariables, DEFAULT_LIMITS, type Limits } from './limits.js';
import { instanceView, type InstanceView } from './views.js';

export interface EngineOptions {
  /** `'memory'` (default), `'sqlite:<file>'`, or a Store adapter. */
  store?: StoreOption;
  clock?: Clock;
  /** Makes instance ids; random UUIDs by default. */
  newId?: () => string;
  /** The job worker's settings; `owner` defaults to a name unique to this engine. */
  jobs?: Partial<WorkerOptions>;
  limits?: Partial<Limits>;
  /** Called with errors that have no caller to go to (a failed report from a background job). */
  onError?: (error: unknown) => void;
}

export interface StartOptions {
  variables?: Record<string, unknown>;
  businessKey?: string;
  /** Start this version instead of the latest. */
  version?: number;
}

export interface WaitOptions {
  /** Give up after this long (default 30 s) with a TimeoutError. */
  timeoutMs?: number;
}

export interface InstancePage {
  items: InstanceView[];
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string;
}

export interface DefinitionSummary {
  key: string;
  processId: string;
  version: number;
  name?: string;
  resourceName: string;
  deployedAt: string;
}

const TERMINAL: InstanceStatus[] = ['completed', 'cancelled', 'terminated'];
const CONFLICT_RETRIES = 50;

export class Engine extends HistoryEmitter {
  private readonly deployments: Deployments;
  private readonly worker: JobWorker;
  private readonly limits: Limits;
  /** Steps of one instance run one after another in this process; the rev check covers other processes. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
    options: EngineOptions,
  ) {
    super();
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.deployments = new Deployments(store, () => clock.now());
    const onError = options.onError ?? ((error: unknown) => console.error('[baton]', error));
    this.worker = new JobWorker(
      store,
      clock,
      {
        completeJob: (job, variables) => this.completeJob(job, variables),
        failJob: async (job, message) => void (await this.apply(job.instanceId, { type: 'jobFailed', jobKey: job.key, message })),
        reportError: (error) => onError(error),
      },
      {
        owner: `baton-${randomUUID()}`,
        lockMs: 30_000,
        pollIntervalMs: 1_000,
        maxConcurrent: 64,
        retryBackoffMs: 1_000,
        ...options.jobs,
      },
    );
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const store = await openStore(options.store);
    const engine = new Engine(store, options.clock ?? systemClock, options.newId ?? randomUUID, options);
    engine.worker.start();
    return engine;
  }

  /** Registers the handler for a task type; jobs of that type run in this process from now on. */
  handle(type: string, handler: JobHandler): this {
    if (!type) throw new InvalidArgumentError('a handler needs a task type');
    this.worker.register(type, handler);
    return this;
  }

  deploy(request: DeployRequest): Promise<DeployResult> {
    return this.deployments.deploy(request);
  }

  /** Every deployed version of every process, without XML and model. */
  async definitions(): Promise<DefinitionSummary[]> {
    return (await this.store.listDefinitions()).map(({ key, processId, version, name, resourceName, deployedAt }) => ({
      key,
      processId,
      version,
      name,
      resourceName,
      deployedAt: new Date(deployedAt).toISOString(),
    }));
  }

  /** Starts the latest (or the given) version of a process; resolves once the first step has committed. */
  async start(processId: string, options: StartOptions = {}): Promise<InstanceView> {
    const variables = checkVariables(options.variables ?? {}, this.limits);
    const definition = await this.deployments.resolve(processId, options.version);
    const state = newInstance({
      id: this.newId(),
      definitionKey: definition.key,
      processId,
      version: definition.version,
      businessKey: options.businessKey,
      now: this.clock.now(),
    });
    const result = step(state, definition.model, { type: 'start', variables }, this.clock.now());
    await this.commit(result);
    return instanceView(result.state, definition.model);
  }

  async getInstance(id: string): Promise<InstanceView> {
    const state = await this.loadInstance(id);
    return instanceView(state, await this.deployments.model(state.definitionKey));
  }

  async queryInstances(query: InstanceQuery = {}): Promise<InstancePage> {
    const limit = query.limit ?? 100;
    const states = await this.store.queryInstances({ ...query, limit });
    const items = await Promise.all(states.map(async (s) => instanceView(s, await this.deployments.model(s.definitionKey))));
    return { items, next: states.length === limit ? states[states.length - 1].id : undefined };
  }

  history(instanceId: string): Promise<HistoryEvent[]> {
    return this.store.history(instanceId);
  }

  userTasks(query: UserTaskQuery = {}): Promise<UserTaskRecord[]> {
    return this.store.queryUserTasks(query);
  }

  async completeUserTask(taskId: string, variables: Record<string, unknown> = {}): Promise<void> {
    const checked = checkVariables(variables, this.limits);
    const task = await this.store.getUserTask(taskId);
    if (!task) throw new NotFoundError(`no open user task '${taskId}'`);
    await this.apply(task.instanceId, { type: 'userTaskCompleted', taskId, variables: checked });
  }

  async setVariables(instanceId: string, variables: Record<string, unknown>): Promise<void> {
    await this.apply(instanceId, { type: 'setVariables', variables: checkVariables(variables, this.limits) });
  }

  /** Runs the failed part of the element again; for a failed job, a new job with `retries` attempts. */
  async resolveIncident(instanceId: string, incidentId: string, options: { retries?: number } = {}): Promise<void> {
    await this.apply(instanceId, { type: 'resolveIncident', incidentId, retries: options.retries });
  }

  async cancel(instanceId: string): Promise<void> {
    await this.apply(instanceId, { type: 'cancel' });
  }

  /**
   * Resolves with the instance once it has the status; rejects with a
   * TimeoutError after `timeoutMs`, or a ConflictError when the instance
   * ended with another status.
   */
  waitFor(instanceId: string, status: InstanceStatus, options: WaitOptions = {}): Promise<InstanceView> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      let settled = false;
      const check = async () => {
        try {
          const view = await this.getInstance(instanceId);
          if (settled) return;
          if (view.status === status) finish(() => resolve(view));
          else if (TERMINAL.includes(view.status)) {
            finish(() => reject(new ConflictError(`instance ${instanceId} ended as ${view.status}, not ${status}`, { status: view.status })));
          }
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const onEvent = (event: HistoryEvent) => {
        if (event.instanceId === instanceId && event.type.startsWith('instance.')) void check();
      };
      // Other engine processes change the instance too: look at the store now and then.
      const poll = setInterval(() => void check(), 250);
      const timer = setTimeout(
        () => finish(() => reject(new TimeoutError(`instance ${instanceId} did not become ${status} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearTimeout(timer);
        this.off('event', onEvent);
        settle();
      };
      this.on('event', onEvent);
      void check();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.close();
    await Promise.allSettled([...this.queues.values()]);
    await this.store.close();
  }

  // ---- steps ------------------------------------------------------------------

  private async completeJob(job: JobRecord, variables: Record<string, unknown>): Promise<void> {
    await this.apply(job.instanceId, { type: 'jobCompleted', jobKey: job.key, variables: checkVariables(variables, this.limits) });
  }

  private async loadInstance(id: string): Promise<InstanceState> {
    const state = await this.store.getInstance(id);
    if (!state) throw new NotFoundError(`no process instance '${id}'`);
    return state;
  }

  /** Applies a trigger to an instance: load, step, commit; on a rev conflict, all again. */
  private apply(instanceId: string, trigger: Trigger): Promise<void> {
    return this.serialize(instanceId, async () => {
      for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        const state = await this.loadInstance(instanceId);
        const result = step(state, await this.deployments.model(state.definitionKey), trigger, this.clock.now());
        if (!result.changed) return;
        try {
          return await this.commit(result);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      throw new ConflictError(`instance ${instanceId} kept changing under ${CONFLICT_RETRIES} attempts to apply ${trigger.type}`);
    });
  }

  private serialize<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(instanceId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(instanceId, tail);
    void tail.then(() => {
      if (this.queues.get(instanceId) === tail) this.queues.delete(instanceId);
    });
    return next;
  }

  /** Commits a step; jobs this process can run are leased in the same write and started right after it. */
  private async commit({ state, effects }: StepResult): Promise<void> {
    const local = effects.createJobs.filter((job) => this.worker.claimNew(job));
    await this.store.commit(state, effects);
    this.emitHistory(effects.events);
    if (local.length) this.worker.dispatch(local);
  }
}
