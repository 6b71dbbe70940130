import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { BUILT_IN, ConnectorRegistry, CONNECTOR_LIMITS } from '../../server/connectors/registry.js';
import { serve, type Served } from './serve.js';

const WORKER: ApiKey = { key: 'registry-worker-key-001', name: 'runtime', roles: ['worker'], groups: [] };
const VIEWER: ApiKey = { key: 'registry-viewer-key-001', name: 'viewer', roles: ['viewer'], groups: [] };
const template = (id = 'io.example:echo:1') => ({ id, name: 'Echo', version: 1, appliesTo: ['bpmn:Task'], properties: [] });
const registration = (connectors: unknown, runtime: unknown = 'r1') => ({ runtime, connectors });

describe('REST API: connectors', () => {
  let engine: Engine;
  let served: Served;

  beforeEach(async () => {
    engine = await Engine.open({ connectors: { http: false } });
    served = await serve(engine, { apiKeys: [WORKER, VIEWER] });
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  const register = (body: unknown, key = WORKER.key) => served.call('POST', '/api/connectors/registrations', { key, body });
  const listed = async () => (await (await served.call('GET', '/api/connectors', { key: VIEWER.key })).json()).items;

  it('should list the connectors a runtime registers, with their template and when it was last seen', async () => {
    // given
    await register(registration([{ type: 'echo', template: template() }]));

    // when
    const items = await listed();

    // then
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ type: 'echo', name: 'Echo', runtime: 'r1' });
    expect(Date.parse(items[0].lastSeenAt)).to.be.closeTo(Date.now(), 5_000);
  });

  it("should replace a runtime's connectors when it registers again", async () => {
    // given
    await register(registration([{ type: 'echo', template: template() }]));

    // when
    await register(registration([{ type: 'other', template: template('io.example:other:1') }]));

    // then
    expect((await listed()).map((item: { type: string }) => item.type)).to.deep.equal(['other']);
  });

  it('should refuse a registration with a viewer key (403)', async () => {
    // when
    const response = await register(registration([{ type: 'echo', template: template() }]), VIEWER.key);

    // then
    expect(response.status).to.equal(403);
    expect(await listed()).to.deep.equal([]);
  });

  it('should refuse a template larger than 256 KiB (413)', async () => {
    // given
    const large = { ...template(), description: 'x'.repeat(CONNECTOR_LIMITS.templateBytes) };

    // when
    const response = await register(registration([{ type: 'echo', template: large }]));

    // then
    expect(response.status).to.equal(413);
    expect((await response.json()).error.code).to.equal('LIMIT_EXCEEDED');
  });

  it('should refuse more than 100 connectors in one registration (413)', async () => {
    // given
    const connectors = Array.from({ length: CONNECTOR_LIMITS.connectors + 1 }, (_, i) => ({ type: `t${i}`, template: template() }));

    // when
    const response = await register(registration(connectors));

    // then
    expect(response.status).to.equal(413);
    expect(await listed()).to.deep.equal([]);
  });

  it('should refuse a template with a __proto__ key at any depth (400), and leave Object.prototype alone', async () => {
    // given: sent as text, so the key reaches the server as written
    const body = `{"runtime":"r1","connectors":[{"type":"echo","template":{"id":"a","name":"A","properties":[{"binding":{"__proto__":{"polluted":true}}}]}}]}`;

    // when
    const response = await fetch(`${served.base}/api/connectors/registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WORKER.key}`, 'content-type': 'application/json' },
      body,
    });

    // then
    expect(response.status).to.equal(400);
    expect(await listed()).to.deep.equal([]);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  for (const [what, body] of [
    ['a template without an id', registration([{ type: 'echo', template: { name: 'Echo' } }])],
    ['a template that is a list', registration([{ type: 'echo', template: [] }])],
    ['a template with a fractional version', registration([{ type: 'echo', template: { ...template(), version: 1.5 } }])],
    [
      'a type registered twice',
      registration([
        { type: 'echo', template: template() },
        { type: 'echo', template: template() },
      ]),
    ],
    ["an engine's own task type", registration([{ type: 'baton:timer', template: template() }])],
    ["the runtime name 'built-in'", registration([], BUILT_IN)],
    ['a runtime without a name', registration([], '')],
    ['connectors that are no list', registration({ type: 'echo' })],
  ] as const) {
    it(`should refuse ${what} (400)`, async () => {
      // when
      const response = await register(body);

      // then
      expect(response.status).to.equal(400);
      expect((await response.json()).error.code).to.equal('INVALID_ARGUMENT');
    });
  }

  it('should refuse a new runtime once 100 are registered (413), and still take the heartbeat of a known one', async () => {
    // given
    for (let i = 0; i < CONNECTOR_LIMITS.runtimes; i++) expect((await register(registration([], `r${i}`))).status).to.equal(200);

    // when
    const newcomer = await register(registration([], 'one-too-many'));
    const heartbeat = await register(registration([], 'r0'));

    // then
    expect(newcomer.status).to.equal(413);
    expect(heartbeat.status).to.equal(200);
  });
});

describe('Connector registry', () => {
  it('should forget a runtime whose last registration is older than the expiry', () => {
    // given
    let now = 1_000_000;
    const registry = new ConnectorRegistry({ expiryMs: 120_000, now: () => now });
    registry.register(registration([{ type: 'echo', template: template() }]));

    // when
    now += 120_000;
    const justInTime = registry.list();
    now += 1;
    const late = registry.list();

    // then
    expect(justInTime).to.have.length(1);
    expect(late).to.deep.equal([]);
  });

  it('should refuse a template holding a __proto__ key, whoever parsed it', () => {
    // given: JSON.parse keeps `__proto__` as an own key
    const registry = new ConnectorRegistry();
    const hostile = JSON.parse('{"id":"a","name":"A","properties":[{"value":{"__proto__":{"polluted":true}}}]}');

    // when
    const attempt = () => registry.register(registration([{ type: 'echo', template: hostile }]));

    // then
    expect(attempt).to.throw(/'__proto__'/);
    expect(registry.list()).to.deep.equal([]);
  });

  it("should list the engine's own REST connector as built-in by default, with its element template", async () => {
    // given
    const withBuiltIns = await Engine.open();
    const api = await serve(withBuiltIns, { apiKeys: [WORKER, VIEWER] });

    // when
    const response = await api.call('GET', '/api/connectors', { key: VIEWER.key });

    // then
    const { items } = await response.json();
    expect(items.map((c: { type: string; runtime: string }) => [c.type, c.runtime])).to.deep.equal([['io.camunda:http-json:1', 'built-in']]);
    expect(items[0].template.properties.length).to.be.greaterThan(5);
    await api.close();
    await withBuiltIns.close();
  });

  it("should list built-in connectors first, as runtime 'built-in', and give each template once", () => {
    // given
    const registry = new ConnectorRegistry({ builtIns: [{ type: 'zz-built-in', template: template('io.example:shared:1') }] });
    registry.register(registration([{ type: 'aa-remote', template: template('io.example:shared:1') }]));

    // when
    const items = registry.list();
    const templates = registry.templates();

    // then
    expect(items.map(({ type, runtime }) => ({ type, runtime }))).to.deep.equal([
      { type: 'zz-built-in', runtime: 'built-in' },
      { type: 'aa-remote', runtime: 'r1' },
    ]);
    expect(items[0]).to.not.have.property('lastSeenAt');
    expect(templates.map((t) => t.id)).to.deep.equal(['io.example:shared:1']);
  });
});
