/**
 * Running steps against the store: load the instance, apply one trigger,
 * commit the new state with its effects under the rev check, and on a
 * conflict do it all again. Steps of one instance are queued in this
 * process (fewer conflicts); the rev check keeps other processes honest.
 */
import type { DecisionCatalog } from '../dmn/types.js';
import type { ProcessModel } from '../model/types.js';
import type { Clock } from '../clock.js';
import type { Deployments, ResolvedDefinition } from '../definitions/deployments.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { JobAvailability } from '../jobs/availability.js';
import type { JobWorker } from '../jobs/worker.js';
import type { Effects, HistoryEvent } from '../runtime/records.js';
import type { InstanceState, ParentReference } from '../runtime/state.js';
import { newInstance, type StepResult, type Trigger } from '../runtime/step.js';
import type { StepInput, StepRunner } from '../budget/step-runner.js';
import type { Store } from '../store/store.js';
import type { FeelGlobals } from '../expressions/feel.js';

const CONFLICT_RETRIES = 50;

export interface StartRequest {
  id: string;
  definition: ResolvedDefinition;
  variables: Record<string, unknown>;
  businessKey?: string;
  /** A message, signal or timer start event instead of the none start event. */
  startEventId?: string;
  parent?: ParentReference;
  /** Written with the first commit (the timer or call job that started the instance). */
  extraEffects?: Partial<Pick<Effects, 'createJobs' | 'deleteJobs'>>;
}

/** Told of each committed step: its history events in order, its effects and the state it committed. */
export type CommitListener = (events: HistoryEvent[], effects: Effects, state: InstanceState) => void;

export interface StepHooks {
  /** How long a step took (real time, conflict retries included), by trigger type: for metrics only. */
  timed?(trigger: string, seconds: number): void;
  /** Names every FEEL expression of an instance of the definition sees (the environment's `env`). */
  globals?(definitionKey: string): Promise<FeelGlobals>;
  /** The decisions the model's business rule tasks may evaluate (engine/definitions/decisions.ts). */
  decisions?(model: ProcessModel): Promise<DecisionCatalog | undefined>;
  /** Takes secret values out of a step's messages before it is committed (engine/safety/redaction.ts). */
  redact?(result: StepResult): void | Promise<void>;
}

/** The in-process worker's fast path: jobs it can run now are leased in the commit that creates them. */
export type LocalJobs = Pick<JobWorker, 'claimNew' | 'dispatch'>;

/** A job completion waiting in its instance's queue, with the caller's answer. */
interface WaitingCompletion {
  trigger: Trigger;
  resolve(changed: boolean): void;
  reject(error: unknown): void;
}

