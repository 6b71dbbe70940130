import { expect } from 'chai';
import { ConflictError, Engine, type Store, NotFoundError, TimeoutError, type HistoryEvent } from '../../engine/index.js';
import { fixture, openEngine, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const deployment = { name: 'engine-api.bpmn', xml: fixture(here, 'engine-api.bpmn') };

describe('engine API', () => {
  let store: Store;
  let engine: Engine;

  beforeEach(async () => {
    ({ store, engine } = await openEngine({ jobs: { retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  describe('deploy and versions', () => {
    it('should return the stored version when the identical XML is deployed again', async () => {
      // given
      const first = await engine.deploy(deployment);

      // when
      const again = await engine.deploy(deployment);

      // then
      expect(first.processes.map((p) => p.created)).to.deep.equal([true, true, true]);
      expect(again.processes.map((p) => p.created)).to.deep.equal([false, false, false]);
      expect(again.processes.map((p) => [p.processId, p.version, p.key])).to.deep.equal(first.processes.map((p) => [p.processId, p.version, p.key]));
    });

    it('should create version 2 for changed XML and start the latest version', async () => {
      // given
      await engine.deploy(deployment);

      // when
      const changed = await engine.deploy({ name: 'engine-api-ticket-v2.bpmn', xml: fixture(here, 'engine-api-ticket-v2.bpmn') });
      const started = await engine.start('ticket');

      // then
      expect(changed.processes).to.have.length(1);
      expect(changed.processes[0]).to.include({ processId: 'ticket', version: 2, created: true });
      expect(started.version).to.equal(2);
      expect(started.definitionKey).to.equal(changed.processes[0].key);
    });

    it('should keep running instances on the version they started with', async () => {
      // given
      await engine.deploy(deployment);
      const old = await engine.start('ticket');
      await engine.deploy({ name: 'engine-api-ticket-v2.bpmn', xml: fixture(here, 'engine-api-ticket-v2.bpmn') });
      const current = await engine.start('ticket');

      // when
      await engine.completeUserTask((await userTaskAt(engine, old.id, 'handle')).id);
      await engine.completeUserTask((await userTaskAt(engine, current.id, 'handle')).id);

      // then
      const oldDone = await engine.waitFor(old.id, 'completed', { timeoutMs: 2_000 });
      expect(oldDone.version).to.equal(1);
      const currentView = await until(engine, current.id, waitsInUserTask('survey'));
      expect(currentView.version).to.equal(2);
    });

    it('should start an explicit older version when asked', async () => {
      // given
      await engine.deploy(deployment);
      await engine.deploy({ name: 'engine-api-ticket-v2.bpmn', xml: fixture(here, 'engine-api-ticket-v2.bpmn') });

      // when
      const started = await engine.start('ticket', { version: 1 });

      // then
      expect(started.version).to.equal(1);
    });

    it('should refuse to start a process that is not deployed with a NotFoundError', async () => {
      // given
      await engine.deploy(deployment);

      // when
      const error = await engine.start('no-such-process').then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect((error as Error).message).to.contain('no-such-process');
    });
  });

  describe('queryInstances', () => {
    it('should filter by process id, status and business key', async () => {
      // given
      await engine.deploy(deployment);
      const tickets = [];
      for (const key of ['T-1', 'T-2', 'T-3']) tickets.push(await engine.start('ticket', { businessKey: key }));
      const ping = await engine.start('ping', { variables: { message: 'hi' }, businessKey: 'T-2' });
      await engine.waitFor(ping.id, 'completed', { timeoutMs: 2_000 });

      // when
      const byProcess = await engine.queryInstances({ processId: 'ticket' });
      const completed = await engine.queryInstances({ status: 'completed' });
      const byKey = await engine.queryInstances({ businessKey: 'T-2' });
      const ticketT2 = await engine.queryInstances({ processId: 'ticket', businessKey: 'T-2' });

      // then
      expect(byProcess.items.map((i) => i.id)).to.have.members(tickets.map((t) => t.id));
      expect(byProcess.items.every((i) => i.status === 'active')).to.equal(true);
      expect(completed.items.map((i) => i.id)).to.deep.equal([ping.id]);
      expect(byKey.items.map((i) => i.id)).to.have.members([tickets[1].id, ping.id]);
      expect(ticketT2.items.map((i) => i.id)).to.deep.equal([tickets[1].id]);
      expect(ticketT2.items[0].businessKey).to.equal('T-2');
    });

    it('should page through the instances with a limit and the next cursor', async () => {
      // given
      await engine.deploy(deployment);
      const started = new Set<string>();
      for (let i = 0; i < 5; i++) started.add((await engine.start('ticket')).id);

      // when
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const page = await engine.queryInstances({ processId: 'ticket', limit: 2, after });
        pages.push(page.items.map((i) => i.id));
        after = page.next;
      } while (after && pages.length < 10);

      // then
      expect(pages.slice(0, 3).map((p) => p.length)).to.deep.equal([2, 2, 1]);
      const seen = pages.flat();
      expect(seen).to.have.length(5);
      expect(new Set(seen)).to.deep.equal(started);
    });
  });

  describe('cancel', () => {
    it('should end the instance as cancelled and remove its jobs and user tasks', async () => {
      // given
      await engine.deploy(deployment);
      const { id } = await engine.start('audited');
      const active = await until(engine, id, (v) => waitsInUserTask('review')(v) && waitsAt('audit')(v));
      const auditJob = active.activeElements.find((e) => e.elementId === 'audit')!.jobKey!;
      expect(await store.getJob(auditJob)).to.exist;

      // when
      await engine.cancel(id);

      // then
      const cancelled = await engine.getInstance(id);
      expect(cancelled.status).to.equal('cancelled');
      expect(cancelled.activeElements).to.be.empty;
      expect(cancelled.endedAt).to.be.a('string');
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      expect(await store.getJob(auditJob)).to.be.undefined;
      const history = await engine.history(id);
      expect(history.filter((e) => e.type === 'element.terminated').map((e) => e.elementId)).to.have.members(['review', 'audit']);
      expect(history[history.length - 1].type).to.equal('instance.cancelled');
    });

    it('should refuse to cancel an instance that has already ended', async () => {
      // given
      await engine.deploy(deployment);
      const { id } = await engine.start('ping', { variables: { message: 'hi' } });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // when
      const error = await engine.cancel(id).then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((await engine.getInstance(id)).status).to.equal('completed');
    });
  });

  describe('waitFor', () => {
    it('should reject with a TimeoutError when the status is not reached in time', async () => {
      // given
      await engine.deploy(deployment);
      const { id } = await engine.start('ticket');

      // when
      const startedAt = Date.now();
      const error = await engine.waitFor(id, 'completed', { timeoutMs: 50 }).then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(TimeoutError);
      expect(Date.now() - startedAt).to.be.below(1_000);
      expect((await engine.getInstance(id)).status).to.equal('active');
    });

    it('should reject with a ConflictError when the instance ends with another status', async () => {
      // given
      await engine.deploy(deployment);
      const { id } = await engine.start('ticket');
      const waiting = engine.waitFor(id, 'completed', { timeoutMs: 2_000 }).then(
        () => undefined,
        (e: unknown) => e,
      );

      // when
      await engine.cancel(id);

      // then
      const error = await waiting;
      expect(error).to.be.instanceOf(ConflictError);
      expect((error as Error).message).to.contain('cancelled');
    });

    it('should resolve at once for an instance that already has the status', async () => {
      // given
      await engine.deploy(deployment);
      const { id } = await engine.start('ping', { variables: { message: 'hi' } });

      // when
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 500 });

      // then
      expect(done.variables).to.deep.equal({ message: 'hi', reply: 'HI' });
    });

    it('should reject with a NotFoundError for an unknown instance', async () => {
      // when
      const error = await engine.waitFor('no-such-instance', 'completed', { timeoutMs: 500 }).then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(NotFoundError);
    });
  });

  describe('history', () => {
    it('should emit the history events in order, as they are stored', async () => {
      // given
      await engine.deploy(deployment);
      const emitted: HistoryEvent[] = [];
      const completedElements: string[] = [];
      engine.on('event', (e) => emitted.push(e));
      engine.on('element.completed', (e) => completedElements.push(e.elementId!));

      // when
      const { id } = await engine.start('ping', { variables: { message: 'hi' } });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      const stored = await engine.history(id);
      const asJson = (events: HistoryEvent[]) => JSON.parse(JSON.stringify(events)) as HistoryEvent[];
      expect(asJson(emitted.filter((e) => e.instanceId === id))).to.deep.equal(asJson(stored));
      expect(stored[0].type).to.equal('instance.started');
      expect(stored[stored.length - 1].type).to.equal('instance.completed');
      expect(completedElements).to.deep.equal(['pinged', 'echo', 'ponged']);
      for (const elementId of completedElements) {
        const activated = stored.findIndex((e) => e.type === 'element.activated' && e.elementId === elementId);
        const completed = stored.findIndex((e) => e.type === 'element.completed' && e.elementId === elementId);
        expect(activated, elementId).to.be.within(0, completed - 1);
      }
      expect(stored.every((e) => e.processId === 'ping' && e.instanceId === id)).to.equal(true);
      expect(stored.find((e) => e.elementId === 'echo')!.elementType).to.equal('scriptTask');
    });

    it('should keep the history of an instance across steps in commit order', async () => {
      // given
      await engine.deploy(deployment);
      const { id } = await engine.start('ticket');

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'handle')).id, { solved: true });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      const stored = await engine.history(id);
      const sequence = stored.map((e) => `${e.type}${e.elementId ? `:${e.elementId}` : ''}`);
      expect(sequence.indexOf('element.activated:handle')).to.be.below(sequence.indexOf('element.completed:handle'));
      expect(sequence.indexOf('element.completed:handle')).to.be.below(sequence.indexOf('element.activated:closed'));
      expect(sequence[sequence.length - 1]).to.equal('instance.completed');
    });
  });
});
