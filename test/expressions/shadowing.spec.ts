/** Variables do not shadow functions (as in Zeebe): `count(items)` calls the built-in even with a variable `count`. */
import { expect } from 'chai';
import { evaluateFeel, parseFeel } from '../../engine/expressions/feel.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');

function evaluate(source: string, variables: Record<string, unknown>): unknown {
  const parsed = parseFeel(source);
  if (!parsed.ok) throw new Error(parsed.message);
  const outcome = evaluateFeel(parsed.expression, (name) => variables[name], NOW);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

describe('FEEL: variables named like functions', () => {
  const cases: Array<[string, Record<string, unknown>, unknown]> = [
    ['count(items) > 2', { count: 0, items: [1, 2, 3] }, true],
    ['sum(items)', { sum: 'not a function', items: [1, 2, 3] }, 6],
    ['string(total) + " EUR"', { string: 1, total: 5 }, '5 EUR'],
    ['string length(string)', { string: 'abcd' }, 4],
  ];

  for (const [source, variables, expected] of cases) {
    it(`should evaluate '${source}' with ${JSON.stringify(variables)} to ${JSON.stringify(expected)}`, () => {
      expect(evaluate(source, variables)).to.deep.equal(expected);
    });
  }

  it("should give now() the engine's time even with a variable named now", () => {
    expect(evaluate('string(now())', { now: 5 })).to.match(/^2026-05-01T10:00/);
  });
});
