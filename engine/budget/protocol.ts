/** Messages between the engine and the thread that runs isolated steps (./isolated-steps.ts, ./step-worker.ts). */
import type { FeelGlobals } from '../expressions/feel.js';
import type { ProcessModel } from '../model/types.js';
import type { InstanceState } from '../runtime/state.js';
import type { StepOptions, StepResult, Trigger } from '../runtime/step.js';

export interface StepRequest {
  id: number;
  /** The definition key; the worker keeps each model it was sent. */
  modelKey: string;
  /** Sent the first time this worker needs the model. */
  model?: ProcessModel;
  state: InstanceState;
  trigger: Trigger;
  now: number;
  globals?: FeelGlobals;
  options: Omit<StepOptions, 'budget'>;
  /** The real time the step may take in the worker. */
  stepMs: number;
  /** A replay of a step that was stopped inside this evaluation (counted from 1): it fails there, with this message. */
  failEvaluation?: { index: number; message: string };
}

export type StepReply = { id: number; ok: true; result: StepResult } | { id: number; ok: false; error: { name: string; message: string; details?: unknown } };

/** Slots of the progress array the worker writes and the engine reads after stopping it. */
export const PROGRESS = {
  /** The evaluation running now (counted from 1 within the step), 0 between evaluations. */
  evaluation: 0,
} as const;
