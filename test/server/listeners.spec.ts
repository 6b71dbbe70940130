import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine, type ActivatedJob } from '../../engine/index.js';
import { createApp } from '../../server/app.js';
import { eventually } from '../helpers.js';

describe('REST API: listener jobs and user tasks with listeners', () => {
  let engine: Engine;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'listeners-task.bpmn', xml: await readFile(new URL('../runtime/listeners-task.bpmn', import.meta.url), 'utf8') });
    server = createApp({ engine }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });

  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const activate = async (type: string): Promise<ActivatedJob[]> =>
    (await (await post('/api/jobs/activate', { type, worker: 'w', requestTimeoutMs: 2_000 })).json()).jobs;
  /** Serves one job of `type` as an external worker would, completing it with `body`. */
  const serveOne = async (type: string, body: Record<string, unknown> = {}) => {
    const [job] = await activate(type);
    expect((await post(`/api/jobs/${encodeURIComponent(job.key)}/complete`, { worker: 'w', ...body })).status).to.equal(204);
    return job;
  };
  const openTask = async (instanceId: string) => {
    await eventually(async () => (await engine.userTasks({ instanceId })).length > 0);
    return (await engine.userTasks({ instanceId }))[0];
  };

  it("should show an external worker the listener job's kind and event", async () => {
    // given
    await engine.start('reviewed', { variables: { reviewer: 'ann' } });

    // when
    const [job] = await activate('on-creating');

    // then
    expect(job).to.include({ kind: 'TASK_LISTENER', listenerEventType: 'CREATING', elementId: 'review' });
    expect(job.headers).to.include({ 'io.camunda.zeebe:assignee': 'ann' });
  });

  it('should answer 202 for a completion its listeners decide, and keep the task open when a worker denies it', async () => {
    // given
    const { id } = await engine.start('reviewed', { variables: { reviewer: 'ann' } });
    await serveOne('on-creating');
    await serveOne('on-assigning');
    const task = await openTask(id);

    // when
    const response = await post(`/api/user-tasks/${task.id}/complete`, { variables: { approved: true } });
    const again = await post(`/api/user-tasks/${task.id}/complete`, {});
    await serveOne('check-1', { result: { denied: true, deniedReason: 'no receipt' } });

    // then
    expect(response.status).to.equal(202);
    expect(await response.json()).to.deep.equal({ id: task.id, status: 'completing' });
    expect(again.status).to.equal(409);
    await eventually(async () => (await engine.history(id)).some((e) => e.type === 'userTask.denied' && e.message!.includes('no receipt')));
    expect((await openTask(id)).id).to.equal(task.id);
    expect((await engine.getInstance(id)).variables).not.to.have.property('approved');
  });

  it('should refuse variables from a task listener, a denial of a creation and a BPMN error from any listener', async () => {
    // given
    await engine.start('reviewed', { variables: { reviewer: 'ann' } });
    const [job] = await activate('on-creating');
    const complete = (body: unknown) => post(`/api/jobs/${encodeURIComponent(job.key)}/complete`, body);

    // when
    const withVariables = await complete({ variables: { x: 1 } });
    const deniedCreation = await complete({ result: { denied: true } });
    const notAnObject = await complete({ result: 'deny' });
    const thrown = await post(`/api/jobs/${encodeURIComponent(job.key)}/error`, { errorCode: 'E' });

    // then
    for (const response of [withVariables, deniedCreation, notAnObject, thrown]) expect(response.status).to.equal(400);
    expect((await withVariables.json()).error.message).to.contain('without variables');
    expect((await deniedCreation.json()).error.message).to.contain('only assigning, updating and completing');
  });

  it('should refuse a diagram with a listener Zeebe refuses, naming the element', async () => {
    // given
    const xml = (await readFile(new URL('../runtime/listeners-task.bpmn', import.meta.url), 'utf8')).replace('eventType="creating"', 'eventType="deleting"');

    // when
    const response = await post('/api/deployments?name=bad.bpmn', xml, 'application/xml');

    // then: a validation error, as for every refused diagram
    expect(response.status).to.equal(422);
    const { error } = await response.json();
    expect(error.details.problems).to.deep.include({
      processId: 'reviewed',
      elementId: 'review',
      message: "task listener event type 'deleting' is not supported: use one of creating, assigning, updating, completing, canceling",
    });
  });
});
