import { expect } from 'chai';
import { readBudget } from '../../server/budget-config.js';

describe('step budget configuration', () => {
  it('should read the budget from BATON_STEP_* variables', () => {
    // when
    const budget = readBudget({
      BATON_STEP_MS: '2000',
      BATON_STEP_MEMORY_MB: '256',
      BATON_STEP_EVENTS: '5000',
      BATON_STEP_THREADS: '4',
      BATON_STEP_ISOLATION: 'always',
    });

    // then
    expect(budget).to.deep.equal({ stepMs: 2000, memoryMb: 256, stepEvents: 5000, threads: 4, isolation: 'always' });
  });

  it('should leave unset variables to the engine defaults', () => {
    expect(readBudget({})).to.deep.equal({});
  });

  it('should refuse a value that is not a positive number, naming the variable', () => {
    expect(() => readBudget({ BATON_STEP_MS: 'soon' })).to.throw("BATON_STEP_MS must be a positive number, not 'soon'");
    expect(() => readBudget({ BATON_STEP_MEMORY_MB: '-1' })).to.throw(/BATON_STEP_MEMORY_MB/);
    expect(() => readBudget({ BATON_STEP_ISOLATION: 'never' })).to.throw(/BATON_STEP_ISOLATION must be 'auto' or 'always'/);
  });
});
