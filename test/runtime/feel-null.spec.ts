/** FEEL's null semantics as in Camunda 8.3+: undefined operations give null; the element decides whether that is an incident. */
import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { deployAndStart, elementsWith, hasIncident, until } from '../helpers.js';

const here = import.meta.url;

describe('FEEL null semantics', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  it('should map an input to null when it adds text to a variable that is not set', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'feel-null.bpmn', 'forecast');
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.headline).to.deep.equal({ title: null, urgency: 'low', known: false });
  });

  it('should map the same input to text when the variable is set', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'feel-null.bpmn', 'forecast', { variables: { location: 'Berlin', priority: 'high' } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.headline).to.deep.equal({ title: 'The Weather for Berlin', urgency: 'high', known: true });
  });

  it('should call the built-in count() even when a variable is named count', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'feel-null.bpmn', 'shipping', { variables: { count: 0, items: [1, 2, 3] } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed).to.include('bulk');
    expect(completed).not.to.include('single');
  });

  it('should raise an incident when a condition evaluates to null, as Zeebe does', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'feel-null.bpmn', 'approval', { variables: { amount: 500 } });
    const stuck = await until(engine, id, hasIncident);

    // then
    expect(stuck.incidents).to.have.length(1);
    expect(stuck.incidents[0]).to.include({ kind: 'expression' });
    expect(stuck.incidents[0].message).to.contain("'amount > limit'").and.to.contain('evaluated to null, not a boolean');
  });

  it('should raise an incident with the message of a failed assert()', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'feel-null.bpmn', 'refund', { variables: { amount: -5 } });
    const stuck = await until(engine, id, hasIncident);

    // then
    expect(stuck.incidents[0]).to.include({ elementId: 'validate', kind: 'expression' });
    expect(stuck.incidents[0].message).to.contain('amount must be positive');
  });

  it('should pass the value through a holding assert()', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'feel-null.bpmn', 'refund', { variables: { amount: 5 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.refunded).to.equal(5);
  });
});
