import { expect } from 'chai';
import { Engine, LimitError } from '../../engine/index.js';
import { eventually, until } from '../helpers.js';

const T0 = 1_700_000_000_000;
const LIMIT = 4096;

const definitions = (body: string, messages = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="limits" targetNamespace="http://baton.test">
${body}
${messages}
</bpmn:definitions>`;

const REVIEW = definitions(`
  <bpmn:process id="review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:userTask id="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);

const CHARGE = definitions(`
  <bpmn:process id="charge" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="charge-card" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);

const WAIT = definitions(
  `
  <bpmn:process id="wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="confirmed" />
    <bpmn:intermediateCatchEvent id="confirmed">
      <bpmn:messageEventDefinition messageRef="confirmedMessage" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="confirmed" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`,
  `
  <bpmn:message id="confirmedMessage" name="confirmed">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>
  </bpmn:message>`,
);

const PARENT = definitions(`
  <bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="review" propagateAllParentVariables="false" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>`);

describe('Engine: the per-instance variable limit (limits.instanceBytes)', () => {
  let engine: Engine;
  const clock = {
    at: T0,
    now() {
      return this.at;
    },
  };
  /** Under the per-variable limit each, over the instance limit together. */
  const base = 'b'.repeat(2500);
  const big = 'x'.repeat(2000);

  const rejection = async (promise: Promise<unknown>): Promise<LimitError> => {
    const error = await promise.then(
      () => expect.fail('expected a LimitError'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(LimitError);
    return error as LimitError;
  };

  beforeEach(async () => {
    clock.at = T0;
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10 }, limits: { instanceBytes: LIMIT } });
    for (const xml of [REVIEW, CHARGE, WAIT, PARENT]) await engine.deploy({ xml });
  });

  afterEach(async () => {
    await engine.close();
  });

  it('should default to 4 MiB', async () => {
    // given
    const defaults = await Engine.open();

    // when
    await defaults.deploy({ xml: REVIEW });
    const started = await defaults.start('review', { variables: { a: 'a'.repeat(200_000), b: 'b'.repeat(200_000) } });

    // then
    expect(started.status).to.equal('active');
    await defaults.close();
  });

  it('should refuse a start whose variables make the instance too large, naming the largest, and store no instance', async () => {
    // when
    const error = await rejection(engine.start('review', { variables: { base, big, small: 1 } }));

    // then
    expect(error.details).to.include({ variable: 'base', limit: LIMIT });
    expect(error.message).to.match(/'base'/);
    expect((await engine.queryInstances()).items).to.deep.equal([]);
  });

  it('should refuse setVariables that would make the instance too large, and keep the variables it had', async () => {
    // given
    const { id } = await engine.start('review', { variables: { base } });

    // when
    const error = await rejection(engine.setVariables(id, { big }));

    // then
    expect(error.details).to.include({ variable: 'big', instanceId: id });
    expect((await engine.getInstance(id)).variables).to.deep.equal({ base });
  });

  it('should refuse to complete a user task with variables that do not fit, and leave the task open', async () => {
    // given
    const { id } = await engine.start('review', { variables: { base } });
    const [task] = await engine.userTasks({ instanceId: id });

    // when
    const error = await rejection(engine.completeUserTask(task!.id, { big }));

    // then
    expect(error.details).to.include({ variable: 'big' });
    expect(await engine.userTasks({ instanceId: id })).to.have.length(1);
    await engine.completeUserTask(task!.id, { small: 1 });
    expect((await engine.getInstance(id)).status).to.equal('completed');
  });

  it("should refuse an external worker's job completion that does not fit, and keep the job", async () => {
    // given
    const { id } = await engine.start('charge', { variables: { base } });
    const [job] = await engine.activateJobs({ type: 'charge-card', worker: 'w', maxJobs: 1, lockMs: 60_000 });

    // when
    const error = await rejection(engine.completeJob(job!.key, { big }, { worker: 'w' }));

    // then
    expect(error.details).to.include({ variable: 'big' });
    expect((await engine.getInstance(id)).activeElements.map((e) => e.elementId)).to.deep.equal(['task']);
  });

  it("should fail an in-process handler's job whose result does not fit, with an incident once its retries are spent", async () => {
    // given
    await engine.deploy({ xml: CHARGE.replace('type="charge-card" />', 'type="charge-local" retries="1" />').replaceAll('id="charge"', 'id="chargeLocal"') });
    engine.handle('charge-local', async () => ({ big }));

    // when
    const { id } = await engine.start('chargeLocal', { variables: { base } });

    // then
    const after = await until(engine, id, (view) => view.incidents.length > 0);
    expect(after.incidents[0]!.message).to.match(/'big'/);
    expect(after.variables).to.deep.equal({ base });
  });

  it('should not deliver message variables that do not fit to the waiting instance', async () => {
    // given
    const reported: unknown[] = [];
    await engine.close();
    engine = await Engine.open({ clock, limits: { instanceBytes: LIMIT }, onError: (error) => reported.push(error) });
    await engine.deploy({ xml: WAIT });
    const { id } = await engine.start('wait', { variables: { orderId: 'o-1', base } });

    // when
    await engine.publishMessage({ name: 'confirmed', correlationKey: 'o-1', variables: { big } });

    // then
    expect((await engine.getInstance(id)).status).to.equal('active');
    expect(reported.some((error) => error instanceof LimitError)).to.equal(true);
  });

  it("should fail the call activity with an incident when the child's variables do not fit into the parent", async () => {
    // given
    const parent = await engine.start('parent', { variables: { base } });
    await eventually(async () => (await engine.userTasks({ processId: 'review' })).length === 1);
    const [childTask] = await engine.userTasks({ processId: 'review' });

    // when
    await engine.completeUserTask(childTask!.id, { big });

    // then
    const after = await until(engine, parent.id, (view) => view.incidents.length > 0);
    expect(after.incidents[0]).to.include({ elementId: 'call' });
    expect(after.incidents[0]!.message).to.match(/'big'/);
    expect(after.variables).to.deep.equal({ base });
  });
});
