import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { completeTaskAt, deployAndStart, elementsWith, openTasks, until, userTaskAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('escalations', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
  });

  afterEach(() => engine.close());

  describe('boundary events on a sub-process', () => {
    it('should run a non-interrupting escalation boundary event beside the sub-process when an intermediate throw event escalates', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'orderHandling', { variables: { mode: 'late' } });
      const after = await until(engine, id, (v) => waitsInUserTask('informCustomer')(v) && waitsInUserTask('continueAfterNotice')(v));

      // then
      expect(after.incidents).to.be.empty;
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['handleOrder', 'continueAfterNotice', 'informCustomer']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['lateNotice', 'onLate']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
    });

    it('should let the sub-process complete normally after a non-interrupting escalation', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'orderHandling', { variables: { mode: 'late' } });
      await until(engine, id, (v) => waitsInUserTask('informCustomer')(v) && waitsInUserTask('continueAfterNotice')(v));

      // when
      await completeTaskAt(engine, id, 'continueAfterNotice');
      const after = await until(engine, id, waitsInUserTask('afterOrder'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['informCustomer', 'afterOrder']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('handleOrder');
    });

    it('should cancel the sub-process and everything in it when an escalation end event reaches an interrupting boundary event', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'orderHandling', { variables: { mode: 'cancel' } });
      await until(engine, id, (v) => waitsInUserTask('packing')(v) && waitsInUserTask('confirmCancel')(v));

      // when
      await completeTaskAt(engine, id, 'confirmCancel');
      const after = await until(engine, id, waitsInUserTask('refund'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['refund']);
      expect(await openTasks(engine, id)).to.deep.equal(['refund']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['cancelRequest', 'packing', 'handleOrder']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['afterOrder', 'onLate']);
    });
  });

  describe('not caught', () => {
    it('should let an intermediate throw event go on when nothing catches its escalation', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'orderHandling', { variables: { mode: 'shout' } });
      const after = await until(engine, id, waitsInUserTask('afterShout'));

      // then
      expect(after.status).to.equal('active');
      expect(after.incidents).to.be.empty;
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['handleOrder', 'afterShout']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('shout');
    });

    it('should let an escalation end event end its path when nothing catches it, so the sub-process completes', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'orderHandling', { variables: { mode: 'quiet' } });
      const after = await until(engine, id, waitsInUserTask('afterOrder'));

      // then
      expect(after.incidents).to.be.empty;
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['afterOrder']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['quietEnd', 'handleOrder']);
    });
  });

  describe('event sub-processes', () => {
    it('should start a non-interrupting escalation event sub-process beside the running tokens, seeing the process variables', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'fulfilment', { variables: { mode: 'notify', supervisor: 'sam' } });
      const after = await until(engine, id, (v) => waitsInUserTask('attend')(v) && waitsInUserTask('proceed')(v) && waitsInUserTask('assemble')(v));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['assemble', 'proceed', 'attention', 'attend']);
      expect((await userTaskAt(engine, id, 'attend')).assignee).to.equal('sam');
      expect(await elementsWith(engine, id, 'element.terminated')).to.be.empty;
    });

    it('should complete the instance only once the non-interrupting event sub-process has ended as well', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'fulfilment', { variables: { mode: 'notify', supervisor: 'sam' } });
      await until(engine, id, (v) => waitsInUserTask('attend')(v) && waitsInUserTask('proceed')(v) && waitsInUserTask('assemble')(v));

      // when
      await completeTaskAt(engine, id, 'assemble');
      await completeTaskAt(engine, id, 'proceed');
      const waiting = await until(engine, id, (v) => v.activeElements.length === 2);
      await completeTaskAt(engine, id, 'attend');

      // then
      expect(waiting.status).to.equal('active');
      expect(waiting.activeElements.map((e) => e.elementId)).to.have.members(['attention', 'attend']);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
    });

    it('should cancel every other token of the process when an interrupting escalation event sub-process starts', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'fulfilment', { variables: { mode: 'abort' } });
      await until(engine, id, (v) => waitsInUserTask('assemble')(v) && waitsInUserTask('confirmAbort')(v));

      // when
      await completeTaskAt(engine, id, 'confirmAbort');
      const after = await until(engine, id, waitsInUserTask('cleanUp'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['abort', 'cleanUp']);
      expect(await openTasks(engine, id)).to.deep.equal(['cleanUp']);
      expect(await elementsWith(engine, id, 'element.terminated')).to.have.members(['abortRequest', 'assemble']);

      // when
      await completeTaskAt(engine, id, 'cleanUp');

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.activeElements).to.be.empty;
    });

    it('should not start another event sub-process of the scope for an escalation thrown inside the interrupting one', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'escalations.bpmn', 'fulfilment', { variables: { mode: 'abort' } });
      await until(engine, id, waitsInUserTask('confirmAbort'));

      // when
      await completeTaskAt(engine, id, 'confirmAbort');
      const after = await until(engine, id, waitsInUserTask('cleanUp'));

      // then
      expect(after.activeElements.map((e) => e.elementId)).to.have.members(['abort', 'cleanUp']);
      expect(await elementsWith(engine, id, 'element.completed')).to.include('abortNotice');
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include.members(['attention', 'attend']);
    });
  });
});
