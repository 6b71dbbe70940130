import { expect } from 'chai';
import { BpmnError, Engine, type Store, ValidationError, type Job } from '../../engine/index.js';
import {
  countOf as countActivations,
  deployAndStart,
  elementsWith,
  fixture,
  hasIncident,
  openEngine,
  openTasks,
  until,
  userTaskAt,
  waitsInUserTask,
} from '../helpers.js';

const here = import.meta.url;

describe('BPMN errors', () => {
  let store: Store;
  let engine: Engine;

  beforeEach(async () => {
    ({ store, engine } = await openEngine({ jobs: { retryBackoffMs: 0, pollIntervalMs: 10 } }));
  });

  afterEach(() => engine.close());

  describe('caught by an error boundary event on the enclosing sub-process', () => {
    it('should catch an error end event by the boundary event with its code and cancel everything inside the sub-process', async () => {
      // given
      engine.handle('charge', () => ({ outcome: 'declined' }));

      // when
      const { id } = await deployAndStart(engine, here, 'errors-boundary.bpmn', 'payment');
      const after = await until(engine, id, waitsInUserTask('askForOtherCard'));

      // then
      expect(after.status).to.equal('active');
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['askForOtherCard']);
      expect(await openTasks(engine, id)).to.deep.equal(['askForOtherCard']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['declinedEnd', 'watchPayment', 'paying']);
      expect(await elementsWith(engine, id, 'element.completed'))
        .to.include('onDeclined')
        .and.not.include.members(['paying', 'declinedEnd']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['onAnyError', 'investigate', 'confirmOrder']);
    });

    it('should prefer the boundary event with the thrown code over a catch-all placed before it', async () => {
      // given
      engine.handle('charge', () => ({ outcome: 'declined' }));
      const { id } = await deployAndStart(engine, here, 'errors-boundary.bpmn', 'payment');

      // when
      await until(engine, id, waitsInUserTask('askForOtherCard'));

      // then
      const activated = await elementsWith(engine, id, 'element.activated');
      expect(activated).to.include('onDeclined');
      expect(activated).not.to.include('onAnyError');
    });

    it('should catch an error with a code no boundary event names by the catch-all boundary event', async () => {
      // given
      engine.handle('charge', () => ({ outcome: 'fraud' }));

      // when
      const { id } = await deployAndStart(engine, here, 'errors-boundary.bpmn', 'payment');
      const after = await until(engine, id, waitsInUserTask('investigate'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['investigate']);
      expect(await openTasks(engine, id)).to.deep.equal(['investigate']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('onDeclined');
      expect(await elementsWith(engine, id, 'element.terminated')).to.include.members(['watchPayment', 'paying']);
    });

    it('should leave the sub-process by its sequence flow when no error is thrown', async () => {
      // given
      engine.handle('charge', () => ({ outcome: 'charged' }));
      const { id } = await deployAndStart(engine, here, 'errors-boundary.bpmn', 'payment');
      await until(engine, id, (v) => waitsInUserTask('watchPayment')(v) && v.variables.outcome === 'charged');

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'watchPayment')).id);
      const after = await until(engine, id, waitsInUserTask('confirmOrder'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['confirmOrder']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['onDeclined', 'onAnyError']);
    });
  });

  describe('thrown by a job handler', () => {
    it('should be caught by the error boundary event on the service task, with the error variables merged', async () => {
      // given
      const jobs: Job[] = [];
      engine.handle('reserve-stock', (job) => {
        jobs.push(job);
        throw new BpmnError('OUT_OF_STOCK', 'nothing left in the warehouse', { missing: 3 });
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-job.bpmn', 'reservation', { variables: { sku: 'A-1' } });
      const after = await until(engine, id, waitsInUserTask('backorder'));

      // then
      expect(after.variables).to.deep.equal({ sku: 'A-1', missing: 3 });
      expect(after.incidents).to.be.empty;
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['backorder']);
      expect((await userTaskAt(engine, id, 'backorder')).assignee).to.equal('buyer-3');
      expect(jobs).to.have.length(1);
      expect(await store.getJob(jobs[0].key)).to.be.undefined;
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['reserve']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('ship');
    });

    it('should become an incident on the service task when nothing catches its code, leaving the instance active', async () => {
      // given
      const jobs: Job[] = [];
      engine.handle('reserve-stock', (job) => {
        jobs.push(job);
        throw new BpmnError('PAYMENT_REQUIRED', 'pay first');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-job.bpmn', 'reservation');
      const after = await until(engine, id, hasIncident);

      // then
      expect(after.status).to.equal('active');
      expect(after.incidents).to.have.length(1);
      expect(after.incidents[0]).to.include({ elementId: 'reserve', kind: 'bpmnError' });
      expect(after.incidents[0].message).to.contain('PAYMENT_REQUIRED').and.contain('pay first');
      expect(after.activeElements.map((e) => [e.elementId, e.status, e.jobKey])).to.deep.equal([['reserve', 'incident', undefined]]);
      expect(await store.getJob(jobs[0].key)).to.be.undefined;
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['outOfStock', 'ship']);
    });

    it('should run the job again when its incident is resolved', async () => {
      // given
      let attempts = 0;
      engine.handle('reserve-stock', () => {
        attempts += 1;
        if (attempts === 1) throw new BpmnError('PAYMENT_REQUIRED', 'pay first');
        return { reserved: true };
      });
      const { id } = await deployAndStart(engine, here, 'errors-job.bpmn', 'reservation');
      const failed = await until(engine, id, hasIncident);

      // when
      await engine.resolveIncident(id, failed.incidents[0].id);
      const after = await until(engine, id, waitsInUserTask('ship'));

      // then
      expect(attempts).to.equal(2);
      expect(after.incidents).to.be.empty;
      expect(after.variables).to.deep.equal({ reserved: true });
    });
  });

  describe('caught by an error event sub-process', () => {
    it('should start the error event sub-process of the process, cancel every other token and complete the instance when it ends', async () => {
      // given
      const jobs: Job[] = [];
      engine.handle('book', (job) => {
        jobs.push(job);
        throw new BpmnError('BOOKING_FAILED', 'hotel full', { reason: 'overbooked' });
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-event-sub-process.bpmn', 'booking', { variables: { customer: 'ada' } });
      const inside = await until(engine, id, waitsInUserTask('apologise'));

      // then
      expect(inside.activeElements.map((e) => e.elementId)).to.have.members(['bookingFailure', 'apologise']);
      expect(await openTasks(engine, id)).to.deep.equal(['apologise']);
      expect((await userTaskAt(engine, id, 'apologise')).assignee).to.equal('ada');
      expect(inside.variables).to.deep.equal({ customer: 'ada', reason: 'overbooked' });
      expect(await store.getJob(jobs[0].key)).to.be.undefined;
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['book', 'trackBooking']);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'apologise')).id);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['apologised', 'bookingFailure']);
    });

    it('should catch an error in an embedded sub-process by its own error event sub-process, not the one of the process', async () => {
      // given
      engine.handle('book', () => {
        throw new BpmnError('BOOKING_FAILED', 'no flights');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-event-sub-process.bpmn', 'tripBooking', { variables: { customer: 'bo' } });
      const inside = await until(engine, id, waitsInUserTask('rebook'));

      // then
      expect(inside.activeElements.map((e) => e.elementId)).to.have.members(['trip', 'flightFailure', 'rebook']);
      expect(await openTasks(engine, id)).to.deep.equal(['rebook']);
      expect((await userTaskAt(engine, id, 'rebook')).assignee).to.equal('bo');
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['bookFlight', 'chooseSeat']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['tripFailure', 'cancelTrip']);
    });

    it('should complete the embedded sub-process when its error event sub-process ends, and go on after it', async () => {
      // given
      engine.handle('book', () => {
        throw new BpmnError('BOOKING_FAILED', 'no flights');
      });
      const { id } = await deployAndStart(engine, here, 'errors-event-sub-process.bpmn', 'tripBooking', { variables: { customer: 'bo' } });
      await until(engine, id, waitsInUserTask('rebook'));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'rebook')).id);
      const after = await until(engine, id, waitsInUserTask('pay'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['pay']);
      expect(after.variables).to.deep.equal({ customer: 'bo' });
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed).to.include.members(['rebooked', 'flightFailure', 'trip']);
      expect(completed.indexOf('trip')).to.be.greaterThan(completed.indexOf('flightFailure'));
    });
  });

  describe('propagated outwards', () => {
    it('should pass nested sub-processes without a matching catcher and be caught by the nearest one that matches', async () => {
      // given
      engine.handle('deep-work', () => {
        throw new BpmnError('DEEP_FAILURE', 'the deep work failed');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-propagation.bpmn', 'nested');
      const after = await until(engine, id, waitsInUserTask('recover'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['recover']);
      expect(await openTasks(engine, id)).to.deep.equal(['recover']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['deepWork', 'innerWait', 'inner', 'middle', 'outerWait', 'outer']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['middleCatch', 'lastResort', 'anyError']);
    });

    it('should be caught by the first matching level and leave the levels above it running', async () => {
      // given
      engine.handle('deep-work', () => {
        throw new BpmnError('OTHER', 'another failure');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-propagation.bpmn', 'nested');
      const after = await until(engine, id, waitsInUserTask('middleRecover'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['outer', 'outerWait', 'middleRecover']);
      expect(await openTasks(engine, id)).to.have.members(['outerWait', 'middleRecover']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['deepWork', 'innerWait', 'inner', 'middle']);
    });

    it('should reach the catch-all error event sub-process of the process when no boundary event matches', async () => {
      // given
      engine.handle('deep-work', () => {
        throw new BpmnError('UNKNOWN', 'nobody expected this');
      });
      const { id } = await deployAndStart(engine, here, 'errors-propagation.bpmn', 'nested');

      // when
      const after = await until(engine, id, waitsInUserTask('lastResortTask'));
      await engine.completeUserTask((await userTaskAt(engine, id, 'lastResortTask')).id);

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['lastResort', 'lastResortTask']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.include.members(['outer', 'outerWait', 'innerWait']);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
    });
  });

  describe('thrown inside an interrupting event sub-process', () => {
    it('should not be caught by an event sub-process of the scope that is already interrupted, but become an incident', async () => {
      // given
      let retries = 0;
      engine.handle('work', () => {
        throw new BpmnError('WORK_FAILED', 'first failure');
      });
      engine.handle('retry-work', () => {
        retries += 1;
        throw new BpmnError('RETRY_FAILED', 'second failure');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-in-event-sub-process.bpmn', 'failingHandler');
      const after = await until(engine, id, hasIncident);

      // then
      expect(retries).to.equal(1);
      expect(after.status).to.equal('active');
      expect(after.incidents.map((i) => [i.elementId, i.kind])).to.deep.equal([['retryWork', 'bpmnError']]);
      expect(after.activeElements.map((e) => [e.elementId, e.status])).to.have.deep.members([
        ['onFailure', 'waiting'],
        ['retryWork', 'incident'],
      ]);
      expect(countActivations(await elementsWith(engine, id, 'element.activated'), 'onFailure')).to.equal(1);
    });

    it('should pass the interrupted sub-process to the boundary event on it', async () => {
      // given
      engine.handle('work', () => {
        throw new BpmnError('WORK_FAILED', 'first failure');
      });
      engine.handle('retry-work', () => {
        throw new BpmnError('RETRY_FAILED', 'second failure');
      });

      // when
      const { id } = await deployAndStart(engine, here, 'errors-in-event-sub-process.bpmn', 'guardedHandler');
      const after = await until(engine, id, waitsInUserTask('giveUp'));

      // then
      expect(after.incidents).to.be.empty;
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['giveUp']);
      expect(countActivations(await elementsWith(engine, id, 'element.activated'), 'sectionFailure')).to.equal(1);
      expect(await elementsWith(engine, id, 'element.terminated')).to.include.members(['sectionRetry', 'sectionFailure', 'section']);
    });
  });

  describe('not caught', () => {
    it('should raise an incident on the error end event instead of ending silently, and keep the instance active', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'errors-uncaught.bpmn', 'uncaughtEnd');
      const after = await until(engine, id, hasIncident);

      // then
      expect(after.status).to.equal('active');
      expect(after.incidents).to.have.length(1);
      expect(after.incidents[0]).to.include({ elementId: 'failCheck', kind: 'bpmnError' });
      expect(after.incidents[0].message).to.contain('NOT_HANDLED');
      expect(after.activeElements.map((e) => [e.elementId, e.status])).to.have.deep.members([
        ['checks', 'waiting'],
        ['failCheck', 'incident'],
      ]);
      const types = (await engine.history(id)).map((e) => e.type);
      expect(types).not.to.include.members(['instance.completed']);
      expect(await elementsWith(engine, id, 'element.completed')).not.to.include.members(['failCheck', 'checks']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['somethingElse', 'afterChecks']);
    });
  });

  describe('at deploy', () => {
    it('should refuse error catch events that are not interrupting, naming each', async () => {
      // given
      const xml = fixture(here, 'errors-non-interrupting.bpmn');

      // when
      const error = await engine.deploy({ name: 'errors-non-interrupting.bpmn', xml }).then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(ValidationError);
      const problems = (error as ValidationError).problems;
      expect(problems.map((p) => p.elementId)).to.have.members(['softBoundary', 'softStart']);
      expect(problems.every((p) => /interrupting/.test(p.message))).to.equal(true);
    });
  });
});
