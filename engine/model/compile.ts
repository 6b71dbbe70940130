/**
 * Moddle definitions -> one compiled `ProcessModel` per executable process.
 * Every problem is collected with its element id and raised together as one
 * `ValidationError`, so a user fixes a diagram in one round.
 */
import type { ModdleElement, ParseWarning } from 'bpmn-moddle';
import { ValidationError, type ValidationProblem } from '../errors.js';
import { checkAdHoc, readAdHoc } from './adhoc.js';
import { readDataLoader } from './data-loader.js';
import { readCalledElement, readMultiInstance, readStandardLoop } from './activities.js';
import { readEvent, readMessage } from './events.js';
import { extension, feelField, readJob, readMappings, readScript, readUserTask, type Report } from './extensions.js';
import { readCalledDecision } from './called-decision.js';
import { parseBpmn, warningPosition } from './parse.js';
import { readElementListeners, readProcessListeners } from './listeners.js';
import { checkElementNames, isReservedProcessId } from './safe-names.js';
import { isUnsafeName } from '../safety/safe-keys.js';
import { readRetentionDays } from './retention.js';
import { readSearchAttributes } from './search-attributes.js';
import { sealProcess } from './seal.js';
import type { ElementDraft, ElementType, FlowModel, ProcessDraft, ProcessModel } from './types.js';
import { validateProcess, type Association } from './validate.js';
import { checkZeebeRules } from './zeebe-rules.js';

export interface SkippedProcess {
  id: string;
  name?: string;
  reason: string;
}

export interface CompiledDefinitions {
  processes: ProcessModel[];
  /** Processes in the file that will not run (not executable), reported to the deployer. */
  skipped: SkippedProcess[];
}

const ELEMENT_TYPES: Record<string, ElementType> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:AdHocSubProcess': 'adHocSubProcess',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:CallActivity': 'callActivity',
};

/** Elements that BPMN defines and Baton will run, but not yet: refused at deploy, never half-run. */
const NOT_SUPPORTED_YET: Record<string, string> = {
  'bpmn:ComplexGateway': 'complex gateways are not supported',
  'bpmn:Transaction': 'transaction sub-processes are not supported yet',
};

/** Flow elements with no run-time behaviour of their own. */
const WITHOUT_BEHAVIOUR = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:SequenceFlow']);

export async function compileBpmn(xml: string): Promise<CompiledDefinitions> {
  const { definitions, warnings } = await parseBpmn(xml);
  const problems: ValidationProblem[] = [];
  const processes: ProcessModel[] = [];
  const skipped: SkippedProcess[] = [];

  for (const root of (definitions.rootElements ?? []) as ModdleElement[]) {
    if (root.$type !== 'bpmn:Process') continue;
    if (root.isExecutable !== true) {
      skipped.push({ id: root.id!, name: root.name, reason: 'the process is not marked isExecutable="true"' });
      continue;
    }
    const before = problems.length;
    const model = compileProcess(root, problems);
    problems.push(...warningsIn(root, warnings));
    // A process with no problems holds what each element type needs: sealing checks it and gives it its type.
    if (problems.length === before) processes.push(sealProcess(model));
  }
  problems.push(...warningsIn(undefined, warnings));
  if (problems.length) throw new ValidationError(problems);
  if (!processes.length) {
    throw new ValidationError([{ message: 'the file has no executable process (isExecutable="true")' }]);
  }
  return { processes, skipped };
}

/**
 * moddle's warnings: dangling references inside one executable process, or,
 * when `process` is undefined, content moddle could not read at all.
 */
function warningsIn(process: ModdleElement | undefined, warnings: ParseWarning[]): ValidationProblem[] {
  return warnings
    .filter((w) => (process ? !!w.element && ownerProcess(w.element) === process : !w.element))
    .map((w) => {
      const { line, column } = warningPosition(w);
      const where = line ? ` (line ${line}, column ${column})` : '';
      const nested = /nested error: (.*)/.exec(w.message)?.[1];
      return {
        processId: process?.id,
        elementId: w.element?.id,
        message: `${w.message.split('\n')[0]}${nested ? `: ${nested}` : ''}${where}`,
      };
    });
}

function ownerProcess(element: ModdleElement): ModdleElement | undefined {
  let current: ModdleElement | undefined = element;
  while (current && current.$type !== 'bpmn:Process') current = current.$parent;
  return current;
}

