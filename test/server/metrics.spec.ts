import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { serve, type Served } from './serve.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

/** The value of one series in Prometheus text, e.g. `baton_instances_started_total{process_id="approval"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let engine: Engine;
  let api: Served;
  let attempts: number;
  let failUntil: number;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10, retryBackoffMs: 1 } });
    attempts = 0;
    failUntil = 0;
    engine.handle('approve', async () => {
      attempts++;
      if (attempts <= failUntil) throw new Error('the approval service is down');
      return { approved: true };
    });
    await engine.deploy({ name: 'approval.bpmn', xml: await fixture('approval.bpmn') });
    await engine.deploy({ name: 'user-tasks.bpmn', xml: await fixture('user-tasks.bpmn') });
    api = await serve(engine);
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  const metrics = async () => {
    const response = await api.call('GET', '/metrics');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('should count instances started, completed and cancelled per process, and those still active', async () => {
    // given
    const done = await engine.start('approval');
    await engine.waitFor(done.id, 'completed', { timeoutMs: 2_000 });
    const waiting = await engine.start('ticket', { variables: { owner: 'bob' } });
    const cancelled = await engine.start('ticket', { variables: { owner: 'eve' } });
    await engine.cancel(cancelled.id);

    // when
    const text = await metrics();

    // then
    expect(sample(text, 'baton_instances_started_total{process_id="approval"}')).to.equal(1);
    expect(sample(text, 'baton_instances_completed_total{process_id="approval"}')).to.equal(1);
    expect(sample(text, 'baton_instances_started_total{process_id="ticket"}')).to.equal(2);
    expect(sample(text, 'baton_instances_cancelled_total{process_id="ticket"}')).to.equal(1);
    expect(sample(text, 'baton_instances_active{process_id="ticket"}')).to.equal(1);
    expect(sample(text, 'baton_instances_active{process_id="approval"}')).to.equal(0);
    expect(waiting.status).to.equal('active');
  });

  it('should count jobs activated, completed and failed by task type', async () => {
    // given
    failUntil = 1;
    const { id } = await engine.start('approval');
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // when
    const text = await metrics();

    // then
    expect(sample(text, 'baton_jobs_activated_total{type="approve"}')).to.equal(2);
    expect(sample(text, 'baton_jobs_failed_total{type="approve"}')).to.equal(1);
    expect(sample(text, 'baton_jobs_completed_total{type="approve"}')).to.equal(1);
  });

  it('should count incidents created and resolved, and show those open', async () => {
    // given
    failUntil = 3;
    const raised = new Promise<string>((resolve) => engine.once('incident.created', (event) => resolve(event.incidentId!)));
    const { id } = await engine.start('approval');
    const incident = await raised;
    const whileOpen = await metrics();

    // when
    await engine.resolveIncident(id, incident, { retries: 1 });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    const afterwards = await metrics();

    // then
    expect(sample(whileOpen, 'baton_incidents_created_total{process_id="approval"}')).to.equal(1);
    expect(sample(whileOpen, 'baton_incidents_open{process_id="approval"}')).to.equal(1);
    expect(sample(afterwards, 'baton_incidents_resolved_total{process_id="approval"}')).to.equal(1);
    expect(sample(afterwards, 'baton_incidents_open{process_id="approval"}')).to.equal(0);
  });

  it('should time steps by trigger type', async () => {
    // given
    const { id } = await engine.start('approval');
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // when
    const text = await metrics();

    // then
    expect(sample(text, 'baton_step_duration_seconds_count{trigger="start"}')).to.equal(1);
    expect(sample(text, 'baton_step_duration_seconds_count{trigger="jobCompleted"}')).to.equal(1);
    expect(sample(text, 'baton_step_duration_seconds_bucket{le="+Inf",trigger="start"}')).to.equal(1);
  });

  it('should time HTTP requests by matched route and status, never by raw path', async () => {
    // given
    const { id } = await engine.start('ticket', { variables: { owner: 'bob' } });
    await api.call('GET', `/api/instances/${id}`);
    await api.call('GET', '/api/instances/no-such-instance');
    await api.call('GET', '/no/such/route');

    // when
    const text = await metrics();

    // then
    expect(sample(text, 'baton_http_request_duration_seconds_count{method="GET",route="/api/instances/:id",status="200"}')).to.equal(1);
    expect(sample(text, 'baton_http_request_duration_seconds_count{method="GET",route="/api/instances/:id",status="404"}')).to.equal(1);
    expect(sample(text, 'baton_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).to.equal(1);
    expect(text).not.to.include(id);
    expect(text).not.to.include('no-such');
  });

  it('should count the instances that were active before the app was created, once', async () => {
    // given
    await engine.start('ticket', { variables: { owner: 'bob' } });
    await engine.start('ticket', { variables: { owner: 'eve' } });
    const later = await serve(engine);

    try {
      // when
      await engine.start('ticket', { variables: { owner: 'ann' } });
      const response = await later.call('GET', '/metrics');
      const text = await response.text();

      // then
      expect(sample(text, 'baton_instances_active{process_id="ticket"}')).to.equal(3);
      expect(sample(text, 'baton_instances_started_total{process_id="ticket"}')).to.equal(1);
    } finally {
      await later.close();
    }
  });

  it('should keep the counters of each app apart', async () => {
    // given
    const other = await serve(engine);
    await api.call('GET', '/health');

    try {
      // when
      const text = await (await other.call('GET', '/metrics')).text();

      // then
      expect(sample(text, 'baton_http_request_duration_seconds_count{method="GET",route="/health",status="200"}')).to.equal(undefined);
    } finally {
      await other.close();
    }
  });

  it('should export Node.js process metrics when asked', async () => {
    // given
    const keys: ApiKey[] = [{ key: 'viewer-key-0000000001', name: 'prometheus', roles: ['viewer'], groups: [] }];
    const withProcess = await serve(engine, { processMetrics: true, apiKeys: keys });

    try {
      // when
      const response = await withProcess.call('GET', '/metrics', { key: keys[0].key });

      // then
      expect(await response.text()).to.include('process_cpu_user_seconds_total');
    } finally {
      await withProcess.close();
    }
  });
});