export class Steps {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Per instance, the job completions that arrived while a step of it ran: the next step applies them together. */
  private readonly waitingCompletions = new Map<string, WaitingCompletion[]>();
  private readonly commitListeners: CommitListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly deployments: Deployments,
    private readonly clock: Clock,
    private readonly localJobs: LocalJobs,
    private readonly availability: JobAvailability,
    private readonly hooks: StepHooks,
    /** Computes steps under the budget and the variable limits (./budget/step-runner.ts). */
    private readonly runner: StepRunner,
  ) {}

  async start(request: StartRequest): Promise<InstanceState> {
    const now = this.clock.now();
    const { definition } = request;
    const load = () => {
      const state = newInstance({
        id: request.id,
        definitionKey: definition.key,
        processId: definition.processId,
        version: definition.version,
        businessKey: request.businessKey,
        now,
      });
      if (request.parent) state.parent = request.parent;
      return state;
    };
    const startedAt = performance.now();
    const trigger: Trigger = { type: 'start', variables: request.variables, startEventId: request.startEventId };
    const globals = await this.globals(definition.key);
    const decisions = await this.hooks.decisions?.(definition.model);
    const result = await this.runner.run({ load, definitionKey: definition.key, model: definition.model, trigger, now, globals, decisions });
    result.effects.createJobs.push(...(request.extraEffects?.createJobs ?? []));
    result.effects.deleteJobs.push(...(request.extraEffects?.deleteJobs ?? []));
    await this.commit(result);
    this.hooks.timed?.('start', (performance.now() - startedAt) / 1000);
    return result.state;
  }

  /** What a step of an instance of the definition runs with besides its state: the model, the host's names, the decisions. */
  private async stepContext(definitionKey: string): Promise<Pick<StepInput, 'definitionKey' | 'model' | 'globals' | 'decisions'>> {
    const model = await this.deployments.model(definitionKey);
    const [globals, decisions] = await Promise.all([this.globals(definitionKey), this.hooks.decisions?.(model)]);
    return { definitionKey, model, globals, decisions };
  }

  /** The host's names for the expressions of the definition's instances (none without the hook). */
  async globals(definitionKey: string): Promise<FeelGlobals | undefined> {
    return this.hooks.globals?.(definitionKey);
  }

  async load(id: string): Promise<InstanceState> {
    const state = await this.store.getInstance(id);
    if (!state) throw new NotFoundError(`no process instance '${id}'`);
    return state;
  }

  /**
   * Applies a trigger; resolves with whether it changed the instance. With
   * `consumesJob`, that (internal) job is deleted by the same commit, and a
   * commit is made even when the trigger no longer applied, so that the job
   * is gone either way.
   */
  apply(instanceId: string, trigger: Trigger, consumesJob?: string): Promise<boolean> {
    if (trigger.type === 'jobCompleted' && !consumesJob) return this.applyCompletion(instanceId, trigger);
    return this.applyOne(instanceId, trigger, consumesJob);
  }

  /**
   * Job completions of one instance that queue up behind a step of it (the
   * ten branches of a parallel split completing at once) are applied in one
   * step and one commit instead of one each; each caller still learns whether
   * its own completion applied. Where one step could differ from several
   * (StepRunner.runTogether), or only one is waiting, they go one at a time.
   */
  private applyCompletion(instanceId: string, trigger: Trigger): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const waiting = this.waitingCompletions.get(instanceId);
      if (waiting) {
        waiting.push({ trigger, resolve, reject });
        return;
      }
      const group: WaitingCompletion[] = [{ trigger, resolve, reject }];
      this.waitingCompletions.set(instanceId, group);
      void this.serialize(instanceId, async () => {
        if (this.waitingCompletions.get(instanceId) === group) this.waitingCompletions.delete(instanceId);
        await this.applyCompletions(instanceId, group);
      });
    });
  }

  private async applyCompletions(instanceId: string, group: WaitingCompletion[]): Promise<void> {
    let together: boolean[] | undefined;
    if (group.length > 1) {
      try {
        together = await this.applyTogether(
          instanceId,
          group.map((waiting) => waiting.trigger),
        );
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
    }
    if (together) {
      group.forEach((waiting, n) => waiting.resolve(together[n]));
      return;
    }
    for (const waiting of group) await this.applyNow(instanceId, waiting.trigger).then(waiting.resolve, waiting.reject);
  }

  /** The triggers in one step, or undefined when they must go one at a time. */
  private applyTogether(instanceId: string, triggers: Trigger[]): Promise<boolean[] | undefined> {
    return this.timed('jobCompleted', () =>
      this.untilCommitted(instanceId, 'jobCompleted', async () => {
        const state = await this.load(instanceId);
        const input = { load: () => state, ...(await this.stepContext(state.definitionKey)), triggers, now: this.clock.now() };
        // A trigger that throws is answered by its own step, one at a time, with the others applied around it.
        const result = await this.runner.runTogether(input).catch(() => undefined);
        if (!result?.changed) return { value: result?.changedEach };
        return { result, value: result.changedEach };
      }),
    );
  }

  private applyOne(instanceId: string, trigger: Trigger, consumesJob?: string): Promise<boolean> {
    return this.serialize(instanceId, () => this.applyNow(instanceId, trigger, consumesJob));
  }

  /** One trigger in one step; the caller holds the instance's queue. */
  private applyNow(instanceId: string, trigger: Trigger, consumesJob?: string): Promise<boolean> {
    return this.timed(trigger.type, () =>
      this.untilCommitted(instanceId, trigger.type, async () => {
        const state = await this.load(instanceId);
        // The first load is the step's own; a step computed again (../budget/step-runner.ts) loads a fresh copy.
        let first: InstanceState | undefined = state;
        const load = async () => {
          const copy = first ?? (await this.load(instanceId));
          first = undefined;
          return copy;
        };
        const result = await this.runner.run({ load, ...(await this.stepContext(state.definitionKey)), trigger, now: this.clock.now() });
        if (consumesJob) {
          if (!result.changed) result.state.rev += 1;
          if (!result.effects.deleteJobs.includes(consumesJob)) result.effects.deleteJobs.push(consumesJob);
        } else if (!result.changed) {
          return { value: false };
        }
        return { result, value: result.changed };
      }),
    );
  }

  /**
   * A step that is not a trigger of the token machine (a migration, which
   * needs two models): `change` computes the result from the loaded state,
   * and on a rev conflict it runs again on the fresh state.
   */
  change(instanceId: string, name: string, change: (state: InstanceState) => Promise<StepResult>): Promise<InstanceState> {
    return this.serialize(instanceId, () =>
      this.timed(name, () =>
        this.untilCommitted(instanceId, name, async () => {
          const result = await change(await this.load(instanceId));
          return result.changed ? { result, value: result.state } : { value: result.state };
        }),
      ),
    );
  }

  /**
   * Runs `attempt` (load, compute) and commits what it made; on a rev
   * conflict, all again on the fresh state. An attempt without a result has
   * nothing to commit.
   */
  private async untilCommitted<T>(instanceId: string, what: string, attempt: () => Promise<{ result?: StepResult; value: T }>): Promise<T> {
    for (let tries = 0; tries < CONFLICT_RETRIES; tries++) {
      const { result, value } = await attempt();
      if (!result) return value;
      try {
        await this.commit(result);
        return value;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError(`instance ${instanceId} kept changing under ${CONFLICT_RETRIES} attempts to apply ${what}`);
  }

  /** Real time, for metrics only: the step's logic runs on the injected clock. */
  private async timed<T>(trigger: string, work: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await work();
    } finally {
      this.hooks.timed?.(trigger, (performance.now() - startedAt) / 1000);
    }
  }

  /** Listens to every step committed in this process, after the step's jobs were handed on. */
  onCommitted(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  /** Waits for the steps queued in this process to finish. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
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

  /** Commits a step; jobs this process can run now are leased in the same write and started right after it. */
  private async commit(result: StepResult): Promise<void> {
    await this.hooks.redact?.(result);
    const { state, effects } = result;
    const local = effects.createJobs.filter((job) => this.localJobs.claimNew(job));
    await this.store.commit(state, effects);
    if (local.length) this.localJobs.dispatch(local);
    this.availability.announce(effects.createJobs);
    for (const listener of this.commitListeners) listener(effects.events, effects, state);
  }
}
