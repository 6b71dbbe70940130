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

  it('should report a failing expression with its source', () => {
    const result = evaluateFeel(compile('=x + "a"'), (name) => (name === 'x' ? 1 : undefined));
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.message).to.contain(`x + "a"`);
  });
});
