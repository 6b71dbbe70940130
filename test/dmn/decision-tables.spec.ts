import { expect } from 'chai';
import { compileDmn } from '../../engine/dmn/compile.js';
import { evaluateDecision, type DecisionOutcome } from '../../engine/dmn/evaluate.js';
import type { DecisionGraph } from '../../engine/dmn/types.js';
import { fixture } from '../helpers.js';

const evaluate = (graph: DecisionGraph, decisionId: string, variables: Record<string, unknown>): DecisionOutcome =>
  evaluateDecision(graph, decisionId, { lookup: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined) });

function outputOf(outcome: DecisionOutcome): unknown {
  if (!outcome.ok) throw new Error(`the decision failed: ${outcome.message}`);
  return outcome.evaluation.output;
}

describe('DMN decision tables', () => {
  let graph: DecisionGraph;

  before(async () => {
    graph = await compileDmn(fixture(import.meta.url, 'hit-policies.dmn'));
  });

  describe('UNIQUE', () => {
    it('should give the output of the one rule that matches', () => {
      // when
      const outcome = evaluate(graph, 'unique', { score: 10 });

      // then
      expect(outputOf(outcome)).to.deep.equal({ level: 'bronze', discount: 10 });
      expect(outcome.ok && outcome.evaluation.evaluated[0].matchedRules).to.deep.equal([
        { ruleId: 'unique-bronze', ruleIndex: 2, outputs: { level: 'bronze', discount: 10 } },
      ]);
    });

    it('should give null when no rule matches', () => {
      expect(outputOf(evaluate(graph, 'unique', { score: -1 }))).to.equal(null);
    });

    it('should fail naming the rules when several match', () => {
      // when
      const outcome = evaluate(graph, 'unique-clash', { score: 25 });

      // then
      expect(outcome.ok).to.equal(false);
      expect(!outcome.ok && outcome.decisionId).to.equal('unique-clash');
      expect(!outcome.ok && outcome.ruleId).to.equal('unique-clash-bronze');
      expect(!outcome.ok && outcome.message).to.match(/'unique-clash-silver' \(#2\), 'unique-clash-bronze' \(#3\).*UNIQUE/);
    });
  });

  describe('FIRST', () => {
    it('should give the first matching rule in rule order', () => {
      expect(outputOf(evaluate(graph, 'first', { score: 25 }))).to.deep.equal({ level: 'silver', discount: 20 });
    });
  });

  describe('PRIORITY', () => {
    it('should give the matching rule whose outputs rank first in the output values', () => {
      // "bronze","silver","gold": bronze ranks first
      expect(outputOf(evaluate(graph, 'priority', { score: 60 }))).to.deep.equal({ level: 'bronze', discount: 10 });
    });
  });

  describe('ANY', () => {
    it('should give the output when every matching rule agrees', () => {
      expect(outputOf(evaluate(graph, 'any', { score: 25 }))).to.equal('silver');
    });

    it('should fail when matching rules give different outputs', async () => {
      // given
      const clash = await compileDmn(fixture(import.meta.url, 'hit-policies.dmn').replace('hitPolicy="FIRST"', 'hitPolicy="ANY"'));

      // when
      const outcome = evaluate(clash, 'first', { score: 60 });

      // then
      expect(!outcome.ok && outcome.message).to.match(/'first-gold' \(#1\) and 'first-silver' \(#2\) match with different outputs/);
    });
  });

  describe('COLLECT', () => {
    it('should give every matching output in rule order', () => {
      expect(outputOf(evaluate(graph, 'collect', { score: 25 }))).to.deep.equal([
        { level: 'silver', discount: 20 },
        { level: 'bronze', discount: 10 },
        { level: 'silver', discount: 5 },
      ]);
    });

    it('should give an empty list when no rule matches', () => {
      expect(outputOf(evaluate(graph, 'collect', { score: -1 }))).to.deep.equal([]);
    });

    it('should sum, take the minimum and maximum, and count the matching outputs', () => {
      // when
      const results = ['collect-sum', 'collect-min', 'collect-max', 'collect-count'].map((id) => outputOf(evaluate(graph, id, { score: 25 })));

      // then
      expect(results).to.deep.equal([35, 5, 20, 3]);
    });

    it('should give null for SUM, MIN and MAX and 0 for COUNT when no rule matches', () => {
      // when
      const results = ['collect-sum', 'collect-min', 'collect-max', 'collect-count'].map((id) => outputOf(evaluate(graph, id, { score: -1 })));

      // then
      expect(results).to.deep.equal([null, null, null, 0]);
    });
  });

  describe('RULE ORDER', () => {
    it('should give every matching output in rule order', () => {
      expect((outputOf(evaluate(graph, 'rule-order', { score: 60 })) as Array<{ level: string }>).map((o) => o.level)).to.deep.equal([
        'gold',
        'silver',
        'bronze',
      ]);
    });
  });

  describe('OUTPUT ORDER', () => {
    it('should give every matching output ranked by the output values, rule order among equals', () => {
      expect(outputOf(evaluate(graph, 'output-order', { score: 25 }))).to.deep.equal([
        { level: 'bronze', discount: 10 },
        { level: 'silver', discount: 20 },
        { level: 'silver', discount: 5 },
      ]);
    });
  });

  describe('input entries', () => {
    it('should pass an input that a rule leaves empty or marks with "-"', async () => {
      // given
      const dish = await compileDmn(fixture(import.meta.url, 'dish.dmn'));

      // when
      const outcome = evaluate(dish, 'dish', { month: 7, guests: 1000 });

      // then
      expect(outputOf(outcome)).to.equal('Light salad');
    });

    it('should fail naming the rule and output when an output entry cannot be evaluated', async () => {
      // given
      const odd = await compileDmn(
        fixture(import.meta.url, 'dish.dmn').replace('<text>"Roastbeef"</text>', '<text>assert(guests, guests &gt; 100, "too few guests")</text>'),
      );

      // when
      const outcome = evaluate(odd, 'dish', { month: 1, guests: 3 });

      // then
      expect(outcome.ok).to.equal(false);
      expect(!outcome.ok && outcome.ruleId).to.equal('winter-few');
      expect(!outcome.ok && outcome.message).to.match(/rule 'winter-few' \(#1\), output 'dish': assertion failed/);
    });

    it('should compare a null input like any other value', async () => {
      // given
      const dish = await compileDmn(fixture(import.meta.url, 'dish.dmn'));

      // when
      const outcome = evaluate(dish, 'dish', { month: 1 });

      // then
      expect(outputOf(outcome)).to.equal(null);
    });
  });
});

describe('DMN default output entries and input values', () => {
  let graph: DecisionGraph;

  before(async () => {
    graph = await compileDmn(fixture(import.meta.url, 'defaults.dmn'));
  });

  it('should give the default output entries when no rule matches, whatever the hit policy, with no rule recorded', () => {
    // when
    const outcome = evaluate(graph, 'tier', { score: 10 });

    // then
    expect(outputOf(outcome)).to.deep.equal({ level: 'none', discount: 0 });
    expect(outcome.ok && outcome.evaluation.evaluated[0].matchedRules).to.deep.equal([]);
  });

  it('should give the rules their way when one matches', () => {
    expect(outputOf(evaluate(graph, 'tier', { score: 60 }))).to.deep.equal([{ level: 'gold', discount: 20 }]);
  });

  it('should give the one default of a single output bare', () => {
    expect(outputOf(evaluate(graph, 'label', { score: 5 }))).to.equal('unknown');
  });

  it('should not check a value against the input values, as Camunda does not', () => {
    expect(outputOf(evaluate(graph, 'label', { score: 500 }))).to.equal('high');
  });
});
