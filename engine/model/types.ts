/**
 * The compiled, JSON-serialisable form of one executable BPMN process.
 * The runtime reads only this; it never sees moddle objects or XML.
 */

/** A FEEL expression parsed at deploy time: its source and the variable names it reads. */
export interface FeelExpression {
  kind: 'feel';
  /** Source without the leading `=`. */
  source: string;
  /** Top-level variable names the expression references; only these are passed to FEEL. */
  names: string[];
}

export interface StaticValue {
  kind: 'static';
  value: string;
}

/** Zeebe attributes are static text unless they start with `=`. */
export type ValueOrExpression = StaticValue | FeelExpression;

export interface VariableMapping {
  /** A FEEL expression, or static text when the source has no leading `=`. */
  source: ValueOrExpression;
  /** Target variable name; a dotted target (`a.b`) writes into a nested context. */
  target: string;
}

export type ElementType =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateThrowEvent'
  | 'task'
  | 'manualTask'
  | 'serviceTask'
  | 'sendTask'
  | 'userTask'
  | 'scriptTask'
  | 'businessRuleTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'adHocSubProcess'
  | 'intermediateCatchEvent'
  | 'boundaryEvent'
  | 'receiveTask'
  | 'callActivity';

/** Element types that are activities: they do work, and boundary events can be attached to them. */
export const ACTIVITY_TYPES: ReadonlySet<ElementType> = new Set<ElementType>([
  'task',
  'manualTask',
  'serviceTask',
  'sendTask',
  'userTask',
  'scriptTask',
  'businessRuleTask',
  'receiveTask',
  'subProcess',
  'adHocSubProcess',
  'callActivity',
]);

export type TimerType = 'timeDate' | 'timeDuration' | 'timeCycle';

/** The event definition of an event element, normalised; a definition names what it catches or throws. */
export type EventDefinition =
  | { kind: 'timer'; timerType: TimerType; value: ValueOrExpression }
  | { kind: 'message'; name: ValueOrExpression; correlationKey?: ValueOrExpression }
  | { kind: 'signal'; name: ValueOrExpression }
  /** No code: a catch-all error catcher (or an error end event without a code). */
  | { kind: 'error'; errorCode?: string; errorCodeExpression?: FeelExpression }
  | { kind: 'escalation'; escalationCode?: string; escalationCodeExpression?: FeelExpression }
  | { kind: 'conditional'; condition: FeelExpression }
  | { kind: 'link'; name: string }
  /** No activity: compensate every completed activity of the scope. */
  | { kind: 'compensation'; activityRef?: string }
  | { kind: 'terminate' };

export type EventKind = EventDefinition['kind'];

export interface CalledElementDefinition {
  processId: ValueOrExpression;
  /** `latest` starts the latest version; `deployment` the version deployed with the caller's file. */
  binding: 'latest' | 'deployment';
  /** Child variables are merged into the caller on completion (default true). */
  propagateAllChildVariables: boolean;
  /** The child starts with every variable the call activity sees (default true), else only its input mappings. */
  propagateAllParentVariables: boolean;
}

export interface MultiInstanceDefinition {
  sequential: boolean;
  inputCollection?: FeelExpression;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: FeelExpression;
  completionCondition?: FeelExpression;
  /** `bpmn:loopCardinality`, when there is no input collection. */
  cardinality?: FeelExpression;
}

/** An ad-hoc sub-process run by the engine (Zeebe's BPMN implementation, ./adhoc.ts). */
export interface AdHocDefinition {
  /** `zeebe:adHoc activeElementsCollection`: the ids of the inner elements to activate on entry. */
  activeElements?: FeelExpression;
  /** Read each time a path inside completes; without one, the sub-process completes when nothing inside is left. */
  completionCondition?: FeelExpression;
  /** When the completion condition holds: withdraw what still runs inside (true, the default) or wait for it. */
  cancelRemainingInstances: boolean;
  outputCollection?: string;
  outputElement?: FeelExpression;
  /** The inner elements that may be activated: those without incoming sequence flows (filled by ./adhoc.ts). */
  activatable: string[];
}

export interface StandardLoopDefinition {
  condition?: FeelExpression;
  testBefore: boolean;
  maximum?: number;
}

export interface JobDefinition {
  type: ValueOrExpression;
  retries: ValueOrExpression;
  headers: Record<string, string>;
}

export interface UserTaskDefinition {
  assignee?: ValueOrExpression;
  candidateGroups?: ValueOrExpression;
  candidateUsers?: ValueOrExpression;
  dueDate?: ValueOrExpression;
  followUpDate?: ValueOrExpression;
  formKey?: string;
  /** Embedded form (`zeebe:userTaskForm`) body, when the diagram carries one. */
  formBody?: string;
}

