import { expect } from 'chai';
import { BpmnError, Engine, type Store, type HistoryEvent, type InstanceView, type Job } from '../../engine/index.js';
import { countOf, elementsWith, fixture, hasIncident, jobsLeft, openEngine, TestClock, until, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const HOUR = 3600_000;

/** A promise the spec settles by hand: a job handler waits on it to keep its job open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The activations of an element in the history: its body first, then one per inner instance. */
const activationsOf = (history: HistoryEvent[], elementId: string) => history.filter((e) => e.type === 'element.activated' && e.elementId === elementId);

/** The body and inner-instance tokens at an element: the body is the one without a loop counter. */
function bodyAndInner(view: InstanceView, elementId: string) {
  const at = view.activeElements.filter((e) => e.elementId === elementId);
  return { body: at.filter((e) => e.loopCounter === undefined), inner: at.filter((e) => e.loopCounter !== undefined) };
}

describe('multi-instance activities', () => {
  let store: Store;
  let engine: Engine;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock('2030-01-01T08:00:00Z');
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  const deploy = (file: string) => engine.deploy({ name: file, xml: fixture(here, file) });

  describe('a parallel multi-instance user task', () => {
    const reviewers = ['ada', 'grace', 'linus'];

    it('should open one task per item at once, each with its own input element, beside one body', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');

      // when
      const { id } = await engine.start('reviewRound', { variables: { reviewers } });
      const waiting = await until(engine, id, waitsInUserTask('approve', 3));

      // then
      const tasks = await engine.userTasks({ instanceId: id });
      expect(tasks.map((t) => t.assignee)).to.have.members(reviewers);
      const { body, inner } = bodyAndInner(waiting, 'approve');
      expect(body).to.have.length(1);
      expect(body[0].status).to.equal('waiting');
      expect(inner.map((e) => e.loopCounter)).to.have.members([1, 2, 3]);
      expect(inner.every((e) => e.userTaskId)).to.equal(true);
      expect(waiting.variables).to.deep.equal({ reviewers });
    });

    it('should collect the outputs in input order, not completion order, and go on once every instance completed', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const { id } = await engine.start('reviewRound', { variables: { reviewers } });
      await until(engine, id, waitsInUserTask('approve', 3));
      const byReviewer = new Map((await engine.userTasks({ instanceId: id })).map((t) => [t.assignee, t.id]));

      // when
      await engine.completeUserTask(byReviewer.get('linus')!, { approved: 'linus: yes' });
      await engine.completeUserTask(byReviewer.get('ada')!, { approved: 'ada: no' });
      const midway = await engine.getInstance(id);
      await engine.completeUserTask(byReviewer.get('grace')!, { approved: 'grace: yes' });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(midway.status).to.equal('active');
      expect(bodyAndInner(midway, 'approve').inner.map((e) => e.loopCounter)).to.deep.equal([2]);
      // The returned variable stayed in its inner instance (as in Zeebe, the output element's variable is local there).
      expect(done.variables).to.deep.equal({ reviewers, approvals: ['ada: no', 'grace: yes', 'linus: yes'] });
    });

    it('should record the activation and completion of the body and of each inner instance, told apart by token', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const { id } = await engine.start('reviewRound', { variables: { reviewers } });
      const waiting = await until(engine, id, waitsInUserTask('approve', 3));
      const bodyToken = bodyAndInner(waiting, 'approve').body[0].tokenId;

      // when
      for (const task of await engine.userTasks({ instanceId: id })) await engine.completeUserTask(task.id, { approved: true });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      const history = await engine.history(id);
      const activated = activationsOf(history, 'approve');
      expect(activated).to.have.length(4);
      expect(activated[0].tokenId).to.equal(bodyToken);
      expect(new Set(activated.map((e) => e.tokenId)).size).to.equal(4);
      const completed = history.filter((e) => e.type === 'element.completed' && e.elementId === 'approve');
      expect(completed.map((e) => e.tokenId)).to.have.members(activated.map((e) => e.tokenId));
      expect(completed[completed.length - 1].tokenId).to.equal(bodyToken);
      const bodyCompletedAt = history.indexOf(completed[completed.length - 1]);
      expect(history.findIndex((e) => e.type === 'element.activated' && e.elementId === 'reviewed')).to.be.greaterThan(bodyCompletedAt);
    });
  });

  describe('a sequential multi-instance service task', () => {
    const payments = [{ amount: 10 }, { amount: 25 }, { amount: 5 }];

    it('should run one job at a time, each seeing its item, its loop counter, its input mappings and the body counters', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const seen: Array<Record<string, unknown>> = [];
      let concurrent = 0;
      engine.handle('charge', async (job: Job) => {
        concurrent += 1;
        const open = (await engine.getInstance(job.context.instanceId)).activeElements.filter((e) => e.elementId === 'charge' && e.jobKey).length;
        seen.push({ ...job.variables, open });
        concurrent -= 1;
        return { receipt: { id: `R${job.variables.loopCounter}`, cents: job.variables.cents } };
      });

      // when
      const { id } = await engine.start('chargeAll', { variables: { payments } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(concurrent).to.equal(0);
      expect(seen.map((v) => v.open)).to.deep.equal([1, 1, 1]);
      expect(seen.map((v) => v.payment)).to.deep.equal(payments);
      expect(seen.map((v) => v.loopCounter)).to.deep.equal([1, 2, 3]);
      expect(seen.map((v) => v.cents)).to.deep.equal([1000, 2500, 500]);
      expect(seen.map((v) => v.numberOfInstances)).to.deep.equal([3, 3, 3]);
      expect(seen.map((v) => v.numberOfCompletedInstances)).to.deep.equal([0, 1, 2]);
      expect(seen.map((v) => v.numberOfActiveInstances)).to.deep.equal([1, 1, 1]);
      expect(done.variables).to.deep.equal({
        payments,
        lastReceipt: 'R3',
        receipts: [
          { id: 'R1', cents: 1000 },
          { id: 'R2', cents: 2500 },
          { id: 'R3', cents: 500 },
        ],
      });
    });

    it('should read the input collection once, when the body is entered', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      engine.handle('charge', async (job: Job) => {
        if (job.variables.loopCounter === 1) await engine.setVariables(job.context.instanceId, { payments: [{ amount: 99 }] });
        return { receipt: { id: `R${job.variables.loopCounter}` } };
      });

      // when
      const { id } = await engine.start('chargeAll', { variables: { payments } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.receipts).to.deep.equal([{ id: 'R1' }, { id: 'R2' }, { id: 'R3' }]);
      expect(done.variables.payments).to.deep.equal([{ amount: 99 }]);
    });
  });

  describe('the completion condition', () => {
    it('should complete the body as soon as it holds, withdrawing the instances still open and their tasks', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const { id } = await engine.start('majorityVote', { variables: { voters: ['ann', 'bob', 'cy', 'dee'] } });
      await until(engine, id, waitsInUserTask('vote', 4));
      const byVoter = new Map((await engine.userTasks({ instanceId: id })).map((t) => [t.assignee, t.id]));

      // when
      await engine.completeUserTask(byVoter.get('cy')!, { choice: 'yes' });
      const afterOne = await engine.getInstance(id);
      await engine.completeUserTask(byVoter.get('ann')!, { choice: 'no' });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(afterOne.status).to.equal('active');
      expect(done.variables.ballots).to.deep.equal(['no', null, 'yes', null]);
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      const history = await engine.history(id);
      expect(countOf(await elementsWith(engine, id, 'element.terminated'), 'vote')).to.equal(2);
      expect(countOf(await elementsWith(engine, id, 'element.completed'), 'vote')).to.equal(3);
      expect(history[history.length - 1].type).to.equal('instance.completed');
    });

    it("should be read in the completing instance's scope, so that a sequential search stops at the first hit", async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const searched: unknown[] = [];
      engine.handle('look-up', (job) => {
        searched.push(job.variables.shelf);
        return { found: job.variables.shelf === 'B' };
      });

      // when
      const { id } = await engine.start('searchShelves', { variables: { shelves: ['A', 'B', 'C', 'D'] } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(searched).to.deep.equal(['A', 'B']);
      expect(done.variables).to.deep.equal({ shelves: ['A', 'B', 'C', 'D'], hits: [false, true, null, null] });
      expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
    });

    it('should raise an incident on the instance when it is not a boolean, and go on once it can be read', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const { id } = await engine.start('firstFew', { variables: { items: ['a', 'b', 'c'] } });
      const stuck = await until(engine, id, hasIncident);
      expect(stuck.incidents[0].elementId).to.equal('take');
      expect(stuck.incidents[0].message).to.contain("completion condition of 'take'").and.contain('not a boolean');

      // when
      await engine.setVariables(id, { limit: 2 });
      for (const incident of stuck.incidents.slice(0, 2)) await engine.resolveIncident(id, incident.id);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(stuck.incidents).to.have.length(3);
      expect(done.incidents).to.be.empty;
      expect(done.variables.picked).to.deep.equal(['A', 'B', null]);
    });
  });

  describe('input collections and cardinality', () => {
    it('should complete the body at once with an empty output collection when the input collection is empty', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');

      // when
      const { id } = await engine.start('doubleAll', { variables: { items: [] } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ items: [], results: [] });
      const history = await engine.history(id);
      expect(activationsOf(history, 'double')).to.have.length(1);
      expect(countOf(await elementsWith(engine, id, 'element.completed'), 'double')).to.equal(1);
    });

    it('should raise an incident naming the element and the expression when the input collection is not a list', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');

      // when
      const { id } = await engine.start('doubleAll', { variables: { items: { a: 1 } } });
      const stuck = await until(engine, id, hasIncident);

      // then
      expect(stuck.incidents).to.have.length(1);
      expect(stuck.incidents[0].elementId).to.equal('double');
      expect(stuck.incidents[0].message).to.contain("input collection of 'double' ('=items')").and.contain('not a list');
      expect(bodyAndInner(stuck, 'double').inner).to.be.empty;
    });

    it('should read the collection again when its incident is resolved', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const { id } = await engine.start('doubleAll', { variables: { items: 'three' } });
      const stuck = await until(engine, id, hasIncident);

      // when
      await engine.setVariables(id, { items: [1, 2, 3] });
      await engine.resolveIncident(id, stuck.incidents[0].id);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.results).to.deep.equal([2, 4, 6]);
    });

    it('should run as many instances as the loop cardinality says when there is no input collection', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');

      // when
      const { id } = await engine.start('countdown');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ tocks: [10, 20, 30] });
      expect(activationsOf(await engine.history(id), 'tick')).to.have.length(4);
    });

    // Speed is measured in bench/, not asserted here: this checks that a large fan-out is not taken for an endless loop.
    it('should run 1,000 parallel sub-process instances in one step without taking the fan-out for an endless loop', async () => {
      // given: each instance splits into four tasks and joins them again, some 13,000 moves in all
      await deploy('multi-instance-tasks.bpmn');
      const parcels = Array.from({ length: 1_000 }, (_, i) => ({ parcel: i }));

      // when
      const { id } = await engine.start('inspectParcels', { variables: { parcels } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 10_000 });

      // then
      expect(done.incidents).to.be.empty;
      expect(done.variables.inspected).to.deep.equal(parcels);
      const history = await engine.history(id);
      expect(activationsOf(history, 'inspect')).to.have.length(1_001);
      expect(history.filter((e) => e.type === 'element.completed' && e.elementId === 'inspected')).to.have.length(1_000);
    });
  });

  describe('around other elements', () => {
    it('should hold an inclusive join while the body still runs', async () => {
      // given
      await deploy('multi-instance-tasks.bpmn');
      const { id } = await engine.start('gatherParts', { variables: { parts: ['bolt', 'nut'] } });
      await until(engine, id, waitsInUserTask('fetch', 2));
      const [first, second] = await engine.userTasks({ instanceId: id });

      // when
      await engine.completeUserTask(first.id);
      const midway = await engine.getInstance(id);
      await engine.completeUserTask(second.id);
      const joined = await until(engine, id, waitsInUserTask('pack'));

      // then
      expect(midway.activeElements.map((e) => e.elementId)).to.have.members(['fetch', 'fetch', 'join']);
      expect(joined.variables.labelText).to.equal('box of 2');
      expect(countOf(await elementsWith(engine, id, 'element.activated'), 'join')).to.equal(1);
    });
  });

  describe('a parallel multi-instance embedded sub-process', () => {
    it('should run each instance in its own scope, with its own inner joins, and collect what each produced', async () => {
      // given
      await deploy('multi-instance-scopes.bpmn');
      const orders = [
        { id: 'A', city: 'Oslo', value: 50 },
        { id: 'B', city: 'Rome', value: 300 },
      ];
      const jobs: Array<Record<string, unknown>> = [];
      engine.handle('ship', (job) => {
        jobs.push(job.variables);
        return { tracking: `${String(job.variables.destination).toUpperCase()}-${job.variables.loopCounter}` };
      });

      // when
      const { id } = await engine.start('shipAll', { variables: { orders } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(jobs.map((v) => [v.order, v.destination, v.loopCounter, v.numberOfInstances])).to.have.deep.members([
        [orders[0], 'Oslo', 1, 2],
        [orders[1], 'Rome', 2, 2],
      ]);
      expect(done.variables).to.deep.equal({
        orders,
        shipments: [
          { order: 'A', tracking: 'OSLO-1', premium: 0 },
          { order: 'B', tracking: 'ROME-2', premium: 3 },
        ],
      });
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'merge')).to.equal(2);
      expect(countOf(completed, 'insure')).to.equal(1);
      expect(countOf(completed, 'shipOrder')).to.equal(3);
    });
  });

  describe('a parallel multi-instance call activity', () => {
    it('should start one child per item and collect their results in input order', async () => {
      // given
      await deploy('multi-instance-scopes.bpmn');
      const accounts = ['acc-1', 'acc-2', 'acc-3'];
      engine.handle('check-account', (job) => ({ finding: `${job.variables.account} ok` }));

      // when
      const { id } = await engine.start('auditAll', { variables: { accounts } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });

      // then
      expect(done.variables).to.deep.equal({ accounts, findings: ['acc-1 ok', 'acc-2 ok', 'acc-3 ok'] });
      const children = (await engine.queryInstances({ processId: 'audit' })).items;
      expect(children).to.have.length(3);
      expect(children.every((c) => c.status === 'completed' && c.parentInstanceId === id)).to.equal(true);
    });
  });

  describe('interrupted', () => {
    it('should cancel the body and every inner instance, with their jobs and tasks, when an interrupting event sub-process starts', async () => {
      // given
      await deploy('multi-instance-interrupts.bpmn');
      const heavy = gate();
      engine.handle('take-from-shelf', async (job) => {
        if (job.variables.item === 'anvil') await heavy.opened;
      });
      const { id } = await engine.start('picking', { variables: { orderId: 'O-1', items: ['apple', 'pear', 'anvil'] } });
      await until(engine, id, (v) => waitsInUserTask('checkItem', 2)(v) && waitsAt('takeFromShelf')(v));
      const [firstCheck] = (await engine.userTasks({ instanceId: id })).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
      await engine.completeUserTask(firstCheck.id);
      await until(engine, id, (v) => bodyAndInner(v, 'pick').inner.length === 2);

      // when
      await engine.publishMessage({ name: 'order-cancelled', correlationKey: 'O-1' });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      heavy.open();

      // then
      expect(done.variables.note).to.equal('restock 3 items');
      expect(done.activeElements).to.be.empty;
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      expect(await jobsLeft(store, 'take-from-shelf')).to.equal(0);
      const terminated = await elementsWith(engine, id, 'element.terminated');
      expect(countOf(terminated, 'pick')).to.equal(3);
      expect(terminated).to.include.members(['checkItem', 'takeFromShelf']);
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'pick')).to.equal(1);
      expect(completed).to.include('restocked').and.not.include('picked');
    });

    it('should cancel every inner instance when an interrupting timer on the body fires, and leave by the boundary event once', async () => {
      // given
      await deploy('multi-instance-interrupts.bpmn');
      const { id } = await engine.start('reviewDeadline', { variables: { reviewers: ['ada', 'grace', 'linus'] } });
      await until(engine, id, waitsInUserTask('review', 3));
      const [first] = await engine.userTasks({ instanceId: id });
      await engine.completeUserTask(first.id);

      // when
      clock.advance(HOUR);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'deadline')).to.equal(1);
      expect(completed).to.include('escalated').and.not.include('reviewed');
      expect(countOf(await elementsWith(engine, id, 'element.terminated'), 'review')).to.equal(3);
      expect(done.activeElements).to.be.empty;
    });

    it('should catch a BPMN error thrown by one inner instance at the body, withdrawing the others', async () => {
      // given
      await deploy('multi-instance-interrupts.bpmn');
      const slow = gate();
      engine.handle('charge-card', async (job) => {
        if (job.variables.card === 'bad') throw new BpmnError('CARD_DECLINED', 'declined');
        await slow.opened;
        return { charged: job.variables.card };
      });

      // when
      const { id } = await engine.start('chargeCards', { variables: { cards: ['visa', 'bad', 'amex'] } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      slow.open();

      // then
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed).to.include.members(['cardDeclined', 'refunded']).and.not.include('allCharged');
      expect(countOf(completed, 'chargeCard')).to.equal(0);
      expect(countOf(await elementsWith(engine, id, 'element.terminated'), 'chargeCard')).to.equal(4);
      expect(done.incidents).to.be.empty;
      expect(await jobsLeft(store, 'charge-card')).to.equal(0);
    });
  });
});
