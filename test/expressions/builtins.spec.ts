/**
 * Camunda's FEEL built-ins that Baton adds to feelin (engine/expressions/builtins),
 * one table per family: Camunda's documented examples first, then edge cases.
 */
import { expect } from 'chai';
import { evaluateFeel, parseFeel } from '../../engine/expressions/feel.js';

type Row = [source: string, expected: unknown, variables?: Record<string, unknown>];

function evaluateRow(source: string, variables: Record<string, unknown> = {}) {
  const parsed = parseFeel(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluateFeel(parsed.expression, (name) => variables[name]);
}

const FAMILIES: Record<string, Row[]> = {
  'values (boolean)': [
    ['is defined(1)', true],
    ['is defined(null)', false],
    ['is defined(x)', false],
    ['is defined(x.y)', false, { x: { z: 1 } }],
    ['is defined(x)', true, { x: 0 }],
    ['is defined()', null],
    ['get or else("this", "default")', 'this'],
    ['get or else(null, "default")', 'default'],
    ['get or else(null, null)', null],
    ['get or else(priority, "low")', 'low'],
    ['get or else(value: x, default: 1)', 1],
    ['assert(x, x != null)', 'value', { x: 'value' }],
    ['assert(x, x >= 0)', 4, { x: 4 }],
    ['fromAi(toolCall.userId, "The user\'s ID", "number")', 7, { toolCall: { userId: 7 } }],
  ],
  strings: [
    ['trim("  hello world  ")', 'hello world'],
    ['trim("hello   world ")', 'hello   world'],
    ['trim(42)', null],
    ['is blank("")', true],
    ['is blank(" ")', true],
    ['is blank("hello world")', false],
    ['is blank(null)', null],
    ['to base64("FEEL")', 'RkVFTA=='],
    ['from base64("RkVFTA==")', 'FEEL'],
    ['from base64(to base64("grüße"))', 'grüße'],
    ['from base64("not base64!")', null],
    ['extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']],
    ['extract("abc", "x")', []],
    ['extract("abc", "(")', null],
    ['string length(uuid())', 36],
    ['string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'],
    ['string join(["a","b","c"])', 'abc'],
    ['string join(["a",null,"c"])', 'ac'],
    ['string join([])', ''],
    ['string join(["a"], "X")', 'a'],
    ['string join(["a","b","c"], ", ")', 'a, b, c'],
    ['string join(["a", 1])', null],
  ],
  lists: [
    ['is empty([])', true],
    ['is empty([1,2,3])', false],
    ['is empty("abc")', null],
    ['duplicate values([1,2,3,2,1])', [1, 2]],
    ['duplicate values([{a: 1}, "x", {a: 1}, [1], [1], "1", 1])', [{ a: 1 }, [1]]],
    ['duplicate values([])', []],
    ['partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
    ['partition([], 2)', []],
    ['partition([1,2], 0)', null],
    ['partition([1,2], -1)', null],
  ],
  contexts: [
    ['get value({foo: 123}, "foo")', 123],
    ['get value({a: 1}, "b")', null],
    ['get value({x:1, y: {z:0}}, ["y", "z"])', 0],
    ['get value({x: {y: {z:0}}}, ["x", "y"])', { z: 0 }],
    ['get value({a: {b: 3}}, ["b"])', null],
    ['get value({a: 1}, [])', null],
    ['context put({x:1}, "y", 2)', { x: 1, y: 2 }],
    ['context put({x:1}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
    ['context put({x:1, y: {z: 0, w: 1}}, ["y", "z"], 2)', { x: 1, y: { z: 2, w: 1 } }],
    ['context put({x:1}, [], 2)', null],
  ],
  temporal: [
    ['last day of month(date("2022-10-01"))', '2022-10-31'],
    ['last day of month(date and time("2022-10-16T12:00:00"))', '2022-10-31'],
    ['last day of month(date("2024-02-10"))', '2024-02-29'],
    ['last day of month("2024-02-10")', null],
  ],
  conversion: [
    ['to json({a: 1, b: 2})', '{"a":1,"b":2}'],
    ['to json(true)', 'true'],
    ['to json(@"2023-06-14")', '"2023-06-14"'],
    ['to json(@"2025-11-24T10:00:00@Europe/Berlin")', '"2025-11-24T10:00:00+01:00[Europe/Berlin]"'],
    ['to json(@"P3Y")', '"P3Y"'],
    ['from json("{\\"a\\": 1, \\"b\\": 2}")', { a: 1, b: 2 }],
    ['from json("true")', true],
    ['from json("\\"2023-06-14\\"")', '2023-06-14'],
    ['from json("{")', null],
  ],
  numbers: [
    ['round up(5.5)', 6],
    ['round up(-5.5)', -6],
    ['round up(1.121, 2)', 1.13],
    ['round down(5.5)', 5],
    ['round half up(5.5)', 6],
    ['round half down(5.5)', 5],
    ['random number() >= 0 and random number() < 1', true],
  ],
};

describe('FEEL built-ins from Camunda', () => {
  for (const [family, rows] of Object.entries(FAMILIES)) {
    describe(family, () => {
      for (const [source, expected, variables] of rows) {
        it(`should evaluate ${source}${variables ? ` with ${JSON.stringify(variables)}` : ''} to ${JSON.stringify(expected)}`, () => {
          expect(evaluateRow(source, variables)).to.deep.equal({ ok: true, value: expected });
        });
      }
    });
  }

  describe('assert', () => {
    it('should fail the evaluation with the given cause when the condition does not hold', () => {
      // when
      const outcome = evaluateRow('assert(x, x >= 0, "\'x\' should be positive")', { x: -1 });

      // then
      expect(outcome.ok).to.equal(false);
      expect(!outcome.ok && outcome.message).to.contain("'x' should be positive");
    });

    it('should fail the evaluation when the value is missing', () => {
      expect(evaluateRow('assert(x, x != null)').ok).to.equal(false);
    });
  });

  describe('hostile inputs', () => {
    it('should leave a __proto__ key out of what context put gives a variable, polluting nothing', () => {
      // when
      const outcome = evaluateRow('context put({}, "__proto__", {polluted: true})');

      // then
      expect(outcome.ok && Object.getPrototypeOf(outcome.value)).to.equal(Object.prototype);
      expect(outcome.ok && Object.keys(outcome.value as object)).to.deep.equal([]);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('should leave a __proto__ key out of what from json gives a variable, polluting nothing', () => {
      // when
      const outcome = evaluateRow('from json(text)', { text: '{"__proto__": {"polluted": true}}' });

      // then
      expect(outcome.ok && Object.keys(outcome.value as object)).to.deep.equal([]);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('should trim a long run of spaces in linear time', () => {
      // given
      const text = `${' '.repeat(200_000)}x${' '.repeat(200_000)}`;

      // when
      const started = process.hrtime.bigint();
      const outcome = evaluateRow('trim(text) = "x" and not(is blank(text))', { text });

      // then
      expect(outcome).to.deep.equal({ ok: true, value: true });
      expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(500);
    });

    it('should find duplicates among many items in one pass', () => {
      // given
      const items = Array.from({ length: 50_000 }, (_, i) => ({ id: i % 25_000 }));

      // when
      const outcome = evaluateRow('count(duplicate values(items))', { items });

      // then
      expect(outcome).to.deep.equal({ ok: true, value: 25_000 });
    });
  });
});
