import { expect } from 'chai';
import { Engine, type Job } from '../../engine/index.js';
import { deployAndStart, elementsWith, hasIncident, until, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('variables', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  const order = { items: [{ sku: 'A-1', quantity: 2 }] };
  const customer = { name: 'Ada', email: 'ada@example.com', tier: 'gold' };

  describe('input mappings', () => {
    it('should hand the job the mapped variables next to every visible one, with dotted targets as contexts', async () => {
      // given
      const handed = new Promise<Job>((resolve) => engine.handle('price', (job) => void resolve(job)));

      // when
      await deployAndStart(engine, here, 'variables.bpmn', 'quote', { variables: { order, customer, rate: 1.2 } });
      const job = await handed;

      // then
      expect(job.variables).to.deep.equal({
        order,
        customer,
        rate: 1.2,
        items: order.items,
        vip: true,
        recipient: { name: 'Ada', email: 'ada@example.com' },
      });
    });
  });

  describe('output mappings', () => {
    it('should put only the mapped results into the parent scope', async () => {
      // given
      engine.handle('price', () => ({ total: 100, internalNote: 'manual discount' }));

      // when
      const { id } = await deployAndStart(engine, here, 'variables.bpmn', 'quote', { variables: { order, customer, rate: 1.5 } });
      const priced = await until(engine, id, waitsInUserTask('approve'));

      // then
      expect(priced.variables).to.deep.equal({ order, customer, rate: 1.5, quote: { net: 100, gross: 150 } });
    });

    it('should merge a dotted target into an existing context variable (Zeebe semantics)', async () => {
      // given
      engine.handle('price', () => ({ total: 100 }));

      // when
      const { id } = await deployAndStart(engine, here, 'variables.bpmn', 'quote', {
        variables: { order, customer, rate: 1.5, quote: { id: 'Q-1', net: 0 } },
      });
      const priced = await until(engine, id, waitsInUserTask('approve'));

      // then
      expect(priced.variables.quote).to.deep.equal({ id: 'Q-1', net: 100, gross: 150 });
    });

    it('should raise an incident naming the element and the expression when an output mapping fails, and finish it after resolve', async () => {
      // given
      let calls = 0;
      engine.handle('price', () => {
        calls++;
        return { total: 100 };
      });
      const { id } = await deployAndStart(engine, here, 'variables.bpmn', 'quote', { variables: { order, customer, rate: 'high' } });
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.status).to.equal('active');
      expect(failed.incidents[0]).to.include({ elementId: 'price', kind: 'expression' });
      expect(failed.incidents[0].message).to.contain("output mapping 'quote.gross'").and.contain('total * rate');
      expect(failed.variables).to.deep.equal({ order, customer, rate: 'high' });

      // when
      await engine.setVariables(id, { rate: 2 });
      await engine.resolveIncident(id, failed.incidents[0].id);
      const priced = await until(engine, id, waitsInUserTask('approve'));

      // then
      expect(calls).to.equal(1);
      expect(priced.incidents).to.be.empty;
      expect(priced.variables.quote).to.deep.equal({ net: 100, gross: 200 });
    });
  });

  describe('job variables without output mappings', () => {
    it('should set each in the nearest scope that has it, else in the root scope', async () => {
      // given
      const reports: Job[] = [];
      engine.handle('visit', () => ({ visitCount: 1, lastVisit: '2030-01-01' }));
      engine.handle('report', (job) => void reports.push(job));

      // when
      const { id } = await deployAndStart(engine, here, 'variables.bpmn', 'visits');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(reports[0].variables).to.deep.equal({ visitCount: 1, lastVisit: '2030-01-01' });
      expect(done.variables).to.deep.equal({ lastVisit: '2030-01-01' });
    });
  });

  describe('a FEEL failure in an input mapping', () => {
    it('should raise an incident naming the element and the expression, and create no job', async () => {
      // given
      let calls = 0;
      engine.handle('schedule', () => void calls++);

      // when
      const { id } = await deployAndStart(engine, here, 'variables.bpmn', 'delivery', { variables: { deliveryDate: 'tomorrow' } });
      const failed = await until(engine, id, hasIncident);

      // then
      expect(calls).to.equal(0);
      expect(failed.status).to.equal('active');
      expect(failed.variables).to.deep.equal({ deliveryDate: 'tomorrow' });
      expect(failed.incidents).to.have.length(1);
      expect(failed.incidents[0]).to.include({ elementId: 'schedule', kind: 'expression' });
      expect(failed.incidents[0].message).to.contain("input mapping 'day'").and.contain('date(deliveryDate)');
      expect(failed.activeElements).to.have.length(1);
      expect(failed.activeElements[0]).to.include({ elementId: 'schedule', status: 'incident' });
    });

    it('should continue from the failed element once the variables are fixed and the incident is resolved', async () => {
      // given
      const jobs: Job[] = [];
      engine.handle('schedule', (job) => void jobs.push(job));
      const { id } = await deployAndStart(engine, here, 'variables.bpmn', 'delivery', { variables: { deliveryDate: 'tomorrow' } });
      const failed = await until(engine, id, hasIncident);

      // when
      await engine.setVariables(id, { deliveryDate: '2030-05-01' });
      await engine.resolveIncident(id, failed.incidents[0].id);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(jobs).to.have.length(1);
      expect(jobs[0].variables.day).to.equal('2030-05-01');
      expect(done.variables).to.deep.equal({ deliveryDate: '2030-05-01' });
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['deliveryStart', 'schedule', 'scheduled']);
      expect(await elementsWith(engine, id, 'element.activated')).to.deep.equal(['deliveryStart', 'schedule', 'scheduled']);
    });
  });
});
