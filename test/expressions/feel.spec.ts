import { expect } from 'chai';
import { evaluateFeel, parseFeel } from '../../engine/expressions/feel.js';
import type { FeelExpression } from '../../engine/model/types.js';

const compile = (source: string): FeelExpression => {
  const parsed = parseFeel(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.expression;
};

describe('FEEL evaluation', () => {
  it('should record the variable names an expression reads', () => {
    expect(compile('=order.total > limit and count(items) > 0').names).to.include.members(['order', 'limit', 'items']);
  });

  it('should give each set of inputs its own result when results are remembered', () => {
    // given
    const expression = compile('=amount > 100');

    // when
    const results = [150, 50, 150, 50].map((amount) => evaluateFeel(expression, (name) => (name === 'amount' ? amount : undefined)));

    // then
    expect(results.map((r) => r.ok && r.value)).to.deep.equal([true, false, true, false]);
  });

  it('should hand out a fresh object each time for a context result', () => {
    // given
    const expression = compile('={ total: amount }');
    const lookup = (name: string) => (name === 'amount' ? 7 : undefined);

    // when
    const first = evaluateFeel(expression, lookup);
    if (first.ok) (first.value as Record<string, unknown>).total = 'changed';
    const second = evaluateFeel(expression, lookup);

    // then
    expect(second).to.deep.equal({ ok: true, value: { total: 7 } });
  });

  it('should evaluate the clock functions anew every time', () => {
    // given
    const expression = compile('=string(now())');

    // when
    const first = evaluateFeel(expression, () => undefined);
    const later = new Promise((resolve) => setTimeout(resolve, 5)).then(() => evaluateFeel(expression, () => undefined));

    // then
    return later.then((second) => expect(second).not.to.deep.equal(first));
  });

  it('should give null where an operation is not defined for its values, as Camunda 8.3+ does', () => {
    // when
    const results = ['=x + "a"', '="order-" + 123', '="The Weather for " + location', '=unknownFunction(1)'].map((source) =>
      evaluateFeel(compile(source), (name) => (name === 'x' ? 1 : undefined)),
    );

    // then
    expect(results).to.deep.equal(Array(4).fill({ ok: true, value: null }));
  });

  it('should parse and evaluate a built-in whose name holds a keyword', () => {
    expect(evaluateFeel(compile('=get or else(priority, "low")'), () => undefined)).to.deep.equal({ ok: true, value: 'low' });
  });

  for (const [source, variables, expected] of [
    ['=count(items) > 2', { count: 0, items: [1, 2, 3] }, true],
    ['=count(items) + count', { count: 10, items: [1, 2, 3] }, 13],
    ['=sum(items) + sum', { sum: 1, items: [1, 2] }, 4],
    ['=string(number) + string', { number: 5, string: 'x' }, '5x'],
    ['=number("7") + number', { number: 1 }, 8],
    ['=trim(trim)', { trim: '  t  ' }, 't'],
    ['=get or else(x, 1)', { 'get or else': 5 }, 1],
  ] as const) {
    it(`should call the built-in in '${source}' although a variable has its name`, () => {
      // when
      const result = evaluateFeel(compile(source), (name) => (variables as Record<string, unknown>)[name]);

      // then
      expect(result).to.deep.equal({ ok: true, value: expected });
    });
  }

  it('should read a variable named like a function where it is not called', () => {
    expect(compile('=count(items) + count').names).to.have.members(['items', 'count']);
  });

  it('should call now() on the engine clock even when a variable is named now', () => {
    // when
    const result = evaluateFeel(compile('=string(now())'), (name) => (name === 'now' ? 'later' : undefined), Date.UTC(2024, 0, 2));

    // then
    expect(result).to.deep.equal({ ok: true, value: '2024-01-02T00:00:00Z' });
  });

  it('should give a new result from uuid() and random number() on every evaluation', () => {
    // given
    const expression = compile('=string(random number()) + uuid()');

    // when
    const first = evaluateFeel(expression, () => undefined);
    const second = evaluateFeel(expression, () => undefined);

    // then
    expect(second).not.to.deep.equal(first);
  });

  it('should leave a __proto__ key out of a result, which keeps a plain prototype', () => {
    // when
    const result = evaluateFeel(compile('=value'), () => JSON.parse('{"__proto__": {"polluted": true}}'));

    // then
    expect(result.ok && Object.keys(result.value as object)).to.deep.equal([]);
    expect(result.ok && Object.getPrototypeOf(result.value)).to.equal(Object.prototype);
  });
});
