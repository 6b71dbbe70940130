/**
 * The `deployment` binding of business rule tasks: the decision must be in
 * one of the deployment's `.dmn` files, and its version is written into the
 * process model when the deployment is stored. Also refuses two files of
 * one deployment that hold the same decision.
 */
import type { ValidationProblem } from '../errors.js';
import type { CompiledFile } from './deployments.js';
import type { CompiledDmnFile, DeployedDecision } from './decisions.js';

export function decisionClashes(dmn: CompiledDmnFile[]): ValidationProblem[] {
  const seen = new Map<string, string>();
  const problems: ValidationProblem[] = [];
  for (const file of dmn) {
    for (const id of Object.keys(file.graph.decisions)) {
      const other = seen.get(id);
      if (other !== undefined)
        problems.push({ resource: file.name, elementId: id, message: `the decision '${id}' is in '${other}' too: one deployment may hold each decision once` });
      seen.set(id, file.name);
    }
  }
  return problems;
}

export function bindingProblems(files: CompiledFile[], dmn: CompiledDmnFile[]): ValidationProblem[] {
  const deployed = new Set(dmn.flatMap((file) => Object.keys(file.graph.decisions)));
  return boundTasks(files).flatMap(({ file, processId, elementId, decisionId }) =>
    deployed.has(decisionId)
      ? []
      : [
          {
            resource: file.name,
            processId,
            elementId,
            message: `binding type 'deployment': the deployment has no decision '${decisionId}' (deploy its .dmn file with the process)`,
          },
        ],
  );
}

/** Writes the key of the deployment's version of each bound decision into the models about to be stored. */
export function bindDecisions(files: CompiledFile[], decisions: DeployedDecision[]): void {
  const keys = new Map(decisions.map((d) => [d.decisionId, d.key]));
  for (const { called, decisionId } of boundTasks(files)) called.decisionKey = keys.get(decisionId);
}

function boundTasks(files: CompiledFile[]) {
  return files.flatMap((file) =>
    file.processes.flatMap((model) =>
      Object.values(model.elements).flatMap((element) => {
        const called = element.calledDecision;
        if (called?.binding !== 'deployment' || called.decisionId.kind !== 'static') return [];
        return [{ file, processId: model.id, elementId: element.id, called, decisionId: called.decisionId.value }];
      }),
    ),
  );
}
