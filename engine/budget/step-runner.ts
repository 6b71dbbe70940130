/**
 * Computes steps under the budget (./options.ts). The steps of a diagram
 * whose expressions are all linear in their inputs run on the main thread,
 * cut off after `sliceMs` — a step that takes longer is abandoned and run
 * again in the isolated worker (./isolated-steps.ts), where it gets the
 * whole `stepMs` and a heap of its own. Steps are pure, so running one
 * again from the stored state gives the same step.
 *
 * Every FEEL result is held to the variable limit inside the step (an
 * incident where it was used); a step that leaves the instance's variables
 * over their limit is computed again with the growth it may make, so that
 * the evaluation that crosses the limit becomes the incident.
 */
import { LimitError } from '../errors.js';
import type { FeelGlobals } from '../expressions/feel.js';
import { checkInstanceSize, instanceVariableBytes, type Limits } from '../safety/limits.js';
import type { ProcessModel } from '../model/types.js';
import type { InstanceState } from '../runtime/state.js';
import { step, stepAll, type StepOptions, type StepResult, type Trigger } from '../runtime/step.js';
import { decisionsNeedIsolation, needsIsolation } from './classify.js';
import type { DecisionCatalog } from '../dmn/types.js';
import { IsolatedSteps } from './isolated-steps.js';
import type { BudgetOptions } from './options.js';

export interface StepInput {
  /** A fresh copy of the instance each time it is called (the step changes it in place). */
  load(): Promise<InstanceState> | InstanceState;
  definitionKey: string;
  model: ProcessModel;
  trigger: Trigger;
  now: number;
  globals?: FeelGlobals;
  /** The decisions business rule tasks may evaluate (handed to the step in its options). */
  decisions?: DecisionCatalog;
}

/** Thrown by the main thread's budget to abandon a step that ran past its slice. */
class SliceExceeded extends Error {}

export class StepRunner {
  /** One per thread; a hostile step holds up only the steps queued behind it on its own thread. */
  private readonly threads: IsolatedSteps[];

  constructor(
    private readonly budget: BudgetOptions,
    private readonly limits: Pick<Limits, 'variableBytes' | 'instanceBytes'>,
  ) {
    this.threads = Array.from({ length: budget.threads }, () => new IsolatedSteps(budget));
  }

  async run(input: StepInput): Promise<StepResult> {
    const result = await this.compute(input, this.stepOptions());
    if (!result.changed) return result;
    const bytes = instanceVariableBytes(result.state);
    if (bytes <= this.limits.instanceBytes) return result;
    // Over the limit. Variables a client or worker brought are refused with the call (a LimitError naming the largest).
    const before = await input.load();
    const brought = 'variables' in input.trigger ? input.trigger.variables : undefined;
    const growthBytes = this.limits.instanceBytes - instanceVariableBytes(before) - jsonBytes(brought);
    if (growthBytes < 0) checkInstanceSize(result.state, brought, this.limits.instanceBytes);
    const strict = await this.compute(input, { ...this.stepOptions(), growthBytes: Math.max(0, growthBytes) });
    // Growth that no FEEL result accounts for (none is known) is refused rather than stored.
    if (strict.changed && instanceVariableBytes(strict.state) > this.limits.instanceBytes) {
      throw new LimitError(
        `a step of instance ${strict.state.id} (${input.trigger.type}) would leave its variables over their limit of ${this.limits.instanceBytes} bytes`,
        {
          instanceId: strict.state.id,
          limit: this.limits.instanceBytes,
        },
      );
    }
    return strict;
  }

  /**
   * Several triggers in one step (stepAll), or undefined where that could
   * differ from applying them one at a time: when the step needs the isolated
   * worker or runs past its slice (each trigger gets a slice of its own), when
   * it raised an incident (a runaway or event budget counts per step), or when
   * it leaves the variables over their limit (the careful path names the
   * evaluation that crossed it). The caller then applies them one at a time.
   */
  async runTogether(input: Omit<StepInput, 'trigger'> & { triggers: Trigger[] }): Promise<(StepResult & { changedEach: boolean[] }) | undefined> {
    if (!this.onMainThread(input)) return undefined;
    const state = await input.load();
    const options = { ...withDecisions(this.stepOptions(), input.decisions), budget: this.slice() };
    let result: StepResult & { changedEach: boolean[] };
    try {
      result = stepAll(state, input.model, input.triggers, input.now, input.globals, options);
    } catch (error) {
      if (error instanceof SliceExceeded) return undefined;
      throw error;
    }
    if (result.effects.events.some((event) => event.type === 'incident.created')) return undefined;
    if (result.changed && instanceVariableBytes(result.state) > this.limits.instanceBytes) return undefined;
    return result;
  }

  private stepOptions(): Omit<StepOptions, 'budget'> {
    return { variableBytes: this.limits.variableBytes, maxEvents: this.budget.stepEvents };
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }

  /** Whether the input's steps may run on the main thread, cut off after the slice. */
  private onMainThread(input: Pick<StepInput, 'model' | 'decisions'>): boolean {
    return this.budget.isolation === 'auto' && !needsIsolation(input.model) && !decisionsNeedIsolation(input.decisions);
  }

  /** The main thread's budget: throws SliceExceeded once the step has run for `sliceMs`. */
  private slice(): NonNullable<StepOptions['budget']> {
    const deadline = performance.now() + this.budget.sliceMs;
    return {
      check: () => {
        if (performance.now() > deadline) throw new SliceExceeded();
        return undefined;
      },
    };
  }

  private async compute(input: StepInput, stepOptions: Omit<StepOptions, 'budget'>): Promise<StepResult> {
    const options = withDecisions(stepOptions, input.decisions);
    if (this.onMainThread(input)) {
      const state = await input.load();
      try {
        return step(state, input.model, input.trigger, input.now, input.globals, { ...options, budget: this.slice() });
      } catch (error) {
        if (!(error instanceof SliceExceeded)) throw error;
      }
    }
    const { definitionKey: modelKey, model, trigger, now, globals } = input;
    const thread = this.threads.reduce((least, next) => (next.load < least.load ? next : least));
    return thread.run({ modelKey, model, state: await input.load(), trigger, now, globals, options });
  }
}

function withDecisions(options: Omit<StepOptions, 'budget'>, decisions: DecisionCatalog | undefined): Omit<StepOptions, 'budget'> {
  return decisions ? { ...options, decisions } : options;
}

function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? 'null');
}
