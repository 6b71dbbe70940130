import { expect } from 'chai';
import { PureRun, T0, compileFixture, eventsOf, isNoOp } from './harness.js';

const HOUR = 3_600_000;

describe('pure step: boundary events', () => {
  it('should open a timer job for each timer boundary event with the task job', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'boundary-events.bpmn', 'deadline'));

    // when
    const started = run.start();

    // then
    expect(started.effects.createJobs.map((j) => [j.elementId, j.type, j.dueAt])).to.deep.equal([
      ['tooSlow', 'baton:timer', T0 + HOUR],
      ['reminder', 'baton:timer', T0 + HOUR / 6],
      ['charge', 'charge', T0],
    ]);
    expect(Object.values(run.state.subscriptions).map((s) => s.elementId)).to.deep.equal(['tooSlow', 'reminder']);
  });

  it('should cancel the task when an interrupting timer fires: its job and the other timer deleted, its token withdrawn', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'boundary-events.bpmn', 'deadline'));
    run.start();
    const chargeJob = run.jobAt('charge').key;
    const reminderJob = run.subscriptionAt('reminder').timer!.jobKey;
    const tooSlowJob = run.subscriptionAt('tooSlow').timer!.jobKey;

    // when
    const fired = run.fireTimer('tooSlow');

    // then
    expect(fired.effects.deleteJobs.sort()).to.deep.equal([chargeJob, reminderJob, tooSlowJob].sort());
    expect(fired.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['cancelOrder']);
    expect(eventsOf(fired, 'element.terminated')).to.deep.equal(['charge']);
    expect(run.tokens()).to.deep.equal(['cancelOrder:waiting']);
    expect(run.state.subscriptions).to.deep.equal({});
  });

  it('should keep the task when a non-interrupting timer fires', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'boundary-events.bpmn', 'deadline'));
    run.start();
    const chargeJob = run.jobAt('charge').key;
    const reminderJob = run.subscriptionAt('reminder').timer!.jobKey;

    // when
    const fired = run.fireTimer('reminder');

    // then: only the one-off timer that fired is closed; the task's job stays
    expect(fired.effects.deleteJobs).to.deep.equal([reminderJob]);
    expect(run.openJobs.has(chargeJob)).to.equal(true);
    expect(fired.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['nudge']);
    expect(eventsOf(fired, 'element.terminated')).to.deep.equal([]);
    expect(run.tokens()).to.deep.equal(['charge:waiting', 'nudge:waiting']);
    expect(Object.values(run.state.subscriptions).map((s) => s.elementId)).to.deep.equal(['tooSlow']);
  });

  it('should take the error boundary event when the job throws its error, closing the timers', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'boundary-events.bpmn', 'deadline'));
    run.start();
    const chargeJob = run.jobAt('charge').key;
    const timerJobs = Object.values(run.state.subscriptions).map((s) => s.timer!.jobKey);

    // when
    const thrown = run.throwError('charge', 'DECLINED', { reason: 'card expired' });

    // then
    expect(thrown.effects.deleteJobs.sort()).to.deep.equal([chargeJob, ...timerJobs].sort());
    expect(thrown.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['refuse']);
    expect(run.tokens()).to.deep.equal(['refuse:waiting']);
    expect(run.state.incidents).to.deep.equal([]);
    expect(run.variables()).to.deep.equal({ reason: 'card expired' });
  });

  it('should raise an incident when the job throws an error no boundary event catches', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'boundary-events.bpmn', 'deadline'));
    run.start();

    // when
    const thrown = run.throwError('charge', 'UNKNOWN');

    // then
    expect(thrown.effects.createJobs).to.deep.equal([]);
    expect(run.state.incidents.map((i) => [i.elementId, i.kind])).to.deep.equal([['charge', 'bpmnError']]);
  });

  it('should change nothing when a timer fires after the task completed', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'boundary-events.bpmn', 'deadline'));
    run.start();
    const tooSlowJob = run.subscriptionAt('tooSlow').timer!.jobKey;
    const completed = run.completeJob('charge');

    // when
    const late = run.apply({ type: 'timerFired', jobKey: tooSlowJob });

    // then
    expect(completed.effects.deleteJobs).to.include(tooSlowJob);
    expect(run.state.status).to.equal('completed');
    expect(isNoOp(late)).to.equal(true);
  });
});
