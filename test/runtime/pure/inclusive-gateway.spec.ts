import { expect } from 'chai';
import { PureRun, compileFixture, eventsOf } from './harness.js';

describe('pure step: inclusive gateway', () => {
  it('should take every flow whose condition holds', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'inclusive-gateway.bpmn', 'notify'));

    // when
    const started = run.start({ mail: true, sms: true });

    // then
    expect(started.effects.createJobs.map((j) => j.elementId).sort()).to.deep.equal(['mail', 'sms']);
    expect(run.tokens()).to.deep.equal(['mail:waiting', 'sms:waiting']);
  });

  it('should take only the default flow when no condition holds', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'inclusive-gateway.bpmn', 'notify'));

    // when
    const started = run.start({ mail: false, sms: false });

    // then
    expect(started.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['letter']);
  });

  it('should join only the branches that were taken', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'inclusive-gateway.bpmn', 'notify'));
    run.start({ mail: true, sms: true });

    // when
    const mailed = run.completeJob('mail');
    const texted = run.completeJob('sms');

    // then
    expect(mailed.effects.createJobs).to.deep.equal([]);
    expect(run.tokens()).to.deep.equal(['archive:waiting']);
    expect(texted.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['archive']);
    expect(eventsOf(texted, 'element.completed')).to.deep.equal(['sms', 'join']);
  });

  it('should pass the join at once when only one branch was taken', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'inclusive-gateway.bpmn', 'notify'));
    run.start({ mail: false, sms: true });

    // when
    const texted = run.completeJob('sms');

    // then
    expect(texted.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['archive']);
  });
});
