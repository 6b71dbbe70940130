import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine, MemoryStore } from '../../engine/index.js';
import { completeTaskAt, elementsWith, openTasks, until } from '../helpers.js';
import { undrawn } from './diagram.js';

const sample = new URL('../../samples/support-case.bpmn', import.meta.url);

describe('The support case sample (samples/support-case.bpmn): an ad-hoc sub-process', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ store: new MemoryStore(), jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'support-case.bpmn', xml: await readFile(sample, 'utf8') });
  });

  afterEach(() => engine.close());

  it('should open the first steps picked, take more on demand, and close the case when one step solves it', async () => {
    // given
    const { id } = await engine.start('supportCase', { variables: { firstSteps: ['checkLogs', 'callCustomer'] } });
    const opened = await until(engine, id, (v) => v.activeElements.length === 3);
    expect(await openTasks(engine, id)).to.have.members(['checkLogs', 'callCustomer']);

    // when: the logs say nothing; engineering is asked, and solves it
    await completeTaskAt(engine, id, 'checkLogs', { solved: false });
    const investigate = opened.activeElements.find((e) => e.elementId === 'investigate')!;
    await engine.activateAdHocElements(id, investigate.tokenId, [{ elementId: 'askEngineering' }]);
    await completeTaskAt(engine, id, 'askEngineering', { solved: true, solution: 'restart the sync job' });
    const closed = await until(engine, id, (v) => v.status !== 'active');

    // then: the call was withdrawn; only the solution came out
    expect(closed.status).to.equal('completed');
    expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['callCustomer']);
    expect(closed.variables).to.deep.equal({ firstSteps: ['checkLogs', 'callCustomer'], solution: 'restart the sync job' });
  });

  it('should carry a diagram shape or edge for every element, so that it opens in bpmn-js and Camunda Modeler', async () => {
    // when
    const { missing, dangling, warnings } = await undrawn(await readFile(sample, 'utf8'));

    // then
    expect({ missing, dangling, warnings }).to.deep.equal({ missing: [], dangling: [], warnings: [] });
  });
});
