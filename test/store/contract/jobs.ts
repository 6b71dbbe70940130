import { expect } from 'chai';
import type { JobRecord, Effects } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, anInstance, aJob, keys, effects } from './factories.js';

export function jobsContract(ctx: ContractContext): void {
  describe('jobs', () => {
    let store: Store;
    /** Commits a new instance with its jobs, tasks and events. */
    const start = (state: InstanceState, withEffects: Partial<Effects> = {}) => store.commit(state, effects(withEffects));

    beforeEach(() => {
      store = ctx.store;
    });

    /** Commits one instance that creates the given jobs. */
    async function withJobs(...jobs: JobRecord[]): Promise<void> {
      await start(anInstance(), { createJobs: jobs });
    }

    const acquire = (owner: string, overrides: { types?: string[]; now?: number; max?: number; lockMs?: number } = {}) =>
      store.acquireJobs({ types: ['charge-card'], owner, lockMs: 30_000, now: NOW, max: 10, ...overrides });

    it('should return a stored job by key, and undefined for an unknown key', async () => {
      // given
      const job = aJob();
      await withJobs(job);

      // then
      expect(await store.getJob(job.key)).to.deep.equal(job);
      expect(await store.getJob('unknown')).to.be.undefined;
    });

    it('should keep the payload of an internal job', async () => {
      // given
      const job = aJob({ key: 'timer', type: 'baton:timer', payload: { timer: { cycle: 'R3/PT10M' }, repetitions: 2 } });

      // when
      await withJobs(job);

      // then
      expect(await store.getJob('timer')).to.deep.equal(job);
      expect((await acquire('worker-a', { types: ['baton:timer'] }))[0]?.payload).to.deep.equal(job.payload);
    });

    it('should lease due jobs to the owner until now + lockMs', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }));

      // when
      const acquired = await acquire('worker-a', { lockMs: 10_000 });

      // then
      expect(acquired).to.have.length(1);
      expect(acquired[0]).to.deep.equal({ ...aJob({ key: 'j1' }), lockOwner: 'worker-a', lockExpiresAt: NOW + 10_000 });
      const stored = await store.getJob('j1');
      expect(stored?.lockOwner).to.equal('worker-a');
      expect(stored?.lockExpiresAt).to.equal(NOW + 10_000);
    });

    it('should lease only jobs of the requested types', async () => {
      // given
      await withJobs(aJob({ key: 'card', type: 'charge-card' }), aJob({ key: 'mail', type: 'send-mail' }), aJob({ key: 'ship', type: 'ship' }));

      // when
      const acquired = await acquire('worker-a', { types: ['send-mail', 'ship'] });

      // then
      expect(keys(acquired).sort()).to.deep.equal(['mail', 'ship']);
      expect((await store.getJob('card'))?.lockOwner).to.be.undefined;
    });

    it('should lease nothing when no types are requested', async () => {
      // given
      await withJobs(aJob());

      // then
      expect(await acquire('worker-a', { types: [] })).to.deep.equal([]);
    });

    it('should NOT lease a job before its due time', async () => {
      // given
      await withJobs(aJob({ key: 'now', dueAt: NOW }), aJob({ key: 'later', dueAt: NOW + 1 }));

      // when
      const acquired = await acquire('worker-a');

      // then
      expect(keys(acquired)).to.deep.equal(['now']);
      expect(keys(await acquire('worker-b', { now: NOW + 1 }))).to.deep.equal(['later']);
    });

    it('should NOT lease a job whose lease is still held', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }));
      await acquire('worker-a', { lockMs: 1000 });

      // when
      const acquired = await acquire('worker-b', { now: NOW + 999 });

      // then
      expect(acquired).to.deep.equal([]);
      expect((await store.getJob('j1'))?.lockOwner).to.equal('worker-a');
    });

    it('should lease a job whose lease has expired to a new owner', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }));
      await acquire('worker-a', { lockMs: 1000 });

      // when
      const acquired = await acquire('worker-b', { now: NOW + 1000, lockMs: 5000 });

      // then
      expect(keys(acquired)).to.deep.equal(['j1']);
      expect(acquired[0]!.lockOwner).to.equal('worker-b');
      expect(acquired[0]!.lockExpiresAt).to.equal(NOW + 6000);
      expect((await store.getJob('j1'))?.lockOwner).to.equal('worker-b');
    });

    it('should lease at most max jobs, oldest due first', async () => {
      // given
      await withJobs(
        aJob({ key: 'c', dueAt: NOW - 10 }),
        aJob({ key: 'a', dueAt: NOW - 30 }),
        aJob({ key: 'd', dueAt: NOW }),
        aJob({ key: 'b', dueAt: NOW - 20 }),
      );

      // when
      const first = await acquire('worker-a', { max: 2 });
      const rest = await acquire('worker-b', { max: 10 });

      // then
      expect(keys(first)).to.deep.equal(['a', 'b']);
      expect(keys(rest)).to.deep.equal(['c', 'd']);
    });

    it('should never give the same job to two acquirers', async () => {
      // given
      const jobs = Array.from({ length: 20 }, (_, n) => aJob({ key: `j${String(n).padStart(2, '0')}`, dueAt: NOW - n }));
      await withJobs(...jobs);

      // when
      const [a, b, c] = await Promise.all([acquire('worker-a', { max: 8 }), acquire('worker-b', { max: 8 }), acquire('worker-c', { max: 8 })]);

      // then
      const all = [...keys(a!), ...keys(b!), ...keys(c!)];
      expect(new Set(all).size).to.equal(all.length);
      expect(all.sort()).to.deep.equal(keys(jobs).sort());
      for (const job of a!) expect((await store.getJob(job.key))?.lockOwner).to.equal('worker-a');
    });

    it('should release the lease and delay the job when it fails', async () => {
      // given
      await withJobs(aJob({ key: 'j1', retries: 3 }));
      await acquire('worker-a');

      // when
      const applied = await store.failJob('j1', 'worker-a', { retries: 2, dueAt: NOW + 5000, errorMessage: 'card declined' });

      // then
      expect(applied).to.equal(true);
      const stored = await store.getJob('j1');
      expect(stored?.retries).to.equal(2);
      expect(stored?.dueAt).to.equal(NOW + 5000);
      expect(stored?.errorMessage).to.equal('card declined');
      expect(stored?.lockOwner).to.be.undefined;
      expect(stored?.lockExpiresAt).to.be.undefined;
      expect(await acquire('worker-b', { now: NOW + 4999 })).to.deep.equal([]);
      const retried = await acquire('worker-b', { now: NOW + 5000 });
      expect(keys(retried)).to.deep.equal(['j1']);
      expect(retried[0]).to.include({ retries: 2, errorMessage: 'card declined', lockOwner: 'worker-b' });
    });

    it('should delete a job only for the worker that holds it', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }));
      await acquire('worker-a');

      // when
      const byOther = await store.deleteJob('j1', 'worker-b');
      const byHolder = await store.deleteJob('j1', 'worker-a');

      // then
      expect(byOther).to.equal(false);
      expect(byHolder).to.equal(true);
      expect(await store.getJob('j1')).to.be.undefined;
      expect(await store.deleteJob('j1', 'worker-a')).to.equal(false);
    });

    it('should ignore a failure of a job that does not exist', async () => {
      // when
      const applied = await store.failJob('unknown', 'worker-a', { retries: 1, dueAt: NOW, errorMessage: 'x' });

      // then
      expect(applied).to.equal(false);
      expect(await store.getJob('unknown')).to.be.undefined;
    });

    it('should NOT apply a failure from a worker whose lease expired and was taken over', async () => {
      // given
      await withJobs(aJob({ key: 'j1', retries: 3 }));
      await acquire('worker-a');
      await acquire('worker-b', { now: NOW + 60 * 60_000 });

      // when
      const applied = await store.failJob('j1', 'worker-a', { retries: 2, dueAt: NOW + 5000, errorMessage: 'late' });

      // then
      expect(applied).to.equal(false);
      expect(await store.getJob('j1')).to.include({ retries: 3, lockOwner: 'worker-b' });
    });

    it('should extend the lease of the worker that holds the job', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }));
      await acquire('worker-a', { lockMs: 1000 });

      // when
      const extended = await store.extendJobLease('j1', 'worker-a', NOW + 60_000);

      // then
      expect(extended).to.equal(true);
      expect(await store.getJob('j1')).to.include({ lockOwner: 'worker-a', lockExpiresAt: NOW + 60_000 });
      expect(await acquire('worker-b', { now: NOW + 59_999 })).to.deep.equal([]);
      expect(keys(await acquire('worker-b', { now: NOW + 60_000 }))).to.deep.equal(['j1']);
    });

    it('should release a job its holder reschedules, due again at the time given, with its retries and no failure recorded', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }), aJob({ key: 'j2' }));
      await acquire('worker-a', { lockMs: 60_000 });

      // when
      const rescheduled = await store.rescheduleJob('j1', 'worker-a', NOW + 5_000);
      const byOther = await store.rescheduleJob('j2', 'worker-b', NOW + 5_000);

      // then
      expect([rescheduled, byOther]).to.deep.equal([true, false]);
      const job = await store.getJob('j1');
      expect(job).to.include({ dueAt: NOW + 5_000, retries: aJob().retries });
      expect(job?.lockOwner).to.equal(undefined);
      expect(job?.errorMessage).to.equal(undefined);
      expect(keys(await acquire('worker-b', { now: NOW + 4_999 }))).to.deep.equal([]);
      expect(keys(await acquire('worker-b', { now: NOW + 5_000 }))).to.deep.equal(['j1']);
    });

    it('should NOT extend a lease for another worker, a free job or an unknown job', async () => {
      // given
      await withJobs(aJob({ key: 'held' }), aJob({ key: 'free', type: 'send-mail' }));
      await acquire('worker-a', { lockMs: 1000 });

      // when
      const byOther = await store.extendJobLease('held', 'worker-b', NOW + 60_000);
      const free = await store.extendJobLease('free', 'worker-a', NOW + 60_000);
      const unknown = await store.extendJobLease('unknown', 'worker-a', NOW + 60_000);

      // then
      expect([byOther, free, unknown]).to.deep.equal([false, false, false]);
      expect(await store.getJob('held')).to.include({ lockOwner: 'worker-a', lockExpiresAt: NOW + 1000 });
      expect((await store.getJob('free'))?.lockExpiresAt).to.be.undefined;
    });

    it('should NOT extend the lease of a worker whose lease expired and was taken over', async () => {
      // given
      await withJobs(aJob({ key: 'j1' }));
      await acquire('worker-a', { lockMs: 1000 });
      await acquire('worker-b', { now: NOW + 1000, lockMs: 1000 });

      // when
      const extended = await store.extendJobLease('j1', 'worker-a', NOW + 60_000);

      // then
      expect(extended).to.equal(false);
      expect(await store.getJob('j1')).to.include({ lockOwner: 'worker-b', lockExpiresAt: NOW + 2000 });
    });

    it('should report the earliest due time of the given types as the next wake-up', async () => {
      // given
      await withJobs(
        aJob({ key: 'card-late', type: 'charge-card', dueAt: NOW + 500 }),
        aJob({ key: 'card-soon', type: 'charge-card', dueAt: NOW + 200 }),
        aJob({ key: 'mail', type: 'send-mail', dueAt: NOW + 100 }),
      );

      // then
      expect(await store.nextJobDueAt(['charge-card'], NOW)).to.equal(NOW + 200);
      expect(await store.nextJobDueAt(['charge-card', 'send-mail'], NOW)).to.equal(NOW + 100);
    });

    it('should report a job that is already due with its past due time', async () => {
      // given
      await withJobs(aJob({ dueAt: NOW - 1000 }));

      // then
      expect(await store.nextJobDueAt(['charge-card'], NOW)).to.equal(NOW - 1000);
    });

    it('should report no wake-up when there is no job of the given types', async () => {
      // given
      await withJobs(aJob({ type: 'send-mail' }));

      // then
      expect(await store.nextJobDueAt(['charge-card'], NOW)).to.be.undefined;
      expect(await store.nextJobDueAt([], NOW)).to.be.undefined;
    });

    it('should report a leased job only from the moment its lease expires', async () => {
      // given: the held job is due now, the free one later than the lease runs out
      await withJobs(aJob({ key: 'held', dueAt: NOW }), aJob({ key: 'free', dueAt: NOW + 60_000 }));
      await acquire('worker-a', { max: 1, lockMs: 30_000 });

      // then
      expect(await store.nextJobDueAt(['charge-card'], NOW)).to.equal(NOW + 30_000);
      // once the lease has expired the job is simply due
      expect(await store.nextJobDueAt(['charge-card'], NOW + 30_000)).to.equal(NOW);
    });
  });
}
