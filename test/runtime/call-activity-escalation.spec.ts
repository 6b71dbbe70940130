import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { fixture, until, waitsInUserTask } from '../helpers.js';

describe('escalations from a called process', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'call-activity-escalation.bpmn', xml: fixture(import.meta.url, 'call-activity-escalation.bpmn') });
  });

  afterEach(() => engine.close());

  const childOf = async (parentInstanceId: string) => {
    const { items } = await engine.queryInstances({ parentInstanceId });
    return items[0];
  };

  it('should reach a non-interrupting escalation boundary event of the call activity while the child goes on', async () => {
    // given
    const { id } = await engine.start('watchOrder');
    const parent = await until(engine, id, (view) => view.variables.apologised === true);
    const child = await childOf(id);

    // when
    await until(engine, child.id, waitsInUserTask('ship'));
    const [task] = await engine.userTasks({ instanceId: child.id });
    await engine.completeUserTask(task.id);

    // then
    expect(parent.activeElements.map((e) => e.elementId)).to.include('fulfil');
    expect((await engine.waitFor(child.id, 'completed', { timeoutMs: 5000 })).status).to.equal('completed');
    expect((await engine.waitFor(id, 'completed', { timeoutMs: 5000 })).status).to.equal('completed');
  });

  it('should cancel the child when an interrupting escalation boundary event of the call activity catches its escalation', async () => {
    // when
    const { id } = await engine.start('abandonOrder');
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
    const child = await childOf(id);

    // then
    const ends = (await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId);
    expect(ends).to.include('abandoned').and.not.include('fulfilled');
    expect(done.status).to.equal('completed');
    expect((await engine.waitFor(child.id, 'cancelled', { timeoutMs: 5000 })).status).to.equal('cancelled');
  });
});
