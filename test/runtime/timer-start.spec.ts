import { expect } from 'chai';
import { Engine, type Store, ValidationError } from '../../engine/index.js';
import { fixture, openEngine } from '../helpers.js';
import { instancesOf, POLL_MS, settle, TestClock, timersLeft, untilInstances } from './timer-clock.js';

const here = import.meta.url;

describe('timer start events', () => {
  let clock: TestClock;
  let store: Store;
  let engine: Engine;

  beforeEach(async () => {
    clock = new TestClock();
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: POLL_MS, retryBackoffMs: 0 } }));
  });

  afterEach(() => engine.close());

  const deploy = (file: string) => engine.deploy({ name: file, xml: fixture(here, file) });

  /** Moves the clock and checks the number of instances once they had time to start. */
  async function expectInstancesAt(processId: string, at: string, expected: number): Promise<void> {
    clock.set(at);
    if (expected > 0) await untilInstances(engine, processId, expected);
    await settle();
    expect(await instancesOf(engine, processId), `instances of '${processId}' at ${at}`).to.have.length(expected);
  }

  describe('timeDate', () => {
    for (const [processId, startEventId, what] of [
      ['launch-report', 'atNoon', 'an ISO date-time'],
      ['launch-report-feel', 'atNoonBerlin', 'a FEEL date and time in a zone'],
    ]) {
      it(`should start one instance at ${what}, and no more after it`, async () => {
        // given
        await deploy('timer-start.bpmn');
        await settle();
        expect(await instancesOf(engine, processId)).to.be.empty;

        // when / then
        await expectInstancesAt(processId, '2026-05-01T11:59:59Z', 0);
        await expectInstancesAt(processId, '2026-05-01T12:00:00Z', 1);
        await expectInstancesAt(processId, '2026-05-02T12:00:00Z', 1);
        const [instance] = await instancesOf(engine, processId);
        expect(instance.startedAt).to.equal('2026-05-01T12:00:00.000Z');
        expect(instance.version).to.equal(1);
        const history = await engine.history(instance.id);
        expect(history.filter((e) => e.type === 'element.completed').map((e) => e.elementId)).to.deep.equal([startEventId]);
      });
    }
  });

  describe('timeCycle', () => {
    it('should start one instance per cycle of R3/PT1H, then stop', async () => {
      // given
      await deploy('timer-start.bpmn');

      // when / then
      await expectInstancesAt('hourly-sync', '2026-05-01T10:59:59Z', 0);
      await expectInstancesAt('hourly-sync', '2026-05-01T11:00:00Z', 1);
      await expectInstancesAt('hourly-sync', '2026-05-01T12:00:00Z', 2);
      await expectInstancesAt('hourly-sync', '2026-05-01T13:00:00Z', 3);
      await expectInstancesAt('hourly-sync', '2026-05-01T23:00:00Z', 3);
      const instances = await instancesOf(engine, 'hourly-sync');
      expect(instances.map((i) => i.status)).to.deep.equal(['completed', 'completed', 'completed']);
      expect(instances.map((i) => i.startedAt)).to.deep.equal(['2026-05-01T11:00:00.000Z', '2026-05-01T12:00:00.000Z', '2026-05-01T13:00:00.000Z']);
    });

    it('should start every cycle that came due while the clock jumped, one instance each', async () => {
      // given
      await deploy('timer-start.bpmn');

      // when / then
      await expectInstancesAt('hourly-sync', '2026-05-01T15:00:00Z', 3);
    });

    it('should start instances on a cycle given as a FEEL expression', async () => {
      // given
      await deploy('timer-start.bpmn');

      // when / then: R2/PT30M
      await expectInstancesAt('half-hourly-sync-feel', '2026-05-01T10:30:00Z', 1);
      await expectInstancesAt('half-hourly-sync-feel', '2026-05-01T11:00:00Z', 2);
      await expectInstancesAt('half-hourly-sync-feel', '2026-05-01T20:00:00Z', 2);
    });

    it('should start instances on a cycle with a start time', async () => {
      // given
      await deploy('timer-start.bpmn');

      // when / then: R2/2026-05-01T11:30:00Z/PT1H
      await expectInstancesAt('sync-from-start', '2026-05-01T11:29:59Z', 0);
      await expectInstancesAt('sync-from-start', '2026-05-01T11:30:00Z', 1);
      await expectInstancesAt('sync-from-start', '2026-05-01T12:30:00Z', 2);
      await expectInstancesAt('sync-from-start', '2026-05-01T20:00:00Z', 2);
    });

    it('should start instances on a cron schedule, one for runs missed while the clock jumped', async () => {
      // given
      await deploy('timer-start.bpmn');

      // when / then: on the hour
      await expectInstancesAt('cron-sync', '2026-05-01T10:59:59Z', 0);
      await expectInstancesAt('cron-sync', '2026-05-01T11:00:00Z', 1);
      await expectInstancesAt('cron-sync', '2026-05-01T12:00:00Z', 2);
      await expectInstancesAt('cron-sync', '2026-05-01T15:30:00Z', 3);
      await expectInstancesAt('cron-sync', '2026-05-01T16:00:00Z', 4);
    });

    it('should read cron steps as Zeebe (Spring) writes them: 0/15 and ?', async () => {
      // given
      await deploy('timer-start.bpmn');

      // when / then: at minutes 0, 15, 30 and 45
      await expectInstancesAt('quarter-hour-sync', '2026-05-01T10:14:59Z', 0);
      await expectInstancesAt('quarter-hour-sync', '2026-05-01T10:15:00Z', 1);
      await expectInstancesAt('quarter-hour-sync', '2026-05-01T10:30:00Z', 2);
    });

    it('should keep the rhythm of a cycle whose start has passed, without starting an instance for every interval before the deployment', async () => {
      // given: daily at 09:15 since 1 April, deployed on 1 May at 10:00
      await deploy('timer-start.bpmn');

      // when / then
      await expectInstancesAt('daily-since-april', '2026-05-02T09:14:59Z', 0);
      await expectInstancesAt('daily-since-april', '2026-05-02T09:15:00Z', 1);
      await expectInstancesAt('daily-since-april', '2026-05-03T09:15:00Z', 2);
    });
  });

  describe('new versions', () => {
    it("should replace the previous version's schedule with the new version's", async () => {
      // given: v1 every hour from 10:00
      await deploy('timer-start-v1.bpmn');
      await expectInstancesAt('report-schedule', '2026-05-01T11:00:00Z', 1);

      // when: v2, every half hour, deployed at 11:10
      clock.set('2026-05-01T11:10:00Z');
      const { processes } = await deploy('timer-start-v2.bpmn');
      expect(processes[0].version).to.equal(2);

      // then: v2 at 11:40 and 12:10; v1 no more at 12:00
      await expectInstancesAt('report-schedule', '2026-05-01T11:40:00Z', 2);
      await expectInstancesAt('report-schedule', '2026-05-01T12:10:00Z', 3);
      const versions = (await instancesOf(engine, 'report-schedule')).map((i) => [i.version, i.startedAt]);
      expect(versions).to.deep.equal([
        [1, '2026-05-01T11:00:00.000Z'],
        [2, '2026-05-01T11:40:00.000Z'],
        [2, '2026-05-01T12:10:00.000Z'],
      ]);
    });

    it('should remove the schedule when the new version has no timer start event', async () => {
      // given
      await deploy('timer-start-v1.bpmn');
      await expectInstancesAt('report-schedule', '2026-05-01T11:00:00Z', 1);

      // when
      await deploy('timer-start-v3.bpmn');

      // then
      await expectInstancesAt('report-schedule', '2026-05-02T11:00:00Z', 1);
      expect(await timersLeft(store, (job) => job.processId === 'report-schedule')).to.be.empty;
      const manual = await engine.start('report-schedule');
      expect(manual.version).to.equal(2);
    });

    it('should keep the schedule when the same file is deployed again', async () => {
      // given
      await deploy('timer-start-v1.bpmn');
      await expectInstancesAt('report-schedule', '2026-05-01T11:00:00Z', 1);

      // when
      clock.set('2026-05-01T11:30:00Z');
      const { processes } = await deploy('timer-start-v1.bpmn');

      // then: still on the hour, not every hour from 11:30
      expect(processes[0]).to.include({ version: 1, created: false });
      await expectInstancesAt('report-schedule', '2026-05-01T12:00:00Z', 2);
    });
  });

  it('should refuse at deploy a timer start event whose FEEL timer reads variables, and store nothing', async () => {
    // given
    const xml = fixture(here, 'timer-start-invalid.bpmn');

    // when
    const error = await engine.deploy({ name: 'timer-start-invalid.bpmn', xml }).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(ValidationError);
    const [problem] = (error as ValidationError).problems;
    expect(problem).to.include({ processId: 'report-on-demand', elementId: 'whenAsked' });
    expect(problem.message).to.include('known at deploy time');
    expect(await engine.definitions()).to.be.empty;
  });
});
