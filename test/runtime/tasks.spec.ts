import { expect } from 'chai';
import { Engine, ValidationError, type Job } from '../../engine/index.js';
import { deployAndStart, elementsWith, fixture, hasIncident, until, userTaskAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('tasks', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  describe('service task', () => {
    it('should hand the job to its handler with the variables, headers and context', async () => {
      // given
      const jobs: Job[] = [];
      engine.handle('charge-card', (job) => void jobs.push(job));
      engine.handle('send-receipt', () => {});

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-service.bpmn', 'payment', { variables: { amount: 42, customer: { id: 'C-7' } } });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(jobs).to.have.length(1);
      const [job] = jobs;
      expect(job.type).to.equal('charge-card');
      expect(job.variables).to.deep.equal({ amount: 42, customer: { id: 'C-7' } });
      expect(job.headers).to.deep.equal({ currency: 'EUR', provider: 'acme-pay' });
      expect(job.context).to.deep.equal({ instanceId: id, processId: 'payment', definitionKey: 'payment:1', elementId: 'charge' });
      expect(job.retries).to.equal(3);
      expect(job.idempotencyKey).to.be.a('string').and.not.empty;
    });

    it('should merge the handler result into the root scope', async () => {
      // given
      engine.handle('charge-card', (job) => ({ status: 'charged', receipt: `R-${job.variables.amount}` }));
      engine.handle('send-receipt', () => undefined);

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-service.bpmn', 'payment', { variables: { amount: 42, status: 'new' } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ amount: 42, status: 'charged', receipt: 'R-42' });
    });

    it('should retry a failing handler and raise an incident with its message when the retries run out', async () => {
      // given
      const attempts: Job[] = [];
      engine.handle('charge-card', (job) => {
        attempts.push(job);
        throw new Error('card declined');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-service.bpmn', 'payment', { variables: { amount: 42 } });
      const failed = await until(engine, id, hasIncident);

      // then
      expect(attempts.map((a) => a.retries)).to.deep.equal([3, 2, 1]);
      expect(new Set(attempts.map((a) => a.idempotencyKey)).size).to.equal(1);
      expect(failed.status).to.equal('active');
      expect(failed.incidents).to.have.length(1);
      expect(failed.incidents[0]).to.include({ elementId: 'charge', kind: 'job' });
      expect(failed.incidents[0].message).to.contain('card declined');
      expect(failed.activeElements).to.have.length(1);
      expect(failed.activeElements[0]).to.include({ elementId: 'charge', elementType: 'serviceTask', status: 'incident' });
      expect(failed.activeElements[0].jobKey).to.be.undefined;
      const created = (await engine.history(id)).filter((e) => e.type === 'incident.created');
      expect(created).to.have.length(1);
      expect(created[0]).to.include({ elementId: 'charge', incidentId: failed.incidents[0].id });
    });

    it('should run the job again and complete when its incident is resolved with retries', async () => {
      // given
      const attempts: Job[] = [];
      let healthy = false;
      engine.handle('charge-card', (job) => {
        attempts.push(job);
        if (!healthy) throw new Error('payment provider unavailable');
        return { charged: true };
      });
      engine.handle('send-receipt', () => ({ receiptSent: true }));
      const { id } = await deployAndStart(engine, here, 'tasks-service.bpmn', 'payment');
      const failed = await until(engine, id, hasIncident);

      // when
      healthy = true;
      await engine.resolveIncident(id, failed.incidents[0].id, { retries: 2 });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(attempts).to.have.length(4);
      expect(attempts[3].retries).to.equal(2);
      expect(done.incidents).to.be.empty;
      expect(done.variables).to.deep.equal({ charged: true, receiptSent: true });
      const types = (await engine.history(id)).map((e) => e.type);
      expect(types.indexOf('incident.resolved')).to.be.greaterThan(types.indexOf('incident.created'));
    });
  });

  describe('send task', () => {
    it('should hand its work to a job like a service task', async () => {
      // given
      const receipts: Job[] = [];
      engine.handle('charge-card', () => ({ charged: true }));
      engine.handle('send-receipt', (job) => {
        receipts.push(job);
        return { receiptSent: true };
      });

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-service.bpmn', 'payment', { variables: { email: 'a@example.com' } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(receipts).to.have.length(1);
      expect(receipts[0].context.elementId).to.equal('receipt');
      expect(receipts[0].variables).to.deep.equal({ email: 'a@example.com', charged: true });
      expect(done.variables).to.deep.equal({ email: 'a@example.com', charged: true, receiptSent: true });
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['start', 'charge', 'receipt', 'paid']);
    });
  });

  describe('user task', () => {
    it('should keep assignee, candidates, dates and form key on the task, with FEEL evaluated at creation', async () => {
      // given
      const variables = { requester: { name: 'Eve', manager: 'mallory' }, due: '2030-02-01T17:00:00Z' };

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-user.bpmn', 'approval', { variables });
      await until(engine, id, waitsInUserTask('approve'));

      // then
      const task = await userTaskAt(engine, id, 'approve');
      expect(task).to.include({
        instanceId: id,
        processId: 'approval',
        elementId: 'approve',
        name: 'Approve expense',
        assignee: 'mallory',
        dueDate: '2030-02-01T17:00:00Z',
        followUpDate: '2030-01-01T09:00:00Z',
        formKey: 'expense-approval',
      });
      expect(task.candidateGroups).to.deep.equal(['finance', 'controlling']);
      expect(task.candidateUsers).to.deep.equal(['ann', 'bob']);
      expect(await engine.userTasks({ assignee: 'mallory' })).to.have.length(1);
      expect(await engine.userTasks({ candidateGroup: 'controlling' })).to.have.length(1);
    });

    it('should wait for completion and merge the completion variables', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'tasks-user.bpmn', 'approval', { variables: { requester: { manager: 'mallory' } } });
      await until(engine, id, waitsInUserTask('approve'));
      const task = await userTaskAt(engine, id, 'approve');

      // when
      await engine.completeUserTask(task.id, { approved: true, comment: 'fine' });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ requester: { manager: 'mallory' }, approved: true, comment: 'fine' });
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });
  });

  describe('script task', () => {
    it('should evaluate its FEEL expression into the result variable', async () => {
      // given
      const items = [
        { price: 10, quantity: 2 },
        { price: 2.5, quantity: 4 },
      ];

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-script.bpmn', 'pricing', { variables: { items, currency: 'EUR' } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.total).to.equal(10 * 2 + 2.5 * 4);
      expect(done.variables.label).to.equal(`${10 * 2 + 2.5 * 4} EUR`);
    });

    it('should raise an incident on the script task when its expression fails', async () => {
      // given
      const items = [{ price: 'ten', quantity: 2 }];

      // when
      const { id } = await deployAndStart(engine, here, 'tasks-script.bpmn', 'pricing', { variables: { items, currency: 'EUR' } });
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.status).to.equal('active');
      expect(failed.incidents[0].elementId).to.equal('total');
      expect(failed.incidents[0].message).to.contain('item.price * item.quantity');
    });
  });

  describe('manual and undefined tasks', () => {
    it('should pass through without waiting', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'tasks-pass-through.bpmn', 'paperwork', { variables: { n: 1 } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ n: 1 });
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['start', 'sketch', 'file', 'done']);
    });
  });

  describe('business rule task', () => {
    it('should deploy with its called decision and raise an incident naming the decision while none is deployed', async () => {
      // given
      const xml = fixture(here, 'tasks-business-rule.bpmn');
      await engine.deploy({ name: 'tasks-business-rule.bpmn', xml });

      // when
      const { id } = await engine.start('discounting');
      const stuck = await until(engine, id, hasIncident);

      // then
      expect(stuck.incidents[0]).to.include({ elementId: 'discount', message: "no decision 'discount-table' is deployed" });
    });
  });
});
