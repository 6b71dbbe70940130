/**
 * A deployment checked but not stored: compiles the XML exactly as a deploy
 * would and reports what it found. Problems are the answer, not an error, so
 * the modeler can put each on the element it names.
 */
import { XmlParseError, ValidationError, type ValidationProblem } from '../errors.js';
import { compileBpmn, type SkippedProcess } from '../model/compile.js';
import { startTriggersOf } from './start-triggers.js';
import { compileDmn } from '../dmn/compile.js';
import { isDmn } from '../dmn/parse.js';

export interface DryRunResult {
  /** The executable processes that would be deployed (empty when there are problems). */
  processes: Array<{ processId: string; name?: string }>;
  /** The decisions of a DMN file that would be deployed (empty when there are problems). */
  decisions?: Array<{ decisionId: string; name?: string }>;
  skipped: SkippedProcess[];
  problems: Array<ValidationProblem & { line?: number; column?: number }>;
}

export async function dryRunDeploy(xml: string, now: number, name?: string): Promise<DryRunResult> {
  if (isDmn(name, xml)) return dryRunDmn(xml);
  try {
    const { processes, skipped } = await compileBpmn(xml);
    // The same start-event checks as a deploy (engine/definitions/deployments.ts): timers and names known at deploy time.
    for (const model of processes) startTriggersOf(`${model.id}:check`, model, now);
    return { processes: processes.map((model) => ({ processId: model.id, name: model.name })), skipped, problems: [] };
  } catch (error) {
    return { processes: [], skipped: [], problems: problemsOf(error) };
  }
}

/** Problems are the answer; anything else (a limit, a bug) is thrown. */
function problemsOf(error: unknown): DryRunResult['problems'] {
  if (error instanceof ValidationError) return error.problems;
  if (error instanceof XmlParseError) {
    const { message, line, column, elementId } = error;
    return [{ message, line, column, elementId }];
  }
  throw error;
}

/** A DMN file compiled as a deploy would: its decisions, or its problems (parse errors with their line). */
async function dryRunDmn(xml: string): Promise<DryRunResult> {
  try {
    const graph = await compileDmn(xml);
    const decisions = Object.values(graph.decisions).map((d) => ({ decisionId: d.id, ...(d.name ? { name: d.name } : {}) }));
    return { processes: [], decisions, skipped: [], problems: [] };
  } catch (error) {
    return { processes: [], decisions: [], skipped: [], problems: problemsOf(error) };
  }
}
