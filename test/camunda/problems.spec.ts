import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { serve, type Served } from '../server/serve.js';

describe('Camunda 8 API: errors as ProblemDetail', () => {
  let engine: Engine;
  let served: Served;

  beforeEach(async () => {
    engine = await Engine.open();
    served = await serve(engine);
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  async function problem(method: string, path: string, body?: unknown) {
    const answer = await served.call(method, path, { body });
    expect(answer.headers.get('content-type')).to.contain('application/problem+json');
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  }

  it('should answer 404 for a job key that was never given out', async () => {
    // when
    const { status, body } = await problem('POST', '/v2/jobs/2251799813685999/completion', {});

    // then
    expect(status).to.equal(404);
    expect(body).to.deep.equal({
      type: 'about:blank',
      title: 'NOT_FOUND',
      status: 404,
      detail: 'no job with key 2251799813685999',
      instance: '/v2/jobs/2251799813685999/completion',
    });
  });

  it('should answer 404 for a key of another kind, and 400 for keys that are not numbers or too long', async () => {
    // given
    const instanceKey = await engine.numericKey('instance', 'some-instance');

    // when
    const answers = await Promise.all([
      problem('POST', `/v2/jobs/${instanceKey}/failure`, { retries: 0 }),
      problem('POST', '/v2/jobs/__proto__/completion', {}),
      problem('POST', `/v2/jobs/${'9'.repeat(5000)}/completion`, {}),
    ]);

    // then
    expect(answers.map((a) => a.status)).to.deep.equal([404, 400, 400]);
  });

  it('should refuse a field the operation does not know with a 400 naming it', async () => {
    // when
    const { status, body } = await problem('POST', '/v2/jobs/activation', { type: 'charge', timeout: 1000, maxJobsToActivate: 1, maxJobsToActivates: 2 });

    // then
    expect(status).to.equal(400);
    expect(body).to.include({ title: 'INVALID_ARGUMENT', status: 400 });
    expect(body.detail).to.contain("'maxJobsToActivates' is not a field");
  });

  it('should refuse a tenant other than <default>', async () => {
    // when
    const { status } = await problem('POST', '/v2/jobs/activation', { type: 'charge', timeout: 1000, maxJobsToActivate: 1, tenantIds: ['acme'] });

    // then
    expect(status).to.equal(400);
  });

  it('should answer 501 naming an operation of the Camunda API that Baton does not serve', async () => {
    // when
    const { status, body } = await problem('POST', '/v2/tenants', { tenantId: 'acme', name: 'Acme' });

    // then
    expect(status).to.equal(501);
    expect(body).to.include({ title: 'NOT_IMPLEMENTED', instance: '/v2/tenants' });
    expect(body.detail).to.equal('POST /v2/tenants is an operation of the Camunda 8 REST API that Baton does not serve');
  });

  it('should keep /api errors in their own shape', async () => {
    // when
    const answer = await served.call('POST', '/api/jobs/nothing/complete', { body: {} });

    // then
    expect(answer.status).to.equal(404);
    expect(await answer.json()).to.have.property('error');
  });
});
