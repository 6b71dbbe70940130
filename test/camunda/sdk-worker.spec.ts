import { expect } from 'chai';
import { Camunda8 } from '@camunda8/sdk';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { fixture, until } from '../helpers.js';
import { serve, type Served } from '../server/serve.js';

const WORKER_KEY: ApiKey = { key: 'worker-key-0123456789', name: 'shipping', roles: ['worker'], groups: [] };

describe('Camunda 8 API: a worker built with @camunda8/sdk (REST client, BEARER)', () => {
  let engine: Engine;
  let served: Served;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'order.bpmn', xml: fixture(import.meta.url, 'order.bpmn') });
    served = await serve(engine, { apiKeys: [WORKER_KEY] });
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  const restClient = (token: string) =>
    new Camunda8({
      ZEEBE_REST_ADDRESS: served.base,
      CAMUNDA_AUTH_STRATEGY: 'BEARER',
      CAMUNDA_OAUTH_TOKEN: token,
      CAMUNDA_LOG_LEVEL: 'none',
    }).getCamundaRestClient();

  it('should complete the jobs of a deployed diagram with an API key sent as the Bearer token', async () => {
    // given
    const instance = await engine.start('order', { variables: { orderId: 'B-1' } });
    const client = restClient(WORKER_KEY.key);

    // when
    const workers = ['charge', 'ship'].map((type) =>
      client.createJobWorker({
        type,
        worker: `${type}-worker`,
        timeout: 30_000,
        maxJobsToActivate: 5,
        pollIntervalMs: 20,
        jobHandler: (job) => job.complete({ [type]: String((job.variables as { orderId?: string }).orderId) }),
      }),
    );
    try {
      const done = await until(engine, instance.id, (view) => view.status === 'completed');

      // then
      expect(done.variables).to.include({ charge: 'B-1', ship: 'B-1' });
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });

  it('should refuse a wrong Bearer token with a 401 ProblemDetail', async () => {
    // given
    await engine.start('order');

    // when
    const answer = await served.call('POST', '/v2/jobs/activation', {
      key: 'not-a-key-0123456789',
      body: { type: 'charge', timeout: 1000, maxJobsToActivate: 1 },
    });

    // then
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('content-type')).to.contain('application/problem+json');
    expect(await answer.json()).to.include({ type: 'about:blank', title: 'UNAUTHENTICATED', status: 401, instance: '/v2/jobs/activation' });
  });
});
