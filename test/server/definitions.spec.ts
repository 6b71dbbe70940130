import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { call, serve, serveNewEngine, type Served, type TestServer } from './serve.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

/** The order diagram with another name: a new version when deployed after the original. */
const renamed = (xml: string, name: string) => xml.replace('name="Order handling"', `name="${name}"`);

function form(files: Array<[name: string, content: string]>, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [name, content] of files) body.append('files', new Blob([content], { type: 'application/xml' }), name);
  for (const [field, value] of Object.entries(fields)) body.append(field, value);
  return body;
}

describe('REST API: deployments and process definitions', () => {
  let server: TestServer;
  let order: string;

  beforeEach(async () => {
    server = await serveNewEngine({ identities: true });
    order = await fixture('definitions-order.bpmn');
  });

  afterEach(() => server.stop());

  const deployXml = (xml: string, query = '') =>
    fetch(`${server.base}/api/deployments${query}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
  const deployForm = (body: FormData, query = '') => fetch(`${server.base}/api/deployments${query}`, { method: 'POST', body });
  const get = async (path: string) => {
    const response = await call(server.base, 'GET', path);
    return { status: response.status, body: await response.json() };
  };

  describe('POST /api/deployments (multipart)', () => {
    it('should deploy every file of a multipart body and list each process with its file', async () => {
      // given
      const body = form(
        [
          ['order.bpmn', order],
          ['invoice.bpmn', await fixture('definitions-invoice.bpmn')],
        ],
        { description: 'Q3 release', tags: 'sales, eu' },
      );

      // when
      const response = await deployForm(body);

      // then
      expect(response.status).to.equal(201);
      const { processes, skipped } = await response.json();
      expect(skipped).to.deep.equal([]);
      expect(processes).to.deep.equal([
        { processId: 'order', name: 'Order handling', version: 1, key: 'order:1', created: true, resourceName: 'order.bpmn' },
        { processId: 'invoice', name: 'Invoice run', version: 1, key: 'invoice:1', created: true, resourceName: 'invoice.bpmn' },
      ]);
      const { body: invoice } = await get('/api/processes/invoice');
      expect(invoice).to.include({ key: 'invoice:1', deployedBy: 'anonymous', description: 'Q3 release', suspended: false, latest: true });
      expect(invoice.tags).to.deep.equal(['sales', 'eu']);
    });

    it('should answer 200 with the existing versions when every file was deployed before', async () => {
      // given
      await deployForm(form([['order.bpmn', order]]));

      // when
      const response = await deployForm(form([['order.bpmn', order]]));

      // then
      expect(response.status).to.equal(200);
      expect((await response.json()).processes[0]).to.include({ key: 'order:1', created: false });
    });

    it('should store nothing and answer 422 with the problems of each file when one file cannot run', async () => {
      // given
      const body = form([
        ['order.bpmn', order],
        ['invalid.bpmn', await fixture('invalid.bpmn')],
        ['broken.bpmn', '<bpmn:definitions xmlns:bpmn="x">\n<oops>'],
      ]);

      // when
      const response = await deployForm(body);

      // then
      expect(response.status).to.equal(422);
      const { error } = await response.json();
      expect(error.code).to.equal('VALIDATION_ERROR');
      const resources = new Set(error.details.problems.map((p: { resource: string }) => p.resource));
      expect([...resources]).to.deep.equal(['invalid.bpmn', 'broken.bpmn']);
      expect(error.details.problems.find((p: { resource: string }) => p.resource === 'broken.bpmn').message).to.match(/line 2/);
      expect((await get('/api/processes')).body.items).to.deep.equal([]);
    });

    it('should answer 422 when two files hold the same process', async () => {
      // when
      const response = await deployForm(
        form([
          ['a.bpmn', order],
          ['b.bpmn', renamed(order, 'Other')],
        ]),
      );

      // then
      expect(response.status).to.equal(422);
      const { error } = await response.json();
      expect(error.details.problems).to.deep.equal([
        { resource: 'b.bpmn', processId: 'order', message: "the process 'order' is in 'a.bpmn' too: one deployment may hold each process once" },
      ]);
      expect((await get('/api/processes')).body.items).to.deep.equal([]);
    });

    it('should refuse a file that is not .bpmn or .xml with 400', async () => {
      // when
      const response = await deployForm(
        form([
          ['order.bpmn', order],
          ['notes.txt', 'hello'],
        ]),
      );

      // then
      expect(response.status).to.equal(400);
      expect((await response.json()).error.code).to.equal('INVALID_ARGUMENT');
      expect((await get('/api/processes')).body.items).to.deep.equal([]);
    });

    it('should refuse a multipart body without files with 400', async () => {
      // when
      const response = await deployForm(form([], { description: 'nothing' }));

      // then
      expect(response.status).to.equal(400);
      expect((await response.json()).error.message).to.match(/at least one/);
    });

    it('should refuse a malformed multipart body with 400, never a stack trace', async () => {
      // when
      const response = await fetch(`${server.base}/api/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.bpmn"\r\n\r\n<unterminated',
      });

      // then
      expect(response.status).to.equal(400);
      const text = await response.text();
      expect(JSON.parse(text).error.code).to.equal('BAD_REQUEST');
      expect(text).not.to.match(/at .*\.(ts|js):\d+/);
    });

    it('should refuse more files than one deployment may hold with 413', async () => {
      // given
      const files: Array<[string, string]> = Array.from({ length: 21 }, (_, n) => [`f${n}.bpmn`, '<x/>']);

      // when
      const response = await fetch(`${server.base}/api/deployments`, { method: 'POST', body: form(files) });

      // then
      expect(response.status).to.equal(413);
      expect((await response.json()).error.message).to.match(/too many files/);
    });
  });

  describe('POST /api/deployments (limits)', () => {
    let engine: Engine;
    let api: Served;

    beforeEach(async () => {
      engine = await Engine.open();
      api = await serve(engine, { bodyLimit: '2kb' });
    });

    afterEach(async () => {
      await api.close();
      await engine.close();
    });

    const big = () => order.replace('</bpmn:definitions>', `<!-- ${'x'.repeat(3 * 1024)} -->\n</bpmn:definitions>`);
    let order: string;

    beforeEach(async () => {
      order = await fixture('definitions-order.bpmn');
    });

    it('should refuse a body whose declared length is over the limit with 413 and store nothing', async () => {
      // when
      const response = await fetch(`${api.base}/api/deployments`, { method: 'POST', body: form([['big.bpmn', big()]]) });

      // then
      expect(response.status).to.equal(413);
      expect((await response.json()).error.code).to.equal('LIMIT_EXCEEDED');
      expect(await engine.definitions()).to.deep.equal([]);
    });

    it('should refuse a streamed file over the limit with 413 and store nothing', async () => {
      // given: the form sent in chunks, its length not declared
      const encoded = new Response(
        form([
          ['small.bpmn', order],
          ['big.bpmn', big()],
        ]),
      );
      const bytes = new Uint8Array(await encoded.arrayBuffer());
      const body = new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 1024) controller.enqueue(bytes.slice(at, at + 1024));
          controller.close();
        },
      });

      // when
      const response = await fetch(`${api.base}/api/deployments`, {
        method: 'POST',
        headers: { 'content-type': encoded.headers.get('content-type')! },
        body,
        duplex: 'half',
      } as RequestInit);

      // then
      expect(response.status).to.equal(413);
      expect((await response.json()).error.message).to.match(/larger than the server accepts/);
      expect(await engine.definitions()).to.deep.equal([]);
    });
  });

  describe('POST /api/deployments (raw XML)', () => {
    it('should keep the description, tags and groups from the query, and who deployed', async () => {
      // when
      const response = await fetch(`${server.base}/api/deployments?name=order.bpmn&description=Orders&tags=sales&tags=eu&startableBy=clerks`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'x-test-identity': JSON.stringify({ name: 'ci-bot', roles: ['deployer'], groups: [] }) },
        body: order,
      });

      // then
      expect(response.status).to.equal(201);
      const { body } = await get('/api/processes/order/versions/1');
      expect(body).to.deep.include({ deployedBy: 'ci-bot', description: 'Orders', tags: ['sales', 'eu'], startableBy: ['clerks'], resourceName: 'order.bpmn' });
      expect(Date.parse(body.deployedAt)).to.be.a('number').and.not.NaN;
    });

    it('should refuse tags that are too long with 400', async () => {
      // when
      const response = await deployXml(order, `?tags=${'t'.repeat(65)}`);

      // then
      expect(response.status).to.equal(400);
      expect((await response.json()).error.code).to.equal('INVALID_ARGUMENT');
    });
  });

  describe('GET /api/processes', () => {
    beforeEach(async () => {
      await deployXml(order, '?tags=sales');
      await deployXml(renamed(order, 'Order handling (EU)'), '?tags=sales,eu');
      await deployXml(await fixture('definitions-invoice.bpmn'), '?tags=finance');
    });

    it('should list every version with its metadata', async () => {
      // when
      const { status, body } = await get('/api/processes');

      // then
      expect(status).to.equal(200);
      expect(body.items.map((d: { key: string; latest: boolean }) => [d.key, d.latest])).to.deep.equal([
        ['invoice:1', true],
        ['order:1', false],
        ['order:2', true],
      ]);
    });

    for (const [query, keys] of [
      ['?id=order', ['order:1', 'order:2']],
      ['?name=eu', ['order:2']],
      ['?name=RUN', ['invoice:1']],
      ['?tag=sales', ['order:1', 'order:2']],
      ['?latest=true', ['invoice:1', 'order:2']],
      ['?latest=true&tag=sales', ['order:2']],
      ['?id=unknown', []],
    ] as const) {
      it(`should filter with ${query}`, async () => {
        // when
        const { body } = await get(`/api/processes${query}`);

        // then
        expect(body.items.map((d: { key: string }) => d.key)).to.deep.equal(keys);
      });
    }

    it('should refuse latest that is not true or false with 400', async () => {
      expect((await get('/api/processes?latest=yes')).status).to.equal(400);
    });
  });

  describe('GET /api/processes/:processId and its versions', () => {
    beforeEach(async () => {
      await deployXml(order, '?name=order.bpmn');
      await deployXml(renamed(order, 'Order handling 2'), '?name=order-2.bpmn');
    });

    it('should answer the latest version with its metadata', async () => {
      // when
      const { status, body } = await get('/api/processes/order');

      // then
      expect(status).to.equal(200);
      expect(body).to.deep.include({
        key: 'order:2',
        version: 2,
        name: 'Order handling 2',
        resourceName: 'order-2.bpmn',
        latest: true,
        suspended: false,
        tags: [],
      });
    });

    it('should answer the version history, oldest first', async () => {
      // when
      const { body } = await get('/api/processes/order/versions');

      // then
      expect(body.items.map((d: { version: number; latest: boolean }) => [d.version, d.latest])).to.deep.equal([
        [1, false],
        [2, true],
      ]);
    });

    it('should answer one version', async () => {
      // when
      const { body } = await get('/api/processes/order/versions/1');

      // then
      expect(body).to.include({ key: 'order:1', name: 'Order handling', latest: false });
    });

    it('should answer the XML of a version as it was deployed, as application/xml', async () => {
      // when
      const response = await call(server.base, 'GET', '/api/processes/order/versions/1/xml');

      // then
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^application\/xml/);
      expect(await response.text()).to.equal(order);
    });

    for (const path of [
      '/api/processes/unknown',
      '/api/processes/unknown/versions',
      '/api/processes/order/versions/9',
      '/api/processes/order/versions/9/xml',
    ]) {
      it(`should answer 404 for GET ${path}`, async () => {
        // when
        const { status, body } = await get(path);

        // then
        expect(status).to.equal(404);
        expect(body.error.code).to.equal('NOT_FOUND');
      });
    }

    it('should answer 400 for a version that is not a whole number', async () => {
      expect((await get('/api/processes/order/versions/two')).status).to.equal(400);
      expect((await get('/api/processes/order/versions/0')).status).to.equal(400);
    });
  });

  describe('PATCH /api/processes/:processId/versions/:version', () => {
    beforeEach(async () => {
      await deployXml(order, '?description=first&tags=a');
    });

    it('should change the description, tags and groups, and remove those set to null', async () => {
      // when
      const response = await call(server.base, 'PATCH', '/api/processes/order/versions/1', { tags: ['b', 'c'], startableBy: ['clerks'], description: null });

      // then
      expect(response.status).to.equal(200);
      const body = await response.json();
      expect(body).to.deep.include({ tags: ['b', 'c'], startableBy: ['clerks'] });
      expect(body).not.to.have.property('description');
      expect((await get('/api/processes/order')).body).to.deep.include({ tags: ['b', 'c'], startableBy: ['clerks'] });
    });

    it('should refuse a field that cannot be changed with 400', async () => {
      // when
      const response = await call(server.base, 'PATCH', '/api/processes/order/versions/1', { suspended: true });

      // then
      expect(response.status).to.equal(400);
      expect((await response.json()).error.message).to.match(/suspended/);
    });

    it('should refuse tags that are not a list of strings with 400', async () => {
      expect((await call(server.base, 'PATCH', '/api/processes/order/versions/1', { tags: 'a' })).status).to.equal(400);
      expect((await call(server.base, 'PATCH', '/api/processes/order/versions/1', { tags: [1] })).status).to.equal(400);
    });

    it('should answer 404 for an unknown version', async () => {
      expect((await call(server.base, 'PATCH', '/api/processes/order/versions/2', { tags: [] })).status).to.equal(404);
    });
  });

  describe('suspend and activate', () => {
    beforeEach(async () => {
      await deployXml(order);
    });

    it('should refuse to start a suspended version with 409, and start it again once activated', async () => {
      // given
      const running = await (await call(server.base, 'POST', '/api/processes/order/instances', {})).json();

      // when
      const suspended = await call(server.base, 'POST', '/api/processes/order/versions/1/suspend');
      const refused = await call(server.base, 'POST', '/api/processes/order/instances', {});

      // then
      expect(suspended.status).to.equal(200);
      expect(await suspended.json()).to.include({ key: 'order:1', suspended: true });
      expect(refused.status).to.equal(409);
      const { error } = await refused.json();
      expect(error).to.include({ code: 'CONFLICT' });
      expect(error.message).to.match(/suspended/);
      // the running instance goes on
      const [task] = await server.engine.userTasks({ instanceId: running.id });
      await server.engine.completeUserTask(task.id);
      expect((await server.engine.waitFor(running.id, 'completed', { timeoutMs: 5000 })).status).to.equal('completed');

      // when
      const activated = await call(server.base, 'POST', '/api/processes/order/versions/1/activate');
      const started = await call(server.base, 'POST', '/api/processes/order/instances', {});

      // then
      expect(await activated.json()).to.include({ suspended: false });
      expect(started.status).to.equal(201);
    });

    it('should answer 404 when suspending an unknown version', async () => {
      expect((await call(server.base, 'POST', '/api/processes/order/versions/3/suspend')).status).to.equal(404);
      expect((await call(server.base, 'POST', '/api/processes/nope/versions/1/activate')).status).to.equal(404);
    });
  });

  describe('DELETE /api/processes/:processId/versions/:version', () => {
    beforeEach(async () => {
      await deployXml(order);
      await deployXml(renamed(order, 'Order handling 2'));
    });

    it('should refuse to delete a version with an active instance with 409', async () => {
      // given
      await call(server.base, 'POST', '/api/processes/order/instances', {});

      // when
      const response = await call(server.base, 'DELETE', '/api/processes/order/versions/2');

      // then
      expect(response.status).to.equal(409);
      expect((await response.json()).error.code).to.equal('CONFLICT');
      expect((await get('/api/processes/order')).body.version).to.equal(2);
    });

    it('should delete a version without active instances, making the previous one the latest', async () => {
      // given: an instance of version 2 that has ended
      const { id } = await (await call(server.base, 'POST', '/api/processes/order/instances', {})).json();
      await call(server.base, 'POST', `/api/instances/${id}/cancel`);

      // when
      const response = await call(server.base, 'DELETE', '/api/processes/order/versions/2');

      // then
      expect(response.status).to.equal(204);
      expect((await get('/api/processes/order/versions/2')).status).to.equal(404);
      expect((await get('/api/processes/order')).body).to.include({ version: 1, latest: true });
      expect((await get('/api/processes/order/versions')).body.items.map((d: { version: number }) => d.version)).to.deep.equal([1]);
      // the ended instance still shows
      expect((await get(`/api/instances/${id}`)).body).to.include({ status: 'cancelled', version: 2 });
      // a start runs version 1, and the next deployment does not get number 2 again
      expect((await (await call(server.base, 'POST', '/api/processes/order/instances', {})).json()).version).to.equal(1);
      const redeployed = await (await deployXml(renamed(order, 'Order handling 2'))).json();
      expect(redeployed.processes[0]).to.include({ version: 3, created: true });
    });

    it('should answer 404 for a version deleted before, or unknown', async () => {
      // given
      await call(server.base, 'DELETE', '/api/processes/order/versions/2');

      // when / then
      expect((await call(server.base, 'DELETE', '/api/processes/order/versions/2')).status).to.equal(404);
      expect((await call(server.base, 'DELETE', '/api/processes/nope/versions/1')).status).to.equal(404);
      expect((await call(server.base, 'POST', '/api/processes/order/instances', { version: 2 })).status).to.equal(404);
    });
  });
});

