import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Engine,
  InvalidArgumentError,
  MemoryStore,
  NotFoundError,
  ValidationError,
  type RetentionOptions,
  type Store,
  type TelemetryEvent,
} from '../../engine/index.js';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { fixture, jobsLeft, TestClock, until } from '../helpers.js';
import { orphanCandidates, rowsOf } from '../store/sqlite-rows-of.js';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/** Resolves with the instance counts of the retention runs from now until one deletes less than a batch. */
function retentionRuns(engine: Engine, batchSize: number, timeoutMs = 5_000): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const counts: number[] = [];
    const timer = setTimeout(() => {
      engine.telemetry.off(listener);
      reject(new Error(`no retention run deleted less than ${batchSize} within ${timeoutMs} ms (runs: ${counts.join(', ')})`));
    }, timeoutMs);
    const listener = (event: TelemetryEvent) => {
      if (event.type !== 'retention.purged') return;
      counts.push(event.instances);
      if (event.instances >= batchSize) return;
      clearTimeout(timer);
      engine.telemetry.off(listener);
      resolve(counts);
    };
    engine.telemetry.on(listener);
  });
}

interface Kind {
  open(): Promise<{ store: Store; file?: string }>;
}

const KINDS: Record<string, Kind> = {
  memory: { open: async () => ({ store: new MemoryStore() }) },
  sqlite: {
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'baton-retention-'));
      dirs.push(dir);
      const file = join(dir, 'baton.db');
      return { store: SqliteStore.open(file), file };
    },
  },
};
const dirs: string[] = [];

