import type { ElementOfType } from '../../model/types.js';
import type { Behaviour } from './behaviour.js';
import { passThrough } from './behaviour.js';
import { createJob } from './jobs.js';

/** An undefined task (`bpmn:task`) and a manual task have nothing for the engine to do. */
export const task: Behaviour = passThrough;
export const manualTask: Behaviour = passThrough;

/** A script task evaluates its FEEL expression into the result variable; with a task definition it is a job instead. */
export const scriptTask: Behaviour<ElementOfType<'scriptTask'>> = {
  execute(machine, token, { script, job }) {
    if (job) return createJob(machine, token, job);
    if (!script) throw new Error(`engine defect: the script task '${token.elementId}' has neither a script nor a job`);
    const result = machine.evaluateFeel(script.expression, machine.scopeOf(token));
    if (!result.ok) return machine.incident(token, 'execute', 'expression', `script (result '${script.resultVariable}'): ${result.message}`);
    machine.complete(token, { [script.resultVariable]: result.value });
  },
};
