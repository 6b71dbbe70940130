import { expect } from 'chai';
import { ConflictError, Engine, InvalidArgumentError, MemoryStore, NotFoundError, ValidationError } from '../../engine/index.js';
import { fixture, hasIncident, until } from '../helpers.js';
import { instancesOf, POLL_MS, settle, TestClock, untilInstances } from '../runtime/timer-clock.js';

const here = import.meta.url;

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('process definitions (engine API)', () => {
  let clock: TestClock;
  let engine: Engine;

  beforeEach(async () => {
    clock = new TestClock();
    engine = await Engine.open({ store: new MemoryStore(), clock, jobs: { pollIntervalMs: POLL_MS, retryBackoffMs: 0 } });
    await engine.deploy({ name: 'definitions-starts.bpmn', xml: fixture(here, 'definitions-starts.bpmn') });
  });

  afterEach(() => engine.close());

  describe('suspended versions', () => {
    it('should NOT start a timer start event while suspended, and keep its schedule once activated', async () => {
      // given
      await engine.suspendDefinition('hourlyReport', 1);

      // when: the first firing (11:00) comes due while suspended
      clock.set('2026-05-01T11:00:00Z');
      await settle();

      // then
      expect(await instancesOf(engine, 'hourlyReport')).to.be.empty;

      // when: activated, the next firing of the cycle comes due
      await engine.activateDefinition('hourlyReport', 1);
      clock.set('2026-05-01T12:00:00Z');

      // then
      const [instance] = await untilInstances(engine, 'hourlyReport', 1);
      expect(instance.startedAt).to.equal('2026-05-01T12:00:00.000Z');
      await settle();
      expect(await instancesOf(engine, 'hourlyReport')).to.have.length(1);
    });

    it('should fire a one-off timer that came due while suspended once, soon after activation', async () => {
      // given
      await engine.suspendDefinition('launch', 1);
      clock.set('2026-05-01T12:00:00Z');
      await settle();
      expect(await instancesOf(engine, 'launch')).to.be.empty;

      // when
      await engine.activateDefinition('launch', 1);
      clock.set('2026-05-01T12:01:00Z');

      // then
      await untilInstances(engine, 'launch', 1);
      clock.set('2026-05-01T13:00:00Z');
      await settle();
      expect(await instancesOf(engine, 'launch')).to.have.length(1);
    });

    it('should pass a suspended message start event by, and use it again once activated', async () => {
      // given
      await engine.suspendDefinition('intake', 1);

      // when
      const whileSuspended = await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-1', timeToLive: 0 });

      // then
      expect(whileSuspended.instanceIds).to.deep.equal([]);
      expect(await instancesOf(engine, 'intake')).to.be.empty;

      // when
      await engine.activateDefinition('intake', 1);
      const afterwards = await engine.publishMessage({ name: 'order-placed', correlationKey: 'A-2' });

      // then
      expect(afterwards.instanceIds).to.have.length(1);
    });

    it('should pass a suspended signal start event by, and use it again once activated', async () => {
      // given
      await engine.suspendDefinition('welcome', 1);

      // when / then
      expect((await engine.broadcastSignal({ name: 'customer-joined' })).instanceIds).to.deep.equal([]);
      await engine.activateDefinition('welcome', 1);
      expect((await engine.broadcastSignal({ name: 'customer-joined' })).instanceIds).to.have.length(1);
    });

    it('should raise an incident on a call activity whose called version is suspended', async () => {
      // given
      await engine.suspendDefinition('callee', 1);

      // when
      const caller = await engine.start('caller');

      // then
      const view = await until(engine, caller.id, hasIncident);
      expect(view.incidents[0].message).to.match(/suspended/);
      expect(await instancesOf(engine, 'callee')).to.be.empty;
    });

    it('should refuse a start with a ConflictError and let running instances go on', async () => {
      // given
      const running = await engine.start('callee');

      // when
      await engine.suspendDefinition('callee', 1);
      const error = await rejectionOf(engine.start('callee'));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((error as ConflictError).details).to.deep.include({ suspended: true, version: 1 });
      const [task] = await engine.userTasks({ instanceId: running.id });
      await engine.completeUserTask(task.id);
      expect((await engine.getInstance(running.id)).status).to.equal('completed');
    });
  });

  describe('deleting a version', () => {
    const v2 = () => fixture(here, 'definitions-starts.bpmn').replace('R/PT1H', 'R/PT2H');

    it('should give the start events back to the previous version when the latest is deleted', async () => {
      // given: version 2 fires every two hours, version 1 every hour
      await engine.deploy({ name: 'v2.bpmn', xml: v2() });

      // when
      await engine.deleteDefinition('hourlyReport', 2);
      clock.set('2026-05-01T11:00:00Z');

      // then: version 1's schedule runs again
      const [instance] = await untilInstances(engine, 'hourlyReport', 1);
      expect(instance.version).to.equal(1);
    });

    it('should keep the start events of the latest when an older version is deleted', async () => {
      // given
      await engine.deploy({ name: 'v2.bpmn', xml: v2() });

      // when
      await engine.deleteDefinition('hourlyReport', 1);
      clock.set('2026-05-01T11:00:00Z');
      await settle();

      // then
      expect(await instancesOf(engine, 'hourlyReport')).to.be.empty;
      clock.set('2026-05-01T12:00:00Z');
      const [instance] = await untilInstances(engine, 'hourlyReport', 1);
      expect(instance.version).to.equal(2);
    });

    it('should refuse to delete a version with an active instance', async () => {
      // given
      await engine.start('callee');

      // when
      const error = await rejectionOf(engine.deleteDefinition('callee', 1));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect((await engine.definition('callee')).version).to.equal(1);
    });

    it('should leave no start events when the only version is deleted', async () => {
      // when
      await engine.deleteDefinition('welcome', 1);

      // then
      expect((await engine.broadcastSignal({ name: 'customer-joined' })).instanceIds).to.deep.equal([]);
      expect(await rejectionOf(engine.definition('welcome'))).to.be.instanceOf(NotFoundError);
      expect(await rejectionOf(engine.start('welcome'))).to.be.instanceOf(NotFoundError);
    });
  });

  describe('deploying several files', () => {
    it('should store nothing when one file cannot run, naming the file of each problem', async () => {
      // given
      const good = fixture(here, 'definitions-starts.bpmn').replace(/hourlyReport/g, 'dailyReport');
      const bad = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" isExecutable="true"/></bpmn:definitions>';

      // when
      const error = await rejectionOf(
        engine.deployFiles([
          { name: 'good.bpmn', xml: good },
          { name: 'bad.bpmn', xml: bad },
        ]),
      );

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).problems.every((p) => p.resource === 'bad.bpmn')).to.equal(true);
      expect(await engine.definitions({ processId: 'dailyReport' })).to.deep.equal([]);
    });

    it('should refuse an empty deployment', async () => {
      expect(await rejectionOf(engine.deployFiles([]))).to.be.instanceOf(InvalidArgumentError);
    });
  });

  describe('metadata', () => {
    it('should keep what a deployment says and let it be changed', async () => {
      // given
      const xml = fixture(here, 'definitions-starts.bpmn').replace('name="Callee"', 'name="Callee 2"');
      await engine.deploy({ name: 'v2.bpmn', xml, deployedBy: 'ci', description: 'second', tags: ['x', 'x', 'y'], startableBy: ['ops'] });

      // when
      const changed = await engine.updateDefinition('callee', 2, { description: null, tags: ['z'] });

      // then
      expect(changed).to.deep.include({ key: 'callee:2', deployedBy: 'ci', tags: ['z'], startableBy: ['ops'], suspended: false, latest: true });
      expect(changed).not.to.have.property('description');
      expect((await engine.definition('callee', 1)).tags).to.deep.equal([]);
    });

    it('should refuse metadata that is not text', async () => {
      expect(await rejectionOf(engine.updateDefinition('callee', 1, { tags: [''] }))).to.be.instanceOf(InvalidArgumentError);
      expect(await rejectionOf(engine.updateDefinition('callee', 1, { description: 42 as unknown as string }))).to.be.instanceOf(InvalidArgumentError);
    });
  });
});
