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
    'my custom function(1)',
  ];

  for (const source of linear) {
    it(`should let '${source}' run on the main thread`, () => expect(isLinearFeel(source)).to.equal(true));
  }
  for (const source of unbounded) {
    it(`should send '${source}' to the isolated worker`, () => expect(isLinearFeel(source)).to.equal(false));
  }
});
