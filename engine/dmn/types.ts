/**
 * A compiled DMN file: plain JSON (it is stored with each decision version
 * and sent to the isolated step worker), FEEL kept as source text parsed once.
 */
import type { UnaryTests } from '../expressions/unary-tests.js';
import type { FeelExpression } from '../model/types.js';

/** The decisions of one `.dmn` file (its decision requirements graph), by decision id. */
export interface DecisionGraph {
  /** The `<definitions>` id. */
  id: string;
  name?: string;
  decisions: Record<string, DecisionModel>;
}

export interface DecisionModel {
  id: string;
  name?: string;
  /** The name the decision's result has inside the decisions that require it (its variable, else its name, else its id). */
  variable: string;
  /** Required decisions (their ids), evaluated before this one. */
  requires: string[];
  logic: DecisionTable | LiteralExpression;
}

export interface LiteralExpression {
  kind: 'literal';
  expression: FeelExpression;
}

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface DecisionTable {
  kind: 'table';
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: TableInput[];
  outputs: TableOutput[];
  rules: TableRule[];
}

export interface TableInput {
  id: string;
  label?: string;
  expression: FeelExpression;
}

export interface TableOutput {
  id: string;
  /** The key of this output in the result of a table with several outputs. */
  name: string;
  label?: string;
  /** The output values in priority order (PRIORITY and OUTPUT ORDER rank by them). */
  values?: unknown[];
  /** The default output entry: this output's value when no rule matched. */
  defaultValue?: FeelExpression;
}

export interface TableRule {
  id: string;
  /** Counted from 1, as the modeler shows it. */
  index: number;
  /** `undefined`: `-` or empty, matches anything. */
  inputEntries: Array<UnaryTests | undefined>;
  /** `undefined`: empty, the output is null. */
  outputEntries: Array<FeelExpression | undefined>;
}

/** A decision version as a step sees it. */
export interface DecisionVersion {
  key: string;
  decisionId: string;
  version: number;
  graph: DecisionGraph;
}

/** The decisions a step may evaluate: by decision id (the latest version) and by key (`decisionId:version`; ids hold no `:`). */
export type DecisionCatalog = Record<string, DecisionVersion>;
