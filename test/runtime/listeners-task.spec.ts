import { expect } from 'chai';
import { ConflictError, deny, Engine, ValidationError, type Job } from '../../engine/index.js';
import { deployAndStart, elementsWith, eventually, fixture, hasIncident, until, userTaskAt } from '../helpers.js';

const here = import.meta.url;

/** Resolves once the instance has an open task (a listener job's completion records no history event, so this polls). */
const taskOpens = (engine: Engine, id: string) => eventually(async () => (await engine.userTasks({ instanceId: id })).length > 0);

/** The deploy's validation problems as "element: message" lines. */
async function problemsOf(engine: Engine, xml: string): Promise<string[]> {
  try {
    await engine.deploy({ name: 'invalid.bpmn', xml });
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => `${p.elementId}: ${p.message}`);
    throw error;
  }
  throw new Error('the deploy was accepted');
}

/** A process with one element in it (with its extension elements), between a start and an end event. */
function processWith(element: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="x" />
    ${element}
    <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

const listeners = (tag: string, body: string) =>
  `<bpmn:extensionElements>${tag}${body}</bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>`;
const el = (eventType: string, type: string) =>
  `<zeebe:executionListeners><zeebe:executionListener eventType="${eventType}" type="${type}" /></zeebe:executionListeners>`;

describe('user task listeners', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  it('should open the task only after its creating and assigning listeners, which see the task in their headers', async () => {
    // given
    const seen: Job[] = [];
    for (const type of ['on-creating', 'on-assigning']) engine.handle(type, (job) => void seen.push(job));

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });
    await taskOpens(engine, id);

    // then
    expect(seen.map((job) => [job.type, job.kind, job.listenerEventType])).to.deep.equal([
      ['on-creating', 'TASK_LISTENER', 'CREATING'],
      ['on-assigning', 'TASK_LISTENER', 'ASSIGNING'],
    ]);
    expect(seen[0].headers).to.include({ 'io.camunda.zeebe:assignee': 'ann', 'io.camunda.zeebe:candidateGroups': '["auditors"]' });
    expect((await userTaskAt(engine, id, 'review')).assignee).to.equal('ann');
  });

  it('should not show the task while a creating listener runs', async () => {
    // given: nobody serves the creating listener
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });

    // when
    await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'review' && e.status === 'waiting'));

    // then
    expect(await engine.userTasks({ instanceId: id })).to.deep.equal([]);
  });

  it('should open the task without its assignee when an assigning listener denies the assignment', async () => {
    // given
    engine.handle('on-creating', () => {});
    engine.handle('on-assigning', () => deny('ann is on leave'));

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });
    await taskOpens(engine, id);

    // then
    expect((await userTaskAt(engine, id, 'review')).assignee).to.equal(undefined);
    const denial = (await engine.history(id)).find((e) => e.type === 'userTask.denied');
    expect(denial?.message).to.contain('ann is on leave');
  });

  it('should complete the task once its completing listeners have run, in order, with the completion variables', async () => {
    // given
    const order: string[] = [];
    engine.handle('on-creating', () => {});
    engine.handle('on-assigning', () => {});
    for (const type of ['check-1', 'check-2']) engine.handle(type, () => void order.push(type));
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });
    await taskOpens(engine, id);

    // when
    const outcome = await engine.completeUserTask((await userTaskAt(engine, id, 'review')).id, { approved: true });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(outcome).to.be.oneOf(['completing', 'completed']);
    expect(order).to.deep.equal(['check-1', 'check-2']);
    expect(done.variables).to.include({ approved: true });
  });

  it('should keep the task open, unchanged, when a completing listener denies the completion', async () => {
    // given
    let verdicts = [deny('the amount is missing')];
    engine.handle('on-creating', () => {});
    engine.handle('on-assigning', () => {});
    engine.handle('check-1', () => verdicts.shift());
    engine.handle('check-2', () => {});
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });
    await taskOpens(engine, id);
    const task = await userTaskAt(engine, id, 'review');

    // when
    await engine.completeUserTask(task.id, { approved: false });
    await eventually(async () => (await engine.history(id)).some((e) => e.type === 'userTask.denied'));

    // then
    const view = await engine.getInstance(id);
    expect(view.status).to.equal('active');
    expect(view.variables).not.to.have.property('approved');
    expect((await userTaskAt(engine, id, 'review')).id).to.equal(task.id);

    // and the task can be completed again
    verdicts = [];
    await engine.completeUserTask(task.id, { approved: true });
    expect((await engine.waitFor(id, 'completed', { timeoutMs: 2_000 })).variables).to.include({ approved: true });
  });

  it('should refuse a second completion while the completing listeners run', async () => {
    // given: nobody serves check-1
    engine.handle('on-creating', () => {});
    engine.handle('on-assigning', () => {});
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });
    await taskOpens(engine, id);
    const task = await userTaskAt(engine, id, 'review');
    expect(await engine.completeUserTask(task.id)).to.equal('completing');

    // when
    const second = await engine.completeUserTask(task.id).catch((error: unknown) => error);

    // then
    expect(second).to.be.instanceOf(ConflictError);
  });

  it('should raise an incident when a completing listener fails, and complete the task once it is resolved', async () => {
    // given: check-2 has one retry and fails once
    let failures = 0;
    engine.handle('on-creating', () => {});
    engine.handle('on-assigning', () => {});
    engine.handle('check-1', () => {});
    engine.handle('check-2', () => {
      if (failures++ === 0) throw new Error('rules engine down');
    });
    const { id } = await deployAndStart(engine, here, 'listeners-task.bpmn', 'reviewed', { variables: { reviewer: 'ann' } });
    await taskOpens(engine, id);
    await engine.completeUserTask((await userTaskAt(engine, id, 'review')).id, { approved: true });
    const failed = await until(engine, id, hasIncident);

    // when
    await engine.resolveIncident(id, failed.incidents[0].id, { retries: 1 });

    // then
    expect((await engine.waitFor(id, 'completed', { timeoutMs: 2_000 })).variables).to.include({ approved: true });
    expect(await elementsWith(engine, id, 'element.completed')).to.include('review');
  });

  describe('validation', () => {
    it("should refuse what Zeebe's validator refuses, naming the element", async () => {
      // given
      const cases: Array<[string, string]> = [
        [
          processWith(
            `<bpmn:task id="x">${listeners(el('start', 'a').replace('</zeebe:executionListeners>', '<zeebe:executionListener eventType="start" type="a" /></zeebe:executionListeners>'), '')}</bpmn:task>`,
          ),
          'unique',
        ],
        [processWith(`<bpmn:exclusiveGateway id="x">${listeners(el('end', 'a'), '')}</bpmn:exclusiveGateway>`), "type 'end' are not supported by gateways"],
        [processWith(`<bpmn:task id="x">${listeners(el('begin', 'a'), '')}</bpmn:task>`), "event type 'begin' is not supported"],
        [processWith(`<bpmn:task id="x">${listeners(el('start', ''), '')}</bpmn:task>`), 'needs a type'],
        [
          processWith(
            `<bpmn:serviceTask id="x">${listeners('<zeebe:taskDefinition type="t" /><zeebe:taskListeners><zeebe:taskListener eventType="creating" type="c" /></zeebe:taskListeners>', '')}</bpmn:serviceTask>`,
          ),
          'only allowed on user tasks',
        ],
        [
          processWith(
            `<bpmn:userTask id="x">${listeners('<zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="deleting" type="c" /></zeebe:taskListeners>', '')}</bpmn:userTask>`,
          ),
          "event type 'deleting' is not supported",
        ],
        [
          processWith(
            `<bpmn:userTask id="x">${listeners('<zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="updating" type="c" /></zeebe:taskListeners>', '')}</bpmn:userTask>`,
          ),
          "event type 'updating' are not supported yet",
        ],
        [
          processWith(
            `<bpmn:userTask id="x">${listeners('<zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="cancel" type="c" /></zeebe:taskListeners>', '')}</bpmn:userTask>`,
          ),
          "event type 'canceling' are not supported yet",
        ],
      ];
      for (const [xml, expected] of cases) {
        // when
        const problems = await problemsOf(engine, xml);

        // then
        expect(problems.join('\n'), expected).to.contain('x: ').and.contain(expected);
      }
    });

    it('should refuse start listeners on a start event', async () => {
      // given
      const xml = processWith('<bpmn:task id="x"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>').replace(
        '<bpmn:startEvent id="start">',
        `<bpmn:startEvent id="start"><bpmn:extensionElements>${el('start', 'a')}</bpmn:extensionElements>`,
      );

      // when
      const problems = await problemsOf(engine, xml);

      // then
      expect(problems).to.deep.equal([
        "start: execution listeners of type 'start' are not supported by start events: use the process's or sub-process's start listeners",
      ]);
    });

    it('should accept the listeners of the fixtures', async () => {
      // when
      const deployed = await engine.deploy({ name: 'listeners-task.bpmn', xml: fixture(here, 'listeners-task.bpmn') });

      // then
      expect(deployed.processes.map((p) => p.processId)).to.deep.equal(['reviewed']);
    });
  });
});
