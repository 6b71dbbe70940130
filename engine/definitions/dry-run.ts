/**
 * A deployment checked but not stored: compiles the XML exactly as a deploy
 * would and reports what it found. Problems are the answer, not an error, so
 * the modeler can put each on the element it names.
 */
import { BpmnParseError, ValidationError, type ValidationProblem } from '../errors.js';
import { compileBpmn, type SkippedProcess } from '../model/compile.js';
import { startTriggersOf } from './start-triggers.js';

export interface DryRunResult {
  /** The executable processes that would be deployed (empty when there are problems). */
  processes: Array<{ processId: string; name?: string }>;
  skipped: SkippedProcess[];
  problems: Array<ValidationProblem & { line?: number; column?: number }>;
}

export async function dryRunDeploy(xml: string, now: number): Promise<DryRunResult> {
  try {
    const { processes, skipped } = await compileBpmn(xml);
    // The same start-event checks as a deploy (engine/definitions/deployments.ts): timers and names known at deploy time.
    for (const model of processes) startTriggersOf(`${model.id}:check`, model, now);
    return { processes: processes.map((model) => ({ processId: model.id, name: model.name })), skipped, problems: [] };
  } catch (error) {
    if (error instanceof ValidationError) return { processes: [], skipped: [], problems: error.problems };
    if (error instanceof BpmnParseError) {
      const { message, line, column, elementId } = error;
      return { processes: [], skipped: [], problems: [{ message, line, column, elementId }] };
    }
    throw error;
  }
}
