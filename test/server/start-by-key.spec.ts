import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { call, serveNewEngine, type TestServer } from './serve.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

/** Starts and ends at once: `awaitCompletion` answers with the final variables. */
const STRAIGHT = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="straightDefinitions" targetNamespace="http://baton.test">
  <bpmn:process id="straight" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toEnd" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('REST API: POST /api/instances (start by definition key)', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await serveNewEngine({ identities: true, engine: { limits: { instanceBytes: 4096 } } });
    const order = await fixture('definitions-order.bpmn');
    await server.engine.deploy({ name: 'order.bpmn', xml: order });
    await server.engine.deploy({ name: 'order-2.bpmn', xml: order.replace('name="Order handling"', 'name="Order handling 2"') });
  });

  afterEach(() => server.stop());

  const start = (body: unknown, identity?: { name: string; roles: string[]; groups: string[] }) => call(server.base, 'POST', '/api/instances', body, identity);

  it('should start the version the key names, not the latest, with variables and business key', async () => {
    // when
    const response = await start({ definitionKey: 'order:1', variables: { total: 99 }, businessKey: 'A-1' });

    // then
    expect(response.status).to.equal(201);
    const instance = await response.json();
    expect(instance).to.include({ processId: 'order', version: 1, businessKey: 'A-1', status: 'active' });
    expect(instance.variables).to.deep.equal({ total: 99 });
    expect(response.headers.get('location')).to.equal(`/api/instances/${instance.id}`);
    expect((await server.engine.getInstance(instance.id)).version).to.equal(1);
  });

  it('should answer once the instance has ended with awaitCompletion', async () => {
    // given
    await server.engine.deploy({ xml: STRAIGHT });

    // when
    const response = await start({ definitionKey: 'straight:1', variables: { done: true }, awaitCompletion: true, requestTimeoutMs: 5000 });

    // then
    expect(response.status).to.equal(201);
    expect(await response.json()).to.deep.include({ status: 'completed', variables: { done: true } });
  });

  it('should answer 404 for a key that is not deployed', async () => {
    // when
    const responses = await Promise.all(['order:3', 'nope:1', 'order', 'order:x', ':1'].map((definitionKey) => start({ definitionKey })));

    // then
    for (const response of responses) {
      expect(response.status).to.equal(404);
      expect((await response.json()).error.code).to.equal('NOT_FOUND');
    }
  });

  it('should answer 400 without a key, with a key that is not a string, or with a version or environment beside it', async () => {
    // when
    const responses = await Promise.all([
      start({}),
      start({ definitionKey: 3 }),
      start({ definitionKey: 'order:1', version: 2 }),
      start({ definitionKey: 'order:1', environment: 'prod' }),
      start({ definitionKey: 'order:1', variables: [1] }),
      start({ definitionKey: 'order:1', awaitCompletion: 'yes' }),
    ]);

    // then
    for (const response of responses) {
      expect(response.status).to.equal(400);
      expect((await response.json()).error.code).to.equal('INVALID_ARGUMENT');
    }
    expect((await server.engine.queryInstances()).items).to.deep.equal([]);
  });

  it('should answer 409 for a suspended version and start the other versions still', async () => {
    // given
    await server.engine.suspendDefinition('order', 1);

    // when
    const refused = await start({ definitionKey: 'order:1' });
    const other = await start({ definitionKey: 'order:2' });

    // then
    expect(refused.status).to.equal(409);
    expect((await refused.json()).error.message).to.match(/suspended/);
    expect(other.status).to.equal(201);
  });

  it('should answer 403 when the version may be started only by groups the caller is not in', async () => {
    // given
    await server.engine.updateDefinition('order', 1, { startableBy: ['clerks'] });

    // when
    const refused = await start({ definitionKey: 'order:1' }, { name: 'ops', roles: ['operator'], groups: ['sales'] });
    const allowed = await start({ definitionKey: 'order:1' }, { name: 'clerk', roles: ['operator'], groups: ['clerks'] });

    // then
    expect(refused.status).to.equal(403);
    expect(allowed.status).to.equal(201);
  });

  it('should answer 413 naming the variable when setting variables would make the instance larger than its limit, and store none', async () => {
    // given
    const instance = await (await start({ definitionKey: 'order:1', variables: { note: 'x'.repeat(2000) } })).json();

    // when
    const response = await call(server.base, 'PUT', `/api/instances/${instance.id}/variables`, { variables: { small: 1, big: 'y'.repeat(2500) } });

    // then
    expect(response.status).to.equal(413);
    const { error } = await response.json();
    expect(error.code).to.equal('LIMIT_EXCEEDED');
    expect(error.details).to.include({ variable: 'big', limit: 4096 });
    expect((await server.engine.getInstance(instance.id)).variables).to.deep.equal({ note: 'x'.repeat(2000) });
  });
});
