/**
 * What another site may make the server do (server/cross-site.ts), over
 * real HTTP with the headers a browser would send.
 */
import { expect } from 'chai';
import { request } from 'node:http';
import { Engine } from '../../engine/index.js';
import { serve, type Served } from './serve.js';
import { readFile } from 'node:fs/promises';

const xml = () => readFile(new URL('./approval.bpmn', import.meta.url), 'utf8');

/** A raw request, so that `Host` can be anything (fetch does not let a caller set it). */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('cross-site requests', () => {
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

  describe('without API keys', () => {
    it('should refuse a Host that is not a loopback name (DNS rebinding), reads included', async () => {
      // when
      const answer = await raw(served.base, 'GET', '/api/instances', { host: 'attacker.example:8080' });

      // then
      expect(answer.status).to.equal(403);
      expect(JSON.parse(answer.body).error.code).to.equal('FORBIDDEN_HOST');
    });

    it('should answer loopback names with any port', async () => {
      for (const host of ['localhost:1234', '127.0.0.1', '[::1]:8080']) {
        expect((await raw(served.base, 'GET', '/health', { host })).status, host).to.equal(200);
      }
    });

    it('should refuse a deployment posted by a page of another origin (multipart, no preflight), storing nothing', async () => {
      // given
      const form = new FormData();
      form.append('file', new Blob([await xml()], { type: 'application/xml' }), 'approval.bpmn');

      // when
      const response = await fetch(`${served.base}/api/deployments`, {
        method: 'POST',
        body: form,
        headers: { origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site' },
      });

      // then
      expect(response.status).to.equal(403);
      expect((await response.json()).error.code).to.equal('FORBIDDEN_ORIGIN');
      expect(await engine.definitions()).to.deep.equal([]);
    });

    it('should refuse a state change from another port of the same host (same-site, not same-origin)', async () => {
      // given
      await engine.deploy({ name: 'approval.bpmn', xml: await xml() });

      // when
      const response = await fetch(`${served.base}/api/processes/approval/instances`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:9', 'sec-fetch-site': 'same-site' },
      });

      // then
      expect(response.status).to.equal(403);
      expect((await engine.queryInstances()).items).to.have.length(0);
    });

    it('should accept a state change from its own pages and from clients that send no Origin', async () => {
      // given
      await engine.deploy({ name: 'approval.bpmn', xml: await xml() });

      // when
      const own = await fetch(`${served.base}/api/processes/approval/instances`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', origin: served.base, 'sec-fetch-site': 'same-origin' },
      });
      const cli = await served.call('POST', '/api/processes/approval/instances', { body: {} });

      // then
      expect([own.status, cli.status]).to.deep.equal([201, 201]);
    });
  });

  it('should refuse a text/plain body with 415, starting nothing', async () => {
    // given
    await engine.deploy({ name: 'approval.bpmn', xml: await xml() });

    // when
    const response = await fetch(`${served.base}/api/processes/approval/instances`, {
      method: 'POST',
      body: '{"variables":{}}',
      headers: { 'content-type': 'text/plain' },
    });

    // then
    expect(response.status).to.equal(415);
    expect((await response.json()).error).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect((await engine.queryInstances()).items).to.have.length(0);
  });

  it('should keep accepting a request without a body, whatever its content type', async () => {
    // given
    await engine.deploy({ name: 'approval.bpmn', xml: await xml() });
    const { id } = await engine.start('approval');

    // when
    const response = await fetch(`${served.base}/api/instances/${id}/cancel`, { method: 'POST' });

    // then
    expect(response.status).to.equal(200);
  });

  it('should serve stored XML and every API answer with nosniff and a sandboxing policy', async () => {
    // given
    await engine.deploy({ name: 'approval.bpmn', xml: await xml() });

    // when
    const answers = await Promise.all(
      ['/api/processes/approval/versions/1/xml', '/api/instances', '/health', '/api/nothing'].map((path) => fetch(`${served.base}${path}`)),
    );

    // then
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options'), answer.url).to.equal('nosniff');
      expect(answer.headers.get('content-security-policy'), answer.url).to.contain('sandbox');
      expect(answer.headers.get('access-control-allow-origin'), answer.url).to.equal(null);
    }
  });

  describe('with API keys', () => {
    const admin = { key: 'admin-key-0000000000001', name: 'admin', roles: ['admin' as const], groups: [] };

    beforeEach(async () => {
      await served.close();
      served = await serve(engine, { apiKeys: [admin] });
    });

    it('should answer any Host and Origin that brings a key (the key is what a foreign page cannot send)', async () => {
      // when
      const answer = await raw(
        served.base,
        'POST',
        '/api/signals',
        { host: 'baton.internal:8080', origin: 'https://ops.example', authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
        '{"name":"s"}',
      );

      // then
      expect(answer.status).to.equal(200);
    });
  });
});
