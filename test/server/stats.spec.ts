import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { TestClock } from '../helpers.js';
import { serve, type Served } from './serve.js';

const KEYS: ApiKey[] = [
  { key: 'stats-viewer-key-00000001', name: 'vera', roles: ['viewer'], groups: [] },
  { key: 'stats-user-key-0000000001', name: 'ulla', roles: ['user'], groups: [] },
];

describe('REST API: GET /api/stats (the dashboard)', () => {
  let engine: Engine;
  let api: Served;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock('2026-12-03T10:00:00Z');
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'user-tasks.bpmn', xml: await readFile(new URL('./user-tasks.bpmn', import.meta.url), 'utf8') });
    api = await serve(engine, { apiKeys: KEYS });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  const stats = (query = '', key = KEYS[0].key) => fetch(`${api.base}/api/stats${query}`, { headers: { authorization: `Bearer ${key}` } });

  it('should count starts and completions per bucket, active instances per version, and how long user tasks waited', async () => {
    // given: two reviews start at 10:00; one is approved 90 s later, at 10:01:30
    const first = await engine.start('review', { variables: { amount: 10 } });
    await engine.start('review', { variables: { amount: 20 } });
    clock.advance(90_000);
    const [task] = (await engine.userTasks({ instanceId: first.id })).map((t) => t.id);
    await engine.completeUserTask(task, { approved: true });

    // when
    const response = await stats('?hours=1');

    // then
    expect(response.status).to.equal(200);
    const body = await response.json();
    expect(body).to.include({ hours: 1, bucketMinutes: 5 });
    expect(body.buckets).to.have.length(12);
    const now = body.buckets.at(-1);
    expect(now).to.deep.equal({ at: '2026-12-03T10:00:00.000Z', started: 2, completed: 1, incidents: 0 });
    expect(body.totals).to.deep.equal({ started: 2, completed: 1, incidents: 0, active: 1, openIncidents: 0 });
    expect(body.processes).to.deep.equal([{ processId: 'review', active: 1, incidents: 0, versions: [{ version: 1, active: 1, incidents: 0 }] }]);
    // the user task and the sub-process around it both waited 90 s; the start and end events did not wait
    expect(body.slowestElements).to.have.deep.members([
      { processId: 'review', elementId: 'approve', count: 1, meanMs: 90_000, maxMs: 90_000 },
      { processId: 'review', elementId: 'stage', count: 1, meanMs: 90_000, maxMs: 90_000 },
    ]);
  });

  it('should refuse a window it does not offer, and a key without a reader role', async () => {
    expect((await stats('?hours=5')).status).to.equal(400);
    expect((await stats('', KEYS[1].key)).status).to.equal(403);
    expect((await stats('?hours=168')).status).to.equal(200);
  });
});
