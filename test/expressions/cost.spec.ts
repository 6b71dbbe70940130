/** Which FEEL expressions may run on the main thread (engine/expressions/cost.ts). */
import { expect } from 'chai';
import { isLinearFeel } from '../../engine/expressions/cost.js';

describe('FEEL cost classes', () => {
  const linear = [
    'approved = true',
    'total > 100 and customer.vip',
    'a + " " + b',
    'count(items) > 2',
    'sum(items.price) * 1.2',
    'items[price > 10]',
    'items[1].name',
    'if amount > 1000 then "manual" else "auto"',
    '{ id: orderId, lines: [1, 2, 3] }',
    'date("2024-01-01") + duration("P1D")',
    'now() > dueDate',
    'get or else(priority, "low")',
    'upper case(substring(name, 1, 3))',
    'x in [1..3]',
    'value instance of number',
    'is defined(x) and not(is empty(items))',
    'trim(name) + to base64(code) + from base64(text)',
    'is blank(text) or uuid() = id or random number() > 0.5',
    'duplicate values(items)',
    'partition(items, 10)',
    'last day of month(today())',
    'assert(x, x > 0, "positive")',
    'from json(text).a + to json(x)',
    'round up(x) + round down(x, 2) + round half up(x, 1) + round half down(x, 1)',
    'fromAi(toolCall.userId, "the user")',
    'get value(ctx, ["a", "b"]) + context put(ctx, ["a"], 1).a',
    'during(x, [1..10]) and overlaps before([1..5], r) and coincides(a, b) and finished by(r, 3)',
  ];
  const unbounded = [
    'count(for x in 1..n return x)',
    'some item in items satisfies item.price > 10',
    'every item in items satisfies item.ok',
    '{ fib: function(n) if n < 2 then n else fib(n - 1) + fib(n - 2) }.fib(40)',
    'items[count(items) > 1]',
    'items[x > 1][y > 2]',
    'matches(text, "(a+)+$")',
    'replace(text, "a", "b")',
    'split(text, ",")',
    'distinct values(items)',
    'string join(parts, separator)',
    'string join(parts, ", ", "[", "]")',
    'extract(text, "[0-9]+")',
    'sort(items, function(a, b) a < b)',
    'my custom function(1)',
  ];

  for (const source of linear) {
    it(`should let '${source}' run on the main thread`, () => expect(isLinearFeel(source)).to.equal(true));
  }
  for (const source of unbounded) {
    it(`should send '${source}' to the isolated worker`, () => expect(isLinearFeel(source)).to.equal(false));
  }
});
