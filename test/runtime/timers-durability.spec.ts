import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/index.js';
import { fixture, until, waitsAt, waitsInUserTask } from '../helpers.js';
import { count, eventually, historyUntil, instancesOf, POLL_MS, settle, TestClock, untilInstances } from './timer-clock.js';

const here = import.meta.url;

describe('timers on SQLite', () => {
  let dir: string;
  let file: string;
  let clock: TestClock;
  const engines: Engine[] = [];

  const open = async () => {
    const engine = await Engine.open({ store: `sqlite:${file}`, clock, jobs: { pollIntervalMs: POLL_MS, retryBackoffMs: 0 } });
    engines.push(engine);
    return engine;
  };
  const deploy = (engine: Engine, name: string) => engine.deploy({ name, xml: fixture(here, name) });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-timers-'));
    file = join(dir, 'baton.db');
    clock = new TestClock();
  });

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
    await rm(dir, { recursive: true, force: true });
  });

  describe('a timer that came due while no engine ran', () => {
    it('should fire when an engine opens the file', async () => {
      // given
      const first = await open();
      await deploy(first, 'timers-catch.bpmn');
      const { id } = await first.start('cool-down');
      await until(first, id, waitsAt('coolDown'));
      await first.close();

      // when: ten minutes pass with no engine, then one opens
      clock.set('2026-05-01T11:00:00Z');
      const second = await open();

      // then
      await second.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(count(await second.history(id), 'element.completed', 'coolDown')).to.equal(1);
    });

    it('should start the instances of a timer start event, one per cycle missed', async () => {
      // given
      const first = await open();
      await deploy(first, 'timer-start.bpmn');
      await first.close();

      // when
      clock.set('2026-05-01T12:30:00Z');
      const second = await open();

      // then: 11:00 and 12:00 of R3/PT1H
      await untilInstances(second, 'hourly-sync', 2);
      await settle();
      expect(await instancesOf(second, 'hourly-sync')).to.have.length(2);

      // when: the third is due with the engine running
      clock.set('2026-05-01T13:00:00Z');

      // then
      await untilInstances(second, 'hourly-sync', 3);
      clock.set('2026-05-01T20:00:00Z');
      await settle();
      expect(await instancesOf(second, 'hourly-sync')).to.have.length(3);
    });
  });

  describe('two engines on one file', () => {
    it('should fire each intermediate timer exactly once', async () => {
      // given
      const a = await open();
      const b = await open();
      await deploy(a, 'timers-catch.bpmn');
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await (i % 2 ? b : a).start('cool-down')).id);

      // when
      clock.set('2026-05-01T10:10:00Z');

      // then
      for (const id of ids) await a.waitFor(id, 'completed', { timeoutMs: 3_000 });
      await settle();
      for (const id of ids) {
        const history = await a.history(id);
        expect(count(history, 'element.completed', 'coolDown'), id).to.equal(1);
        expect(
          history.filter((e) => e.type === 'instance.completed'),
          id,
        ).to.have.length(1);
      }
    });

    it('should send three reminders, not six, while a user task waits', async () => {
      // given: both engines serve the reminder jobs
      const sent: string[] = [];
      const a = (await open()).handle('send-reminder', () => void sent.push('a'));
      const b = (await open()).handle('send-reminder', () => void sent.push('b'));
      await deploy(a, 'timers-boundary.bpmn');
      const { id } = await b.start('approval-reminders');
      await until(b, id, waitsInUserTask('review'));

      // when
      clock.set('2026-05-01T13:30:00Z');

      // then
      const history = await historyUntil(a, id, (h) => count(h, 'element.completed', 'sendReminder-end') >= 3);
      await settle();
      expect(count(await a.history(id), 'element.completed', 'reminder')).to.equal(3);
      expect(count(history, 'element.completed', 'sendReminder-end')).to.equal(3);
      expect(sent).to.have.length(3);
      expect((await a.getInstance(id)).status).to.equal('active');
    });

    it('should start one instance per cycle of a timer start event, not one per engine', async () => {
      // given
      const a = await open();
      const b = await open();
      await deploy(b, 'timer-start.bpmn');

      // when
      clock.set('2026-05-01T11:00:00Z');
      await untilInstances(a, 'hourly-sync', 1);
      clock.set('2026-05-01T12:00:00Z');
      await untilInstances(b, 'hourly-sync', 2);
      clock.set('2026-05-01T16:00:00Z');
      await untilInstances(a, 'hourly-sync', 3);
      await settle(20);

      // then
      const instances = await instancesOf(a, 'hourly-sync');
      expect(instances.map((i) => i.startedAt)).to.deep.equal(['2026-05-01T11:00:00.000Z', '2026-05-01T12:00:00.000Z', '2026-05-01T16:00:00.000Z']);
      await eventually(
        a,
        async () => (await instancesOf(a, 'hourly-sync')).every((i) => i.status === 'completed'),
        () => 'all completed',
      );
    });
  });
});
