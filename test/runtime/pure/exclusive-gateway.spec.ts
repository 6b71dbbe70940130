import { expect } from 'chai';
import { PureRun, compileFixture, eventsOf, isNoOp } from './harness.js';

describe('pure step: exclusive gateway', () => {
  it('should take the flow whose condition holds and create the job of its task only', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'exclusive-gateway.bpmn', 'route'));

    // when
    const started = run.start({ amount: 250 });

    // then
    expect(started.changed).to.equal(true);
    expect(started.effects.createJobs.map((j) => [j.elementId, j.type])).to.deep.equal([['large', 'large']]);
    expect(eventsOf(started, 'element.completed')).to.deep.equal(['start', 'size']);
    expect(run.tokens()).to.deep.equal(['large:waiting']);
    expect(run.state.rev).to.equal(1);
  });

  it('should take the default flow when no condition holds', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'exclusive-gateway.bpmn', 'route'));

    // when
    const started = run.start({ amount: 5 });

    // then
    expect(started.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['small']);
    expect(run.tokens()).to.deep.equal(['small:waiting']);
  });

  it('should complete the instance when the chosen task completes, deleting its job', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'exclusive-gateway.bpmn', 'route'));
    run.start({ amount: 250 });
    const job = run.jobAt('large');

    // when
    const completed = run.completeJob('large', { approved: true });

    // then
    expect(completed.effects.deleteJobs).to.deep.equal([job.key]);
    expect(completed.effects.createJobs).to.deep.equal([]);
    expect(eventsOf(completed, 'instance.completed')).to.have.length(1);
    expect(run.state.status).to.equal('completed');
    expect(run.state.tokens).to.deep.equal({});
    expect(run.variables()).to.deep.equal({ amount: 250, approved: true });
  });

  it('should raise an incident on the gateway when no condition holds and there is no default flow', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'exclusive-gateway.bpmn', 'strict'));

    // when
    const started = run.start({ priority: 'medium' });

    // then
    expect(started.effects.createJobs).to.deep.equal([]);
    expect(run.tokens()).to.deep.equal(['priority:incident']);
    expect(run.state.incidents.map((i) => [i.elementId, i.kind, i.phase])).to.deep.equal([['priority', 'noFlow', 'leave']]);
    expect(eventsOf(started, 'incident.created')).to.deep.equal(['priority']);
    expect(run.state.status).to.equal('active');
  });

  it('should give the same state and effects for the same triggers', async () => {
    // given
    const model = await compileFixture(import.meta.url, 'exclusive-gateway.bpmn', 'route');
    const script = (run: PureRun) => {
      run.start({ amount: 250 });
      run.completeJob('large', { approved: true });
      return run.transcript;
    };

    // when
    const first = script(new PureRun(model));
    const second = script(new PureRun(model));

    // then
    expect(second).to.deep.equal(first);
  });

  it('should change nothing when the job it completes was completed already', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'exclusive-gateway.bpmn', 'route'));
    run.start({ amount: 5 });
    const job = run.jobAt('small');
    run.completeJob('small');
    const rev = run.state.rev;

    // when
    const again = run.apply({ type: 'jobCompleted', jobKey: job.key, variables: {} });

    // then
    expect(isNoOp(again)).to.equal(true);
    expect(run.state.rev).to.equal(rev);
  });
});
