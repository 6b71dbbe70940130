import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { deployAndStart, elementsWith, hasIncident, until } from '../helpers.js';

const here = import.meta.url;

describe('exclusive gateway', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  async function reward(score: number): Promise<string[]> {
    const { id } = await deployAndStart(engine, here, 'exclusive-gateway.bpmn', 'rewards', { variables: { score } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    return elementsWith(engine, id, 'element.completed');
  }

  it('should take the first flow in document order whose condition holds', async () => {
    // when
    const completed = await reward(95);

    // then
    expect(completed).to.include('gold');
    expect(completed).not.to.include.oneOf(['silver', 'bronze']);
  });

  it('should skip flows whose condition does not hold', async () => {
    // when
    const completed = await reward(60);

    // then
    expect(completed).to.include('silver');
    expect(completed).not.to.include.oneOf(['gold', 'bronze']);
  });

  it('should take the default flow when no condition holds', async () => {
    // when
    const completed = await reward(10);

    // then
    expect(completed).to.include('bronze');
    expect(completed).not.to.include.oneOf(['gold', 'silver']);
  });

  it('should pass a single token through as a merge', async () => {
    // when
    const completed = await reward(10);

    // then
    expect(completed.filter((id) => id === 'merge')).to.have.length(1);
    expect(completed[completed.length - 1]).to.equal('rewarded');
  });

  it('should raise an incident on the gateway when no condition holds and there is no default flow', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'exclusive-gateway.bpmn', 'triage', { variables: { priority: 'medium' } });
    const stuck = await until(engine, id, hasIncident);

    // then
    expect(stuck.status).to.equal('active');
    expect(stuck.incidents).to.have.length(1);
    expect(stuck.incidents[0]).to.include({ elementId: 'priorityGateway', kind: 'noFlow' });
    expect(stuck.incidents[0].message).to.contain('priorityGateway').and.contain('no condition is true');
    expect(stuck.activeElements).to.have.length(1);
    expect(stuck.activeElements[0]).to.include({ elementId: 'priorityGateway', status: 'incident' });
  });

  it('should continue on a flow that now holds once variables are fixed and the incident is resolved', async () => {
    // given
    const { id } = await deployAndStart(engine, here, 'exclusive-gateway.bpmn', 'triage', { variables: { priority: 'medium' } });
    const stuck = await until(engine, id, hasIncident);

    // when
    await engine.setVariables(id, { priority: 'low' });
    await engine.resolveIncident(id, stuck.incidents[0].id);

    // then
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(done.incidents).to.be.empty;
    expect(done.variables).to.deep.equal({ priority: 'low' });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed).to.include('queue');
    expect(completed).not.to.include('escalate');
  });

  it('should raise an incident naming the flow and the expression when a condition is not a boolean', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'exclusive-gateway.bpmn', 'riskCheck', { variables: { riskScore: 7 } });
    const stuck = await until(engine, id, hasIncident);

    // then
    expect(stuck.status).to.equal('active');
    expect(stuck.incidents[0]).to.include({ elementId: 'riskGateway', kind: 'expression' });
    expect(stuck.incidents[0].message).to.contain("'toReject'").and.contain('riskScore').and.contain('not a boolean');
    expect(await elementsWith(engine, id, 'element.completed')).not.to.include.oneOf(['accepted', 'rejected']);
  });

  it('should route again once a non-boolean condition is fixed and the incident is resolved', async () => {
    // given
    const { id } = await deployAndStart(engine, here, 'exclusive-gateway.bpmn', 'riskCheck', { variables: { riskScore: 7 } });
    const stuck = await until(engine, id, hasIncident);

    // when
    await engine.setVariables(id, { riskScore: true });
    await engine.resolveIncident(id, stuck.incidents[0].id);

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(await elementsWith(engine, id, 'element.completed')).to.include('rejected');
  });
});
