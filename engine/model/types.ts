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
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'subProcess';

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

export interface ScriptDefinition {
  expression: FeelExpression;
  resultVariable: string;
}

export interface ElementModel {
  id: string;
  type: ElementType;
  name?: string;
  /** The id of the enclosing scope: the process id or a sub-process id. */
  scopeId: string;
  /** Incoming and outgoing sequence-flow ids, in document order. */
  incoming: string[];
  outgoing: string[];
  /** Default flow of a gateway or activity. */
  defaultFlow?: string;
  /** End events: a terminate end event ends its whole scope. */
  terminate?: boolean;
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  script?: ScriptDefinition;
  inputs: VariableMapping[];
  outputs: VariableMapping[];
  /** Sub-processes: the none start event that begins them. */
  startEventId?: string;
  /** Inclusive joins: the elements of the same scope from which a token can still reach this gateway. */
  upstream?: string[];
}

export interface FlowModel {
  id: string;
  name?: string;
  sourceRef: string;
  targetRef: string;
  condition?: FeelExpression;
}

export interface ProcessModel {
  /** The BPMN process id. */
  id: string;
  name?: string;
  /** The none start event of the process. */
  startEventId: string;
  elements: Record<string, ElementModel>;
  flows: Record<string, FlowModel>;
}