function compileProcess(process: ModdleElement, problems: ValidationProblem[]): ProcessDraft {
  const model: ProcessDraft = { id: process.id!, name: process.name, eventStartIds: [], eventSubProcesses: {}, elements: {}, flows: {} };
  const reportFor =
    (elementId?: string): Report =>
    (message) =>
      problems.push({ processId: model.id, elementId, message });
  const faulty = new Set<string>();
  if (isUnsafeName(model.id)) reportFor(model.id)(`the process id '${model.id}' is not allowed`);
  if (isReservedProcessId(model.id)) reportFor(model.id)(`process ids starting with 'baton:' are the engine's own: rename '${model.id}'`);
  compileScope(process, model.id, model, process, reportFor, faulty);
  checkZeebeRules(process, model, reportFor, faulty);
  validateProcess(model, reportFor, faulty, associationsIn(process));
  checkAdHoc(model, reportFor);
  const searchAttributes = readSearchAttributes(process, reportFor());
  if (searchAttributes) model.searchAttributes = searchAttributes;
  const dataLoader = readDataLoader(process, reportFor());
  if (dataLoader) model.dataLoader = dataLoader;
  const retentionDays = readRetentionDays(process, reportFor(model.id));
  if (retentionDays !== undefined) model.retentionDays = retentionDays;
  const listeners = readProcessListeners(process, reportFor(model.id));
  if (listeners) model.executionListeners = listeners;
  return model;
}

function compileScope(
  container: ModdleElement,
  scopeId: string,
  model: ProcessDraft,
  process: ModdleElement,
  reportFor: (elementId?: string) => Report,
  /** Elements and flows already reported as broken: problems that only follow from them are not reported again. */
  faulty: Set<string>,
): void {
  for (const element of (container.flowElements ?? []) as ModdleElement[]) {
    const report = reportFor(element.id);
    if (element.$type === 'bpmn:SequenceFlow') {
      const flow = (model.flows[element.id!] = compileFlow(element, report));
      if (element.conditionExpression?.body?.trim() && !flow.condition) faulty.add(flow.id);
      continue;
    }
    if (WITHOUT_BEHAVIOUR.has(element.$type)) continue;
    if (NOT_SUPPORTED_YET[element.$type]) {
      report(NOT_SUPPORTED_YET[element.$type]);
      faulty.add(element.id!);
      continue;
    }
    const type = ELEMENT_TYPES[element.$type];
    if (!type) {
      report(`unknown or unsupported element <${element.$type}>`);
      faulty.add(element.id!);
      continue;
    }
    if (Object.hasOwn(model.elements, element.id!)) report(`duplicate element id '${element.id}'`);
    const compiled = (model.elements[element.id!] = compileElement(element, type, scopeId, container, process, report));
    // An event whose definition was refused is not a none event: checks of none events must not count it.
    if (element.eventDefinitions?.length && !compiled.event) faulty.add(compiled.id);
    if (type === 'subProcess') compileScope(element, element.id!, model, process, reportFor, faulty);
    if (type === 'adHocSubProcess') {
      // Its event sub-processes are listed here (./validate.ts lists those of the process and embedded sub-processes).
      model.eventSubProcesses[element.id!] = [];
      compileScope(element, element.id!, model, process, reportFor, faulty);
    }
  }
}

/** Associations of the process and its sub-processes (artifacts may sit at any level). */
function associationsIn(container: ModdleElement): Association[] {
  const own = ((container.artifacts ?? []) as ModdleElement[])
    .filter((a) => a.$type === 'bpmn:Association' && a.sourceRef?.id && a.targetRef?.id)
    .map((a) => ({ sourceRef: a.sourceRef.id as string, targetRef: a.targetRef.id as string }));
  const nested = ((container.flowElements ?? []) as ModdleElement[])
    .filter((e) => e.$type === 'bpmn:SubProcess' || e.$type === 'bpmn:AdHocSubProcess')
    .flatMap(associationsIn);
  return [...own, ...nested];
}

function compileFlow(flow: ModdleElement, report: Report): FlowModel {
  const compiled: FlowModel = { id: flow.id!, name: flow.name, sourceRef: flow.sourceRef?.id ?? '', targetRef: flow.targetRef?.id ?? '' };
  if (isUnsafeName(compiled.id)) report(`the sequence flow id '${compiled.id}' is not allowed`);
  if (!compiled.sourceRef) report('the sequence flow has no source element');
  if (!compiled.targetRef) report('the sequence flow points nowhere (no target element)');
  const body = flow.conditionExpression?.body;
  if (typeof body === 'string' && body.trim()) compiled.condition = feelField(body, 'condition', report);
  return compiled;
}

