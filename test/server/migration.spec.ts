import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { serveNewEngine, type TestServer } from './serve.js';

const fixture = (name: string) => readFile(new URL(`../migration/${name}`, import.meta.url), 'utf8');

describe('REST API: migrating instances', () => {
  let server: TestServer;

  afterEach(async () => {
    await server.stop();
  });

  async function startOnVersion1(options: Parameters<typeof serveNewEngine>[0] = {}): Promise<string> {
    server = await serveNewEngine(options);
    await server.engine.deploy({ name: 'shipment.bpmn', xml: await fixture('shipment-v1.bpmn') });
    const { id } = await server.engine.start('shipment', { variables: { orderId: 'A-1' } });
    await server.engine.deploy({ name: 'shipment.bpmn', xml: await fixture('shipment-v2.bpmn') });
    return id;
  }

  const migrate = (id: string, body: unknown, key?: string) =>
    fetch(`${server.base}/api/instances/${id}/migrate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });

  it('should move an instance to the target version with an element mapping and answer with it', async () => {
    // given
    const id = await startOnVersion1();

    // when
    const response = await migrate(id, { targetVersion: 2, mapping: { review: 'check' } });

    // then
    expect(response.status).to.equal(200);
    const instance = await response.json();
    expect(instance).to.include({ id, version: 2, definitionKey: 'shipment:2', status: 'active' });
    expect(instance.activeElements.map((e: { elementId: string }) => e.elementId)).to.deep.equal(['check']);
  });

  it('should answer 422 with a reason per element that has no target, and leave the instance as it was', async () => {
    // given
    const id = await startOnVersion1();

    // when
    const response = await migrate(id, { targetVersion: 2 });

    // then
    expect(response.status).to.equal(422);
    const { error } = await response.json();
    expect(error.code).to.equal('MIGRATION_REFUSED');
    expect(error.details.problems).to.deep.equal([{ elementId: 'review', message: "version 2 has no element 'review'; map it to one" }]);
    expect((await server.engine.getInstance(id)).version).to.equal(1);
  });

  it('should answer a missing or bad targetVersion or mapping with 400', async () => {
    // given
    const id = await startOnVersion1();

    // then
    for (const body of [
      {},
      { targetVersion: 'two' },
      { targetVersion: 0 },
      { targetVersion: 2, mapping: ['review'] },
      { targetVersion: 2, mapping: { review: 7 } },
    ]) {
      const response = await migrate(id, body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect((await response.json()).error.code).to.equal('INVALID_ARGUMENT');
    }
  });

  it('should answer an unknown instance or version with 404 and an ended instance with 409', async () => {
    // given
    const id = await startOnVersion1();

    // then
    expect((await migrate('nobody', { targetVersion: 2 })).status).to.equal(404);
    expect((await migrate(id, { targetVersion: 7 })).status).to.equal(404);
    await server.engine.cancel(id);
    const ended = await migrate(id, { targetVersion: 2, mapping: { review: 'check' } });
    expect(ended.status).to.equal(409);
    expect((await ended.json()).error.code).to.equal('CONFLICT');
  });

  it('should let operators migrate and refuse viewers with 403 and callers without a key with 401', async () => {
    // given
    const id = await startOnVersion1({
      apiKeys: [
        { key: 'operator-key', name: 'ops', roles: ['operator'], groups: [] },
        { key: 'viewer-key', name: 'view', roles: ['viewer'], groups: [] },
      ],
    });
    const body = { targetVersion: 2, mapping: { review: 'check' } };

    // then
    expect((await migrate(id, body)).status).to.equal(401);
    expect((await migrate(id, body, 'viewer-key')).status).to.equal(403);
    expect((await migrate(id, body, 'operator-key')).status).to.equal(200);
  });
});
