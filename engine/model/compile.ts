/**
 * Moddle definitions -> one compiled `ProcessModel` per executable process.
 * Every problem is collected with its element id and raised together as one
 * `ValidationError`, so a user fixes a diagram in one round.
 */
import type { ModdleElement, ParseWarning } from 'bpmn-moddle';
import { ValidationError, type ValidationProblem } from '../errors.js';
import { extension, feelField, readJob, readMappings, readScript, readUserTask, type Report } from './extensions.js';
import { parseBpmn, warningPosition } from './parse.js';
import type { ElementModel, ElementType, FlowModel, ProcessModel } from './types.js';
import { validateProcess } from './validate.js';

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
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:SubProcess': 'subProcess',
};

/** Elements that BPMN defines and Baton will run, but not yet: refused at deploy, never half-run. */
const NOT_SUPPORTED_YET: Record<string, string> = {
  'bpmn:BusinessRuleTask': 'business rule tasks need DMN, which Baton does not support yet',
  'bpmn:ReceiveTask': 'receive tasks (messages) are not supported yet',
  'bpmn:BoundaryEvent': 'boundary events are not supported yet',
  'bpmn:IntermediateCatchEvent': 'intermediate catch events (timers, messages, signals) are not supported yet',
  'bpmn:CallActivity': 'call activities are not supported yet',
  'bpmn:EventBasedGateway': 'event-based gateways are not supported yet',
  'bpmn:ComplexGateway': 'complex gateways are not supported',
  'bpmn:Transaction': 'transaction sub-processes are not supported yet',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported yet',
};

/** Flow elements with no run-time behaviour of their own. */
const WITHOUT_BEHAVIOUR = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:SequenceFlow']);

const EVENT_NAMES: Record<string, string> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CancelEventDefinition': 'cancel',
  'bpmn:TerminateEventDefinition': 'terminate',
};

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
    if (problems.length === before) processes.push(model);
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

function compileProcess(process: ModdleElement, problems: ValidationProblem[]): ProcessModel {
  const model: ProcessModel = { id: process.id!, name: process.name, startEventId: '', elements: {}, flows: {} };
  const reportFor = (elementId?: string): Report => (message) =>
    problems.push({ processId: model.id, elementId, message });
  const faulty = new Set<string>();
  compileScope(process, model.id, model, process, reportFor, faulty);
  validateProcess(model, reportFor, faulty);
  return model;
}

function compileScope(
  container: ModdleElement,
  scopeId: string,
  model: ProcessModel,
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
    if (model.elements[element.id!]) report(`duplicate element id '${element.id}'`);
    model.elements[element.id!] = compileElement(element, type, scopeId, process, report);
    if (type === 'subProcess') compileScope(element, element.id!, model, process, reportFor, faulty);
  }
}

function compileFlow(flow: ModdleElement, report: Report): FlowModel {
  const compiled: FlowModel = { id: flow.id!, name: flow.name, sourceRef: flow.sourceRef?.id ?? '', targetRef: flow.targetRef?.id ?? '' };
  if (!compiled.sourceRef) report('the sequence flow has no source element');
  if (!compiled.targetRef) report('the sequence flow points nowhere (no target element)');
  const body = flow.conditionExpression?.body;
  if (typeof body === 'string' && body.trim()) compiled.condition = feelField(body, 'condition', report);
  return compiled;
}

function compileElement(element: ModdleElement, type: ElementType, scopeId: string, process: ModdleElement, report: Report): ElementModel {
  const compiled: ElementModel = {
    id: element.id!,
    type,
    name: element.name,
    scopeId,
    incoming: [],
    outgoing: [],
    defaultFlow: element.default?.id,
    ...readMappings(element, report),
  };
  checkUnsupportedFeatures(element, compiled, report);
  const read = ELEMENT_READERS[type];
  read?.(element, compiled, process, report);
  return compiled;
}

type ElementReader = (element: ModdleElement, compiled: ElementModel, process: ModdleElement, report: Report) => void;

const readJobTask: ElementReader = (element, compiled, _process, report) => {
  compiled.job = readJob(element, report);
  if (!extension(element, 'zeebe:TaskDefinition')) report('a service or send task needs a zeebe:taskDefinition with a type');
};

const ELEMENT_READERS: Partial<Record<ElementType, ElementReader>> = {
  serviceTask: readJobTask,
  sendTask: readJobTask,
  userTask: (element, compiled, process, report) => {
    compiled.userTask = readUserTask(element, process, report);
  },
  scriptTask: (element, compiled, _process, report) => {
    compiled.script = readScript(element, report);
    if (!compiled.script) compiled.job = readJob(element, report);
    if (!compiled.script && !compiled.job) {
      report('a script task needs a zeebe:script (FEEL expression and result variable) or a zeebe:taskDefinition');
    }
  },
  endEvent: (element, compiled) => {
    compiled.terminate = eventKinds(element).includes('terminate');
  },
};

function eventKinds(element: ModdleElement): string[] {
  return ((element.eventDefinitions ?? []) as ModdleElement[]).map((d) => EVENT_NAMES[d.$type] ?? d.$type);
}

/** Constructs that belong to later work: refused with the element named. */
function checkUnsupportedFeatures(element: ModdleElement, compiled: ElementModel, report: Report): void {
  const kinds = eventKinds(element);
  const allowed = compiled.type === 'endEvent' ? ['terminate'] : [];
  for (const kind of kinds) {
    if (!allowed.includes(kind)) report(`${kind} ${describeType(compiled.type)}s are not supported yet`);
  }
  if (element.loopCharacteristics) {
    const what = element.loopCharacteristics.$type === 'bpmn:StandardLoopCharacteristics' ? 'standard loops' : 'multi-instance activities';
    report(`${what} are not supported yet`);
  }
  if (element.triggeredByEvent) report('event sub-processes are not supported yet');
  if (element.isForCompensation) report('compensation handlers are not supported yet');
}

function describeType(type: ElementType): string {
  return type.replace(/([A-Z])/g, ' $1').toLowerCase();
}
