/**
 * Moddle DMN definitions -> a `DecisionGraph`. Every problem is collected
 * with the id of the element at fault (decision, input, output, rule) and
 * raised together as one `ValidationError`; FEEL is parsed here, once.
 */
import type { ModdleElement, ParseWarning } from 'bpmn-moddle';
import { ValidationError, type ValidationProblem } from '../errors.js';
import { evaluateFeel, parseFeel } from '../expressions/feel.js';
import { parseUnaryTests, type UnaryTests } from '../expressions/unary-tests.js';
import type { FeelExpression } from '../model/types.js';
import { isUnsafeName } from '../safety/safe-keys.js';
import { checkRequirements } from './requirements.js';
import { parseDmn } from './parse.js';
import {
  AGGREGATIONS,
  HIT_POLICIES,
  type Aggregation,
  type DecisionGraph,
  type DecisionModel,
  type DecisionTable,
  type HitPolicy,
  type TableOutput,
} from './types.js';

/** Bounds on one file: far past real tables, low enough that a hostile file cannot make a step or a deploy take minutes. */
export const DMN_LIMITS = { decisions: 500, rules: 5_000, columns: 100, requirementDepth: 50 } as const;

type Report = (elementId: string | undefined, message: string) => void;

export async function compileDmn(xml: string): Promise<DecisionGraph> {
  const { definitions, warnings } = await parseDmn(xml);
  const problems: ValidationProblem[] = warnings.map((w: ParseWarning) => ({ elementId: w.element?.id, message: w.message.split('\n')[0] }));
  const report: Report = (elementId, message) => problems.push({ elementId, message });
  const graph: DecisionGraph = { id: definitions.id ?? 'definitions', name: definitions.name, decisions: {} };
  const elements = ((definitions.drgElement ?? []) as ModdleElement[]).filter((e) => e.$type === 'dmn:Decision');
  if (!elements.length) report(definitions.id, 'the file has no decision');
  if (elements.length > DMN_LIMITS.decisions) report(definitions.id, `the file has ${elements.length} decisions; at most ${DMN_LIMITS.decisions} are allowed`);
  for (const element of elements.slice(0, DMN_LIMITS.decisions)) {
    const decision = compileDecision(element, report);
    if (!decision) continue;
    if (Object.hasOwn(graph.decisions, decision.id)) report(decision.id, `duplicate decision id '${decision.id}'`);
    graph.decisions[decision.id] = decision;
  }
  checkRequirements(graph, new Set(elements.map((e) => e.id as string)), DMN_LIMITS.requirementDepth, report);
  if (problems.length) throw new ValidationError(problems, 'DMN');
  return graph;
}

function compileDecision(element: ModdleElement, report: Report): DecisionModel | undefined {
  const id = element.id;
  if (!id) return void report(undefined, `decision '${element.name ?? ''}' has no id`);
  if (isUnsafeName(id)) return void report(id, `the decision id '${id}' is not allowed`);
  const variable = element.variable?.name ?? element.name ?? id;
  if (isUnsafeName(variable)) report(id, `the decision's variable name '${variable}' is not allowed`);
  const requires = ((element.informationRequirement ?? []) as ModdleElement[])
    .map((r) => r.requiredDecision?.href as string | undefined)
    .filter((href): href is string => typeof href === 'string')
    .map((href) => href.slice(href.indexOf('#') + 1));
  const logic = element.decisionLogic as ModdleElement | undefined;
  const here = (elementId: string | undefined) => (message: string) => report(elementId ?? id, message);
  if (logic?.$type === 'dmn:LiteralExpression') {
    const expression = feel(logic.text, here(logic.id ?? id), 'literal expression');
    return expression && { id, name: element.name, variable, requires, logic: { kind: 'literal', expression } };
  }
  if (logic?.$type === 'dmn:DecisionTable') {
    const table = compileTable(logic, here);
    return table && { id, name: element.name, variable, requires, logic: table };
  }
  report(id, logic ? `decision logic <${logic.$type}> is not supported (a decision table or a literal expression)` : 'the decision has no decision logic');
  return undefined;
}

