import { expect } from 'chai';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { Engine } from '../../engine/index.js';
import { fixture, hasIncident, until } from '../helpers.js';
import { serve, type Served } from '../server/serve.js';
import { Engine as BatonEngine } from '../../engine/index.js';
import { camundaClient } from './clients.js';

describe('Camunda 8 API: job workers', () => {
  let engine: Engine;
  let served: Served;
  let camunda: CamundaClient;

  beforeEach(async () => {
    engine = await BatonEngine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'order.bpmn', xml: fixture(import.meta.url, 'order.bpmn') });
    served = await serve(engine);
    camunda = camundaClient(served.base);
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  const activate = (type: string) => camunda.activateJobs({ type, timeout: 30_000, maxJobsToActivate: 5, worker: 'spec', requestTimeout: -1 });

  it('should let a worker built with the official client complete the jobs of a deployed diagram', async () => {
    // given
    const instance = await engine.start('order', { variables: { orderId: 'A-1', amount: 30 } });
    const seen: Array<{ type: string; headers: unknown; tenantId: string; processDefinitionId: string }> = [];
    const worker = (type: string, variables: Record<string, unknown>) =>
      camunda.createJobWorker({
        jobType: type,
        workerName: `${type}-worker`,
        jobTimeoutMs: 30_000,
        pollIntervalMs: 20,
        maxParallelJobs: 2,
        jobHandler: (job) => {
          seen.push({ type: job.type, headers: job.customHeaders, tenantId: job.tenantId, processDefinitionId: job.processDefinitionId });
          return job.complete(variables);
        },
      });

    // when
    const workers = [worker('charge', { charged: true }), worker('ship', { shipped: true })];
    try {
      const done = await until(engine, instance.id, (view) => view.status === 'completed');

      // then
      expect(done.variables).to.include({ orderId: 'A-1', charged: true, shipped: true });
      expect(seen.map((s) => s.type)).to.deep.equal(['charge', 'ship']);
      expect(seen[0]).to.deep.include({ headers: { currency: 'EUR' }, tenantId: '<default>', processDefinitionId: 'order' });
    } finally {
      for (const w of workers) w.stop();
    }
  });

  it('should hand out the full ActivatedJobResult with numeric keys that stay the same', async () => {
    // given
    const instance = await engine.start('order', { variables: { orderId: 'A-2', note: 'fragile' } });

    // when
    const { jobs } = await camunda.activateJobs({ type: 'charge', timeout: 30_000, maxJobsToActivate: 5, worker: 'spec', fetchVariable: ['orderId'] });

    // then
    expect(jobs).to.have.length(1);
    const [job] = jobs;
    expect(job).to.deep.include({
      type: 'charge',
      processDefinitionId: 'order',
      processDefinitionVersion: 1,
      elementId: 'charge',
      worker: 'spec',
      retries: 3,
      variables: { orderId: 'A-2' },
      tenantId: '<default>',
      kind: 'BPMN_ELEMENT',
      listenerEventType: 'UNSPECIFIED',
      userTask: null,
    });
    for (const key of [job.jobKey, job.processInstanceKey, job.processDefinitionKey, job.elementInstanceKey]) expect(key).to.match(/^\d{16}$/);
    expect(job.processInstanceKey).to.equal(await engine.numericKey('instance', instance.id));
    expect(job.deadline).to.be.a('number').above(Date.now());
  });

  it('should make a failed job with retries left available again after its back-off, and raise an incident with none', async () => {
    // given
    const instance = await engine.start('order');
    const [first] = (await activate('charge')).jobs;

    // when
    await camunda.failJob({ jobKey: first.jobKey, retries: 1, errorMessage: 'card declined', retryBackOff: 0 });
    const [again] = (await activate('charge')).jobs;
    await camunda.failJob({ jobKey: again.jobKey, retries: 0, errorMessage: 'card declined twice' });

    // then
    expect(again.jobKey).to.equal(first.jobKey);
    expect(again.retries).to.equal(1);
    const view = await until(engine, instance.id, hasIncident);
    expect(view.incidents[0].message).to.contain('card declined twice');
  });

  it('should let a thrown BPMN error reach the error boundary event', async () => {
    // given
    const instance = await engine.start('order');
    await camunda.completeJob({ jobKey: (await activate('charge')).jobs[0].jobKey, variables: {} });
    const [ship] = (await activate('ship')).jobs;

    // when
    await camunda.throwJobError({ jobKey: ship.jobKey, errorCode: 'OUT_OF_STOCK', errorMessage: 'none left', variables: { backorder: true } });

    // then
    const done = await until(engine, instance.id, (view) => view.status === 'completed');
    expect(done.variables).to.include({ backorder: true });
    expect(done.activeElements).to.deep.equal([]);
  });

  it('should move a job’s deadline with a new timeout, and refuse to change its retries', async () => {
    // given
    await engine.start('order');
    const [job] = (await activate('charge')).jobs;

    // when
    await camunda.updateJob({ jobKey: job.jobKey, changeset: { timeout: 120_000 } });
    const retries = await served.call('PATCH', `/v2/jobs/${job.jobKey}`, { body: { changeset: { retries: 5 } } });

    // then
    expect(retries.status).to.equal(400);
    expect(await retries.json()).to.include({ status: 400, title: 'INVALID_ARGUMENT', instance: `/v2/jobs/${job.jobKey}` });
    const again = await served.call('POST', '/v2/jobs/activation', { body: { type: 'charge', timeout: 1000, maxJobsToActivate: 1, requestTimeout: -1 } });
    expect((await again.json()).jobs).to.deep.equal([]);
  });

  it('should wait for a job as long as requestTimeout says and answer as soon as one is created', async () => {
    // given
    const poll = served.call('POST', '/v2/jobs/activation', { body: { type: 'charge', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 5000 } });

    // when
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.start('order');

    // then
    const answer = await poll;
    expect((await answer.json()).jobs).to.have.length(1);
  });
});