/** Execution listener events (`zeebe:executionListener eventType`). */
export type ExecutionListenerEvent = 'start' | 'end';

/** User task listener events (`zeebe:taskListener eventType`); Zeebe's deprecated names are read as these. */
export type TaskListenerEvent = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

/** One listener: a job of `type` that must complete before its element (or user task operation) goes on. */
export interface ListenerDefinition {
  type: ValueOrExpression;
  retries: ValueOrExpression;
  /** Execution listeners' own `zeebe:taskHeaders`; they win over the element's headers of the same key. */
  headers: Record<string, string>;
}

/** Listeners by event, each list in declaration order. */
export type Listeners<E extends string> = Partial<Record<E, ListenerDefinition[]>>;

export interface ScriptDefinition {
  expression: FeelExpression;
  resultVariable: string;
}

/** A business rule task's `zeebe:calledDecision`: the decision is evaluated inside the step. */
export interface CalledDecisionDefinition {
  decisionId: ValueOrExpression;
  resultVariable: string;
  /** `latest`: the latest version when the task runs; `deployment`: the version deployed with the process (`decisionKey`). */
  binding: 'latest' | 'deployment';
  /** Set at deploy for the `deployment` binding: `decisionId:version` of the decision in the same deployment. */
  decisionKey?: string;
}

/**
 * What each element family may carry. An element of one family never carries
 * another family's field (see `Element` below), so reading, say, `event` on
 * any element is typed `EventDefinition | undefined`, and narrowing by `type`
 * makes a family's required fields present.
 */
export interface FamilyFields {
  /** Default flow of a gateway or activity. */
  defaultFlow: string;
  /** End and intermediate throw events: a terminate end event ends its whole scope. */
  terminate: boolean;
  /** Service and send tasks, message throw events, job-worker script tasks. */
  job: JobDefinition;
  userTask: UserTaskDefinition;
  script: ScriptDefinition;
  /** Business rule tasks: the decision evaluated inside the step (or a `job` for a worker). */
  calledDecision: CalledDecisionDefinition;
  /** Sub-processes: the start event that begins them (an event sub-process: its event start). */
  startEventId: string;
  /** Inclusive joins: the elements of the same scope from which a token can still reach this gateway. */
  upstream: string[];
  /** Events (and receive tasks): what they catch or throw. */
  event: EventDefinition;
  /** Boundary events: the activity they are attached to. */
  attachedTo: string;
  /** Boundary events (cancelActivity) and event sub-process start events (isInterrupting); true by default. */
  interrupting: boolean;
  /** Activities: their boundary events, in document order. */
  boundaryEvents: string[];
  /** Sub-processes started by an event (`triggeredByEvent`), not by a sequence flow. */
  eventSubProcess: boolean;
  calledElement: CalledElementDefinition;
  multiInstance: MultiInstanceDefinition;
  loop: StandardLoopDefinition;
  adHoc: AdHocDefinition;
  /** Compensation handlers (`isForCompensation`) run only when compensation is thrown. */
  isForCompensation: boolean;
  /** Activities with a compensation boundary event: the handler activity it is associated with. */
  compensationHandler: string;
  /** Link throw events: the link catch event of the same scope with the same name. */
  linkTarget: string;
  /** User tasks: `zeebe:taskListeners` (./listeners.ts). */
  taskListeners: Listeners<TaskListenerEvent>;
}

export type FamilyField = keyof FamilyFields;

/** What every element carries. */
export interface ElementCommon {
  id: string;
  name?: string;
  /** The id of the enclosing scope: the process id or a sub-process id. */
  scopeId: string;
  /** Incoming and outgoing sequence-flow ids, in document order. */
  incoming: string[];
  outgoing: string[];
  inputs: VariableMapping[];
  outputs: VariableMapping[];
  /** `zeebe:executionListeners` (./listeners.ts). */
  executionListeners?: Listeners<ExecutionListenerEvent>;
}

/** An element of type `T` that carries the `Required` family fields, may carry the `Optional` ones, and carries no other. */
type Element<T extends ElementType, Required extends FamilyField = never, Optional extends FamilyField = never> = T extends ElementType
  ? ElementCommon & { type: T } & Pick<FamilyFields, Required> &
      Partial<Pick<FamilyFields, Optional>> & {
        [K in Exclude<FamilyField, Required | Optional>]?: undefined;
      }
  : never;

/** What any activity may carry: boundary events, loops, compensation. */
const ACTIVITY_FIELDS = ['defaultFlow', 'boundaryEvents', 'multiInstance', 'loop', 'isForCompensation', 'compensationHandler'] as const;

/**
 * The family fields each element type must carry and may carry: the one
 * source of the `ElementModel` union below and of the check that seals a
 * compiled process (./seal.ts).
 */
