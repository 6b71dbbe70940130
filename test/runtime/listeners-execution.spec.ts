import { expect } from 'chai';
import { Engine, type Job } from '../../engine/index.js';
import { deployAndStart, elementsWith, hasIncident, until } from '../helpers.js';

const here = import.meta.url;

/** Serves every job type of listeners-execution.bpmn, logging the order; `answers` overrides what a type returns. */
function serveAll(engine: Engine, answers: Record<string, (job: Job) => Record<string, unknown> | void> = {}, unserved: string[] = []): Job[] {
  const seen: Job[] = [];
  for (const type of ['process-start', 'before-1', 'before-2', 'work', 'after', 'route', 'process-end']) {
    if (unserved.includes(type)) continue;
    engine.handle(type, (job) => {
      seen.push(job);
      return answers[type]?.(job) ?? (type === 'work' ? { result: 'done' } : undefined);
    });
  }
  return seen;
}

/** A one-task process whose task has the given listeners. */
function withListeners(listeners: string, task = '<bpmn:task id="task">'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    ${task}<bpmn:extensionElements><zeebe:executionListeners>${listeners}</zeebe:executionListeners></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </${task.slice(1, task.indexOf(' '))}>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

describe('execution listeners', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  it('should run the listeners one after another: process start, element start in order, the work, element end, process end', async () => {
    // given
    const seen = serveAll(engine);

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 21 } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(seen.map((job) => job.type)).to.deep.equal(['process-start', 'before-1', 'before-2', 'work', 'after', 'route', 'process-end']);
  });

  it('should run start listeners after the input mappings and end listeners after the output mappings', async () => {
    // given
    const seen = serveAll(engine);

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 21 } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    const byType = Object.fromEntries(seen.map((job) => [job.type, job]));
    expect(byType['before-1'].variables).to.include({ doubled: 42 });
    expect(byType.after.variables).to.include({ doubled: 42, outcome: 'done' });
  });

  it('should give listener jobs their kind and event, and headers in which the listener wins over the element', async () => {
    // given
    const seen = serveAll(engine);

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 1 } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    const byType = Object.fromEntries(seen.map((job) => [job.type, job]));
    expect(byType['before-1']).to.include({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START' });
    expect(byType['before-1'].headers).to.deep.equal({ shared: 'from listener', task: 'yes' });
    expect(byType.after).to.include({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END' });
    expect(byType.work).to.include({ kind: 'BPMN_ELEMENT', listenerEventType: 'UNSPECIFIED' });
    expect(byType['process-start'].context.elementId).to.equal('listened');
  });

  it('should keep start listener variables local to the element and propagate end listener variables', async () => {
    // given
    const seen = serveAll(engine, {
      'process-start': () => ({ fromProcessStart: true }),
      'before-1': () => ({ localOnly: 'x' }),
      after: () => ({ audited: true }),
      'process-end': () => ({ closed: true }),
    });

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 1 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    const work = seen.find((job) => job.type === 'work')!;
    expect(work.variables).to.include({ localOnly: 'x', fromProcessStart: true });
    expect(done.variables).to.include({ fromProcessStart: true, audited: true, closed: true, outcome: 'done' });
    expect(done.variables).not.to.have.property('localOnly');
  });

  it("should let a gateway's start listener decide its route", async () => {
    // given
    serveAll(engine, { route: () => ({ lane: 'fast' }) });

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 1 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(await elementsWith(engine, id, 'element.completed'))
      .to.include('fast')
      .and.not.include('plain');
    expect(done.variables).not.to.have.property('lane');
  });

  it('should hold the element while a listener job is open', async () => {
    // given: nobody serves 'before-2'
    serveAll(engine, {}, ['before-2']);

    // when
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 1 } });
    const view = await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'work' && e.status === 'waiting'));

    // then
    expect(await elementsWith(engine, id, 'element.completed')).not.to.include('work');
    expect(view.status).to.equal('active');
  });

  it('should raise an incident when a listener job fails, and run only that listener again when it is resolved', async () => {
    // given: before-1 has one retry and fails once
    let failures = 0;
    const seen = serveAll(engine, {
      'before-1': () => {
        if (failures++ === 0) throw new Error('service down');
      },
    });
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 1 } });
    const failed = await until(engine, id, hasIncident);

    // when
    expect(failed.incidents[0]).to.include({ elementId: 'work' });
    expect(failed.incidents[0].message).to.contain('service down');
    await engine.resolveIncident(id, failed.incidents[0].id, { retries: 1 });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(seen.map((job) => job.type)).to.deep.equal(['process-start', 'before-1', 'before-1', 'before-2', 'work', 'after', 'route', 'process-end']);
  });

  it('should raise an incident when a listener type is not a string, and run the listeners again once resolved', async () => {
    // given
    const types: string[] = [];
    for (const type of ['first', 'second']) engine.handle(type, () => void types.push(type));
    await engine.deploy({
      name: 'typed.bpmn',
      xml: withListeners('<zeebe:executionListener eventType="start" type="first" /><zeebe:executionListener eventType="start" type="=second" />'),
    });

    // when
    const { id } = await engine.start('p', { variables: { second: 42 } });
    const failed = await until(engine, id, hasIncident);
    await engine.setVariables(id, { second: 'second' });
    await engine.resolveIncident(id, failed.incidents[0].id);
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(failed.incidents[0].message).to.contain('not a non-empty string');
    expect(types).to.deep.equal(['first', 'first', 'second']);
  });

  it('should cancel the open listener job when the instance is cancelled', async () => {
    // given: nobody serves the process's start listener
    const { id } = await deployAndStart(engine, here, 'listeners-execution.bpmn', 'listened', { variables: { amount: 1 } });
    await until(engine, id, (v) => v.activeElements.length === 1);

    // when
    await engine.cancel(id);

    // then
    expect((await engine.getInstance(id)).status).to.equal('cancelled');
  });

  it('should run hundreds of listeners on one element, each a job', async () => {
    // given
    const listeners = Array.from({ length: 300 }, (_, i) => `<zeebe:executionListener eventType="start" type="l${i}" />`).join('');
    let runs = 0;
    for (let i = 0; i < 300; i++) engine.handle(`l${i}`, () => void runs++);
    await engine.deploy({ name: 'many.bpmn', xml: withListeners(listeners) });

    // when
    const { id } = await engine.start('p');
    await engine.waitFor(id, 'completed', { timeoutMs: 10_000 });

    // then
    expect(runs).to.equal(300);
  });
});
