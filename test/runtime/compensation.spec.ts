import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpmnError, Engine, MemoryStore, ValidationError, type JobHandler } from '../../engine/index.js';
import { deployAndStart, elementsWith, fixture, hasIncident, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const base = Date.UTC(2025, 0, 6, 9);

/** Asserts that the ids of `wanted` occur in `ids` in that order (with others between them). */
function expectInOrder(ids: string[], wanted: string[]): void {
  expect(ids.filter((id) => wanted.includes(id))).to.deep.equal(wanted);
}

describe('compensation', () => {
  let engine: Engine;
  /** Task types in the order their jobs ran. */
  let calls: string[];
  /** The variables each job saw, by task type (the last job of the type). */
  let seen: Record<string, Record<string, unknown>>;

  beforeEach(async () => {
    engine = await Engine.open({ store: new MemoryStore(), clock: { now: () => base }, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
    calls = [];
    seen = {};
  });

  afterEach(() => engine.close());

  /** Registers a handler for each type that records the call; `results` gives a type its result or behaviour. */
  function handle(types: string[], results: Record<string, JobHandler> = {}): void {
    for (const type of types) {
      engine.handle(type, (job) => {
        calls.push(type);
        seen[type] = job.variables;
        return results[type]?.(job);
      });
    }
  }

  describe('compensation throw event', () => {
    it('should undo every completed activity of its scope in reverse order of completion, then go on', async () => {
      // given
      handle(['book-hotel', 'charge-card', 'log-order', 'refund-card', 'cancel-hotel', 'notify'], { 'charge-card': () => ({ paymentId: 'P-1' }) });

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-throw.bpmn', 'undoAll', { variables: { total: 120 } });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then: the log has no handler; refund comes before cancel, and notify only after both
      expect(calls).to.deep.equal(['book-hotel', 'charge-card', 'log-order', 'refund-card', 'cancel-hotel', 'notify']);
      expectInOrder(await elementsWith(engine, id, 'element.completed'), ['refundCard', 'cancelHotel', 'undoEverything', 'notify']);
    });

    it("should give a handler the activity's own variables at completion and the live variables around it", async () => {
      // given
      handle(['book-hotel', 'charge-card', 'log-order', 'refund-card', 'cancel-hotel', 'notify'], { 'charge-card': () => ({ paymentId: 'P-1' }) });

      // when: `total` is cleared before compensation is thrown
      const { id } = await deployAndStart(engine, here, 'compensation-throw.bpmn', 'undoAll', { variables: { total: 120 } });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then: the refund sees the amount the charge was made with, and today's total
      expect(seen['refund-card']).to.deep.equal({ total: 0, paymentId: 'P-1', amount: 120 });
      expect(seen['cancel-hotel']).to.deep.equal({ total: 0, paymentId: 'P-1' });
    });

    it('should undo only the activity its activityRef names', async () => {
      // given
      handle(['undo-first', 'undo-second']);

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-throw.bpmn', 'undoOne');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['undo-first']);
    });

    it('should undo a completion once, however often compensation is thrown', async () => {
      // given
      handle(['undo-only']);

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-throw.bpmn', 'undoTwice');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['undo-only']);
      expectInOrder(await elementsWith(engine, id, 'element.completed'), ['undoOnce', 'undoAgain', 'twiceEnd']);
    });

    it('should undo each completion of an activity that ran several times, latest first, each with its own variables', async () => {
      // given
      const rounds: unknown[] = [];
      handle(['undo-round'], { 'undo-round': (job) => void rounds.push(job.variables.roundNumber) });

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-throw.bpmn', 'undoRounds', { variables: { count: 0 } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(rounds).to.deep.equal([2, 1, 0]);
      expect(done.variables).to.deep.equal({ count: 3 });
    });

    it('should undo neither an activity still running nor one that has not started', async () => {
      // given
      handle(['quick', 'undo-quick', 'undo-slow', 'later', 'undo-later']);
      const { id } = await deployAndStart(engine, here, 'compensation-parallel.bpmn', 'undoCompleted');

      // when: the quick branch throws compensation while the slow work waits
      await until(engine, id, (v) => waitsAt('join')(v) && waitsInUserTask('slow')(v));

      // then
      expect(calls).to.deep.equal(['quick', 'undo-quick']);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'slow')).id);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['quick', 'undo-quick', 'later']);
    });
  });

  describe('compensation end event', () => {
    it('should run the handlers one after another and end only when the last is done', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'compensation-end.bpmn', 'undoByHand');

      // when
      const first = await until(engine, id, waitsInUserTask('voidInvoice'));

      // then: the later activity's handler runs first, alone, and the end event waits for it
      expect(first.status).to.equal('active');
      expect((await engine.userTasks({ instanceId: id })).map((t) => t.elementId)).to.deep.equal(['voidInvoice']);
      expect(waitsAt('cancelled')(first)).to.equal(true);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'voidInvoice')).id);
      const second = await until(engine, id, waitsInUserTask('freeRoom'));

      // then
      expect(second.status).to.equal('active');
      expect((await engine.userTasks({ instanceId: id })).map((t) => t.elementId)).to.deep.equal(['freeRoom']);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'freeRoom')).id);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.activeElements).to.be.empty;
      expectInOrder(await elementsWith(engine, id, 'element.completed'), ['voidInvoice', 'freeRoom', 'cancelled']);
    });

    it('should withdraw a running handler when the instance is cancelled', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'compensation-end.bpmn', 'undoByHand');
      await until(engine, id, waitsInUserTask('voidInvoice'));

      // when
      await engine.cancel(id);

      // then
      const cancelled = await engine.getInstance(id);
      expect(cancelled.status).to.equal('cancelled');
      expect(cancelled.activeElements).to.be.empty;
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      // The waiting end event and its handler were cut short; the invoice being undone had completed long before.
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['cancelled', 'voidInvoice']);
    });

    it('should go on with a compensation under way after the engine restarts on the same SQLite file', async () => {
      // given
      const dir = await mkdtemp(join(tmpdir(), 'baton-compensation-'));
      const open = () => Engine.open({ store: `sqlite:${join(dir, 'baton.db')}`, clock: { now: () => base }, jobs: { pollIntervalMs: 10 } });
      try {
        const first = await open();
        const { id } = await deployAndStart(first, here, 'compensation-end.bpmn', 'undoByHand');
        await until(first, id, waitsInUserTask('voidInvoice'));
        await first.close();

        // when
        const second = await open();
        try {
          await second.completeUserTask((await userTaskAt(second, id, 'voidInvoice')).id);
          await until(second, id, waitsInUserTask('freeRoom'));
          await second.completeUserTask((await userTaskAt(second, id, 'freeRoom')).id);
          const done = await second.waitFor(id, 'completed', { timeoutMs: 2_000 });

          // then
          expect(done.activeElements).to.be.empty;
          expectInOrder(await elementsWith(second, id, 'element.completed'), ['voidInvoice', 'freeRoom', 'cancelled']);
        } finally {
          await second.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a handler that raises a BPMN error', () => {
    it("should not be caught by the compensated activity's own error boundary event", async () => {
      // given
      handle(['refund'], {
        refund: () => {
          throw new BpmnError('REFUND_FAILED');
        },
      });

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-end.bpmn', 'handlerFails');
      const stuck = await until(engine, id, hasIncident);

      // then
      expect(stuck.status).to.equal('active');
      expect(stuck.incidents.map((i) => [i.elementId, i.kind])).to.deep.equal([['refund', 'bpmnError']]);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('payFailed');
    });
  });

  describe('embedded sub-processes', () => {
    it('should undo a completed sub-process at its place in the order, its inner activities latest first', async () => {
      // given
      handle(['undo-before', 'undo-hotel', 'undo-flight', 'undo-after']);

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-sub-process.bpmn', 'undoSubProcess');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['undo-after', 'undo-flight', 'undo-hotel', 'undo-before']);
    });

    it('should run the compensation event sub-process of a compensated sub-process, which undoes the inner activities', async () => {
      // given
      handle(['notify-undo', 'undo-hotel', 'undo-flight', 'undo-before']);

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-sub-process.bpmn', 'undoWithEventSubProcess');
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then: the event sub-process sees the sub-process's variables as they were when it completed
      expect(calls).to.deep.equal(['notify-undo', 'undo-flight', 'undo-hotel', 'undo-before']);
      expect(seen['notify-undo']).to.deep.equal({ tripId: 'T-7' });
      expect(seen['undo-hotel']).to.deep.equal({ tripId: 'T-7' });
      expect(done.variables).to.deep.equal({});
      expectInOrder(await elementsWith(engine, id, 'element.completed'), [
        'eNotifyUndo',
        'eUndoFlight',
        'eUndoHotel',
        'eUndoInside',
        'eUndoBooking',
        'eUndoBefore',
        'eUndoAll',
      ]);
    });

    it('should undo only the completed activities of the sub-process in which compensation is thrown', async () => {
      // given
      handle(['undo-before', 'undo-hotel', 'undo-flight']);

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-sub-process.bpmn', 'undoInsideSubProcess');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['undo-hotel']);
    });

    it('should not undo the inner activities of a sub-process that was interrupted', async () => {
      // given
      handle(['undo-before', 'undo-hotel', 'book-flight'], {
        'book-flight': () => {
          throw new BpmnError('NO_SEATS');
        },
      });

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-sub-process.bpmn', 'undoAfterFailure');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['book-flight', 'undo-before']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('fCancelled');
    });
  });

  describe('after a partial saga', () => {
    it('should undo only the step that completed before the failure, from an error event sub-process', async () => {
      // given
      handle(['reserve', 'charge', 'release', 'refund'], {
        charge: () => {
          throw new BpmnError('CARD_DECLINED');
        },
      });

      // when
      const { id } = await deployAndStart(engine, here, 'compensation-error-event-sub-process.bpmn', 'undoOnError');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(calls).to.deep.equal(['reserve', 'charge', 'release']);
      expectInOrder(await elementsWith(engine, id, 'element.completed'), ['release', 'undoAll', 'cancelled', 'onFailure']);
    });
  });

  describe('deployment', () => {
    it('should accept compensation boundary events, handlers and compensation throw and end events', async () => {
      // when
      const result = await engine.deploy({ name: 'compensation-throw.bpmn', xml: fixture(here, 'compensation-throw.bpmn') });

      // then
      expect(result.processes.map((p) => p.processId)).to.have.members(['undoAll', 'undoOne', 'undoTwice', 'undoRounds']);
    });

    it('should refuse an activityRef outside the scope the event compensates and a compensation event sub-process outside a sub-process', async () => {
      // when
      const refused = await engine.deploy({ name: 'compensation-invalid.bpmn', xml: fixture(here, 'compensation-invalid.bpmn') }).catch((e: unknown) => e);

      // then
      expect(refused).to.be.instanceOf(ValidationError);
      const problems = (refused as ValidationError).problems;
      expect(problems.map((p) => p.elementId)).to.have.members(['undoInner', 'undoProcess']);
      expect(problems.find((p) => p.elementId === 'undoInner')?.message).to.contain("not in the scope the event compensates ('misplacedCompensation')");
    });
  });
});
