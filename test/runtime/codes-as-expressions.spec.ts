/** Error and escalation codes written as FEEL are computed when thrown, as in Zeebe. */
import { expect } from 'chai';
import { Engine, ValidationError } from '../../engine/index.js';
import { elementsWith, fixture, hasIncident, openEngine, until } from '../helpers.js';

describe('error and escalation codes as expressions', () => {
  let engine: Engine;

  beforeEach(async () => {
    ({ engine } = await openEngine());
    await engine.deploy({ name: 'codes-as-expressions.bpmn', xml: fixture(import.meta.url, 'codes-as-expressions.bpmn') });
  });
  afterEach(() => engine.close());

  it('should throw the error code the expression computes, caught by the boundary event with that code', async () => {
    // when
    const { id } = await engine.start('computedError', { variables: { failure: 'PAYMENT_FAILED' } });

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(await elementsWith(engine, id, 'element.completed'))
      .to.include('handled')
      .and.not.include('paid');
  });

  it('should raise an incident on the end event when the code expression gives no text', async () => {
    // when
    const { id } = await engine.start('computedError', { variables: {} });

    // then
    const stuck = await until(engine, id, hasIncident);
    expect(stuck.incidents[0]).to.include({ elementId: 'fail', kind: 'expression' });
    expect(stuck.incidents[0].message).to.match(/^error code: 'failure' evaluated to null/);
  });

  it('should throw the escalation code the expression computes, caught by the boundary event with that code', async () => {
    // when
    const { id } = await engine.start('computedEscalation', { variables: { level: 3 } });

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['notified', 'worked']);
  });

  it('should let an escalation whose computed code nobody catches go on, as an uncaught escalation does', async () => {
    // when
    const { id } = await engine.start('computedEscalation', { variables: { level: 1 } });

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(await elementsWith(engine, id, 'element.completed'))
      .to.include('worked')
      .and.not.include('notified');
  });

  it('should refuse a code expression on a catching event at deploy, naming it', async () => {
    // given
    const xml = fixture(import.meta.url, 'codes-as-expressions.bpmn').replace('errorCode="PAYMENT_FAILED"', 'errorCode="=expected"');

    // when
    const error = await engine.deploy({ name: 'catch.bpmn', xml }).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).problems).to.deep.include({
      processId: 'computedError',
      elementId: 'paymentFailed',
      message: "the error code '=expected' is an expression: only throwing events may compute their code, a catching event needs a fixed one (as in Zeebe)",
    });
  });
});
