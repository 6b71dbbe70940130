/**
 * Reads a business rule task's `zeebe:calledDecision`. zeebe-bpmn-moddle
 * does not know `bindingType` and `versionTag` on it yet, so they are read
 * from the element's unknown attributes.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { isUnsafeName } from '../safety/safe-keys.js';
import { extension, valueField, type Report } from './extensions.js';
import type { CalledDecisionDefinition } from './types.js';

export function readCalledDecision(element: ModdleElement, report: Report): CalledDecisionDefinition | undefined {
  const called = extension(element, 'zeebe:CalledDecision');
  if (!called) return undefined;
  const attrs = (called.$attrs ?? {}) as Record<string, string>;
  const bindingType = called.bindingType ?? attrs.bindingType ?? 'latest';
  if (!['latest', 'deployment'].includes(bindingType)) report(`binding type '${bindingType}' is not supported (latest or deployment)`);
  if (called.versionTag ?? attrs.versionTag) report("binding type 'versionTag' is not supported (latest or deployment)");
  if (!called.resultVariable) report('zeebe:calledDecision has no result variable');
  else if (isUnsafeName(called.resultVariable)) report(`the result variable '${called.resultVariable}' is not allowed`);
  if (!called.decisionId) return void report('zeebe:calledDecision has no decision id');
  const decisionId = valueField(called.decisionId, 'decision id', report);
  // The deployment binding is resolved when the deployment stores its decisions (engine/definitions/decisions.ts).
  if (decisionId?.kind === 'feel' && bindingType === 'deployment') {
    report("binding type 'deployment' needs a static decision id: the decision is chosen when the process is deployed");
  }
  return decisionId && called.resultVariable
    ? { decisionId, resultVariable: called.resultVariable, binding: bindingType === 'deployment' ? 'deployment' : 'latest' }
    : undefined;
}
