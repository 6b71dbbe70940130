/**
 * Steps run in a worker thread, one at a time, under a hard budget: the
 * thread has a heap limit (`memoryMb`) and is stopped when a step overruns
 * `stepMs` without stopping itself (an expression that never returns). The
 * stopped step is then replayed in a fresh thread with the evaluation it
 * was in failing, which turns it into an ordinary expression incident on
 * the element that used it. Steps are pure, so the replay computes the same
 * step up to that point.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConflictError, InvalidArgumentError, LimitError, NotFoundError } from '../errors.js';
import type { FeelGlobals } from '../expressions/feel.js';
import type { ProcessModel } from '../model/types.js';
import type { InstanceState } from '../runtime/state.js';
import type { StepOptions, StepResult, Trigger } from '../runtime/step.js';
import type { BudgetOptions } from './options.js';
import { PROGRESS, type StepReply, type StepRequest } from './protocol.js';

/** Time the thread gets past `stepMs` to stop the step itself before it is stopped from outside. */
const GRACE_MS = 250;

export interface IsolatedStep {
  modelKey: string;
  model: ProcessModel;
  state: InstanceState;
  trigger: Trigger;
  now: number;
  globals?: FeelGlobals;
  options: Omit<StepOptions, 'budget'>;
}

interface Pending {
  step: IsolatedStep;
  failEvaluation?: StepRequest['failEvaluation'];
  resolve(result: StepResult): void;
  reject(error: unknown): void;
  id?: number;
  timer?: NodeJS.Timeout;
}

type Overrun = 'time' | 'memory' | 'crash';

const REVIVED: Record<string, new (message: string, details?: unknown) => Error> = { ConflictError, InvalidArgumentError, LimitError, NotFoundError };

export class IsolatedSteps {
  private thread?: Worker;
  private ready?: Promise<Worker>;
  /** Models the current thread holds, by definition key. */
  private sentModels = new Set<string>();
  private readonly progress = new Int32Array(new SharedArrayBuffer(4 * Object.keys(PROGRESS).length));
  private readonly queue: Pending[] = [];
  private current?: Pending;
  private nextId = 1;
  private closed = false;

  constructor(private readonly budget: BudgetOptions) {}

  /** Steps waiting or running here: the pool sends a step to the thread with the fewest. */
  get load(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  run(step: IsolatedStep): Promise<StepResult> {
    if (this.closed) return Promise.reject(new ConflictError('the engine is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ step, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const waiting = this.current ? [this.current, ...this.queue.splice(0)] : this.queue.splice(0);
    this.current = undefined;
    for (const pending of waiting) {
      clearTimeout(pending.timer);
      pending.reject(new ConflictError('the engine is closed'));
    }
    const thread = this.thread;
    this.discardThread();
    await thread?.terminate();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    this.startThread().then(
      (thread) => this.send(thread, next),
      (error) => this.settle(next, () => next.reject(error)),
    );
  }

  private send(thread: Worker, pending: Pending): void {
    const { step } = pending;
    const request: StepRequest = {
      id: this.nextId++,
      modelKey: step.modelKey,
      model: this.sentModels.has(step.modelKey) ? undefined : step.model,
      state: step.state,
      trigger: step.trigger,
      now: step.now,
      globals: step.globals,
      options: step.options,
      stepMs: this.budget.stepMs,
      failEvaluation: pending.failEvaluation,
    };
    this.sentModels.add(step.modelKey);
    pending.id = request.id;
    Atomics.store(this.progress, PROGRESS.evaluation, 0);
    pending.timer = setTimeout(() => this.overran('time'), this.budget.stepMs + GRACE_MS);
    thread.ref();
    thread.postMessage(request);
  }

  private replied(reply: StepReply): void {
    const pending = this.current;
    if (!pending || pending.id !== reply.id) return;
    this.thread?.unref();
    this.settle(pending, () => (reply.ok ? pending.resolve(reply.result) : pending.reject(revive(reply.error))));
  }

  /** The step in the thread overran (or the thread died under it): stop the thread, and replay the step failing where it was. */
  private overran(why: Overrun): void {
    const pending = this.current;
    const evaluation = Atomics.load(this.progress, PROGRESS.evaluation);
    const thread = this.thread;
    this.discardThread();
    void thread?.terminate();
    if (!pending) return;
    this.settle(pending, () => {
      if (pending.failEvaluation || evaluation === 0) return pending.reject(this.overrunError(pending.step, why));
      pending.failEvaluation = { index: evaluation, message: this.overrunMessage(why) };
      this.queue.unshift(pending);
    });
  }

  private overrunMessage(why: Overrun): string {
    if (why === 'time') return `ran over the step budget of ${this.budget.stepMs} ms (budget.stepMs)`;
    if (why === 'memory') return `ran out of the step memory budget of ${this.budget.memoryMb} MB (budget.memoryMb)`;
    return 'stopped the thread that evaluated it';
  }

  /** A step that overran outside any expression cannot be pinned on an element: the trigger is refused. */
  private overrunError(step: IsolatedStep, why: Overrun): LimitError {
    return new LimitError(`a step of instance ${step.state.id} (${step.trigger.type}) ${this.overrunMessage(why)}; it was not applied`, {
      instanceId: step.state.id,
      trigger: step.trigger.type,
    });
  }

  private settle(pending: Pending, outcome: () => void): void {
    clearTimeout(pending.timer);
    if (this.current === pending) this.current = undefined;
    outcome();
    this.pump();
  }

  private startThread(): Promise<Worker> {
    if (this.ready) return this.ready;
    const [entry, evaluated] = threadEntry();
    const thread = new Worker(entry, {
      eval: evaluated,
      workerData: { progress: this.progress.buffer },
      resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb },
    });
    this.thread = thread;
    this.ready = new Promise<Worker>((resolve, reject) => {
      thread.on('message', (message: StepReply | { ready: true }) => {
        if ('ready' in message) resolve(thread);
        else this.replied(message);
      });
      thread.on('error', (error: Error & { code?: string }) => {
        reject(error);
        if (this.thread === thread) this.overran(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash');
      });
      thread.on('exit', () => {
        reject(new Error('the step thread exited'));
        if (this.thread === thread) this.overran('crash');
      });
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private discardThread(): void {
    this.thread = undefined;
    this.ready = undefined;
    this.sentModels = new Set();
  }
}

/**
 * The thread's entry module: the built .js beside this file, or, when the
 * engine runs from its TypeScript sources (tsx), a stub that registers tsx
 * in the thread first (a thread does not inherit the loader hooks).
 */
function threadEntry(): [URL | string, boolean] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./step-worker.js', import.meta.url), false];
  const entry = JSON.stringify(new URL('./step-worker.ts', import.meta.url).href);
  // tsx's ESM entry of its API (the package's `import` condition, which a require-based lookup cannot name).
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = JSON.stringify(pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href);
  return [`import(${tsx}).then((api) => { api.register(); return import(${entry}); })`, true];
}

function revive(error: { name: string; message: string; details?: unknown }): Error {
  const Type = REVIVED[error.name];
  return Type ? new Type(error.message, error.details) : new Error(error.message);
}
