/**
 * The isolated step thread: runs the pure step function on what the engine
 * sends, with a cooperative deadline between actions and, in the shared
 * progress array, the evaluation it is in, so that the engine can name it
 * when it has to stop this thread (an expression that never returns, or
 * one that fills the heap).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { withEvaluationGuard } from '../expressions/feel.js';
import type { ProcessModel } from '../model/types.js';
import { step } from '../runtime/step.js';
import { PROGRESS, type StepReply, type StepRequest } from './protocol.js';

const port = parentPort!;
const progress = new Int32Array(workerData.progress as SharedArrayBuffer);
const models = new Map<string, ProcessModel>();

port.on('message', (request: StepRequest) => {
  if (request.model) models.set(request.modelKey, request.model);
  const model = models.get(request.modelKey);
  let reply: StepReply;
  try {
    if (!model) throw new Error(`the step thread was not sent model ${request.modelKey}`);
    reply = { id: request.id, ok: true, result: run(request, model) };
  } catch (error) {
    const { name, message, details } = error as { name: string; message: string; details?: unknown };
    reply = { id: request.id, ok: false, error: { name, message, details } };
  }
  port.postMessage(reply);
});

function run(request: StepRequest, model: ProcessModel) {
  const deadline = performance.now() + request.stepMs;
  const budget = {
    check: () => (performance.now() > deadline ? `ran over the step budget of ${request.stepMs} ms (budget.stepMs)` : undefined),
  };
  let evaluations = 0;
  const guard = {
    before() {
      evaluations++;
      Atomics.store(progress, PROGRESS.evaluation, evaluations);
      const fail = request.failEvaluation;
      return fail && fail.index === evaluations ? { ok: false as const, message: fail.message } : undefined;
    },
    after() {
      Atomics.store(progress, PROGRESS.evaluation, 0);
    },
  };
  return withEvaluationGuard(guard, () => step(request.state, model, request.trigger, request.now, request.globals, { ...request.options, budget }));
}

port.postMessage({ ready: true });
