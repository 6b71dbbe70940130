/**
 * A business rule task with a `zeebe:calledDecision` evaluates its decision
 * inside the step, from the catalog of decisions the host loaded for it, and
 * completes with the result in its result variable; the evaluation is
 * recorded in the history. A failure is an incident naming the decision
 * (and the rule). With a task definition instead, it is a job.
 */
import { evaluateDecision } from '../../dmn/evaluate.js';
import type { ElementOfType } from '../../model/types.js';
import type { Behaviour } from './behaviour.js';
import { createJob } from './jobs.js';
import { lookupVariable } from '../variables.js';

export const businessRuleTask: Behaviour<ElementOfType<'businessRuleTask'>> = {
  execute(machine, token, { calledDecision: called, job }) {
    if (job) return createJob(machine, token, job);
    if (!called) throw new Error(`engine defect: the business rule task '${token.elementId}' has neither a decision nor a job`);
    const scopeId = machine.scopeOf(token);
    const id = machine.evaluateValue(called.decisionId, scopeId);
    if (!id.ok) return machine.incident(token, 'execute', 'expression', `decision id: ${id.message}`);
    if (typeof id.value !== 'string' || !id.value) {
      return machine.incident(token, 'execute', 'expression', `the decision id must be a non-empty string, not ${JSON.stringify(id.value)}`);
    }
    const ref = called.binding === 'deployment' && called.decisionKey ? called.decisionKey : id.value;
    const version = machine.decision(ref);
    if (!version) return machine.incident(token, 'execute', 'expression', `no decision '${ref}' is deployed`);
    const outcome = evaluateDecision(version.graph, version.decisionId, {
      lookup: (name) => lookupVariable(machine.state, scopeId, name),
      now: machine.now,
      globals: machine.globals,
    });
    const where = `decision '${version.key}'`;
    if (!outcome.ok) {
      const failed = outcome.decisionId === version.decisionId ? where : `${where}, required decision '${outcome.decisionId}'`;
      return machine.incident(token, 'execute', 'expression', `${failed}: ${outcome.message}`);
    }
    const result = machine.withinLimits({ ok: true, value: outcome.evaluation.output });
    if (!result.ok) return machine.incident(token, 'execute', 'expression', `${where} (result '${called.resultVariable}'): ${result.message}`);
    machine.record('decision.evaluated', {
      elementId: token.elementId,
      tokenId: token.id,
      decision: { decisionKey: version.key, decisionId: version.decisionId, version: version.version, evaluated: outcome.evaluation.evaluated },
    });
    machine.complete(token, { [called.resultVariable]: result.value });
  },
};