for (const [kind, { open }] of Object.entries(KINDS)) {
  describe(`Retention of ended instances (${kind} store)`, () => {
    let engine: Engine;
    let store: Store;
    let file: string | undefined;
    let clock: TestClock;
    let batchSize: number;

    /** An engine whose opening retention run is over; the retention job is due again an hour later. */
    async function openEngine(retention: Partial<RetentionOptions> = {}): Promise<void> {
      ({ store, file } = await open());
      clock = new TestClock('2025-01-01T00:00:00Z');
      batchSize = retention.batchSize ?? 500;
      engine = await Engine.open({ store, clock, retention: { intervalMs: HOUR, ...retention }, jobs: { pollIntervalMs: 10 } });
      await retentionRuns(engine, batchSize);
      await engine.deploy({ name: 'retention.bpmn', xml: fixture(import.meta.url, 'retention.bpmn') });
      await engine.deploy({ name: 'retention-per-process.bpmn', xml: fixture(import.meta.url, 'retention-per-process.bpmn') });
    }

    /** Moves the clock on and waits for the retention runs it sets off. */
    async function afterDays(days: number): Promise<number[]> {
      const runs = retentionRuns(engine, batchSize);
      clock.advance(days * DAY);
      return runs;
    }

    const exists = (id: string) =>
      engine.getInstance(id).then(
        () => true,
        (error: unknown) => (error instanceof NotFoundError ? false : Promise.reject(error)),
      );

    afterEach(async () => {
      await engine?.close();
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it('should delete instances ended more than 30 days ago with their history, and leave running ones, their tasks and jobs untouched', async () => {
      // given: one completed and one cancelled instance; one running at a user task and one at a job
      await openEngine();
      const completed = await engine.start('quick');
      const cancelled = await engine.start('order');
      await engine.cancel(cancelled.id);
      const atTask = await engine.start('order');
      const atJob = await engine.start('order');
      const [task] = await engine.userTasks({ instanceId: atJob.id });
      await engine.completeUserTask(task.id);

      // when: 29 days on, then 2 more
      const early = await afterDays(29);
      const keptEarly = [await exists(completed.id), await exists(cancelled.id)];
      const late = await afterDays(2);

      // then
      expect(early).to.deep.equal([0]);
      expect(keptEarly).to.deep.equal([true, true]);
      expect(late).to.deep.equal([2]);
      for (const id of [completed.id, cancelled.id]) {
        expect(await exists(id)).to.equal(false);
        expect(await engine.history(id)).to.deep.equal([]);
        if (file) {
          expect(rowsOf(file, id)).to.deep.equal({
            instances: 0,
            history_steps: 0,
            jobs: 0,
            user_tasks: 0,
            user_task_candidates: 0,
            subscriptions: 0,
            search_attributes: 0,
          });
        }
      }
      expect((await engine.getInstance(atTask.id)).status).to.equal('active');
      expect((await engine.history(atTask.id)).length).to.be.greaterThan(0);
      expect(await engine.userTasks({ instanceId: atTask.id })).to.have.length(1);
      expect((await engine.getInstance(atJob.id)).activeElements.map((e) => e.elementId)).to.deep.equal(['charge']);
      if (file) {
        expect(rowsOf(file, atTask.id)).to.include({ instances: 1, user_tasks: 1, user_task_candidates: 1 });
        expect(rowsOf(file, atJob.id)).to.include({ instances: 1, jobs: 1 });
        expect(orphanCandidates(file)).to.equal(0);
      }
      expect(await jobsLeft(store, 'charge')).to.equal(1);
    });

    it("should keep a process's instances for its own baton:retentionDays, 0 keeping them for ever", async () => {
      // given
      await openEngine();
      const short = await engine.start('short');
      const standard = await engine.start('quick');
      const kept = await engine.start('keep');

      // when
      await afterDays(8);
      const afterAWeek = [await exists(short.id), await exists(standard.id), await exists(kept.id)];
      await afterDays(23);
      const afterAMonth = [await exists(standard.id), await exists(kept.id)];
      await afterDays(3650);

      // then
      expect(afterAWeek).to.deep.equal([false, true, true]);
      expect(afterAMonth).to.deep.equal([false, true]);
      expect(await exists(kept.id)).to.equal(true);
    });

    it('should delete a backlog larger than a batch in several runs', async () => {
      // given
      await openEngine({ batchSize: 2 });
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) ids.push((await engine.start('quick')).id);

      // when
      const runs = await afterDays(31);

      // then
      expect(runs).to.deep.equal([2, 2, 1]);
      for (const id of ids) expect(await exists(id)).to.equal(false);
    });

    it('should delete an ended child past retention while its parent still runs, and keep the parent', async () => {
      // given: the parent waits at a user task after its called child completed
      await openEngine();
      const parent = await engine.start('parent');
      await until(engine, parent.id, (view) => view.activeElements.some((e) => e.elementId === 'wait'));
      const [child] = (await engine.queryInstances({ processId: 'quick' })).items;

      // when
      await afterDays(31);

      // then
      expect(child.status).to.equal('completed');
      expect(await exists(child.id)).to.equal(false);
      expect((await engine.getInstance(parent.id)).status).to.equal('active');
      expect(await engine.userTasks({ instanceId: parent.id })).to.have.length(1);
    });

    it('should keep every ended instance with days 0', async () => {
      // given
      await openEngine({ days: 0 });
      const quick = await engine.start('quick');

      // when
      const runs = await afterDays(3650);

      // then
      expect(runs).to.deep.equal([0]);
      expect(await exists(quick.id)).to.equal(true);
    });

    it('should run one retention job for several engines on one store', async () => {
      // given: a second engine opened on the same store
      await openEngine();
      const second = await Engine.open({ store: file ? SqliteStore.open(file) : store, clock, retention: { intervalMs: HOUR }, jobs: { pollIntervalMs: 10 } });
      try {
        // then
        expect(await jobsLeft(store, 'baton:retention')).to.equal(1);
      } finally {
        await second.close();
      }
    });
  });
}

describe('Retention options and baton:retentionDays', () => {
  it('should refuse retention options that are not numbers in range', async () => {
    const refused: Array<Partial<RetentionOptions>> = [
      { days: -1 },
      { days: Number.NaN },
      { days: '7' as unknown as number },
      { batchSize: 0 },
      { batchSize: 1.5 },
      { batchSize: 10_001 },
      { intervalMs: 0 },
      { intervalMs: Number.POSITIVE_INFINITY },
    ];
    for (const retention of refused) {
      // when
      const error = await Engine.open({ retention }).then(
        (engine) => engine.close().then(() => undefined),
        (e: unknown) => e,
      );

      // then
      expect(error, JSON.stringify(retention)).to.be.instanceOf(InvalidArgumentError);
    }
  });

  it('should refuse at deploy a baton:retentionDays that is not a whole number of days, and process ids starting with baton:', async () => {
    // given
    const engine = await Engine.open();
    try {
      // when
      const error = await engine.deploy({ name: 'retention-bad.bpmn', xml: fixture(import.meta.url, 'retention-bad.bpmn') }).catch((e: unknown) => e);

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).problems).to.deep.equal([
        {
          processId: 'fractional',
          elementId: 'fractional',
          message: "baton:retentionDays of process 'fractional' must be a whole number of days (0 keeps its instances for ever), not '7.5'",
        },
        {
          processId: 'negative',
          elementId: 'negative',
          message: "baton:retentionDays of process 'negative' must be a whole number of days (0 keeps its instances for ever), not '-1'",
        },
        {
          processId: 'baton:retention',
          elementId: 'baton:retention',
          message: "process ids starting with 'baton:' are the engine's own: rename 'baton:retention'",
        },
      ]);
    } finally {
      await engine.close();
    }
  });
});