describe('REST API: who may start a process (startableBy)', () => {
  const KEYS: ApiKey[] = [
    { key: 'clerk-key-0000000001', name: 'clara', roles: ['operator'], groups: ['clerks'] },
    { key: 'other-key-0000000001', name: 'oscar', roles: ['operator'], groups: ['warehouse'] },
    { key: 'admin-key-0000000001', name: 'root', roles: ['admin'], groups: [] },
    { key: 'deploy-key-000000001', name: 'ci', roles: ['deployer'], groups: [] },
    { key: 'viewer-key-000000001', name: 'dashboard', roles: ['viewer'], groups: [] },
  ];
  let engine: Engine;
  let api: Served;

  beforeEach(async () => {
    engine = await Engine.open();
    api = await serve(engine, { apiKeys: KEYS });
    const deployed = await api.call('POST', '/api/deployments?startableBy=clerks', {
      key: 'deploy-key-000000001',
      body: await fixture('definitions-order.bpmn'),
    });
    expect(deployed.status).to.equal(201);
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  const start = (key: string) => api.call('POST', '/api/processes/order/instances', { key, body: {} });

  it('should record the deploying key as deployedBy', async () => {
    expect(await (await api.call('GET', '/api/processes/order', { key: 'viewer-key-000000001' })).json()).to.include({ deployedBy: 'ci' });
  });

  it('should let a member of one of the groups start it', async () => {
    expect((await start('clerk-key-0000000001')).status).to.equal(201);
  });

  it('should refuse a caller in none of the groups with 403', async () => {
    // when
    const response = await start('other-key-0000000001');

    // then
    expect(response.status).to.equal(403);
    const { error } = await response.json();
    expect(error.code).to.equal('FORBIDDEN');
    expect(error.details.startableBy).to.deep.equal(['clerks']);
  });

  it('should let an admin start it whatever the groups', async () => {
    expect((await start('admin-key-0000000001')).status).to.equal(201);
  });

  it('should let anyone who may start instances start it once the restriction is removed', async () => {
    // given
    const patched = await api.call('PATCH', '/api/processes/order/versions/1', { key: 'deploy-key-000000001', body: { startableBy: null } });
    expect(patched.status).to.equal(200);

    // when / then
    expect((await start('other-key-0000000001')).status).to.equal(201);
  });

  it('should let a viewer read versions but not suspend, change or delete them', async () => {
    const viewer = 'viewer-key-000000001';
    expect((await api.call('GET', '/api/processes/order/versions', { key: viewer })).status).to.equal(200);
    expect((await api.call('GET', '/api/processes/order/versions/1/xml', { key: viewer })).status).to.equal(200);
    expect((await api.call('POST', '/api/processes/order/versions/1/suspend', { key: viewer })).status).to.equal(403);
    expect((await api.call('PATCH', '/api/processes/order/versions/1', { key: viewer, body: { tags: [] } })).status).to.equal(403);
    expect((await api.call('DELETE', '/api/processes/order/versions/1', { key: viewer })).status).to.equal(403);
    expect((await api.call('POST', '/api/processes/order/versions/1/suspend', { key: 'deploy-key-000000001' })).status).to.equal(200);
  });
});
