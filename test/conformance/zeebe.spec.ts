/**
 * Zeebe-behaviour conformance: small diagrams (test/conformance/zeebe/)
 * written from Zeebe's documented behaviour (docs.camunda.io: gateways,
 * variables and mappings, multi-instance, messages, timers, errors,
 * escalations, call activities, user tasks, ad-hoc sub-processes), each asserting the path taken,
 * the variables and the jobs. Where Baton differs on purpose the scenario
 * asserts Baton's behaviour and its name says so; ZEEBE-RESULTS.md lists
 * every scenario and its status.
 */
import { expect } from 'chai';
import { BpmnError, type Engine, type Job } from '../../engine/index.js';
import {
  TestClock,
  elementsWith,
  eventually,
  fixture,
  hasIncident,
  openEngine,
  untilInstance,
  until,
  userTaskAt,
  waitsAt,
  waitsInUserTask,
} from '../helpers.js';

const here = new URL('zeebe/', import.meta.url).href;
const FILES = ['gateways.bpmn', 'variables.bpmn', 'multi-instance.bpmn', 'events.bpmn', 'errors.bpmn', 'calls.bpmn', 'user-tasks.bpmn', 'ad-hoc.bpmn'];
const HOUR = 3600 * 1000;

describe('Zeebe behaviour (docs.camunda.io), scenario by scenario', function () {
  this.timeout(10_000);
  let engine: Engine;
  let clock: TestClock;
  const jobs: Job[] = [];

  beforeEach(async () => {
    jobs.length = 0;
    clock = new TestClock('2025-01-06T09:00:00Z');
    ({ engine } = await openEngine({ clock, jobs: { pollIntervalMs: 5, retryBackoffMs: 0 } }));
    for (const file of FILES) await engine.deploy({ name: file, xml: fixture(here, file) });
  });

  afterEach(() => engine.close());

  /** Registers a handler that records its jobs. */
  const handle = (type: string, answer: (job: Job) => Record<string, unknown> | void = () => {}) =>
    engine.handle(type, (job) => {
      jobs.push(job);
      return answer(job) ?? {};
    });

  const completed = async (processId: string, variables: Record<string, unknown> = {}) => {
    const { id } = await engine.start(processId, { variables });
    const view = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
    return { id, view, path: await elementsWith(engine, id, 'element.completed') };
  };

  describe('exclusive gateway', () => {
    it('1: should take the first flow in document order whose condition holds', async () => {
      const { path } = await completed('exclusive', { amount: 500 });
      expect(path).to.include('large').and.not.include.members(['medium', 'small']);
    });

    it('2: should take the default flow when no condition holds', async () => {
      const { path } = await completed('exclusive', { amount: 1 });
      expect(path).to.include('small').and.not.include.members(['large', 'medium']);
    });

    it('3: should raise an incident when no condition holds and there is no default flow', async () => {
      // given
      const { id } = await engine.start('exclusiveWithoutDefault', { variables: { approved: 'maybe' } });

      // when
      const view = await until(engine, id, hasIncident);

      // then
      expect(view.status).to.equal('active');
      expect(view.incidents.map((i) => i.elementId)).to.deep.equal(['nGate']);
    });
  });

  describe('parallel gateway', () => {
    it("4: should fork to every flow, join them, and merge both branches' variables into the root scope", async () => {
      // given
      handle('check-credit', () => ({ creditOk: true }));
      handle('check-stock', () => ({ inStock: 3 }));

      // when
      const { view, path } = await completed('parallel');

      // then
      expect(jobs.map((j) => j.type).sort()).to.deep.equal(['check-credit', 'check-stock']);
      expect(path.filter((e) => e === 'join')).to.have.length(1);
      expect(view.variables).to.deep.equal({ creditOk: true, inStock: 3 });
    });
  });

  describe('inclusive gateway', () => {
    it('5: should take every flow whose condition holds and join only those', async () => {
      // given
      handle('send-mail');
      handle('send-sms');

      // when
      const { path } = await completed('inclusive', { channels: ['mail', 'sms'] });

      // then
      expect(jobs.map((j) => j.type).sort()).to.deep.equal(['send-mail', 'send-sms']);
      expect(path.filter((e) => e === 'iJoin')).to.have.length(1);
    });

    it('6: should take the default flow when no condition holds', async () => {
      const { path } = await completed('inclusive', { channels: [] });
      expect(jobs).to.be.empty;
      expect(path).to.include.members(['iJoin', 'iEnd']).and.not.include.members(['mail', 'sms']);
    });
  });

  describe('event-based gateway', () => {
    it('7: should follow the message that arrives first and withdraw the timer', async () => {
      // given
      const { id } = await engine.start('eventBased', { variables: { orderId: 'A-1' } });
      await until(engine, id, waitsAt('eGate'));

      // when
      await engine.publishMessage({ name: 'payment-received', correlationKey: 'A-1', variables: { paidAmount: 20 } });

      // then
      const view = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('paidEnd')
        .and.not.include('timeoutEnd');
      expect(view.variables).to.deep.equal({ orderId: 'A-1', paidAmount: 20 });
    });

    it('8: should follow the timer when it is due first', async () => {
      // given
      const { id } = await engine.start('eventBased', { variables: { orderId: 'A-2' } });
      await until(engine, id, waitsAt('eGate'));

      // when
      clock.advance(HOUR);

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('timeoutEnd')
        .and.not.include('paidEnd');
    });
  });

  describe('variables and mappings', () => {
    it('9: should give a job its input mappings as local variables and let only output-mapped results leave the task', async () => {
      // given
      handle('quote', () => ({ total: 50, customer: { country: 'DE' } }));
      handle('tax', (job) => ({ amount: (job.variables.doubled as number) / 10, rate: 0.19 }));
      handle('check', (job) => ({ attempts: (job.variables.attempts as number) + 1, checked: true }));

      // when
      const { view } = await completed('variables');

      // then
      const tax = jobs.find((j) => j.type === 'tax')!;
      expect(tax.variables).to.include({ doubled: 100, country: 'DE', total: 50 });
      // Job results without output mappings go to the root scope; with them, only the mapped ones leave the task.
      expect(view.variables).to.deep.equal({ total: 50, customer: { country: 'DE' }, taxAmount: 10, checked: true });
    });

    it('10: should keep a sub-process input mapping local to the sub-process, also when a job inside sets it', async () => {
      // given
      handle('quote', () => ({ total: 1, customer: { country: 'FR' } }));
      handle('tax', () => ({ amount: 0 }));
      handle('check', (job) => ({ attempts: (job.variables.attempts as number) + 1 }));

      // when
      const { view } = await completed('variables');

      // then
      expect(jobs.find((j) => j.type === 'check')!.variables).to.include({ attempts: 0 });
      expect(view.variables).not.to.have.property('attempts');
    });
  });

  describe('multi-instance', () => {
    it('11: should run one job per item in parallel and collect the output collection in input order', async () => {
      // given
      handle('pack', (job) => ({ label: `box-${job.variables.item as string}` }));

      // when
      const { view } = await completed('parallelItems', { items: ['a', 'b', 'c'] });

      // then
      expect(jobs.map((j) => j.variables.item).sort()).to.deep.equal(['a', 'b', 'c']);
      expect(jobs.map((j) => j.variables.loopCounter).sort()).to.deep.equal([1, 2, 3]);
      expect(view.variables).to.deep.include({ labels: ['box-a', 'box-b', 'box-c'] });
      expect(view.variables).not.to.have.property('item');
    });

    it('12: should run a sequential body one item at a time and stop when the completion condition holds', async () => {
      // given
      handle('call', (job) => ({ reached: job.variables.contact === 'bob' }));

      // when
      await completed('sequentialItems', { contacts: ['ann', 'bob', 'cid'] });

      // then
      expect(jobs.map((j) => j.variables.contact)).to.deep.equal(['ann', 'bob']);
    });
  });

  describe('messages', () => {
    it('13: should correlate a message published before the instance waits (buffered for its time to live), by key only', async () => {
      // given
      await engine.publishMessage({ name: 'payment', correlationKey: 'other', variables: { wrong: true } });
      await engine.publishMessage({ name: 'payment', correlationKey: 'B-7', variables: { paid: 42 }, timeToLive: HOUR });
      const { id } = await engine.start('awaitPayment', { variables: { orderId: 'B-7' } });
      await until(engine, id, waitsInUserTask('prepare'));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'prepare')).id);

      // then
      const view = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
      expect(view.variables).to.deep.equal({ orderId: 'B-7', paid: 42 });
    });
  });

  describe('timer boundary events', () => {
    it('14: should fire a non-interrupting cycle R2/PT1H twice and leave the task open, then interrupt it with the due date', async () => {
      // given
      const { id } = await engine.start('approval');
      await until(engine, id, waitsInUserTask('approve'));

      // when
      for (const hours of [1, 2]) {
        clock.advance(HOUR);
        await eventually(async () => (await elementsWith(engine, id, 'element.completed')).filter((e) => e === 'reminded').length === hours);
      }
      clock.advance(22 * HOUR);

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
      const path = await elementsWith(engine, id, 'element.completed');
      expect(path.filter((e) => e === 'reminded')).to.have.length(2);
      expect(path).to.include('expired').and.not.include('approved');
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });
  });

  describe('errors and escalations', () => {
    it("15: should catch an error thrown by a job worker at the boundary event with its code, with the error's variables", async () => {
      // given
      handle('lookup', () => {
        throw new BpmnError('NOT_FOUND', 'no such customer', { searched: 'C-9' });
      });

      // when
      const { view, path } = await completed('errors');

      // then
      expect(path).to.include('missing').and.not.include('verify');
      expect(view.variables).to.deep.equal({ searched: 'C-9' });
    });

    it('16: should catch an error end event of a sub-process at a catch-all error boundary of the sub-process', async () => {
      // given
      handle('lookup', () => ({ record: { valid: false } }));

      // when
      const { path } = await completed('errors');

      // then
      // The error end event throws instead of completing: the path goes from the gateway to the boundary event.
      expect(path).to.include.members(['valid', 'anyError', 'rejected']).and.not.include.members(['fine', 'done']);
    });

    it('17: should raise an incident for an error that nothing catches', async () => {
      // given
      handle('lookup', () => {
        throw new BpmnError('TIMEOUT', 'backend slow');
      });
      const { id } = await engine.start('errors');

      // when
      const view = await until(engine, id, hasIncident);

      // then
      expect(view.incidents.map((i) => i.elementId)).to.deep.equal(['lookup']);
      expect(view.status).to.equal('active');
    });

    it('18: should catch an escalation at a non-interrupting boundary and go on past an escalation nothing catches', async () => {
      const { path, view } = await completed('escalations');
      expect(path).to.include.members(['informed', 'unheard', 'handled']);
      expect(view.incidents).to.be.empty;
    });
  });

  describe('call activities', () => {
    it('19: should pass all parent variables to the child and all child variables back by default', async () => {
      // when
      const { view } = await completed('parentAll', { applicant: 'Ada', secret: 's' });

      // then
      expect(view.variables).to.deep.equal({ applicant: 'Ada', secret: 's', score: -1, note: 'scored' });
    });

    it('20: should pass only the input mappings and return only the output mappings when propagation is off', async () => {
      // when
      const { view } = await completed('parentMapped', { applicant: 'Grace', secret: 's' });

      // then
      expect(view.variables).to.deep.equal({ applicant: 'Grace', secret: 's', creditScore: 5 });
      const [child] = (await engine.queryInstances({ processId: 'scoring' })).items;
      expect((await untilInstance(engine, child.id)).variables).to.deep.equal({ applicant: 'Grace', score: 5, note: 'scored' });
    });
  });

  describe('user tasks', () => {
    it('21: should assign the task from expressions and a comma-separated candidate group list', async () => {
      // given
      const { id } = await engine.start('assignment', { variables: { owner: 'carol' } });
      await until(engine, id, waitsInUserTask('decide'));

      // when
      const task = await userTaskAt(engine, id, 'decide');

      // then
      expect(task).to.deep.include({ assignee: 'carol', candidateGroups: ['sales', 'support'], candidateUsers: ['ann', 'bob'] });
      expect(Date.parse(task.dueDate!)).to.equal(Date.parse('2025-01-10T12:00:00Z'));
    });
  });

  describe('ad-hoc sub-process', () => {
    it("23: should activate only the elements the collection names, collect each one's output element, and keep their variables inside", async () => {
      // given
      handle('search', (job) => ({ found: `hit in ${job.variables.where as string}` }));
      handle('summarise', () => ({ found: 'summary' }));

      // when
      const { view, path } = await completed('researchTools', { tools: ['searchWiki', 'searchWeb'] });

      // then
      expect(jobs.map((j) => j.context.elementId).sort()).to.deep.equal(['searchWeb', 'searchWiki']);
      expect(view.variables.results).to.have.members(['hit in web', 'hit in wiki']);
      expect(view.variables).not.to.have.property('found');
      expect(path).not.to.include('summarise');
    });
  });

  describe('terminate end event (differs on purpose)', () => {
    it('22: should end the instance and withdraw its other tokens; Baton reports status terminated where Zeebe reports completed', async () => {
      // given
      const { id } = await engine.start('terminating');

      // when
      const view = await engine.waitFor(id, 'terminated', { timeoutMs: 3_000 });

      // then
      expect(view.status).to.equal('terminated');
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });
  });
});
