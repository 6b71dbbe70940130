/**
 * Puts one BPMN file through the engine the way a user would: deploy it,
 * deploy it again, start each deployed process at its none start event with
 * a worker for every task type it uses, complete its user tasks a few times,
 * and say where each instance came to rest. Only the public API is used; the
 * compiled model is read from the store the engine was opened with
 * (`Store.getDefinition`). Assertions are the spec's: this file only records.
 */
import type { DeployResult, Engine, InstanceView, ProcessModel, Store, ValidationProblem } from '../../engine/index.js';
import { InvalidArgumentError, ValidationError } from '../../engine/index.js';
import { until } from '../helpers.js';

/** How many user tasks one instance gets completed (with no variables) before it is left waiting. */
export const MAX_USER_TASKS = 5;

export type Outcome = 'no executable process' | 'refused' | 'deployed';

/**
 * Where an instance came to rest: `stuck` (active, no incident, nothing to wait for) is a bug. `start refused`:
 * the engine refused the start with an InvalidArgumentError (an event sub-process that cannot subscribe).
 */
export type Rest = 'completed' | 'terminated' | 'cancelled' | 'waits' | 'incident' | 'stuck' | 'not started' | 'start refused';

export interface ProcessRun {
  processId: string;
  version: number;
  model: ProcessModel;
  rest: Rest;
  /** The instance as last seen; absent when it was not started. */
  view?: InstanceView;
  /** What it waits for: `user task 'Review' (review)`, `message 'paid' at 'wait'`, ... */
  waits: string[];
  /** Why the start was refused. */
  refusal?: InvalidArgumentError;
  userTasksCompleted: number;
  summary: string;
}

export interface FileResult {
  /** The file name, with ` (forced executable)` for the second pass. */
  label: string;
  outcome: Outcome;
  /** The refusal's problems (also for `no executable process`). */
  problems: ValidationProblem[];
  /** The same XML deployed a second time: its result, or what it threw. */
  first?: DeployResult;
  again: DeployResult | unknown;
  runs: ProcessRun[];
}

/** `<process ...>` in any prefix (`bpmn:`, `semantic:`, none), not `<processType>` or `</process>`. */
const PROCESS_TAG = /<((?:[\w.-]+:)?process)(\s[^>]*?)?(\/?)>/g;

/** The process tags of a file and whether each declares `isExecutable="true"`. */
export function processTags(xml: string): Array<{ tag: string; executable: boolean }> {
  return [...xml.matchAll(PROCESS_TAG)].map(([tag]) => ({ tag, executable: /\sisExecutable="true"/.test(tag) }));
}

/** A copy of the XML in which every process is marked `isExecutable="true"`. */
export function forceExecutable(xml: string): string {
  return xml.replace(
    PROCESS_TAG,
    (_tag, name: string, attributes = '', close: string) =>
      `<${name}${(attributes as string).replace(/\sisExecutable="[^"]*"/, '')} isExecutable="true"${close}>`,
  );
}

export async function exercise(engine: Engine, store: Store, label: string, name: string, xml: string): Promise<FileResult> {
  const deploy = () => engine.deploy({ name, xml });
  let first: DeployResult;
  try {
    first = await deploy();
  } catch (error) {
    // Anything but a ValidationError (a TypeError from the compiler, a parse error on a reference model) is a bug: it propagates.
    if (!(error instanceof ValidationError)) throw error;
    const again = await deploy().then(
      (result) => result,
      (e: unknown) => e,
    );
    return { label, outcome: noExecutableProcess(error) ? 'no executable process' : 'refused', problems: error.problems, again, runs: [] };
  }
  const again = await deploy();
  const models = await Promise.all(first.processes.map(async (p) => (await store.getDefinition(p.key))!.model));
  for (const type of new Set(models.flatMap(staticJobTypes))) engine.handle(type, () => ({}));
  const runs: ProcessRun[] = [];
  for (const [index, process] of first.processes.entries()) runs.push(await run(engine, process.version, models[index]));
  return { label, outcome: 'deployed', problems: [], first, again, runs };
}

