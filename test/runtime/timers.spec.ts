import { expect } from 'chai';
import { Engine, MemoryStore, type Store, ValidationError } from '../../engine/index.js';
import { deployAndStart, fixture, openEngine, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';
import { count, historyUntil, POLL_MS, settle, TestClock, timersLeft } from './timer-clock.js';

const here = import.meta.url;

describe('timers', () => {
  let clock: TestClock;
  let store: Store;
  let engine: Engine;

  beforeEach(async () => {
    clock = new TestClock();
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: POLL_MS, retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  describe('intermediate timer catch event', () => {
    const cases: Array<{ what: string; processId: string; catchId: string; variables?: Record<string, unknown>; due: string }> = [
      { what: 'a timeDate', processId: 'wait-until-noon', catchId: 'untilNoon', due: '2026-05-01T12:00:00Z' },
      {
        what: 'a FEEL date and time with a zone id',
        processId: 'wait-until-deadline',
        catchId: 'untilDeadline',
        variables: { deadline: '2026-05-01T14:00:00@Europe/Berlin' },
        due: '2026-05-01T12:00:00Z',
      },
      {
        what: 'a FEEL date and time with an offset',
        processId: 'wait-until-deadline',
        catchId: 'untilDeadline',
        variables: { deadline: '2026-05-01T15:30:00+02:00' },
        due: '2026-05-01T13:30:00Z',
      },
      { what: "a FEEL timeDate on the engine's clock (now() + 1 hour)", processId: 'wait-an-hour-from-now', catchId: 'inAnHour', due: '2026-05-01T11:00:00Z' },
      { what: 'a timeDuration', processId: 'cool-down', catchId: 'coolDown', due: '2026-05-01T10:10:00Z' },
      { what: 'a FEEL duration', processId: 'cool-down-feel', catchId: 'coolDownFeel', variables: { minutes: 45 }, due: '2026-05-01T10:45:00Z' },
      { what: 'a calendar duration (P1M: May has 31 days)', processId: 'cool-down-calendar', catchId: 'coolDownMonth', due: '2026-06-01T10:00:00Z' },
    ];

    for (const { what, processId, catchId, variables, due } of cases) {
      it(`should wait for ${what} until ${due} and not a moment less`, async () => {
        // given
        const { id } = await deployAndStart(engine, here, 'timers-catch.bpmn', processId, { variables });
        await until(engine, id, waitsAt(catchId));

        // when
        clock.set(new Date(Date.parse(due) - 1).toISOString());
        await settle();

        // then
        expect((await engine.getInstance(id)).activeElements.map((e) => e.elementId)).to.deep.equal([catchId]);

        // when
        clock.set(due);

        // then
        await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
        const history = await engine.history(id);
        expect(count(history, 'element.completed', catchId)).to.equal(1);
      });
    }
  });

  describe('interrupting timer boundary event', () => {
    it('should cancel the service task and remove its job when the time-out fires', async () => {
      // given: no worker serves 'charge-card', so the job waits
      const { id } = await deployAndStart(engine, here, 'timers-boundary.bpmn', 'payment');
      const before = await until(engine, id, waitsAt('charge'));
      const jobKey = before.activeElements[0].jobKey!;
      expect(await store.getJob(jobKey)).to.exist;

      // when
      clock.set('2026-05-01T10:30:00Z');

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
      expect(await store.getJob(jobKey)).to.be.undefined;
      const history = await engine.history(id);
      expect(count(history, 'element.terminated', 'charge')).to.equal(1);
      expect(count(history, 'element.completed', 'chargeTimeout')).to.equal(1);
      expect(count(history, 'element.completed', 'paymentTimedOut')).to.equal(1);
      expect(count(history, 'element.completed', 'payment-done')).to.equal(0);
    });

    it('should close the time-out when the service task completes first', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-boundary.bpmn', 'payment');
      await until(engine, id, waitsAt('charge'));

      // when
      engine.handle('charge-card', () => ({ charged: true }));
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      clock.set('2026-05-01T11:00:00Z');
      await settle();

      // then
      const history = await engine.history(id);
      expect(count(history, 'element.completed', 'payment-done')).to.equal(1);
      expect(count(history, 'element.completed', 'chargeTimeout')).to.equal(0);
      expect(await timersLeft(store, (job) => job.instanceId === id)).to.be.empty;
    });

    it('should cancel the user task when a deadline given as a FEEL duration passes', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-boundary.bpmn', 'approval', { variables: { hours: 2 } });
      await until(engine, id, waitsInUserTask('approve'));
      expect(await engine.userTasks({ instanceId: id })).to.have.length(1);

      // when
      clock.set('2026-05-01T12:00:00Z');

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      const history = await engine.history(id);
      expect(count(history, 'element.terminated', 'approve')).to.equal(1);
      expect(count(history, 'element.completed', 'escalated')).to.equal(1);
    });
  });

  describe('non-interrupting timer cycle boundary event', () => {
    it('should send three reminders while the approval waits and keep the task open', async () => {
      // given
      const reminders: number[] = [];
      engine.handle('send-reminder', () => void reminders.push(clock.now()));
      const { id } = await deployAndStart(engine, here, 'timers-boundary.bpmn', 'approval-reminders');
      await until(engine, id, waitsInUserTask('review'));
      const task = await userTaskAt(engine, id, 'review');

      // when: three hours and a bit pass at once
      clock.set('2026-05-01T13:05:00Z');

      // then
      const history = await historyUntil(engine, id, (h) => count(h, 'element.completed', 'sendReminder-end') === 3);
      expect(count(history, 'element.completed', 'reminder')).to.equal(3);
      expect(count(history, 'element.completed', 'sendReminder')).to.equal(3);
      expect(reminders).to.have.length(3);
      const view = await engine.getInstance(id);
      expect(view.status).to.equal('active');
      expect((await userTaskAt(engine, id, 'review')).id).to.equal(task.id);
      expect(count(history, 'element.terminated', 'review')).to.equal(0);

      // when: the cycle is used up
      clock.set('2026-05-01T20:00:00Z');
      await settle();

      // then
      expect(count(await engine.history(id), 'element.completed', 'reminder')).to.equal(3);

      // when
      await engine.completeUserTask(task.id, { approved: true });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ approved: true });
      expect(reminders).to.have.length(3);
    });

    it('should close the reminder timer when the task is completed between reminders', async () => {
      // given
      engine.handle('send-reminder', () => ({}));
      const { id } = await deployAndStart(engine, here, 'timers-boundary.bpmn', 'approval-reminders');
      await until(engine, id, waitsInUserTask('review'));
      clock.set('2026-05-01T11:00:00Z');
      await historyUntil(engine, id, (h) => count(h, 'element.completed', 'sendReminder-end') === 1);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'review')).id);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      clock.set('2026-05-01T15:00:00Z');
      await settle();

      // then
      expect(count(await engine.history(id), 'element.completed', 'reminder')).to.equal(1);
      expect(await timersLeft(store, (job) => job.instanceId === id)).to.be.empty;
    });

    const cycles: Array<{ what: string; processId: string; variables?: Record<string, unknown>; steps: Array<[string, number]> }> = [
      {
        what: 'R3/PT1H',
        processId: 'remind-r3',
        steps: [
          ['2026-05-01T10:59:59Z', 0],
          ['2026-05-01T11:00:00Z', 1],
          ['2026-05-01T20:00:00Z', 3],
        ],
      },
      {
        what: 'a FEEL cycle (R2/PT2H)',
        processId: 'remind-r3-feel',
        variables: { reminders: 2, hours: 2 },
        steps: [
          ['2026-05-01T11:59:59Z', 0],
          ['2026-05-01T12:00:00Z', 1],
          ['2026-05-01T20:00:00Z', 2],
        ],
      },
      {
        what: 'R/start/duration (from 11:30, every 30 minutes, for ever)',
        processId: 'remind-from-start',
        steps: [
          ['2026-05-01T11:29:59Z', 0],
          ['2026-05-01T11:30:00Z', 1],
          ['2026-05-01T12:45:00Z', 3],
        ],
      },
      {
        what: 'a FEEL R2/start/duration',
        processId: 'remind-from-start-feel',
        variables: { firstReminder: '2026-05-01T11:30:00Z' },
        steps: [
          ['2026-05-01T11:29:59Z', 0],
          ['2026-05-01T11:30:00Z', 1],
          ['2026-05-01T20:00:00Z', 2],
        ],
      },
      {
        // Missed cron runs collapse into one: from 11:30 to 15:45 is one more nudge, not four.
        what: 'a cron expression (at half past, 9 to 17, Monday to Friday)',
        processId: 'remind-cron',
        steps: [
          ['2026-05-01T10:29:59Z', 0],
          ['2026-05-01T10:30:00Z', 1],
          ['2026-05-01T11:30:00Z', 2],
          ['2026-05-01T15:45:00Z', 3],
          ['2026-05-01T16:30:00Z', 4],
        ],
      },
      {
        what: 'a FEEL cron expression',
        processId: 'remind-cron-feel',
        variables: { minute: 15 },
        steps: [
          ['2026-05-01T10:14:59Z', 0],
          ['2026-05-01T10:15:00Z', 1],
          ['2026-05-01T11:15:00Z', 2],
        ],
      },
    ];

    for (const { what, processId, variables, steps } of cycles) {
      it(`should nudge on the schedule of ${what} while the task stays open`, async () => {
        // given
        const { id } = await deployAndStart(engine, here, 'timers-cycle.bpmn', processId, { variables });
        await until(engine, id, waitsInUserTask(`${processId}-work`));

        for (const [at, expected] of steps) {
          // when
          clock.set(at);
          const history =
            expected === 0
              ? (await settle(), await engine.history(id))
              : await historyUntil(engine, id, (h) => count(h, 'element.completed', `${processId}-nudged`) >= expected);
          await settle();

          // then
          expect(count(await engine.history(id), 'element.completed', `${processId}-nudged`), `nudges at ${at}`).to.equal(expected);
          expect(count(history, 'element.terminated', `${processId}-work`)).to.equal(0);
        }
        expect(await engine.userTasks({ instanceId: id })).to.have.length(1);
      });
    }
  });

  describe('timer event sub-process', () => {
    it('should interrupt the process when its timer fires, withdrawing the open user task', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-event-sub-process.bpmn', 'order-expiry');
      await until(engine, id, waitsInUserTask('pay'));
      clock.set('2026-05-01T11:59:59Z');
      await settle();
      expect(await engine.userTasks({ instanceId: id })).to.have.length(1);

      // when
      clock.set('2026-05-01T12:00:00Z');

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
      const history = await engine.history(id);
      expect(count(history, 'element.terminated', 'pay')).to.equal(1);
      expect(count(history, 'element.completed', 'orderExpired')).to.equal(1);
      expect(count(history, 'element.completed', 'paid')).to.equal(0);
    });

    it('should close the event sub-process timer when the process completes first', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-event-sub-process.bpmn', 'order-expiry');
      await until(engine, id, waitsInUserTask('pay'));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'pay')).id);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      clock.set('2026-05-01T13:00:00Z');
      await settle();

      // then
      expect(count(await engine.history(id), 'element.completed', 'orderExpired')).to.equal(0);
      expect(await timersLeft(store, (job) => job.instanceId === id)).to.be.empty;
    });

    it('should run a non-interrupting timer event sub-process on each cycle beside the waiting task', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-event-sub-process.bpmn', 'order-nudges', { variables: { nudgeCount: 2 } });
      await until(engine, id, waitsInUserTask('settle'));

      // when
      clock.set('2026-05-01T12:30:00Z');

      // then
      await historyUntil(engine, id, (h) => count(h, 'element.completed', 'nudged') === 2);
      clock.set('2026-05-01T20:00:00Z');
      await settle();
      expect(count(await engine.history(id), 'element.completed', 'nudged')).to.equal(2);
      expect(await engine.userTasks({ instanceId: id })).to.have.length(1);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'settle')).id);

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should run the timer event sub-processes of an embedded sub-process: pings beside the task, then the interrupting hold time-out', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-event-sub-process.bpmn', 'seat-booking', { variables: { holdTime: 'PT1H' } });
      await until(engine, id, waitsInUserTask('chooseSeat'));

      // when: pings at 10:25 and 10:50
      clock.set('2026-05-01T10:55:00Z');

      // then
      await historyUntil(engine, id, (h) => count(h, 'element.completed', 'pinged') === 2);
      expect(await engine.userTasks({ instanceId: id })).to.have.length(1);

      // when: the hold runs out at 11:00
      clock.set('2026-05-01T11:00:00Z');

      // then
      const after = await until(engine, id, waitsInUserTask('confirmBooking'));
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['confirmBooking']);
      const tasks = await engine.userTasks({ instanceId: id });
      expect(tasks.map((t) => t.elementId)).to.deep.equal(['confirmBooking']);
      let history = await engine.history(id);
      expect(count(history, 'element.terminated', 'chooseSeat')).to.equal(1);
      expect(count(history, 'element.completed', 'seatReleased')).to.equal(1);
      expect(count(history, 'element.completed', 'booking')).to.equal(1);

      // when: the pings stopped with their scope
      clock.set('2026-05-01T13:00:00Z');
      await settle();

      // then
      history = await engine.history(id);
      expect(count(history, 'element.completed', 'pinged')).to.equal(2);
      expect(await timersLeft(store, (job) => job.instanceId === id)).to.be.empty;
    });

    it('should close the timers of an embedded sub-process when it completes before they fire', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-event-sub-process.bpmn', 'seat-booking', { variables: { holdTime: 'PT1H' } });
      await until(engine, id, waitsInUserTask('chooseSeat'));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'chooseSeat')).id, { seat: '12A' });
      await until(engine, id, waitsInUserTask('confirmBooking'));
      clock.set('2026-05-01T13:00:00Z');
      await settle();

      // then
      const history = await engine.history(id);
      expect(count(history, 'element.completed', 'pinged')).to.equal(0);
      expect(count(history, 'element.completed', 'seatReleased')).to.equal(0);
      expect(await timersLeft(store, (job) => job.instanceId === id)).to.be.empty;
    });
  });

  describe('invalid timers', () => {
    it('should raise an incident on the catch event, naming it, when a FEEL timer is not a duration', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-invalid.bpmn', 'configurable-wait', { variables: { waitFor: 'soon' } });

      // when
      const view = await until(engine, id, (v) => v.incidents.length > 0);

      // then
      expect(view.status).to.equal('active');
      expect(view.incidents).to.have.length(1);
      expect(view.incidents[0].elementId).to.equal('wait');
      expect(view.incidents[0].message).to.include("'wait'").and.include('timeDuration').and.include('soon');
    });

    it('should say what a FEEL timer evaluated to when it is not text', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-invalid.bpmn', 'configurable-wait', { variables: { waitFor: 42 } });

      // when
      const view = await until(engine, id, (v) => v.incidents.length > 0);

      // then
      expect(view.incidents[0].elementId).to.equal('wait');
      expect(view.incidents[0].message).to.include("'wait'").and.include('number 42');
    });

    it('should start the timer once the variable is corrected and the incident resolved', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-invalid.bpmn', 'configurable-wait', { variables: { waitFor: 'soon' } });
      const [incident] = (await until(engine, id, (v) => v.incidents.length > 0)).incidents;
      clock.set('2026-05-01T10:30:00Z');

      // when
      await engine.setVariables(id, { waitFor: 'PT5M' });
      await engine.resolveIncident(id, incident.id);
      await until(engine, id, (v) => waitsAt('wait')(v) && v.incidents.length === 0);
      clock.set('2026-05-01T10:34:59Z');
      await settle();
      expect((await engine.getInstance(id)).status).to.equal('active');
      clock.set('2026-05-01T10:35:00Z');

      // then: five minutes from the resolution
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should raise an incident on the activity, naming the boundary timer, when its FEEL date evaluates to null', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'timers-invalid.bpmn', 'draft-deadline', { variables: { deadline: 'next week' } });

      // when
      const view = await until(engine, id, (v) => v.incidents.length > 0);

      // then
      expect(view.incidents[0].elementId).to.equal('draft');
      expect(view.incidents[0].message).to.include("'draftDeadline'").and.include('evaluated to null');
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });

    it('should refuse at deploy a diagram with invalid static timers, naming each one', async () => {
      // given
      const xml = fixture(here, 'timers-invalid-static.bpmn');

      // when
      const error = await engine.deploy({ name: 'timers-invalid-static.bpmn', xml }).catch((e: unknown) => e);

      // then
      expect(error).to.be.instanceOf(ValidationError);
      const problems = (error as ValidationError).problems;
      expect(problems.map((p) => p.elementId)).to.have.members(['soon', 'month13', 'unclosed', 'everyX']);
      expect(problems.find((p) => p.elementId === 'soon')!.message).to.include('soon');
      expect(problems.find((p) => p.elementId === 'everyX')!.message).to.include('R3/PTXH');
      expect(await engine.definitions()).to.be.empty;
    });
  });

  describe('wake-up', () => {
    /** A store whose job queries wait until the spec lets them go on. */
    class GatedStore extends MemoryStore {
      private gate?: Promise<void>;
      private open?: () => void;
      /** Resolves once a poll is held at the gate. */
      held!: Promise<void>;
      private reportHeld!: () => void;

      hold(): void {
        this.gate = new Promise((resolve) => (this.open = resolve));
        this.held = new Promise((resolve) => (this.reportHeld = resolve));
      }

      release(): void {
        this.open?.();
        this.gate = undefined;
      }

      override async acquireJobs(request: Parameters<MemoryStore['acquireJobs']>[0]) {
        if (this.gate) {
          this.reportHeld();
          await this.gate;
        }
        return super.acquireJobs(request);
      }
    }

    // A real clock, and regular polls a minute apart: only the wake-up for the timer can fire it in time.
    const openWithRealClock = async (jobStore: MemoryStore) => {
      await engine.close();
      engine = await Engine.open({ store: jobStore, jobs: { pollIntervalMs: 60_000 } });
      await engine.deploy({ name: 'timers-invalid.bpmn', xml: fixture(here, 'timers-invalid.bpmn') });
    };

    it('should fire a timer due before the next regular poll at its due time when it was set while a poll ran', async () => {
      // given: a poll is under way
      const gated = new GatedStore();
      gated.hold();
      await openWithRealClock(gated);
      await gated.held;

      // when: the timer is set, then the poll ends (having found nothing due)
      const { id } = await engine.start('configurable-wait', { variables: { waitFor: 'PT0.1S' } });
      gated.release();

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
    });

    it('should fire a timer due before the next regular poll at its due time when a poll ran before it came due', async () => {
      // given
      await openWithRealClock(new MemoryStore());

      // when: a poll is asked for at once (a handler registers), and the timer is set before that poll runs
      engine.handle('unrelated-work', () => ({}));
      const { id } = await engine.start('configurable-wait', { variables: { waitFor: 'PT0.1S' } });

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });
    });
  });
});
