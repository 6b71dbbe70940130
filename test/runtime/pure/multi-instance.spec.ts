import { expect } from 'chai';
import { PureRun, compileFixture, eventsOf, isNoOp } from './harness.js';

describe('pure step: multi-instance', () => {
  it('should create one job per item at once for a parallel body, each with its item and loopCounter', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'multi-instance.bpmn', 'parallelReview'));

    // when
    const started = run.start({ reviewers: ['ann', 'bob', 'cid'] });

    // then
    expect(started.effects.createJobs.map((j) => [j.elementId, j.variables.reviewer, j.variables.loopCounter])).to.deep.equal([
      ['review', 'ann', 1],
      ['review', 'bob', 2],
      ['review', 'cid', 3],
    ]);
  });

  it('should collect the outputs in input order, whatever order the jobs complete in', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'multi-instance.bpmn', 'parallelReview'));
    run.start({ reviewers: ['ann', 'bob', 'cid'] });

    // when
    const steps = [
      run.completeJob('review', { verdict: 'no' }, 3),
      run.completeJob('review', { verdict: 'yes' }, 1),
      run.completeJob('review', { verdict: 'maybe' }, 2),
    ];

    // then
    expect(steps.map((s) => s.effects.createJobs.length)).to.deep.equal([0, 0, 0]);
    expect(run.state.status).to.equal('completed');
    expect(run.variables().verdicts).to.deep.equal(['yes', 'maybe', 'no']);
    expect(eventsOf(steps[2], 'element.completed')).to.deep.equal(['review', 'review', 'end']);
  });

  it('should run a sequential body one job at a time', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'multi-instance.bpmn', 'sequentialCharge'));

    // when
    const started = run.start({ payments: [10, 20] });
    const first = run.completeJob('charge', { receipt: 'R10' });
    const second = run.completeJob('charge', { receipt: 'R20' });

    // then
    expect(started.effects.createJobs.map((j) => [j.variables.payment, j.variables.loopCounter])).to.deep.equal([[10, 1]]);
    expect(first.effects.createJobs.map((j) => [j.variables.payment, j.variables.loopCounter])).to.deep.equal([[20, 2]]);
    expect(second.effects.createJobs).to.deep.equal([]);
    expect(run.state.status).to.equal('completed');
    expect(run.variables().receipts).to.deep.equal(['R10', 'R20']);
  });

  it('should withdraw the inner instances left when the completion condition holds', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'multi-instance.bpmn', 'vote'));
    run.start({ voters: ['ann', 'bob', 'cid'] });
    const cidJob = run.jobAt('ballot', 3).key;
    run.completeJob('ballot', { choice: 'red' }, 1);

    // when
    const decided = run.completeJob('ballot', { choice: 'blue' }, 2);

    // then
    expect(decided.effects.deleteJobs).to.include(cidJob);
    expect(eventsOf(decided, 'element.terminated')).to.deep.equal(['ballot']);
    expect(run.state.status).to.equal('completed');
    expect(run.variables().ballots).to.deep.equal(['red', 'blue', null]);
  });

  it('should change nothing when the job of a withdrawn inner instance completes', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'multi-instance.bpmn', 'vote'));
    run.start({ voters: ['ann', 'bob', 'cid'] });
    const cidJob = run.jobAt('ballot', 3).key;
    run.completeJob('ballot', { choice: 'red' }, 1);
    run.completeJob('ballot', { choice: 'blue' }, 2);

    // when
    const late = run.apply({ type: 'jobCompleted', jobKey: cidJob, variables: { choice: 'green' } });

    // then
    expect(isNoOp(late)).to.equal(true);
    expect(run.variables().ballots).to.deep.equal(['red', 'blue', null]);
  });

  it('should give the same state and effects for the same triggers', async () => {
    // given
    const model = await compileFixture(import.meta.url, 'multi-instance.bpmn', 'parallelReview');
    const script = (run: PureRun) => {
      run.start({ reviewers: ['ann', 'bob'] });
      run.completeJob('review', { verdict: 'no' }, 2);
      run.completeJob('review', { verdict: 'yes' }, 1);
      return run.transcript;
    };

    // when
    const first = script(new PureRun(model));
    const second = script(new PureRun(model));

    // then
    expect(second).to.deep.equal(first);
  });
});