function noExecutableProcess(error: ValidationError): boolean {
  const [only, ...more] = error.problems;
  return !more.length && !only.elementId && !only.processId && /no executable process/.test(only.message);
}

/** Task types known at deploy time; a type given as an expression is found only at run time and gets no worker. */
function staticJobTypes(model: ProcessModel): string[] {
  return Object.values(model.elements).flatMap((e) => (e.job?.type.kind === 'static' ? [e.job.type.value] : []));
}

async function run(engine: Engine, version: number, model: ProcessModel): Promise<ProcessRun> {
  const base = { processId: model.id, version, model, waits: [], userTasksCompleted: 0 };
  if (!model.startEventId) {
    const starts = model.eventStartIds.map((id) => `${model.elements[id].event!.kind} start '${id}'`).join(', ');
    return { ...base, rest: 'not started', summary: `not started: no none start event (${starts || 'no start event'})` };
  }
  let id: string;
  try {
    ({ id } = await engine.start(model.id));
  } catch (error) {
    // Baton refuses a start when an event sub-process of the process cannot subscribe (its correlation key or timer
    // fails on the start variables); Zeebe would create the instance with an incident instead.
    if (!(error instanceof InvalidArgumentError)) throw error;
    return { ...base, rest: 'start refused', refusal: error, summary: `start refused: ${error.message}` };
  }
  // A token at a job-based element whose type has a worker is still moving; everything else waits or has ended.
  const working = (view: InstanceView) =>
    view.activeElements.some((e) => e.status === 'waiting' && e.jobKey && model.elements[e.elementId]?.job?.type.kind === 'static');
  const settled = (view: InstanceView) => view.status !== 'active' || view.incidents.length > 0 || !working(view);
  for (let completed = 0; ; completed++) {
    const view = await until(engine, id, settled, 3_000);
    const tasks = view.status === 'active' && !view.incidents.length ? await engine.userTasks({ instanceId: id }) : [];
    if (tasks.length && completed < MAX_USER_TASKS) {
      await engine.completeUserTask(tasks[0].id, {});
      continue;
    }
    return describeRest(view, model, completed);
  }
}

function describeRest(view: InstanceView, model: ProcessModel, userTasksCompleted: number): ProcessRun {
  const base = { processId: model.id, version: view.version, model, view, userTasksCompleted };
  const after = userTasksCompleted ? ` after ${userTasksCompleted} user task${userTasksCompleted > 1 ? 's' : ''}` : '';
  if (view.status !== 'active') return { ...base, rest: view.status, waits: [], summary: `${view.status}${after}` };
  if (view.incidents.length) {
    const incidents = view.incidents.map((i) => `incident at '${i.elementId}' (${i.kind}): ${i.message}`).join('; ');
    return { ...base, rest: 'incident', waits: [], summary: `${incidents}${after}` };
  }
  const waits = view.activeElements.flatMap((active) => waitOf(model, active.elementId, !!active.userTaskId));
  if (!waits.length) {
    const where = view.activeElements.map((e) => `${e.elementId}:${e.status}`).join(', ');
    return { ...base, rest: 'stuck', waits, summary: `stuck: active with nothing to wait for (${where})` };
  }
  return { ...base, rest: 'waits', waits, summary: `waits for ${waits.join(', ')}${after}` };
}

const CATCHES = new Set(['timer', 'message', 'signal', 'conditional']);

/** What a token at the element waits for from outside the engine: a person, a message, a timer, a signal, a condition. */
function waitOf(model: ProcessModel, elementId: string, userTask: boolean): string[] {
  const element = model.elements[elementId];
  if (userTask) return [`user task '${element.name ?? element.id}'`];
  const event = (id: string) => {
    const kind = model.elements[id].event?.kind;
    return kind && CATCHES.has(kind) ? [`${kind} at '${id}'`] : [];
  };
  if (element.type === 'intermediateCatchEvent' || element.type === 'receiveTask') return event(element.id);
  if (element.type === 'eventBasedGateway') return element.outgoing.flatMap((flowId) => event(model.flows[flowId].targetRef));
  return [];
}
