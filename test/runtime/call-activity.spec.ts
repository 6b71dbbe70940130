import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpmnError, Engine, MemoryStore, type EngineOptions, type InstanceView } from '../../engine/index.js';
import type { Effects } from '../../engine/runtime/records.js';
import type { InstanceState } from '../../engine/runtime/state.js';
import { deployAndStart, elementsWith, fixture, hasIncident, TestClock, until, untilInstance, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const BASE = Date.parse('2025-03-01T09:00:00Z');
const HOUR = 3_600_000;

/** The child instance that the call activity `elementId` of `parentId` started, once it exists. */
async function childAt(engine: Engine, parentId: string, elementId: string): Promise<InstanceView> {
  const parent = await until(engine, parentId, (v) => v.activeElements.some((e) => e.elementId === elementId && e.childInstanceId));
  return untilInstance(engine, parent.activeElements.find((e) => e.elementId === elementId)!.childInstanceId!);
}

async function childrenOf(engine: Engine, parentId: string): Promise<InstanceView[]> {
  return (await engine.queryInstances({ parentInstanceId: parentId })).items;
}

/** Checks now and then (for state that no history event announces) until `check` holds. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a poll interval: no event announces this state
  }
}

describe('call activities', () => {
  let store: MemoryStore;
  let engine: Engine;
  let clock: TestClock;
  const engines: Engine[] = [];

  async function open(options: EngineOptions = {}): Promise<Engine> {
    const opened = await Engine.open({ store, clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 }, ...options });
    engines.push(opened);
    return opened;
  }

  beforeEach(async () => {
    clock = new TestClock(BASE);
    store = new MemoryStore();
    engine = await open();
  });

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
  });

  describe('the called instance', () => {
    it('should start the called process as an instance of its own that refers to its caller', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'call-activity.bpmn', 'order', { variables: { total: 42 }, businessKey: 'O-1' });

      // when
      const child = await childAt(engine, id, 'payment');

      // then
      const parent = await engine.getInstance(id);
      expect(child).to.include({ processId: 'charge', status: 'active', parentInstanceId: id, parentElementId: 'payment', businessKey: 'O-1' });
      expect(child.id).not.to.equal(id);
      expect(child.variables).to.deep.equal({ total: 42 });
      expect(parent.parentInstanceId).to.equal(undefined);
      expect(parent.activeElements).to.have.length(1);
      expect(parent.activeElements[0]).to.include({ elementId: 'payment', elementType: 'callActivity', status: 'waiting', childInstanceId: child.id });
      expect((await until(engine, child.id, waitsAt('chargeCard'))).activeElements.map((e) => e.elementId)).to.deep.equal(['chargeCard']);
    });

    it("should list an instance's children by their parent instance id", async () => {
      // given
      await engine.deploy({ name: 'call-activity.bpmn', xml: fixture(here, 'call-activity.bpmn') });
      const first = await engine.start('order');
      const second = await engine.start('order');
      const firstChild = await childAt(engine, first.id, 'payment');
      const secondChild = await childAt(engine, second.id, 'payment');

      // when
      const children = await childrenOf(engine, first.id);

      // then
      expect(children.map((c) => c.id)).to.deep.equal([firstChild.id]);
      expect((await childrenOf(engine, second.id)).map((c) => c.id)).to.deep.equal([secondChild.id]);
      expect(await childrenOf(engine, firstChild.id)).to.deep.equal([]);
    });

    it('should complete the caller after the child completes, with the variables of the child', async () => {
      // given
      engine.handle('charge-card', (job) => ({ receipt: `R-${job.variables.total}` }));

      // when
      const { id } = await deployAndStart(engine, here, 'call-activity.bpmn', 'order', { variables: { total: 42 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ total: 42, receipt: 'R-42' });
      const [child] = await childrenOf(engine, id);
      expect(child).to.include({ status: 'completed', processId: 'charge' });
      expect(child.variables).to.deep.equal({ total: 42, receipt: 'R-42' });
      expect(Date.parse(done.endedAt!)).to.be.at.least(Date.parse(child.endedAt!));
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['orderStart', 'payment', 'ordered']);
    });

    it('should call the process that a FEEL expression names', async () => {
      // given
      await engine.deploy({ name: 'call-activity-expression.bpmn', xml: fixture(here, 'call-activity-expression.bpmn') });

      // when
      const byDhl = await engine.start('dispatch', { variables: { carrier: 'dhl', parcel: 7 } });
      const byUps = await engine.start('dispatch', { variables: { carrier: 'ups', parcel: 8 } });

      // then
      expect((await engine.waitFor(byDhl.id, 'completed', { timeoutMs: 2_000 })).variables).to.include({ label: 'DHL-7' });
      expect((await engine.waitFor(byUps.id, 'completed', { timeoutMs: 2_000 })).variables).to.include({ label: 'UPS-8' });
      expect((await childrenOf(engine, byDhl.id)).map((c) => c.processId)).to.deep.equal(['ship-dhl']);
      expect((await childrenOf(engine, byUps.id)).map((c) => c.processId)).to.deep.equal(['ship-ups']);
    });

    it('should raise an incident when the process id expression evaluates to null', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'call-activity-expression.bpmn', 'dispatch', { variables: { carrier: 42, parcel: 7 } });
      const after = await until(engine, id, hasIncident);

      // then
      expect(after.incidents).to.have.length(1);
      expect(after.incidents[0]).to.include({ elementId: 'ship', kind: 'expression' });
      expect(after.incidents[0].message).to.match(/^called process id evaluated to null, not a /);
      expect(await childrenOf(engine, id)).to.deep.equal([]);
    });
  });

  describe('binding', () => {
    beforeEach(async () => {
      // version 1 of 'quote' comes with the callers, version 2 alone later
      await engine.deploy({ name: 'call-activity-binding.bpmn', xml: fixture(here, 'call-activity-binding.bpmn') });
      await engine.deploy({ name: 'call-activity-binding-v2.bpmn', xml: fixture(here, 'call-activity-binding-v2.bpmn') });
    });

    it('should start the latest version of the called process by default', async () => {
      // when
      const { id } = await engine.start('latestQuote');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ quotedBy: 2 });
      expect((await childrenOf(engine, id)).map((c) => c.version)).to.deep.equal([2]);
    });

    it('should start the version deployed from the same file as the caller with binding type deployment', async () => {
      // when
      const { id } = await engine.start('pinnedQuote');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.deep.equal({ quotedBy: 1 });
      expect((await childrenOf(engine, id)).map((c) => [c.processId, c.version])).to.deep.equal([['quote', 1]]);
    });

    it("should raise an incident with binding type deployment when the caller's file did not deploy the called process", async () => {
      // when: 'rates' is deployed, but not from the file of 'pinnedRates'
      const { id } = await engine.start('pinnedRates');
      const after = await until(engine, id, hasIncident);

      // then
      expect(after.incidents[0]).to.include({ elementId: 'ratesCall', kind: 'calledElement' });
      expect(after.incidents[0].message).to.contain("'rates'").and.contain('deployment').and.contain('call-activity-binding.bpmn');
      expect(await childrenOf(engine, id)).to.deep.equal([]);
    });
  });

  describe('variables', () => {
    const variables = { customer: { name: 'Ann' }, order: { total: 42 } };

    /** Starts `processId`, answers the child's user task with `reply`, and returns the child as it started and the completed caller. */
    async function callEcho(processId: string, reply: Record<string, unknown>): Promise<{ child: InstanceView; done: InstanceView }> {
      const { id } = await deployAndStart(engine, here, 'call-activity-variables.bpmn', processId, { variables });
      const child = await childAt(engine, id, (await engine.getInstance(id)).activeElements[0].elementId);
      await until(engine, child.id, waitsInUserTask('look'));
      await engine.completeUserTask((await userTaskAt(engine, child.id, 'look')).id, reply);
      return { child, done: await engine.waitFor(id, 'completed', { timeoutMs: 2_000 }) };
    }

    it('should give the child every variable of the caller and take back every variable of the child', async () => {
      // when
      const { child, done } = await callEcho('shareAll', { reply: { text: 'hi' } });

      // then
      expect(child.variables).to.deep.equal(variables);
      expect(done.variables).to.deep.equal({ ...variables, reply: { text: 'hi' } });
    });

    it('should take back nothing from the child when propagateAllChildVariables is false', async () => {
      // when
      const { child, done } = await callEcho('keepChildVars', { reply: { text: 'hi' } });

      // then
      expect(child.variables).to.deep.equal(variables);
      expect(done.variables).to.deep.equal(variables);
    });

    it('should give the child only its input mappings when propagateAllParentVariables is false', async () => {
      // when
      const { child, done } = await callEcho('inputsOnly', { reply: { text: 'hi' } });

      // then
      expect(child.variables).to.deep.equal({ name: 'Ann', amount: 42 });
      // the input-mapped variables are the call activity's own and end with it
      expect(done.variables).to.deep.equal({ ...variables, reply: { text: 'hi' } });
    });

    for (const [processId, propagateAll] of [
      ['mappedOut', false],
      ['mappedAll', true],
    ] as const) {
      it(`should take back only what the output mappings make of the child's variables (propagateAllChildVariables ${propagateAll})`, async () => {
        // when
        const { child, done } = await callEcho(processId, { reply: { text: 'hi' } });

        // then
        expect(child.variables).to.deep.equal({ ...variables, amount: 42 });
        expect(done.variables).to.deep.equal({ ...variables, answer: 'hi', answeredAmount: 42 });
      });
    }
  });

  describe('ending the call early', () => {
    it('should cancel the child, and its own child, when the caller is cancelled', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'call-activity.bpmn', 'outer');
      const middle = await childAt(engine, id, 'callMiddle');
      const inner = await childAt(engine, middle.id, 'callInner');
      await until(engine, inner.id, waitsInUserTask('approve'));

      // when
      await engine.cancel(id);

      // then
      expect((await untilInstance(engine, inner.id, (v) => v.status !== 'active')).status).to.equal('cancelled');
      expect((await engine.getInstance(middle.id)).status).to.equal('cancelled');
      expect((await engine.getInstance(id)).status).to.equal('cancelled');
      expect(await engine.userTasks({ instanceId: inner.id })).to.deep.equal([]);
      expect(await elementsWith(engine, middle.id, 'element.terminated')).to.deep.equal(['callInner']);
      expect(await elementsWith(engine, inner.id, 'element.terminated')).to.deep.equal(['approve']);
    });

    it('should cancel the child when an interrupting timer boundary event on the call activity fires', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'call-activity-boundary.bpmn', 'timedReview', { variables: { caseId: 'C-1' } });
      const child = await childAt(engine, id, 'timedCall');
      await until(engine, child.id, waitsInUserTask('reviewTask'));

      // when
      clock.advance(HOUR);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include.members(['reviewTimeout', 'timedOut'])
        .and.not.include('reviewed');
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['timedCall']);
      expect(done.variables).to.deep.equal({ caseId: 'C-1' });
      expect((await untilInstance(engine, child.id, (v) => v.status !== 'active')).status).to.equal('cancelled');
      expect(await engine.userTasks({ instanceId: child.id })).to.deep.equal([]);
    });

    it('should cancel the child when a message boundary event on the call activity is correlated', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'call-activity-boundary.bpmn', 'abortableReview', { variables: { caseId: 'C-2' } });
      const child = await childAt(engine, id, 'abortableCall');
      await until(engine, child.id, waitsInUserTask('reviewTask'));

      // when
      await engine.publishMessage({ name: 'abort-review', correlationKey: 'C-2', variables: { abortedBy: 'bob' } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('aborted')
        .and.not.include('abortableDone');
      expect(done.variables).to.deep.equal({ caseId: 'C-2', abortedBy: 'bob' });
      expect((await untilInstance(engine, child.id, (v) => v.status !== 'active')).status).to.equal('cancelled');
      expect(await engine.userTasks({ instanceId: child.id })).to.deep.equal([]);
    });

    it('should cancel a child that was still being started when its call activity was interrupted', async () => {
      // given: the child's first commit is held back until the caller has moved on (and the call job's lease outlasts the wait)
      const gated = new GatedStore();
      store = gated;
      const gatedEngine = await open({ jobs: { pollIntervalMs: 10, lockMs: 2 * HOUR } });
      await gatedEngine.deploy({ name: 'call-activity-boundary.bpmn', xml: fixture(here, 'call-activity-boundary.bpmn') });
      const { id } = await gatedEngine.start('timedReview');
      await gated.held;
      const childId = (await gatedEngine.getInstance(id)).activeElements[0].childInstanceId!;

      // when: the timer interrupts the call, and its cancel for the child finds no child yet
      clock.advance(HOUR);
      await gatedEngine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      await eventually(async () => (await gated.nextJobDueAt(['baton:trigger'], clock.now())) === undefined, 'the cancel for the child was handled');
      gated.release();

      // then
      expect((await untilInstance(gatedEngine, childId, (v) => v.status !== 'active')).status).to.equal('cancelled');
      expect(await gatedEngine.userTasks({ instanceId: childId })).to.deep.equal([]);
    });
  });

  describe('errors from the child', () => {
    it('should catch an error that a job of the child raises at the error boundary event of the call activity, and cancel the child', async () => {
      // given
      engine.handle('card-charge', () => {
        throw new BpmnError('CARD_DECLINED', 'insufficient funds', { declineReason: 'funds' });
      });

      // when
      const { id } = await deployAndStart(engine, here, 'call-activity-errors.bpmn', 'checkout', { variables: { total: 10 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include.members(['declined', 'paymentDeclined'])
        .and.not.include('paid');
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['checkoutPay']);
      expect(done.variables).to.deep.equal({ total: 10, declineReason: 'funds' });
      expect(done.incidents).to.deep.equal([]);
      const [child] = await childrenOf(engine, id);
      const ended = await untilInstance(engine, child.id, (v) => v.status !== 'active');
      expect(ended.status).to.equal('cancelled');
      expect(ended.incidents).to.deep.equal([]);
      expect((await engine.history(child.id)).map((e) => e.type)).not.to.include('incident.created');
    });

    it('should catch an error end event of the child at a catch-all error boundary event of the call activity', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'call-activity-errors.bpmn', 'screening');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include.members(['anyError', 'screenedOut'])
        .and.not.include('screened');
      const [child] = await childrenOf(engine, id);
      expect((await untilInstance(engine, child.id, (v) => v.status !== 'active')).status).to.equal('cancelled');
      expect(await elementsWith(engine, child.id, 'element.completed')).not.to.include('rejected');
    });

    it('should pass an error on through a calling process that does not catch it to one that does', async () => {
      // given
      engine.handle('card-charge', () => {
        throw new BpmnError('CARD_DECLINED', 'card expired');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'call-activity-errors.bpmn', 'fulfilment');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('notFulfilled')
        .and.not.include('fulfilled');
      const [middle] = await childrenOf(engine, id);
      const [inner] = await childrenOf(engine, middle.id);
      expect(middle.processId).to.equal('quickCheckout');
      expect(inner.processId).to.equal('payByCard');
      expect((await untilInstance(engine, inner.id, (v) => v.status !== 'active')).status).to.equal('cancelled');
      expect((await engine.getInstance(middle.id)).status).to.equal('cancelled');
      expect((await engine.getInstance(middle.id)).incidents).to.deep.equal([]);
    });

    it('should raise the incident where the error was thrown when no calling process catches it', async () => {
      // given
      engine.handle('card-charge', () => {
        throw new BpmnError('CARD_DECLINED', 'insufficient funds');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'call-activity-errors.bpmn', 'strictCheckout');
      const child = await childAt(engine, id, 'strictPay');
      const stuck = await until(engine, child.id, hasIncident);

      // then
      expect(stuck.status).to.equal('active');
      expect(stuck.incidents).to.have.length(1);
      expect(stuck.incidents[0]).to.include({ elementId: 'cardCharge', kind: 'bpmnError' });
      expect(stuck.incidents[0].message).to.contain("'CARD_DECLINED'").and.contain('calling processes').and.contain('insufficient funds');
      const parent = await engine.getInstance(id);
      expect(parent.status).to.equal('active');
      expect(parent.incidents).to.deep.equal([]);
      expect(parent.activeElements.map((e) => [e.elementId, e.status, e.childInstanceId])).to.deep.equal([['strictPay', 'waiting', child.id]]);
    });

    it('should run the thrower again when that incident is resolved, and complete both', async () => {
      // given
      let declines = 1;
      engine.handle('card-charge', () => {
        if (declines-- > 0) throw new BpmnError('CARD_DECLINED', 'insufficient funds');
        return { charged: true };
      });
      const { id } = await deployAndStart(engine, here, 'call-activity-errors.bpmn', 'strictCheckout');
      const child = await childAt(engine, id, 'strictPay');
      const stuck = await until(engine, child.id, hasIncident);

      // when
      await engine.resolveIncident(child.id, stuck.incidents[0].id);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ charged: true });
      expect((await engine.getInstance(child.id)).status).to.equal('completed');
      expect((await childrenOf(engine, id)).map((c) => c.id)).to.deep.equal([child.id]);
    });
  });

  describe('calls that cannot be made', () => {
    it('should stop a process that calls itself at the depth limit with an incident that says so', async () => {
      // given
      const shallow = await open({ maxCallDepth: 3 });

      // when
      const { id } = await deployAndStart(shallow, here, 'call-activity-recursion.bpmn', 'recursive');
      const chain = [await shallow.getInstance(id)];
      for (let depth = 1; depth <= 3; depth++) chain.push(await childAt(shallow, chain[depth - 1].id, 'recurse'));
      const deepest = await until(shallow, chain[3].id, hasIncident);

      // then
      expect(chain.map((i) => i.parentInstanceId)).to.deep.equal([undefined, chain[0].id, chain[1].id, chain[2].id]);
      expect(deepest.incidents).to.have.length(1);
      expect(deepest.incidents[0]).to.include({ elementId: 'recurse', kind: 'calledElement' });
      expect(deepest.incidents[0].message).to.equal("cannot call 'recursive': call activities are nested more than 3 deep (a recursive call?)");
      expect(await childrenOf(shallow, chain[3].id)).to.deep.equal([]);
      for (const instance of chain.slice(0, 3)) expect((await shallow.getInstance(instance.id)).incidents).to.deep.equal([]);
    });

    it('should raise an incident that names a called process that is not deployed', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'call-activity-missing.bpmn', 'caller', { variables: { ticket: 'T-9' } });
      const after = await until(engine, id, hasIncident);

      // then
      expect(after.incidents).to.have.length(1);
      expect(after.incidents[0]).to.include({ elementId: 'callLater', kind: 'calledElement' });
      expect(after.incidents[0].message).to.contain("'laterProcess'");
      expect(after.activeElements.map((e) => [e.elementId, e.status])).to.deep.equal([['callLater', 'incident']]);
      expect(await childrenOf(engine, id)).to.deep.equal([]);
    });

    it('should start the child once when the incident is resolved after the process is deployed', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'call-activity-missing.bpmn', 'caller', { variables: { ticket: 'T-9' } });
      const after = await until(engine, id, hasIncident);
      await engine.deploy({ name: 'call-activity-missing-child.bpmn', xml: fixture(here, 'call-activity-missing-child.bpmn') });

      // when
      await engine.resolveIncident(id, after.incidents[0].id);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ ticket: 'T-9', stamp: 'stamped T-9' });
      expect(done.incidents).to.deep.equal([]);
      const children = await childrenOf(engine, id);
      expect(children.map((c) => [c.processId, c.status])).to.deep.equal([['laterProcess', 'completed']]);
      expect(await elementsWith(engine, id, 'element.activated')).to.deep.equal(['callerStart', 'callLater', 'called']);
    });
  });

  describe('on SQLite', () => {
    let dir: string;

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'baton-call-'));
    });

    afterEach(async () => {
      await Promise.all(engines.splice(0).map((e) => e.close()));
      await rm(dir, { recursive: true, force: true });
    });

    it("should finish the caller and its child after a restart, when the child's job was still pending", async () => {
      // given: nobody serves 'slow-work' before the restart
      const file = `sqlite:${join(dir, 'baton.db')}` as const;
      const first = await open({ store: file });
      const { id } = await deployAndStart(first, here, 'call-activity-durable.bpmn', 'durableParent', { variables: { size: 3 } });
      const child = await childAt(first, id, 'callDurable');
      await until(first, child.id, waitsAt('slowWork'));
      await first.close();

      // when
      const second = await open({ store: file });
      second.handle('slow-work', (job) => ({ worked: (job.variables.size as number) * 2 }));

      // then
      const done = await second.waitFor(id, 'completed', { timeoutMs: 5_000 });
      expect(done.variables).to.deep.equal({ size: 3, worked: 6 });
      expect((await second.getInstance(child.id)).status).to.equal('completed');
      expect((await second.queryInstances({ parentInstanceId: id })).items.map((c) => c.id)).to.deep.equal([child.id]);
    });
  });
});

/** A memory store that holds back the first commit of a child instance until released. */
class GatedStore extends MemoryStore {
  /** Resolves when a child's first commit is being held. */
  readonly held: Promise<void>;
  private reached!: () => void;
  private opened!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  private holding = false;

  constructor() {
    super();
    this.held = new Promise((resolve) => (this.reached = resolve));
  }

  release(): void {
    this.opened();
  }

  override async commit(state: InstanceState, effects: Effects): Promise<void> {
    if (state.parent && state.rev === 1 && !this.holding) {
      this.holding = true;
      this.reached();
      await this.gate;
    }
    return super.commit(state, effects);
  }
}
