import { expect } from 'chai';
import { Engine, InvalidArgumentError } from '../../engine/index.js';
import { completeTaskAt, elementsWith, fixture, nextStart, TestClock, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;
const BASE = Date.parse('2025-03-01T09:00:00Z');

describe('signals', () => {
  let engine: Engine;
  let clock: TestClock;

  const deploy = (file: string) => engine.deploy({ name: file, xml: fixture(here, file) });
  const complete = (instanceId: string, elementId: string, variables: Record<string, unknown> = {}) => completeTaskAt(engine, instanceId, elementId, variables);

  beforeEach(async () => {
    clock = new TestClock(BASE);
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  describe('signal start event', () => {
    beforeEach(() => deploy('signals-start.bpmn'));

    it('should start an instance of every definition with a signal start event for the signal, with the signal variables', async () => {
      // when
      const { instanceIds } = await engine.broadcastSignal({ name: 'customer-joined', variables: { customer: 'ann' } });

      // then
      expect(instanceIds).to.have.length(2);
      const instances = await Promise.all(instanceIds.map((id) => engine.getInstance(id)));
      expect(instances.map((i) => i.processId)).to.have.members(['welcomeMail', 'crmEntry']);
      for (const instance of instances) expect(instance.variables).to.deep.equal({ customer: 'ann' });
      const crm = instances.find((i) => i.processId === 'crmEntry')!;
      await until(engine, crm.id, waitsInUserTask('createEntry'));
      expect(await elementsWith(engine, crm.id, 'element.completed')).to.deep.equal(['customerJoinedCrm']);
    });

    it('should start a new instance of each such definition for every broadcast', async () => {
      // when
      const first = await engine.broadcastSignal({ name: 'customer-joined', variables: { customer: 'ann' } });
      const second = await engine.broadcastSignal({ name: 'customer-joined', variables: { customer: 'bob' } });

      // then
      expect(second.instanceIds).to.have.length(2);
      expect(second.instanceIds).not.to.include.members(first.instanceIds);
      expect((await engine.queryInstances({ processId: 'welcomeMail' })).items).to.have.length(2);
    });

    it('should reach nothing, and keep nothing, with a signal that nobody listens to', async () => {
      // given
      await deploy('signals-catch.bpmn');

      // when
      const early = await engine.broadcastSignal({ name: 'release-ready' });
      const { id } = await engine.start('qaGate');
      await until(engine, id, waitsAt('qaReleaseReady'));

      // then: signals are not buffered
      expect(early.instanceIds).to.deep.equal([]);
      expect(waitsAt('qaReleaseReady')(await engine.getInstance(id))).to.equal(true);
      expect((await engine.broadcastSignal({ name: 'release-ready' })).instanceIds).to.deep.equal([id]);
    });
  });

  describe('intermediate signal catch event', () => {
    beforeEach(() => deploy('signals-catch.bpmn'));

    it('should reach every waiting instance of every definition and return their ids', async () => {
      // given
      const qaOne = await engine.start('qaGate');
      const qaTwo = await engine.start('qaGate');
      const docs = await engine.start('docsGate');
      await until(engine, docs.id, waitsAt('docsReleaseReady'));

      // when
      const { instanceIds } = await engine.broadcastSignal({ name: 'release-ready', variables: { version: '1.2' } });

      // then
      expect(instanceIds).to.have.members([qaOne.id, qaTwo.id, docs.id]);
      expect(instanceIds).to.have.length(3);
      for (const id of [qaOne.id, qaTwo.id]) expect((await until(engine, id, waitsInUserTask('test'))).variables).to.deep.equal({ version: '1.2' });
      expect((await until(engine, docs.id, waitsInUserTask('writeNotes'))).variables).to.deep.equal({ version: '1.2' });
    });

    it('should NOT reach an instance that has already left the catch event', async () => {
      // given
      const { id } = await engine.start('qaGate');
      await until(engine, id, waitsAt('qaReleaseReady'));
      await engine.broadcastSignal({ name: 'release-ready' });
      await until(engine, id, waitsInUserTask('test'));

      // when
      const again = await engine.broadcastSignal({ name: 'release-ready' });

      // then
      expect(again.instanceIds).to.deep.equal([]);
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['qaGateStart', 'qaReleaseReady']);
    });
  });

  describe('signal throw events', () => {
    beforeEach(async () => {
      await deploy('signals-catch.bpmn');
      await deploy('signals-throw.bpmn');
    });

    it('should broadcast the signal of an intermediate throw event to waiting instances of other definitions, with its input mappings as variables', async () => {
      // given
      const qa = await engine.start('qaGate');
      const docs = await engine.start('docsGate');
      await until(engine, docs.id, waitsAt('docsReleaseReady'));

      // when
      const { id } = await engine.start('release', { variables: { version: '2.0' } });

      // then
      expect((await until(engine, qa.id, waitsInUserTask('test'))).variables).to.deep.equal({ releaseVersion: '2.0' });
      expect((await until(engine, docs.id, waitsInUserTask('writeNotes'))).variables).to.deep.equal({ releaseVersion: '2.0' });
      const release = await until(engine, id, waitsInUserTask('rollOut'));
      expect(release.variables).to.deep.equal({ version: '2.0' });
    });

    it('should broadcast the signal of an end event: it starts instances at signal start events and interrupts at signal boundary events', async () => {
      // given
      const freeze = await engine.start('changeFreeze');
      await until(engine, freeze.id, waitsInUserTask('freeze'));
      const { id } = await engine.start('release', { variables: { version: '2.0' } });
      await until(engine, id, waitsInUserTask('rollOut'));

      // when
      const retrospective = nextStart(engine, 'retrospective');
      await complete(id, 'rollOut');

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      const started = await until(engine, await retrospective, waitsInUserTask('discuss'));
      expect(started.variables).to.deep.equal({ finishedVersion: '2.0' });
      await engine.waitFor(freeze.id, 'completed', { timeoutMs: 2_000 });
      expect(await elementsWith(engine, freeze.id, 'element.terminated')).to.deep.equal(['freeze']);
      expect(await elementsWith(engine, freeze.id, 'element.completed')).to.include.members(['releaseOver', 'thawed']);
    });
  });

  describe('signal boundary events', () => {
    beforeEach(() => deploy('signals-boundary.bpmn'));

    it('should interrupt the activity at an interrupting signal boundary event', async () => {
      // given
      const { id } = await engine.start('mission');
      await until(engine, id, waitsInUserTask('operate'));

      // when
      const { instanceIds } = await engine.broadcastSignal({ name: 'abort-mission', variables: { reason: 'storm' } });

      // then
      expect(instanceIds).to.deep.equal([id]);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ reason: 'storm' });
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['operate']);
      expect(await engine.userTasks({ instanceId: id })).to.be.empty;
    });

    it('should keep the activity and start a path for each signal at a non-interrupting signal boundary event', async () => {
      // given
      const { id } = await engine.start('mission');
      await until(engine, id, waitsInUserTask('operate'));

      // when
      await engine.broadcastSignal({ name: 'status-check' });
      await engine.broadcastSignal({ name: 'status-check' });

      // then
      const instance = await until(engine, id, (v) => waitsInUserTask('report', 2)(v));
      expect(waitsInUserTask('operate')(instance)).to.equal(true);
      await complete(id, 'operate');
      const later = await engine.broadcastSignal({ name: 'status-check' });
      expect(later.instanceIds, 'the boundary event stops listening with its activity').to.deep.equal([]);
    });
  });

  describe('signal event sub-processes', () => {
    beforeEach(() => deploy('signals-event-sub-process.bpmn'));

    it('should interrupt the process when an interrupting signal event sub-process starts', async () => {
      // given
      const { id } = await engine.start('plant');
      await until(engine, id, waitsInUserTask('produce'));

      // when
      const { instanceIds } = await engine.broadcastSignal({ name: 'fire-alarm', variables: { building: 'B' } });

      // then
      expect(instanceIds).to.deep.equal([id]);
      const instance = await until(engine, id, waitsInUserTask('evacuate'));
      expect(instance.activeElements.map((e) => e.elementId)).to.have.members(['evacuation', 'evacuate']);
      expect(instance.variables).to.deep.equal({ building: 'B' });
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['produce']);
      expect((await engine.broadcastSignal({ name: 'drill-announced' })).instanceIds).to.deep.equal([]);
      await complete(id, 'evacuate');
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should run a non-interrupting signal event sub-process beside the process for each signal', async () => {
      // given
      const { id } = await engine.start('plant');
      await until(engine, id, waitsInUserTask('produce'));

      // when
      await engine.broadcastSignal({ name: 'drill-announced' });
      await engine.broadcastSignal({ name: 'drill-announced' });

      // then
      const instance = await until(engine, id, (v) => waitsInUserTask('prepareDrill', 2)(v));
      expect(waitsInUserTask('produce')(instance)).to.equal(true);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal([]);
    });
  });

  describe('broadcastSignal', () => {
    it('should start instances and reach waiting ones of other definitions in one broadcast, returning all their ids', async () => {
      // given
      await deploy('signals-catch.bpmn');
      await deploy('signals-throw.bpmn');
      const freeze = await engine.start('changeFreeze');
      await until(engine, freeze.id, waitsInUserTask('freeze'));

      // when
      const { instanceIds } = await engine.broadcastSignal({ name: 'release-finished', variables: { finishedVersion: '3.0' } });

      // then
      expect(instanceIds).to.have.length(2);
      expect(instanceIds).to.include(freeze.id);
      const retrospective = instanceIds.find((i) => i !== freeze.id)!;
      expect((await engine.getInstance(retrospective)).processId).to.equal('retrospective');
      await engine.waitFor(freeze.id, 'completed', { timeoutMs: 2_000 });
    });

    it('should reach every other definition and report the refusal when a signal start event cannot start its instance', async () => {
      // given: keyedIntake's event sub-process needs a customerId to subscribe, and it listens longest
      const errors: unknown[] = [];
      await engine.close();
      engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10 }, onError: (error) => void errors.push(error) });
      await deploy('signals-refused-start.bpmn');
      clock.advance(1);
      await deploy('signals-start.bpmn');

      // when
      const { instanceIds } = await engine.broadcastSignal({ name: 'customer-joined', variables: { customer: 'ann' } });

      // then
      const started = await Promise.all(instanceIds.map((id) => engine.getInstance(id)));
      expect(started.map((i) => i.processId)).to.have.members(['welcomeMail', 'crmEntry']);
      expect((await engine.queryInstances({ processId: 'keyedIntake' })).items).to.be.empty;
      expect(errors).to.have.length(1);
      expect(errors[0]).to.be.instanceOf(InvalidArgumentError);
      expect((errors[0] as Error).message)
        .to.include("'keyedIntake'")
        .and.include("'customerWrote'");
      const carried = await engine.broadcastSignal({ name: 'customer-joined', variables: { customerId: 'C-1' } });
      expect(carried.instanceIds).to.have.length(3);
    });

    it('should refuse a signal without a name', async () => {
      // when
      const missing = await engine.broadcastSignal({} as never).catch((error: unknown) => error);
      const empty = await engine.broadcastSignal({ name: '' }).catch((error: unknown) => error);

      // then
      expect(missing).to.be.instanceOf(InvalidArgumentError);
      expect(empty).to.be.instanceOf(InvalidArgumentError);
    });
  });
});
