import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { serve, type Served } from './serve.js';

const KEYS: ApiKey[] = [{ key: 'viewer-key-0000000001', name: 'dashboard', roles: ['viewer'], groups: [] }];

describe('the browser app, served at /', () => {
  let engine: Engine;
  let api: Served;
  let root: string;

  before(async () => {
    // A stand-in for dist/modeler, with a secret beside it that must never be served.
    root = await mkdtemp(join(tmpdir(), 'baton-static-'));
    await mkdir(join(root, 'app', 'assets'), { recursive: true });
    await writeFile(join(root, 'app', 'index.html'), '<!doctype html><title>Baton</title>');
    await writeFile(join(root, 'app', 'main-ABCD1234.js'), 'console.log(1)');
    await writeFile(join(root, 'app', 'assets', 'bpmn-WXYZ5678.woff2'), 'font');
    await writeFile(join(root, 'app', '.env'), 'TOP-SECRET-CONTENT');
    await writeFile(join(root, 'secret.txt'), 'TOP-SECRET-CONTENT');
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  beforeEach(async () => {
    engine = await Engine.open();
    api = await serve(engine, { apiKeys: KEYS, staticDir: join(root, 'app') });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  it('should serve index.html at / without a key, revalidated on every load', async () => {
    // when
    const response = await fetch(`${api.base}/`);

    // then
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).to.equal('no-cache');
    expect(response.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(await response.text()).to.include('<title>Baton</title>');
  });

  it('should cache assets with hashed names for a year', async () => {
    // when
    const script = await fetch(`${api.base}/main-ABCD1234.js`);
    const font = await fetch(`${api.base}/assets/bpmn-WXYZ5678.woff2`);

    // then
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(font.headers.get('content-type')).to.equal('font/woff2');
    expect(await font.text()).to.equal('font');
  });

  it('should answer a conditional request with 304', async () => {
    // given
    const first = await fetch(`${api.base}/index.html`);
    await first.text();

    // when (node:http: fetch adds Cache-Control: no-cache to a conditional request, which asks for a full answer)
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${api.base}/index.html`, { headers: { 'if-modified-since': first.headers.get('last-modified')! } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).once('error', reject);
    });

    // then
    expect(status).to.equal(304);
  });

  it('should never serve a file outside its directory, nor a dot-file', async () => {
    // given
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/.env',
      '/%2eenv',
      '/..%5csecret.txt',
      '/index.html%00.js',
    ];

    // when
    const responses = await Promise.all(paths.map((path) => fetch(`${api.base}${path}`)));

    // then
    expect(responses.map((r) => r.status)).to.deep.equal(paths.map(() => 404));
    for (const response of responses) expect(await response.text()).not.to.include('TOP-SECRET-CONTENT');
  });

  it('should leave /api to the API: an unknown route is a JSON 404 and a known one still needs its key', async () => {
    // when
    const unknown = await fetch(`${api.base}/api/index.html`);
    const me = await fetch(`${api.base}/api/me`);

    // then
    expect(unknown.status).to.equal(404);
    expect((await unknown.json()).error.code).to.equal('NOT_FOUND');
    expect(me.status).to.equal(401);
  });

  it('should not serve files for other methods', async () => {
    // when
    const response = await fetch(`${api.base}/index.html`, { method: 'POST' });

    // then
    expect(response.status).to.equal(404);
  });
});
