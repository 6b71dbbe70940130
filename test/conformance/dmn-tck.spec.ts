/**
 * The DMN TCK's decision-table cases (compliance level 2: every hit policy,
 * single and multiple outputs), run on Baton's DMN engine: each test case's
 * input nodes become the variables, and each result node's expected value is
 * compared with the decision's result. The cases are the TCK's own files,
 * copied unchanged into dmn-tck/ (Apache License 2.0, see its README).
 * `DMN_TCK_WRITE=1` rewrites DMN-RESULTS.md from the run.
 */
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compileDmn } from '../../engine/dmn/compile.js';
import { evaluateDecision } from '../../engine/dmn/evaluate.js';
import type { DecisionGraph } from '../../engine/dmn/types.js';

const ROOT = new URL('./dmn-tck/', import.meta.url);
const CASES = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, trimValues: true });
const many = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A TCK value element (value, component*, list/item*) as the JavaScript value FEEL works with. */
function valueOf(node: Node): unknown {
  if ('value' in node) return scalar(node.value as Node | string);
  if ('component' in node) return Object.fromEntries(many(node.component as Node | Node[]).map((c) => [c['@name'] as string, valueOf(c)]));
  if ('list' in node) return many((node.list as Node).item as Node | Node[]).map((item) => valueOf(item));
  return null;
}

function scalar(value: Node | string): unknown {
  if (typeof value === 'string') return value;
  if (value['@nil'] === 'true') return null;
  const text = (value['#text'] as string | undefined) ?? '';
  switch (value['@type']) {
    case 'xsd:decimal':
      return Number(text);
    case 'xsd:boolean':
      return text === 'true';
    default:
      return text;
  }
}

interface CaseResult {
  name: string;
  tests: number;
  passed: number;
  failures: string[];
}

function runCase(name: string, graph: DecisionGraph): CaseResult {
  const dir = new URL(`${name}/`, ROOT);
  const testFile = readdirSync(dir).find((file) => file.endsWith('-test-01.xml'))!;
  const doc = parser.parse(readFileSync(new URL(testFile, dir), 'utf8')) as { testCases: { testCase: Node | Node[] } };
  const result: CaseResult = { name, tests: 0, passed: 0, failures: [] };
  for (const testCase of many(doc.testCases.testCase)) {
    const variables = Object.fromEntries(many(testCase.inputNode as Node | Node[]).map((input) => [input['@name'] as string, valueOf(input)]));
    for (const resultNode of many(testCase.resultNode as Node | Node[])) {
      result.tests++;
      const decisionName = resultNode['@name'] as string;
      const decision = Object.values(graph.decisions).find((d) => d.name === decisionName || d.id === decisionName);
      const expected = valueOf(resultNode.expected as Node);
      const where = `test ${testCase['@id'] as string}, ${decisionName}`;
      if (!decision) {
        result.failures.push(`${where}: no such decision`);
        continue;
      }
      const outcome = evaluateDecision(graph, decision.id, { lookup: (n) => (Object.hasOwn(variables, n) ? variables[n] : undefined) });
      if (!outcome.ok) {
        result.failures.push(`${where}: ${outcome.message}`);
        continue;
      }
      try {
        expect(outcome.evaluation.output).to.deep.equal(expected);
        result.passed++;
      } catch {
        result.failures.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(outcome.evaluation.output)}`);
      }
    }
  }
  return result;
}

describe('DMN TCK: decision tables (compliance level 2)', () => {
  const results: CaseResult[] = [];

  for (const name of CASES) {
    it(`should pass ${name}`, async () => {
      const dmnFile = readdirSync(new URL(`${name}/`, ROOT)).find((file) => file.endsWith('.dmn'))!;
      const graph = await compileDmn(readFileSync(new URL(`${name}/${dmnFile}`, ROOT), 'utf8'));
      const result = runCase(name, graph);
      results.push(result);
      expect(result.failures, result.failures.join('\n')).to.deep.equal([]);
      expect(result.tests).to.be.greaterThan(0);
    });
  }

  after(() => {
    if (process.env.DMN_TCK_WRITE !== '1' || results.length !== CASES.length) return;
    const lines = results.map((r) => `| ${r.name} | ${r.passed}/${r.tests} | ${r.failures.length ? r.failures.join('; ') : 'pass'} |`);
    const passed = results.filter((r) => !r.failures.length).length;
    const text = `# DMN TCK results

The decision-table cases of the [DMN TCK](https://github.com/dmn-tck/tck) (compliance level 2,
\`TestCases/compliance-level-2\` at commit 0dbcaf9b), run on Baton's DMN engine by
\`test/conformance/dmn-tck.spec.ts\` (part of \`npm test\`). Regenerate with
\`DMN_TCK_WRITE=1 npx mocha test/conformance/dmn-tck.spec.ts\`.

**${passed} of ${results.length} cases pass** (${results.reduce((n, r) => n + r.passed, 0)} of ${results.reduce((n, r) => n + r.tests, 0)} test results).

| case | results | outcome |
| --- | ---: | --- |
${lines.join('\n')}

Not run: the TCK's other level-2 cases (FEEL constants and arithmetic, which
test/expressions covers against Camunda's FEEL documentation instead; business
knowledge model invocations, which Baton does not support) and level 3.
`;
    writeFileSync(new URL('./DMN-RESULTS.md', import.meta.url), text);
  });
});
