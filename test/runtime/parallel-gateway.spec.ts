import { expect } from 'chai';
import { Engine, type InstanceView } from '../../engine/index.js';
import { countOf, deployAndStart, elementsWith, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

const waitingAt = (view: InstanceView, elementId: string) => view.activeElements.filter((e) => e.elementId === elementId && e.status === 'waiting').length;

describe('parallel gateway', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  it('should split into every outgoing flow', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'parallel-gateway.bpmn', 'dispatch');
    const view = await until(engine, id, (v) => waitsAt('charge')(v) && waitsInUserTask('approve')(v));

    // then
    expect(view.activeElements.map((e) => e.elementId)).to.have.members(['charge', 'approve']);
  });

  it('should hold the join until a token has arrived on every incoming flow', async () => {
    // given
    let ships = 0;
    engine.handle('charge', () => ({ charged: true }));
    engine.handle('ship', () => void ships++);
    const { id } = await deployAndStart(engine, here, 'parallel-gateway.bpmn', 'dispatch');

    // when
    const held = await until(engine, id, (v) => waitsAt('join')(v) && waitsInUserTask('approve')(v));

    // then
    expect(held.status).to.equal('active');
    expect(held.variables).to.deep.equal({ charged: true });
    expect(ships).to.equal(0);
    expect(await elementsWith(engine, id, 'element.activated')).not.to.include('join');
  });

  it('should fire the join once the last branch arrives and continue with one token', async () => {
    // given
    let ships = 0;
    engine.handle('charge', () => ({ charged: true }));
    engine.handle('ship', () => void ships++);
    const { id } = await deployAndStart(engine, here, 'parallel-gateway.bpmn', 'dispatch');
    await until(engine, id, (v) => waitsAt('join')(v) && waitsInUserTask('approve')(v));

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'approve')).id, { approved: true });

    // then
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(ships).to.equal(1);
    expect(done.variables).to.deep.equal({ charged: true, approved: true });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(countOf(completed, 'join')).to.equal(1);
    expect(completed.indexOf('join')).to.be.greaterThan(completed.indexOf('approve'));
    expect(completed.indexOf('join')).to.be.greaterThan(completed.indexOf('charge'));
  });

  it('should make a second token on one incoming flow wait for a second token on every other flow', async () => {
    // given
    let releases = 0;
    engine.handle('produce', (job) => ({ produced: Number(job.variables.produced) + 1 }));
    engine.handle('release', () => void releases++);
    const { id } = await deployAndStart(engine, here, 'parallel-gateway.bpmn', 'batches', { variables: { produced: 0, approvals: 0 } });
    const produced = await until(engine, id, (v) => waitingAt(v, 'batchJoin') === 2 && waitsInUserTask('approveBatch')(v) && v.variables.produced === 2);
    expect(releases).to.equal(0);
    expect(produced.activeElements.map((e) => e.elementId)).to.have.members(['batchJoin', 'batchJoin', 'approveBatch']);

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'approveBatch')).id, { approvals: 1 });
    const once = await until(engine, id, (v) => waitsInUserTask('approveBatch')(v) && !v.activeElements.some((e) => e.elementId === 'release'));

    // then
    expect(releases).to.equal(1);
    expect(once.status).to.equal('active');
    expect(waitingAt(once, 'batchJoin')).to.equal(1);

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'approveBatch')).id, { approvals: 2 });

    // then
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(releases).to.equal(2);
    expect(done.activeElements).to.be.empty;
    expect(countOf(await elementsWith(engine, id, 'element.completed'), 'batchJoin')).to.equal(2);
  });

  it('should pair up tokens that arrive on the same flows in one step', async () => {
    // given
    let matches = 0;
    engine.handle('match', () => void matches++);

    // when
    const { id } = await deployAndStart(engine, here, 'parallel-gateway.bpmn', 'pairs');
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.activeElements).to.be.empty;
    expect(matches).to.equal(2);
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(countOf(completed, 'pairJoin')).to.equal(2);
    expect(countOf(completed, 'matched')).to.equal(2);
  });
});
