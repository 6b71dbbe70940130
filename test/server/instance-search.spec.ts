import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import { TestClock } from '../helpers.js';
import { serve, type Served } from './serve.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');

describe('REST API: instance search', () => {
  let engine: Engine;
  let api: Served;
  let base: string;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock(NOW);
    let n = 0;
    engine = await Engine.open({ clock, newId: () => `i-${++n}`, jobs: { pollIntervalMs: 10 } });
    api = await serve(engine);
    base = api.base;
    const xml = await readFile(new URL('../search/order-search.bpmn', import.meta.url), 'utf8');
    await engine.deploy({ name: 'order-search.bpmn', xml });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  const list = async (params: Record<string, string>) => {
    const response = await fetch(`${base}/api/instances?${new URLSearchParams(params)}`);
    return { status: response.status, body: await response.json() };
  };
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

  async function startOrders(): Promise<void> {
    // i-1 .. i-4, a minute apart
    for (const [orderId, total, tier] of [
      ['A-1', 5, 'gold'],
      ['A-2', 50, 'silver'],
      ['B-1', 500, 'gold'],
      ['C-1', 20, 'bronze'],
    ] as const) {
      await engine.start('order', { variables: { orderId, total, customer: { tier } } });
      clock.advance(60_000);
    }
  }

  it('should filter instances with a where filter given as URL-encoded JSON', async () => {
    // given
    await startOrders();

    // when
    const where = { and: [{ total: { gt: 10 } }, { or: [{ 'customer.tier': { eq: 'gold' } }, { orderId: { prefix: 'A-' } }] }] };
    const { status, body } = await list({ processId: 'order', where: JSON.stringify(where) });

    // then
    expect(status).to.equal(200);
    expect(ids(body)).to.deep.equal(['i-2', 'i-3']);
    expect(body.items[0].variables).to.deep.include({ orderId: 'A-2', total: 50 });
  });

  it('should page through filtered instances with the after cursor', async () => {
    // given
    await startOrders();
    const where = JSON.stringify({ total: { gte: 5 } });

    // when
    const first = await list({ where, limit: '3' });
    const second = await list({ where, limit: '3', after: first.body.next });

    // then
    expect(ids(first.body)).to.deep.equal(['i-1', 'i-2', 'i-3']);
    expect(first.body.next).to.equal('i-3');
    expect(ids(second.body)).to.deep.equal(['i-4']);
    expect(second.body.next).to.equal(undefined);
  });

  it('should filter by start and end time given as ISO 8601 date-times', async () => {
    // given: i-2 completes at 10:30
    await startOrders();
    clock.set('2026-05-01T10:30:00Z');
    const [review] = await engine.userTasks({ instanceId: 'i-2' });
    await engine.completeUserTask(review.id);

    // then
    expect(ids((await list({ startedAfter: '2026-05-01T10:01:00Z', startedBefore: '2026-05-01T10:03:00Z' })).body)).to.deep.equal(['i-2', 'i-3']);
    expect(ids((await list({ startedAfter: '2026-05-01T12:01:00+02:00' })).body)).to.deep.equal(['i-2', 'i-3', 'i-4']);
    expect(ids((await list({ endedAfter: '2026-05-01' })).body)).to.deep.equal(['i-2']);
    expect(ids((await list({ endedBefore: '2026-05-01T10:30:00Z' })).body)).to.deep.equal([]);
  });

  it('should filter by version of a process', async () => {
    // given
    await startOrders();
    const xml = await readFile(new URL('../search/order-search.bpmn', import.meta.url), 'utf8');
    await engine.deploy({ name: 'order-search.bpmn', xml: xml.replace('name="Review"', 'name="Second review"') });
    await engine.start('order', { variables: { total: 1 } });

    // then
    expect(ids((await list({ processId: 'order', version: '2' })).body)).to.deep.equal(['i-5']);
    expect(ids((await list({ processId: 'order', version: '1', where: '{"total":{"lt":30}}' })).body)).to.deep.equal(['i-1', 'i-4']);
  });

  it('should answer a filter that is not JSON with 400', async () => {
    // when
    const { status, body } = await list({ where: '{total: {gt: 10}}' });

    // then
    expect(status).to.equal(400);
    expect(body.error.code).to.equal('INVALID_ARGUMENT');
    expect(body.error.message).to.match(/^where is not valid JSON/);
  });

  it('should answer a filter with an unknown operator or a bad attribute name with 400 naming the place', async () => {
    // when
    const operator = await list({ where: JSON.stringify({ or: [{ total: { gt: 1 } }, { total: { regex: '.*' } }] }) });
    const name = await list({ where: JSON.stringify({ "x'); DROP TABLE instances; --": 1 }) });

    // then
    expect(operator.status).to.equal(400);
    expect(operator.body.error).to.deep.equal({
      code: 'INVALID_ARGUMENT',
      message: "where.or[1].total.regex: unknown operator 'regex': use one of eq, ne, gt, gte, lt, lte, in, prefix",
      details: { path: 'where.or[1].total.regex' },
    });
    expect(name.status).to.equal(400);
    expect(name.body.error.message).to.match(/is not an attribute name/);
    expect((await list({})).status).to.equal(200);
  });

  it('should answer a filter on an attribute the process does not declare with 400 listing those it does', async () => {
    // when
    const { status, body } = await list({ processId: 'order', where: '{"customer.name":"Ann"}' });

    // then
    expect(status).to.equal(400);
    expect(body.error.details).to.deep.equal({ unknown: ['customer.name'], declared: ['orderId', 'total', 'customer.tier'] });
  });

  it('should answer bad times and versions with 400', async () => {
    for (const [params, message] of [
      [{ startedAfter: 'yesterday' }, "startedAfter must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z, not 'yesterday'"],
      [{ endedBefore: '2026-13-45T99:00:00Z' }, /^endedBefore must be an ISO 8601 date-time/],
      [{ processId: 'order', version: 'two' }, 'version must be a whole number of at least 1'],
      [{ version: '2' }, 'version needs a processId: versions are numbered per process'],
    ] as const) {
      const { status, body } = await list(params as Record<string, string>);
      expect(status, JSON.stringify(params)).to.equal(400);
      if (typeof message === 'string') expect(body.error.message).to.equal(message);
      else expect(body.error.message).to.match(message);
    }
  });
});
