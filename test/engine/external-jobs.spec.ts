import { expect } from 'chai';
import { ConflictError, Engine, InvalidArgumentError, NotFoundError, type ActivatedJob, type ActivateJobsRequest } from '../../engine/index.js';
import { eventually, fixture, hasIncident, until } from '../helpers.js';

const T0 = 1_700_000_000_000;

describe('Engine: jobs for external workers', () => {
  let engine: Engine;
  const clock = {
    at: T0,
    now() {
      return this.at;
    },
  };

  const open = async (pollIntervalMs = 10) => {
    engine = await Engine.open({ clock, jobs: { pollIntervalMs } });
    await engine.deploy({ name: 'external-jobs.bpmn', xml: fixture(import.meta.url, 'external-jobs.bpmn') });
  };
  const activate = (worker: string, overrides: Partial<ActivateJobsRequest> = {}): Promise<ActivatedJob[]> =>
    engine.activateJobs({ type: 'charge-card', worker, maxJobs: 10, lockMs: 60_000, ...overrides });
  /** Long polls waiting now for charge-card jobs. */
  const waiting = async () => (await engine.taskTypes()).items.find((t) => t.type === 'charge-card')?.worker?.waiting;
  const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => expect.fail('expected a rejection'),
      (error) => error,
    );

  beforeEach(async () => {
    clock.at = T0;
    await open();
  });

  afterEach(async () => {
    await engine.close();
  });

  describe('activateJobs', () => {
    it('should lease an available job to the worker and describe it', async () => {
      // given
      const { id } = await engine.start('payment', { variables: { amount: 12, customer: 'c-1' } });

      // when
      const jobs = await activate('worker-a', { lockMs: 5_000 });

      // then
      expect(jobs).to.have.length(1);
      expect(jobs[0]).to.deep.include({
        type: 'charge-card',
        processId: 'payment',
        definitionKey: 'payment:1',
        instanceId: id,
        elementId: 'charge',
        retries: 2,
        headers: { currency: 'EUR' },
        variables: { amount: 12, customer: 'c-1' },
        deadline: T0 + 5_000,
      });
      expect(jobs[0]!.key).to.be.a('string');
      expect(await activate('worker-b')).to.deep.equal([]);
    });

    it('should hand out only the variables asked for with fetchVariables', async () => {
      // given
      await engine.start('payment', { variables: { amount: 12, customer: 'c-1' } });

      // when
      const [job] = await activate('worker-a', { fetchVariables: ['amount', 'missing'] });

      // then
      expect(job!.variables).to.deep.equal({ amount: 12 });
    });

    it('should hand out at most maxJobs jobs, oldest first', async () => {
      // given
      for (let n = 0; n < 3; n++) {
        await engine.start('payment', { variables: { n } });
        clock.at += 1;
      }

      // when
      const first = await activate('worker-a', { maxJobs: 2 });
      const rest = await activate('worker-b', { maxJobs: 2 });

      // then
      expect(first.map((j) => j.variables.n)).to.deep.equal([0, 1]);
      expect(rest.map((j) => j.variables.n)).to.deep.equal([2]);
    });

    it('should answer a long poll as soon as a step creates a job of its type', async () => {
      // given: the store is polled only once a minute, so only the commit can wake the poll
      await engine.close();
      await open(60_000);
      const startedAt = performance.now();
      const polling = activate('worker-a', { timeoutMs: 10_000 });

      // when
      const { id } = await engine.start('payment', { variables: { amount: 5 } });
      const jobs = await polling;

      // then
      expect(jobs.map((j) => j.instanceId)).to.deep.equal([id]);
      expect(performance.now() - startedAt).to.be.below(2_000);
    });

    it('should answer a long poll with no jobs when its time is up', async () => {
      // when
      const jobs = await activate('worker-a', { timeoutMs: 30 });

      // then
      expect(jobs).to.deep.equal([]);
    });

    it('should give a job whose lease expired to a worker that polls for it', async () => {
      // given
      const { id } = await engine.start('payment');
      const [first] = await activate('worker-a', { lockMs: 1_000 });
      const polling = activate('worker-b', { timeoutMs: 5_000 });

      // when
      clock.at += 1_000;
      const [again] = await polling;

      // then
      expect(again).to.deep.include({ key: first!.key, instanceId: id, deadline: T0 + 1_000 + 60_000 });
      expect(await rejection(engine.completeJob(first!.key, {}, { worker: 'worker-a' }))).to.be.instanceOf(ConflictError);
    });

    it('should stop waiting when the caller aborts, and lease nothing to it afterwards', async () => {
      // given
      const controller = new AbortController();
      const polling = activate('gone', { timeoutMs: 10_000, signal: controller.signal });
      await eventually(async () => (await waiting()) === 1);

      // when
      controller.abort();
      const jobs = await polling;
      await engine.start('payment');

      // then
      expect(jobs).to.deep.equal([]);
      expect(await waiting()).to.equal(0);
      expect(await activate('worker-b')).to.have.length(1);
    });

    it('should end waiting long polls with no jobs when the engine closes', async () => {
      // given
      const polling = activate('worker-a', { timeoutMs: 10_000 });
      await eventually(async () => (await waiting()) === 1);

      // when
      await engine.close();

      // then
      expect(await polling).to.deep.equal([]);
    });

    it("should refuse the engine's own job types and bad requests", async () => {
      // when
      const errors = await Promise.all([
        rejection(activate('worker-a', { type: 'baton:timer' })),
        rejection(activate('worker-a', { type: '' })),
        rejection(activate('', {})),
        rejection(activate('worker-a', { maxJobs: 0 })),
        rejection(activate('worker-a', { maxJobs: 101 })),
        rejection(activate('worker-a', { lockMs: 0 })),
        rejection(activate('worker-a', { timeoutMs: -1 })),
        rejection(activate('worker-a', { fetchVariables: 'amount' as unknown as string[] })),
      ]);

      // then
      for (const error of errors) expect(error).to.be.instanceOf(InvalidArgumentError);
    });
  });

  describe('completeJob', () => {
    it('should complete the task with the variables and move the instance on', async () => {
      // given
      const { id } = await engine.start('payment', { variables: { amount: 12 } });
      const [job] = await activate('worker-a');

      // when
      await engine.completeJob(job!.key, { receipt: 'R-12' }, { worker: 'worker-a' });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ amount: 12, receipt: 'R-12' });
    });

    it('should refuse another worker than the holder, and a job that is gone', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate('worker-a');

      // when
      const byOther = await rejection(engine.completeJob(job!.key, {}, { worker: 'worker-b' }));
      await engine.completeJob(job!.key, {});
      const twice = await rejection(engine.completeJob(job!.key, {}));
      const unknown = await rejection(engine.completeJob('no-such-job', {}));

      // then
      expect(byOther).to.be.instanceOf(ConflictError);
      expect(twice).to.be.instanceOf(NotFoundError);
      expect(unknown).to.be.instanceOf(NotFoundError);
    });
  });

  describe('failJob', () => {
    it('should make the job available again after the back-off while retries are left', async () => {
      // given
      const { id } = await engine.start('payment');
      const [job] = await activate('worker-a');

      // when
      await engine.failJob(job!.key, { retries: 1, backoffMs: 5_000, errorMessage: 'gateway timeout', worker: 'worker-a' });

      // then
      expect(await activate('worker-b')).to.deep.equal([]);
      clock.at += 5_000;
      const [again] = await activate('worker-b');
      expect(again).to.include({ key: job!.key, retries: 1 });
      expect((await engine.getInstance(id)).incidents).to.deep.equal([]);
    });

    it('should raise an incident when no retries are left, and create the job again once it is resolved', async () => {
      // given
      const { id } = await engine.start('payment');
      const [job] = await activate('worker-a');

      // when
      await engine.failJob(job!.key, { retries: 0, errorMessage: 'card expired' });

      // then
      const view = await until(engine, id, hasIncident);
      expect(view.incidents[0]).to.include({ elementId: 'charge', jobKey: job!.key });
      expect(view.incidents[0]!.message).to.include('card expired');
      expect(await activate('worker-b')).to.deep.equal([]);
      await engine.resolveIncident(id, view.incidents[0]!.id, { retries: 3 });
      expect((await activate('worker-b')).map((j) => j.retries)).to.deep.equal([3]);
    });

    it('should refuse bad retries, a job that is not activated, and another worker than the holder', async () => {
      // given
      await engine.start('payment');
      await engine.start('payment');
      const [held] = await activate('worker-a', { maxJobs: 1 });
      const free = (await engine.queryInstances({ processId: 'payment' })).items
        .flatMap((i) => i.activeElements)
        .find((e) => e.jobKey && e.jobKey !== held!.key)!.jobKey!;

      // when
      const badRetries = await rejection(engine.failJob(held!.key, { retries: -1 }));
      const notActivated = await rejection(engine.failJob(free, { retries: 1 }));
      const byOther = await rejection(engine.failJob(held!.key, { retries: 1, worker: 'worker-b' }));

      // then
      expect(badRetries).to.be.instanceOf(InvalidArgumentError);
      expect(notActivated).to.be.instanceOf(ConflictError);
      expect(byOther).to.be.instanceOf(ConflictError);
    });
  });

  describe('throwJobError', () => {
    it('should raise the BPMN error at the task, where an error boundary event catches it', async () => {
      // given
      const { id } = await engine.start('payment');
      const [job] = await activate('worker-a');

      // when
      await engine.throwJobError(job!.key, { errorCode: 'CARD_DECLINED', message: 'insufficient funds', variables: { reason: 'funds' } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ reason: 'funds' });
      expect((await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId)).to.include('refused');
    });

    it('should refuse an error without a code', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate('worker-a');

      // then
      expect(await rejection(engine.throwJobError(job!.key, { errorCode: '' }))).to.be.instanceOf(InvalidArgumentError);
    });
  });

  describe('telemetry', () => {
    it('should report the jobs external workers activate, complete and fail, for metrics', async () => {
      // given
      const events: unknown[] = [];
      engine.telemetry.on((event) => {
        if (event.type.startsWith('job.')) events.push(event);
      });
      await engine.start('payment');
      await engine.start('payment');
      const [first, second] = await activate('worker-a');

      // when
      await engine.completeJob(first!.key, {});
      await engine.failJob(second!.key, { retries: 0 });

      // then
      expect(events).to.deep.equal([
        { type: 'job.activated', jobType: 'charge-card', worker: 'worker-a' },
        { type: 'job.activated', jobType: 'charge-card', worker: 'worker-a' },
        { type: 'job.completed', jobType: 'charge-card' },
        { type: 'job.failed', jobType: 'charge-card', retriesLeft: 0 },
      ]);
    });
  });

  describe('extendJobLock', () => {
    it('should keep the job from other workers until the new deadline', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate('worker-a', { lockMs: 1_000 });
      clock.at += 500;

      // when
      const extended = await engine.extendJobLock(job!.key, 'worker-a', 10_000);

      // then
      expect(extended).to.deep.equal({ key: job!.key, deadline: T0 + 500 + 10_000 });
      clock.at = T0 + 10_499;
      expect(await activate('worker-b')).to.deep.equal([]);
      clock.at = T0 + 10_500;
      expect(await activate('worker-b')).to.have.length(1);
    });

    it('should refuse another worker than the holder, and an unknown job', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate('worker-a');

      // then
      expect(await rejection(engine.extendJobLock(job!.key, 'worker-b', 1_000))).to.be.instanceOf(ConflictError);
      expect(await rejection(engine.extendJobLock('no-such-job', 'worker-a', 1_000))).to.be.instanceOf(NotFoundError);
      expect(await rejection(engine.extendJobLock(job!.key, 'worker-a', 0))).to.be.instanceOf(InvalidArgumentError);
    });
  });
});
