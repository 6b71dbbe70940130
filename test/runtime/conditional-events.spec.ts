import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { deployAndStart, elementsWith, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

async function openTasks(engine: Engine, instanceId: string): Promise<string[]> {
  return (await engine.userTasks({ instanceId })).map((t) => t.elementId).sort();
}

describe('conditional events', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
  });

  afterEach(() => engine.close());

  describe('intermediate catch event', () => {
    it('should wait until a variable change makes its condition true', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'waitForStock', { variables: { stock: 0 } });
      await until(engine, id, waitsAt('stockAvailable'));

      // when
      await engine.setVariables(id, { stock: 0, countedBy: 'ann' });
      const unchanged = await engine.getInstance(id);
      await engine.setVariables(id, { stock: 4 });
      const after = await until(engine, id, waitsInUserTask('ship'));

      // then
      expect(unchanged.activeElements.map((e) => [e.elementId, e.status])).to.deep.equal([['stockAvailable', 'waiting']]);
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['ship']);
      expect(after.variables).to.deep.equal({ stock: 4, countedBy: 'ann' });
    });

    it('should pass at once when its condition already holds on arrival', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'waitForStock', { variables: { stock: 3 } });
      const after = await until(engine, id, waitsInUserTask('ship'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['ship']);
      expect(await elementsWith(engine, id, 'element.completed')).to.deep.equal(['start', 'stockAvailable']);
    });

    it('should wait, without an incident, while the variables of its condition do not exist yet', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'waitForStock');
      const waiting = await until(engine, id, waitsAt('stockAvailable'));

      // then
      expect(waiting.incidents).to.be.empty;
    });

    it('should be evaluated again when a job completion changes a variable', async () => {
      // given
      engine.handle('count-stock', () => ({ stock: 20 }));

      // when
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'restockAfterCount', { variables: { stock: 2 } });
      const after = await until(engine, id, waitsInUserTask('announce'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['announce']);
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed.indexOf('restocked')).to.be.greaterThan(completed.indexOf('countStock'));
    });

    it('should read variables of the enclosing sub-process scope in its condition', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'scopedCondition', { variables: { level: 0 } });
      await until(engine, id, waitsAt('levelReached'));

      // when
      await engine.setVariables(id, { level: 5 });
      const below = await engine.getInstance(id);
      await engine.setVariables(id, { level: 15 });
      const after = await until(engine, id, waitsInUserTask('alarm'));

      // then
      expect(below.activeElements.map((e) => e.elementId)).to.have.members(['area', 'levelReached']);
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['alarm']);
      expect(after.variables).to.deep.equal({ level: 15 });
    });
  });

  describe('boundary event', () => {
    it('should start a non-interrupting path each time its condition turns true, leaving the activity open', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'watchedPreparation', { variables: { priority: 1 } });
      await until(engine, id, waitsInUserTask('prepare'));

      // when
      await engine.setVariables(id, { priority: 8 });
      const first = await until(engine, id, waitsInUserTask('notifyManager'));
      await engine.setVariables(id, { priority: 9 });
      const stillTrue = await engine.getInstance(id);
      await engine.setVariables(id, { priority: 2 });
      await engine.setVariables(id, { priority: 7 });
      const second = await until(engine, id, waitsInUserTask('notifyManager', 2));

      // then
      expect(first.activeElements.map((e) => e.elementId)).to.have.members(['prepare', 'notifyManager']);
      // The condition must turn false and then true again to fire once more (BPMN 2.0, 10.5.1).
      expect(stillTrue.activeElements.map((e) => e.elementId)).to.have.members(['prepare', 'notifyManager']);
      expect(second.activeElements.map((e) => e.elementId)).to.have.members(['prepare', 'notifyManager', 'notifyManager']);
    });

    it('should cancel the activity and its other boundary events when an interrupting condition turns true', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'watchedPreparation', { variables: { priority: 1 } });
      await until(engine, id, waitsInUserTask('prepare'));

      // when
      await engine.setVariables(id, { cancelled: true });
      const after = await until(engine, id, waitsInUserTask('cleanup'));
      await engine.setVariables(id, { priority: 9 });
      const later = await engine.getInstance(id);

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['cleanup']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['prepare']);
      expect(later.activeElements.map((e) => e.elementId)).to.deep.equal(['cleanup']);
      expect(await openTasks(engine, id)).to.deep.equal(['cleanup']);
    });

    it('should fire as soon as the activity starts when its condition already holds', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'watchedPreparation', { variables: { cancelled: true } });
      const after = await until(engine, id, waitsInUserTask('cleanup'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['cleanup']);
      expect(await openTasks(engine, id)).to.deep.equal(['cleanup']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['prepare']);
    });
  });

  describe('event sub-process start event', () => {
    it('should start a non-interrupting event sub-process beside the running tokens when its condition turns true', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'conditionalHandlers', { variables: { temperature: 20 } });
      await until(engine, id, waitsInUserTask('work'));

      // when
      await engine.setVariables(id, { temperature: 35 });
      const after = await until(engine, id, waitsInUserTask('coolDown'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['work', 'overheated', 'coolDown']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
    });

    it('should cancel every other token and stop the other event sub-processes when an interrupting one starts', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'conditional-events.bpmn', 'conditionalHandlers', { variables: { temperature: 20 } });
      await until(engine, id, waitsInUserTask('work'));

      // when
      await engine.setVariables(id, { abort: true });
      const after = await until(engine, id, waitsInUserTask('abortHandling'));
      await engine.setVariables(id, { temperature: 40 });
      const later = await engine.getInstance(id);

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['abortWhen', 'abortHandling']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['work']);
      expect(later.activeElements.map((e) => e.elementId)).to.have.members(['abortWhen', 'abortHandling']);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'abortHandling')).id);

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
    });
  });
});
