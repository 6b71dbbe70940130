import { expect } from 'chai';
import { PureRun, T0, compileFixture, eventsOf, isNoOp } from './harness.js';

describe('pure step: event-based gateway', () => {
  it('should wait at the gateway with a message subscription and a timer job', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'event-based-gateway.bpmn', 'await'));

    // when
    const started = run.start({ orderId: 'o-1' });

    // then
    expect(started.effects.createSubscriptions.map((s) => [s.elementId, s.kind, s.name, s.correlationKey])).to.deep.equal([
      ['paid', 'message', 'payment-received', 'o-1'],
    ]);
    expect(started.effects.createJobs.map((j) => [j.elementId, j.type, j.dueAt])).to.deep.equal([['timeout', 'baton:timer', T0 + 30 * 60_000]]);
    expect(run.tokens()).to.deep.equal(['wait:waiting']);
  });

  it('should take the message and delete the timer job of the loser', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'event-based-gateway.bpmn', 'await'));
    run.start({ orderId: 'o-1' });
    const timerJob = run.subscriptionAt('timeout').timer!.jobKey;
    const messageSub = run.subscriptionAt('paid').id;

    // when
    const paid = run.deliver('paid', { amount: 42 });

    // then
    expect(paid.effects.deleteJobs).to.deep.equal([timerJob]);
    expect(paid.effects.deleteSubscriptions).to.deep.equal([messageSub]);
    expect(paid.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['ship']);
    expect(eventsOf(paid, 'element.completed')).to.deep.equal(['wait', 'paid']);
    expect(run.state.subscriptions).to.deep.equal({});
    expect(run.variables()).to.deep.equal({ orderId: 'o-1', amount: 42 });
  });

  it('should take the timer and delete the message subscription of the loser', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'event-based-gateway.bpmn', 'await'));
    run.start({ orderId: 'o-1' });
    const messageSub = run.subscriptionAt('paid').id;
    const timerJob = run.subscriptionAt('timeout').timer!.jobKey;

    // when
    const timedOut = run.fireTimer('timeout');

    // then
    expect(timedOut.effects.deleteSubscriptions).to.deep.equal([messageSub]);
    // The fired timer's own job goes too: it has done its work.
    expect(timedOut.effects.deleteJobs).to.deep.equal([timerJob]);
    expect(timedOut.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['remind']);
    expect(run.tokens()).to.deep.equal(['remind:waiting']);
  });

  it('should change nothing when the message arrives after the timer won', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'event-based-gateway.bpmn', 'await'));
    run.start({ orderId: 'o-1' });
    const messageSub = run.subscriptionAt('paid').id;
    run.fireTimer('timeout');

    // when
    const late = run.apply({ type: 'eventOccurred', subscriptionId: messageSub, variables: { amount: 42 } });

    // then
    expect(isNoOp(late)).to.equal(true);
    expect(run.variables()).to.deep.equal({ orderId: 'o-1' });
  });

  it('should give the same state and effects for the same triggers', async () => {
    // given
    const model = await compileFixture(import.meta.url, 'event-based-gateway.bpmn', 'await');
    const script = (run: PureRun) => {
      run.start({ orderId: 'o-1' });
      run.deliver('paid', { amount: 42 });
      run.completeJob('ship');
      return run.transcript;
    };

    // when
    const first = script(new PureRun(model));
    const second = script(new PureRun(model));

    // then
    expect(second).to.deep.equal(first);
  });
});
