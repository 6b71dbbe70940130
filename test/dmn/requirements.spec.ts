import { expect } from 'chai';
import { compileDmn, DMN_LIMITS } from '../../engine/dmn/compile.js';
import { evaluateDecision } from '../../engine/dmn/evaluate.js';
import { DmnParseError, ValidationError } from '../../engine/errors.js';
import { fixture } from '../helpers.js';

const DMN_NS = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

async function problemsOf(xml: string): Promise<Array<{ elementId?: string; message: string }>> {
  try {
    await compileDmn(xml);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

/** A chain of literal decisions d0 <- d1 <- ... <- d(n-1), each adding one to the one it requires. */
function chain(length: number): string {
  const decisions = Array.from({ length }, (_, i) => {
    const requirement = i ? `<informationRequirement id="r${i}"><requiredDecision href="#d${i - 1}" /></informationRequirement>` : '';
    return `<decision id="d${i}" name="d${i}">${requirement}<literalExpression id="e${i}"><text>${i ? `d${i - 1} + 1` : 'start'}</text></literalExpression></decision>`;
  });
  return `<definitions xmlns="${DMN_NS}" id="chain" name="chain" namespace="t">${decisions.join('')}</definitions>`;
}

describe('DMN decision requirements and validation', () => {
  it('should evaluate required decisions first and hand their results on by name', async () => {
    // given
    const graph = await compileDmn(fixture(import.meta.url, 'dish.dmn'));

    // when
    const outcome = evaluateDecision(graph, 'dish', { lookup: (name) => ({ month: 12, guests: 4 })[name as 'month' | 'guests'] });

    // then
    expect(outcome.ok && outcome.evaluation.output).to.equal('Roastbeef');
    expect(outcome.ok && outcome.evaluation.evaluated.map((d) => [d.decisionId, d.output])).to.deep.equal([
      ['season', 'Winter'],
      ['dish', 'Roastbeef'],
    ]);
  });

  it('should evaluate a decision required along two paths once', async () => {
    // given: d2 needs d1 and d0, d1 needs d0
    const xml = chain(3).replace(
      '<informationRequirement id="r2">',
      '<informationRequirement id="r2b"><requiredDecision href="#d0" /></informationRequirement><informationRequirement id="r2">',
    );
    const graph = await compileDmn(xml);

    // when
    const outcome = evaluateDecision(graph, 'd2', { lookup: (name) => (name === 'start' ? 1 : undefined) });

    // then
    expect(outcome.ok && outcome.evaluation.evaluated.map((d) => d.decisionId)).to.deep.equal(['d0', 'd1', 'd2']);
    expect(outcome.ok && outcome.evaluation.output).to.equal(3);
  });

  it('should refuse a cycle of requirements, naming the decisions on it', async () => {
    // when
    const problems = await problemsOf(fixture(import.meta.url, 'drg-cycle.dmn'));

    // then
    expect(problems).to.have.length(1);
    expect(problems[0].message).to.match(/cycle: (a -> b -> c -> a)/);
  });

  it('should refuse requirements deeper than the limit', async () => {
    // when
    const problems = await problemsOf(chain(DMN_LIMITS.requirementDepth + 1));

    // then
    expect(problems[0].message).to.match(/levels deep/);
  });

  it('should accept requirements up to the limit', async () => {
    // given
    const graph = await compileDmn(chain(DMN_LIMITS.requirementDepth));

    // when
    const outcome = evaluateDecision(graph, `d${DMN_LIMITS.requirementDepth - 1}`, { lookup: () => 0 });

    // then
    expect(outcome.ok && outcome.evaluation.output).to.equal(DMN_LIMITS.requirementDepth - 1);
  });

  it('should list every problem of a file, each naming its element', async () => {
    // when
    const problems = await problemsOf(fixture(import.meta.url, 'invalid.dmn'));

    // then
    const at = (id: string) => problems.filter((p) => p.elementId === id).map((p) => p.message);
    expect(at('bad-input')[0]).to.match(/input expression: FEEL syntax error/);
    expect(at('bad-rule')[0]).to.match(/input entry: FEEL syntax error/);
    expect(at('missing-requirement')[0]).to.match(/required decision 'nowhere' is not in the file/);
    expect(at('aggregated-first-table')[0]).to.match(/aggregation needs the COLLECT hit policy/);
    expect(at('unranked-table')[0]).to.match(/PRIORITY hit policy ranks by output values/);
  });

  it('should refuse a table with more rules than the limit', async () => {
    // given
    const rule = (i: number) =>
      `<rule id="r${i}"><inputEntry id="i${i}"><text>${i}</text></inputEntry><outputEntry id="o${i}"><text>${i}</text></outputEntry></rule>`;
    const rules = Array.from({ length: DMN_LIMITS.rules + 1 }, (_, i) => rule(i)).join('');
    const xml = `<definitions xmlns="${DMN_NS}" id="huge" name="huge" namespace="t"><decision id="huge-decision"><decisionTable id="huge-table"><input id="in"><inputExpression id="ie"><text>x</text></inputExpression></input><output id="out" name="y" />${rules}</decisionTable></decision></definitions>`;

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems.map((p) => [p.elementId, p.message])).to.deep.equal([
      ['huge-table', `the decision table has ${DMN_LIMITS.rules + 1} rules; at most ${DMN_LIMITS.rules} are allowed`],
    ]);
  });

  it('should refuse names that would reach the prototype of objects', async () => {
    // given
    const xml = fixture(import.meta.url, 'dish.dmn')
      .replace('name="dish"', 'name="__proto__"')
      .replace('<variable name="season"', '<variable name="constructor"');

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems.map((p) => p.message)).to.include.members([
      "the output name '__proto__' is not allowed",
      "the decision's variable name 'constructor' is not allowed",
    ]);
  });

  it('should refuse entity declarations and documents that are not DMN', async () => {
    // when
    const refused = await Promise.all(
      [
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><definitions/>',
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>',
      ].map((xml) =>
        compileDmn(xml).then(
          () => undefined,
          (error: Error) => error,
        ),
      ),
    );

    // then
    expect(refused.every((error) => error instanceof DmnParseError)).to.equal(true);
  });

  it('should read a file written against DMN 1.2', async () => {
    // given
    const xml = fixture(import.meta.url, 'dish.dmn').replace(DMN_NS, 'http://www.omg.org/spec/DMN/20180521/MODEL/');

    // when
    const graph = await compileDmn(xml);

    // then
    expect(Object.keys(graph.decisions)).to.deep.equal(['season', 'dish']);
  });
});
