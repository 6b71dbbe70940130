/**
 * Decision requirements: every required decision exists, none requires
 * itself through others (a cycle is refused naming the decisions on it),
 * and chains stay within a depth. `evaluationOrder` lists what a decision
 * needs, each once, before the decisions that need it.
 */
import type { DecisionGraph } from './types.js';

/** `declared`: every decision id of the file, those that did not compile too (they are reported already). */
export function checkRequirements(graph: DecisionGraph, declared: Set<string>, maxDepth: number, report: (elementId: string, message: string) => void): void {
  for (const decision of Object.values(graph.decisions)) {
    for (const required of decision.requires) {
      if (!declared.has(required)) report(decision.id, `the required decision '${required}' is not in the file`);
    }
  }
  const depth = new Map<string, number>();
  const onPath: string[] = [];
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const cycleAt = onPath.indexOf(id);
    if (cycleAt >= 0) throw new RequirementCycle([...onPath.slice(cycleAt), id]);
    onPath.push(id);
    let deepest = 0;
    for (const required of graph.decisions[id].requires) if (Object.hasOwn(graph.decisions, required)) deepest = Math.max(deepest, visit(required));
    onPath.pop();
    depth.set(id, deepest + 1);
    return deepest + 1;
  };
  for (const id of Object.keys(graph.decisions)) {
    try {
      if (visit(id) > maxDepth) return report(id, `the decision requires decisions ${maxDepth} levels deep or more; at most ${maxDepth} are allowed`);
    } catch (error) {
      if (!(error instanceof RequirementCycle)) throw error;
      return report(error.path[0], `the decision requirements form a cycle: ${error.path.join(' -> ')}`);
    }
  }
}

class RequirementCycle extends Error {
  constructor(readonly path: string[]) {
    super('cycle');
  }
}

/** The decisions `decisionId` needs, each once, in dependency order, ending with the decision itself. */
export function evaluationOrder(graph: DecisionGraph, decisionId: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const required of graph.decisions[id].requires) visit(required);
    order.push(id);
  };
  visit(decisionId);
  return order;
}
