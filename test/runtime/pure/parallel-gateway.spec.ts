import { expect } from 'chai';
import { PureRun, compileFixture, eventsOf, isNoOp } from './harness.js';

describe('pure step: parallel gateway', () => {
  it('should fork into one job per outgoing flow', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'parallel-gateway.bpmn', 'fulfil'));

    // when
    const started = run.start();

    // then
    expect(started.effects.createJobs.map((j) => j.elementId).sort()).to.deep.equal(['bill', 'pack']);
    expect(run.tokens()).to.deep.equal(['bill:waiting', 'pack:waiting']);
  });

  it('should hold the first branch at the join and create nothing downstream', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'parallel-gateway.bpmn', 'fulfil'));
    run.start();

    // when
    const packed = run.completeJob('pack', { parcel: 'P1' });

    // then
    expect(packed.changed).to.equal(true);
    expect(packed.effects.createJobs).to.deep.equal([]);
    expect(eventsOf(packed, 'element.completed')).to.deep.equal(['pack']);
    expect(run.tokens()).to.deep.equal(['bill:waiting', 'join:waiting']);
  });

  it('should join when the last branch arrives and go on with one token', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'parallel-gateway.bpmn', 'fulfil'));
    run.start();
    run.completeJob('pack', { parcel: 'P1' });

    // when
    const billed = run.completeJob('bill', { invoice: 'I1' });

    // then
    expect(billed.effects.createJobs.map((j) => j.elementId)).to.deep.equal(['ship']);
    expect(billed.effects.createJobs[0].variables).to.deep.equal({ parcel: 'P1', invoice: 'I1' });
    expect(eventsOf(billed, 'element.completed')).to.deep.equal(['bill', 'join']);
    expect(run.tokens()).to.deep.equal(['ship:waiting']);
  });

  it('should give the same state and effects for the same triggers', async () => {
    // given
    const model = await compileFixture(import.meta.url, 'parallel-gateway.bpmn', 'fulfil');
    const script = (run: PureRun) => {
      run.start();
      run.completeJob('bill');
      run.completeJob('pack');
      run.completeJob('ship');
      return run.transcript;
    };

    // when
    const first = script(new PureRun(model));
    const second = script(new PureRun(model));

    // then
    expect(second).to.deep.equal(first);
    expect(JSON.parse(first.at(-1)!).state.status).to.equal('completed');
  });

  it('should change nothing when a second start arrives', async () => {
    // given
    const run = new PureRun(await compileFixture(import.meta.url, 'parallel-gateway.bpmn', 'fulfil'));
    run.start();

    // when
    const again = run.start();

    // then
    expect(isNoOp(again)).to.equal(true);
    expect(run.tokens()).to.deep.equal(['bill:waiting', 'pack:waiting']);
  });
});
