import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { untilInstance } from '../helpers.js';
import { serve, type Served } from './serve.js';

const OPERATOR: ApiKey = { key: 'secrets-operator-key-01', name: 'ops', roles: ['operator'], groups: [] };
const WORKER: ApiKey = { key: 'secrets-worker-key-0001', name: 'w', roles: ['worker'], groups: [] };
const VIEWER: ApiKey = { key: 'secrets-viewer-key-0001', name: 'v', roles: ['viewer'], groups: [] };
const TOKEN = 'tok-rest-parent-0000001';
const ROTATED = 'tok-rest-rotated-000002';

describe('REST API: instance secrets', () => {
  let engine: Engine;
  let api: Served;
  let lines: string[];
  /** Every answer body the test received, to search for secret values. */
  let answers: string[];

  /** `handsOutSecrets`: the one answer that carries them by design (a worker that asked), left out of the search. */
  const call = async (key: ApiKey, method: string, path: string, body?: unknown, handsOutSecrets = false) => {
    const response = await api.call(method, path, { key: key.key, body });
    const text = await response.text();
    if (!handsOutSecrets) answers.push(text);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
    await engine.deploy({ name: 'secrets.bpmn', xml: await readFile(new URL('../engine/secrets.bpmn', import.meta.url), 'utf8') });
    lines = [];
    answers = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    api = await serve(engine, { logger, apiKeys: [OPERATOR, WORKER, VIEWER] });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  it('should take secrets on start, rotate them, hand them to a worker that asks, and show them nowhere', async () => {
    // given: a handler for the parent's job that fails once quoting its token (then succeeds)
    const seen: string[] = [];
    engine.handle('fetch-account', (job) => {
      seen.push(job.secrets.apiToken);
      if (seen.length === 1) throw new Error(`upstream refused ${job.secrets.apiToken}`);
      return { echoed: job.secrets.apiToken };
    });

    // when: started with secrets, the child (call activity) waits on its user task; the parent rotates
    const started = await call(OPERATOR, 'POST', '/api/processes/syncAccount/instances', {
      variables: { apiUrl: 'https://a.example' },
      secrets: { apiToken: TOKEN },
    });
    const parentId = started.body.id as string;
    const waiting = await untilInstance(engine, parentId, (v) => v.activeElements.some((e) => e.childInstanceId));
    const childId = waiting.activeElements.find((e) => e.childInstanceId)!.childInstanceId!;
    await untilInstance(engine, childId, (v) => v.activeElements.some((e) => e.elementId === 'approve'));
    const rotated = await call(OPERATOR, 'PUT', `/api/instances/${parentId}/secrets`, { secrets: { apiToken: ROTATED } });
    const names = await call(VIEWER, 'GET', `/api/instances/${childId}/secrets`);
    const [task] = await engine.userTasks({ instanceId: childId });
    await call(OPERATOR, 'POST', `/api/user-tasks/${task.id}/complete`, { variables: {} });
    const plain = await call(WORKER, 'POST', '/api/jobs/activate', { type: 'push-item', worker: 'w', maxJobs: 1, requestTimeoutMs: 2000, lockMs: 1 });
    // Time passes on purpose: the 1 ms lease runs out, so the job can be activated again.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const asked = await call(
      WORKER,
      'POST',
      '/api/jobs/activate',
      { type: 'push-item', worker: 'w', maxJobs: 1, requestTimeoutMs: 2000, withSecrets: true },
      true,
    );
    await call(WORKER, 'POST', `/api/jobs/${encodeURIComponent(asked.body.jobs[0].key)}/complete`, { variables: {}, worker: 'w' });
    await engine.waitFor(parentId, 'completed', { timeoutMs: 3_000 });
    await call(VIEWER, 'GET', `/api/instances/${parentId}`);
    await call(VIEWER, 'GET', `/api/instances/${parentId}/history`);
    await call(VIEWER, 'GET', `/api/instances/${childId}/history`);
    await call(VIEWER, 'GET', '/api/incidents');
    const metrics = await api.call('GET', '/metrics', { key: VIEWER.key });

    // then
    expect(started.status).to.equal(201);
    expect(rotated).to.deep.equal({ status: 200, body: { own: ['apiToken'], inherited: [] } });
    expect(names.body).to.deep.equal({ own: [], inherited: ['apiToken'] });
    expect(plain.body.jobs[0]).not.to.have.property('secrets');
    expect(asked.body.jobs[0].secrets).to.deep.equal({ apiToken: ROTATED });
    const everywhere = [...answers, ...lines, await metrics.text(), JSON.stringify(await engine.history(parentId))].join('\n');
    for (const value of [TOKEN, ROTATED]) expect(everywhere).not.to.include(value);
    expect(seen).to.deep.equal([TOKEN, TOKEN]);
  });

  it('should answer 400 for bad secrets, 404 for an unknown instance and 403 for a viewer that tries to set them', async () => {
    // given
    const { id } = await engine.start('syncAccount');

    // when
    const badName = await call(OPERATOR, 'POST', '/api/processes/syncAccount/instances', { secrets: { 'no spaces': 'x' } });
    const notText = await call(OPERATOR, 'PUT', `/api/instances/${id}/secrets`, { secrets: { apiToken: 1 } });
    const missing = await call(OPERATOR, 'PUT', `/api/instances/${id}/secrets`, {});
    const unknown = await call(OPERATOR, 'PUT', '/api/instances/nope/secrets', { secrets: {} });
    const viewer = await call(VIEWER, 'PUT', `/api/instances/${id}/secrets`, { secrets: { apiToken: 'x' } });
    const badFlag = await call(WORKER, 'POST', '/api/jobs/activate', { type: 'push-item', worker: 'w', withSecrets: 'yes' });

    // then
    expect([badName.status, notText.status, missing.status, unknown.status, viewer.status, badFlag.status]).to.deep.equal([400, 400, 400, 404, 403, 400]);
    expect(notText.body.error.message).to.equal('secrets.apiToken must be text');
  });
});
