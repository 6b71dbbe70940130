import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { SAMPLES_DIR } from '../../server/routes/samples.js';
import { serve, type Served } from './serve.js';

const KEYS: ApiKey[] = [
  { key: 'viewer-key-0000000001', name: 'dashboard', roles: ['viewer'], groups: ['ops'] },
  { key: 'user-key-000000000001', name: 'alice', roles: ['user'], groups: ['finance'] },
];

describe('REST API: GET /api/samples and GET /api/me', () => {
  let engine: Engine;
  let api: Served;

  beforeEach(async () => {
    engine = await Engine.open();
    api = await serve(engine, { apiKeys: KEYS });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  describe('samples', () => {
    it('should list every .bpmn and .dmn file of samples/ with its process or definitions name', async () => {
      // given
      const files = (await readdir(SAMPLES_DIR)).filter((name) => name.endsWith('.bpmn') || name.endsWith('.dmn')).sort();

      // when
      const response = await api.call('GET', '/api/samples', { key: KEYS[0].key });

      // then
      expect(response.status).to.equal(200);
      const { items } = await response.json();
      expect(items.map((item: { name: string }) => item.name)).to.deep.equal(files);
      expect(items.find((item: { name: string }) => item.name === 'order.bpmn')).to.deep.equal({ name: 'order.bpmn', title: 'Order' });
      expect(items.find((item: { name: string }) => item.name === 'shipping.dmn')).to.deep.equal({ name: 'shipping.dmn', title: 'Shipping' });
    });

    it('should serve a sample as XML', async () => {
      // when
      const response = await api.call('GET', '/api/samples/order.bpmn', { key: KEYS[1].key });

      // then
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^application\/xml/);
      expect(await response.text()).to.equal(await readFile(`${SAMPLES_DIR}/order.bpmn`, 'utf8'));
    });

    it('should answer 404 for a name that is not a sample, and never read outside samples/', async () => {
      // given
      const names = [
        'nope.bpmn',
        '..%2Fpackage.json',
        '..%2F..%2Fpackage.json',
        '%2E%2E%2Fserver%2Fapp.ts',
        'embedding.ts',
        '.hidden.bpmn',
        'order.bpmn%00.ts',
        '..%5Cpackage.json',
      ];

      // when
      const responses = await Promise.all(names.map((name) => api.call('GET', `/api/samples/${name}`, { key: KEYS[0].key })));

      // then
      expect(responses.map((r) => r.status)).to.deep.equal(names.map(() => 404));
      for (const response of responses) expect((await response.json()).error.code).to.equal('NOT_FOUND');
    });

    it('should not be served without a key when keys are configured', async () => {
      // when
      const response = await api.call('GET', '/api/samples/order.bpmn');

      // then
      expect(response.status).to.equal(401);
    });
  });

  describe('me', () => {
    it('should tell a key its name, roles and groups', async () => {
      // when
      const response = await api.call('GET', '/api/me', { key: KEYS[1].key });

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ name: 'alice', roles: ['user'], groups: ['finance'] });
    });

    it('should answer 401 without a key', async () => {
      // when
      const response = await api.call('GET', '/api/me');

      // then
      expect(response.status).to.equal(401);
    });

    it('should call everyone an anonymous admin when no keys are configured', async () => {
      // given
      const open = await serve(engine);

      // when
      const response = await open.call('GET', '/api/me');
      await open.close();

      // then
      expect(await response.json()).to.deep.equal({ anonymous: true, name: 'anonymous', roles: ['admin'], groups: [] });
    });
  });
});