function compileElement(
  element: ModdleElement,
  type: ElementType,
  scopeId: string,
  container: ModdleElement,
  process: ModdleElement,
  report: Report,
): ElementDraft {
  const compiled: ElementDraft = {
    id: element.id!,
    type,
    name: element.name,
    scopeId,
    incoming: [],
    outgoing: [],
    defaultFlow: element.default?.id,
    ...readMappings(element, report),
  };
  ELEMENT_READERS[type]?.(element, compiled, { container, process }, report);
  if (element.loopCharacteristics) readLoop(element.loopCharacteristics, compiled, report);
  if (element.isForCompensation) compiled.isForCompensation = true;
  readElementListeners(element, compiled, report);
  checkElementNames(compiled, report);
  return compiled;
}

interface Surroundings {
  /** The process or sub-process the element is in. */
  container: ModdleElement;
  process: ModdleElement;
}

type ElementReader = (element: ModdleElement, compiled: ElementDraft, where: Surroundings, report: Report) => void;

const readJobTask: ElementReader = (element, compiled, _where, report) => {
  compiled.job = readJob(element, report);
  if (!extension(element, 'zeebe:TaskDefinition')) report('a service or send task needs a zeebe:taskDefinition with a type');
};

/** Message throw events are jobs, as in Zeebe: a worker sends the message. */
const readThrowEvent =
  (placement: 'endEvent' | 'intermediateThrowEvent'): ElementReader =>
  (element, compiled, _where, report) => {
    compiled.event = readEvent(element, placement, report);
    compiled.terminate = compiled.event?.kind === 'terminate';
    if (compiled.event?.kind === 'message') {
      compiled.job = readJob(element, report);
      if (!extension(element, 'zeebe:TaskDefinition')) report('a message throw event needs a zeebe:taskDefinition: a worker sends the message');
    }
  };

const ELEMENT_READERS: Partial<Record<ElementType, ElementReader>> = {
  serviceTask: readJobTask,
  sendTask: readJobTask,
  userTask: (element, compiled, { process }, report) => {
    compiled.userTask = readUserTask(element, process, report);
  },
  scriptTask: (element, compiled, _where, report) => {
    compiled.script = readScript(element, report);
    if (!compiled.script) compiled.job = readJob(element, report);
    if (!compiled.script && !compiled.job) {
      report('a script task needs a zeebe:script (FEEL expression and result variable) or a zeebe:taskDefinition');
    }
  },
  businessRuleTask: (element, compiled, _where, report) => {
    compiled.calledDecision = readCalledDecision(element, report);
    if (!compiled.calledDecision) compiled.job = readJob(element, report);
    if (compiled.calledDecision && extension(element, 'zeebe:TaskDefinition'))
      report('a business rule task has either a zeebe:calledDecision or a zeebe:taskDefinition, not both');
    if (!compiled.calledDecision && !compiled.job) {
      report('a business rule task needs a zeebe:calledDecision (decision id and result variable) or a zeebe:taskDefinition');
    }
  },
  startEvent: (element, compiled, { container }, report) => {
    const placement = container.$type === 'bpmn:Process' ? 'process start' : container.triggeredByEvent ? 'event sub-process start' : 'sub-process start';
    compiled.event = readEvent(element, placement, report);
    compiled.interrupting = element.isInterrupting !== false;
    if (compiled.event?.kind === 'error' && !compiled.interrupting)
      report('an error start event is always interrupting (isInterrupting="false" is not allowed)');
  },
  endEvent: readThrowEvent('endEvent'),
  intermediateThrowEvent: readThrowEvent('intermediateThrowEvent'),
  intermediateCatchEvent: (element, compiled, _where, report) => {
    compiled.event = readEvent(element, 'intermediateCatchEvent', report);
  },
  boundaryEvent: (element, compiled, _where, report) => {
    compiled.event = readEvent(element, 'boundaryEvent', report);
    compiled.attachedTo = element.attachedToRef?.id;
    compiled.interrupting = element.cancelActivity !== false;
    if (compiled.event?.kind === 'error' && !compiled.interrupting)
      report('an error boundary event is always interrupting (cancelActivity="false" is not allowed)');
    if (!compiled.attachedTo) report('the boundary event is attached to no activity');
  },
  receiveTask: (element, compiled, _where, report) => {
    compiled.event = readMessage(element.messageRef, report);
  },
  callActivity: (element, compiled, _where, report) => {
    compiled.calledElement = readCalledElement(element, report);
  },
  subProcess: (element, compiled) => {
    if (element.triggeredByEvent) compiled.eventSubProcess = true;
  },
  adHocSubProcess: (element, compiled, _where, report) => {
    compiled.adHoc = readAdHoc(element, report);
  },
};

function readLoop(loop: ModdleElement, compiled: ElementDraft, report: Report): void {
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') compiled.loop = readStandardLoop(loop, report);
  else compiled.multiInstance = readMultiInstance(loop, report);
}