export const ELEMENT_FIELDS = {
  startEvent: { required: ['interrupting'], optional: ['event'] },
  endEvent: { required: ['terminate'], optional: ['event', 'job'] },
  intermediateThrowEvent: { required: ['terminate'], optional: ['event', 'job', 'linkTarget'] },
  intermediateCatchEvent: { required: ['event'], optional: [] },
  boundaryEvent: { required: ['event', 'attachedTo', 'interrupting'], optional: [] },
  task: { required: [], optional: ACTIVITY_FIELDS },
  manualTask: { required: [], optional: ACTIVITY_FIELDS },
  serviceTask: { required: ['job'], optional: ACTIVITY_FIELDS },
  sendTask: { required: ['job'], optional: ACTIVITY_FIELDS },
  userTask: { required: ['userTask'], optional: [...ACTIVITY_FIELDS, 'taskListeners'] },
  /** A FEEL script (`script`) or a job worker's (`job`): the validator requires one of the two. */
  scriptTask: { required: [], optional: [...ACTIVITY_FIELDS, 'script', 'job'] },
  /** A decision evaluated in the step (`calledDecision`) or a job worker's (`job`): the validator requires one of the two. */
  businessRuleTask: { required: [], optional: [...ACTIVITY_FIELDS, 'calledDecision', 'job'] },
  receiveTask: { required: ['event'], optional: ACTIVITY_FIELDS },
  subProcess: { required: ['startEventId'], optional: [...ACTIVITY_FIELDS, 'eventSubProcess'] },
  adHocSubProcess: { required: ['adHoc'], optional: ACTIVITY_FIELDS },
  callActivity: { required: ['calledElement'], optional: ACTIVITY_FIELDS },
  exclusiveGateway: { required: [], optional: ['defaultFlow'] },
  parallelGateway: { required: [], optional: [] },
  inclusiveGateway: { required: [], optional: ['defaultFlow', 'upstream'] },
  eventBasedGateway: { required: [], optional: [] },
} as const satisfies Record<ElementType, { required: readonly FamilyField[]; optional: readonly FamilyField[] }>;

type Fields = typeof ELEMENT_FIELDS;

/** A compiled element: a union by `type`, each member with its own family fields (see `ELEMENT_FIELDS`). */
export type ElementModel = {
  [T in ElementType]: Element<T, Fields[T]['required'][number], Fields[T]['optional'][number]>;
}[ElementType];

/** The element model of one type. */
export type ElementOfType<T extends ElementType> = Extract<ElementModel, { type: T }>;

export type BoundaryEventModel = ElementOfType<'boundaryEvent'>;
export type SubProcessModel = ElementOfType<'subProcess'>;
export type AdHocSubProcessModel = ElementOfType<'adHocSubProcess'>;
export type CallActivityModel = ElementOfType<'callActivity'>;
/** Elements whose work is a job: service and send tasks. */
export type JobTaskModel = ElementOfType<'serviceTask' | 'sendTask'>;

/** An element while it is compiled: fields are filled in by several passes, then ./seal.ts checks it is an `ElementModel`. */
export type ElementDraft = ElementCommon & { type: ElementType } & Partial<FamilyFields>;

export interface FlowModel {
  id: string;
  name?: string;
  sourceRef: string;
  targetRef: string;
  condition?: FeelExpression;
}

export type { DataLoaderDefinition } from './data-loader.js';
import type { DataLoaderDefinition } from './data-loader.js';

export type ProcessDraft = ProcessModel<ElementDraft>;

/** A compiled process; while it is compiled its elements are drafts (`ProcessDraft`). */
export interface ProcessModel<E extends ElementCommon = ElementModel> {
  /** The BPMN process id. */
  id: string;
  name?: string;
  /** The none start event of the process; absent when it starts only on events (message, timer, signal). */
  startEventId?: string;
  /** Start events with an event definition at process level (message, timer, signal). */
  eventStartIds: string[];
  /** Per scope (the process id or a sub-process id): the event sub-processes defined directly in it. */
  eventSubProcesses: Record<string, string[]>;
  elements: Record<string, E>;
  flows: Record<string, FlowModel>;
  /** Set when the process can carry compensation (so completed activities must be remembered). */
  usesCompensation?: boolean;
  /** Variables (or dotted paths) declared searchable with `zeebe:properties` `baton:searchAttributes` (../model/search-attributes.ts). */
  searchAttributes?: string[];
  /** Days its ended instances are kept, declared with `baton:retentionDays` (../model/retention.ts); absent: the engine's `retention.days`. */
  retentionDays?: number;
  /** The process's own `zeebe:executionListeners`: start before its start event, end once its last token has ended. */
  executionListeners?: Listeners<ExecutionListenerEvent>;
  /** `baton:dataLoader`: a job run before the instance starts and before each resumption (../runtime/data-loader.ts). */
  dataLoader?: DataLoaderDefinition;
}