function compileTable(table: ModdleElement, here: (elementId: string | undefined) => (message: string) => void): DecisionTable | undefined {
  const at = here(table.id);
  const before = { failed: false };
  const fail = (report: (m: string) => void) => (message: string) => {
    before.failed = true;
    report(message);
  };
  const hitPolicy = (table.hitPolicy ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) fail(at)(`hit policy '${hitPolicy}' is not supported`);
  const aggregation = table.aggregation as Aggregation | undefined;
  if (aggregation && !AGGREGATIONS.includes(aggregation)) fail(at)(`aggregation '${aggregation}' is not supported (SUM, MIN, MAX, COUNT)`);
  if (aggregation && hitPolicy !== 'COLLECT') fail(at)(`an aggregation needs the COLLECT hit policy, not ${hitPolicy}`);
  const inputs = (table.input ?? []) as ModdleElement[];
  const outputs = (table.output ?? []) as ModdleElement[];
  const rules = (table.rule ?? []) as ModdleElement[];
  if (inputs.length > DMN_LIMITS.columns || outputs.length > DMN_LIMITS.columns)
    fail(at)(`a decision table may have at most ${DMN_LIMITS.columns} inputs and outputs`);
  if (rules.length > DMN_LIMITS.rules) fail(at)(`the decision table has ${rules.length} rules; at most ${DMN_LIMITS.rules} are allowed`);
  if (!outputs.length) fail(at)('the decision table has no output');
  if (aggregation && outputs.length > 1) fail(at)('an aggregation needs a table with one output');
  if (before.failed) return undefined;

  const compiledInputs = inputs.map((input) => ({
    id: input.id ?? '',
    label: input.label,
    expression: feel(input.inputExpression?.text, fail(here(input.id)), 'input expression'),
  }));
  const compiledOutputs = outputs.map((output, i) => compileOutput(output, i, outputs.length, fail(here(output.id))));
  const seenNames = new Set<string>();
  for (const output of compiledOutputs) {
    if (seenNames.has(output.name)) fail(here(output.id))(`two outputs are named '${output.name}'`);
    seenNames.add(output.name);
  }
  // Outputs without output values do not rank (as in Camunda's engine); a table where none has them could not rank at all.
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && compiledOutputs.every((o) => !o.values)) {
    fail(at)(`the ${hitPolicy} hit policy ranks by output values: at least one output needs its output values`);
  }
  const compiledRules = rules.map((rule, index) => {
    const report = fail(here(rule.id));
    const inputEntries = ((rule.inputEntry ?? []) as ModdleElement[]).map((entry) => unaryTests(entry.text, report));
    const outputEntries = ((rule.outputEntry ?? []) as ModdleElement[]).map((entry) =>
      entry.text?.trim() ? feel(entry.text, report, 'output entry') : undefined,
    );
    if (inputEntries.length !== inputs.length) report(`the rule has ${inputEntries.length} input entries for ${inputs.length} inputs`);
    if (outputEntries.length !== outputs.length) report(`the rule has ${outputEntries.length} output entries for ${outputs.length} outputs`);
    return { id: rule.id ?? `rule-${index + 1}`, index: index + 1, inputEntries, outputEntries };
  });
  if (before.failed) return undefined;
  return {
    kind: 'table',
    hitPolicy,
    ...(aggregation ? { aggregation } : {}),
    inputs: compiledInputs.map((input) => ({ ...input, expression: input.expression! })),
    outputs: compiledOutputs,
    rules: compiledRules,
  };
}

function compileOutput(output: ModdleElement, index: number, count: number, report: (message: string) => void): TableOutput {
  const name: string = output.name ?? (count === 1 ? 'output' : '');
  if (!name) report(`output ${index + 1} has no name: a table with several outputs needs a name for each`);
  if (isUnsafeName(name)) report(`the output name '${name}' is not allowed`);
  const compiled: TableOutput = { id: output.id ?? `output-${index + 1}`, name, label: output.label };
  const text = output.outputValues?.text?.trim();
  if (text) {
    // Output values are unary tests of literals ("high","medium","low"): read as a FEEL list, in the order given.
    const list = parseFeel(`[${text}]`);
    const values = list.ok ? evaluateFeel(list.expression, () => undefined) : list;
    if (!values.ok || !Array.isArray(values.value)) report(`the output values '${text}' are not a list of literals`);
    else compiled.values = values.value;
  }
  const fallback = output.defaultOutputEntry?.text;
  if (typeof fallback === 'string' && fallback.trim()) {
    const expression = feel(fallback, report, 'default output entry');
    if (expression) compiled.defaultValue = expression;
  }
  return compiled;
}

function feel(text: string | undefined, report: (message: string) => void, field: string): FeelExpression | undefined {
  const parsed = parseFeel(text ?? '');
  if (!parsed.ok) report(`${field}: ${parsed.message}`);
  return parsed.ok ? parsed.expression : undefined;
}

function unaryTests(text: string | undefined, report: (message: string) => void): UnaryTests | undefined {
  const source = (text ?? '').trim();
  if (source === '' || source === '-') return undefined;
  const parsed = parseUnaryTests(source);
  if (!parsed.ok) report(`input entry: ${parsed.message}`);
  return parsed.ok ? parsed.tests : undefined;
}
