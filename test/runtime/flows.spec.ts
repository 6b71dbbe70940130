import { expect } from 'chai';
import { Engine, type Job } from '../../engine/index.js';
import { countOf, deployAndStart, elementsWith, fixture, hasIncident, until, userTaskAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('sequence flows', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  async function shipping(variables: Record<string, unknown>): Promise<string[]> {
    const { id } = await deployAndStart(engine, here, 'flows-conditional.bpmn', 'shipping', { variables });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    return elementsWith(engine, id, 'element.completed');
  }

  describe('conditional and default flows on an activity', () => {
    it('should take every flow whose condition holds', async () => {
      // when
      const completed = await shipping({ express: true, value: 5000 });

      // then
      expect(completed).to.include.members(['shipExpress', 'insure', 'expressEnd', 'insureEnd']);
      expect(completed).not.to.include('shipStandard');
    });

    it('should take only the flows whose condition holds', async () => {
      // when
      const completed = await shipping({ express: false, value: 5000 });

      // then
      expect(completed).to.include('insure');
      expect(completed).not.to.include.oneOf(['shipExpress', 'shipStandard']);
    });

    it('should take the default flow when no condition holds', async () => {
      // when
      const completed = await shipping({ express: false, value: 10 });

      // then
      expect(completed).to.include.members(['shipStandard', 'standardEnd']);
      expect(completed).not.to.include.oneOf(['shipExpress', 'insure']);
    });

    it('should always take an unconditional flow next to a conditional one', async () => {
      // given
      await engine.deploy({ name: 'flows-conditional.bpmn', xml: fixture(here, 'flows-conditional.bpmn') });

      // when
      const withPhone = await engine.start('tracking', { variables: { phone: '+49 30 1234' } });
      const withoutPhone = await engine.start('tracking', { variables: { phone: null } });
      await engine.waitFor(withPhone.id, 'completed', { timeoutMs: 2_000 });
      await engine.waitFor(withoutPhone.id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(await elementsWith(engine, withPhone.id, 'element.completed')).to.include.members(['label', 'sms']);
      const without = await elementsWith(engine, withoutPhone.id, 'element.completed');
      expect(without).to.include('label');
      expect(without).not.to.include('sms');
    });
  });

  describe('implicit parallel split', () => {
    it('should start a token on every unconditional outgoing flow of a task', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'flows-split-merge.bpmn', 'fulfilment');
      const view = await until(engine, id, (v) => waitsInUserTask('pack')(v) && waitsInUserTask('invoice')(v));

      // then
      expect(view.activeElements.map((e) => e.elementId)).to.have.members(['pack', 'invoice']);
    });
  });

  describe('uncontrolled merge', () => {
    it('should run a task once for each token that reaches it', async () => {
      // given
      const logs: Job[] = [];
      engine.handle('write-log', (job) => void logs.push(job));
      const { id } = await deployAndStart(engine, here, 'flows-split-merge.bpmn', 'fulfilment');
      await until(engine, id, (v) => waitsInUserTask('pack')(v) && waitsInUserTask('invoice')(v));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'pack')).id, { packed: true });
      const between = await until(engine, id, (v) => !v.activeElements.some((e) => e.elementId === 'log'));
      await engine.completeUserTask((await userTaskAt(engine, id, 'invoice')).id, { invoiced: true });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(between.status).to.equal('active');
      expect(logs).to.have.length(2);
      expect(logs[0].variables).to.deep.equal({ packed: true });
      expect(logs[1].variables).to.deep.equal({ packed: true, invoiced: true });
      expect(done.variables).to.deep.equal({ packed: true, invoiced: true });
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'log')).to.equal(2);
      expect(countOf(completed, 'done')).to.equal(2);
    });
  });

  describe('a loop without a wait state', () => {
    it('should be stopped with an incident instead of running forever', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'flows-loop.bpmn', 'retryForever', { variables: { keepTrying: true } });
      const stuck = await until(engine, id, hasIncident);

      // then
      expect(stuck.status).to.equal('active');
      expect(stuck.incidents).to.have.length(1);
      expect(stuck.incidents[0].message).to.contain('without reaching a wait state');
      expect(['try', 'again']).to.include(stuck.incidents[0].elementId);
      expect(stuck.activeElements).to.have.length(1);
    });

    it('should continue from where it stopped once the incident is resolved', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'flows-loop.bpmn', 'retryForever', { variables: { keepTrying: true } });
      const stuck = await until(engine, id, hasIncident);

      // when
      await engine.setVariables(id, { keepTrying: false });
      await engine.resolveIncident(id, stuck.incidents[0].id);

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      const history = await engine.history(id);
      const resolvedAt = history.findIndex((e) => e.type === 'incident.resolved');
      const after = history
        .slice(resolvedAt)
        .filter((e) => e.type === 'element.completed')
        .map((e) => e.elementId!);
      expect(after).to.include.members(['again', 'gaveUp']);
      expect(countOf(after, 'again')).to.equal(1);
    });
  });
});
