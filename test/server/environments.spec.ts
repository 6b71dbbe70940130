import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine, type Environments } from '../../engine/index.js';
import { createApp, type AppOptions } from '../../server/app.js';
import type { ApiKey } from '../../server/auth.js';

const ENVIRONMENTS: Environments = {
  dev: { values: { API_URL: 'http://localhost:9000', MODE: 'test' } },
  staging: { values: { API_URL: 'https://staging.example.com', MODE: 'live' } },
  prod: { values: { API_URL: 'https://api.example.com' } },
};

const KEYS: ApiKey[] = [
  { key: 'deployer-key', name: 'ci', roles: ['deployer'], groups: [] },
  { key: 'release-key', name: 'release', roles: ['deployer'], groups: ['release-managers'] },
  { key: 'viewer-key', name: 'view', roles: ['viewer'], groups: [] },
];

describe('REST API: environments and promotion', () => {
  let engine: Engine;
  let server: Server;
  let base: string;
  let xml: string;

  async function open(options: Partial<AppOptions> = {}): Promise<void> {
    engine = await Engine.open({ environments: ENVIRONMENTS, jobs: { pollIntervalMs: 10 } });
    server = createApp({ engine, ...options }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    xml = await readFile(new URL('../environments/pricing.bpmn', import.meta.url), 'utf8');
  }

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });

  const request = async (method: string, path: string, body?: unknown, key?: string) => {
    const headers: Record<string, string> = {};
    if (typeof body === 'string') headers['content-type'] = 'application/xml';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const promote = (version: number, target: unknown, key?: string) => request('POST', `/api/processes/pricing/versions/${version}/promote`, { target }, key);

  it('should deploy to an environment, promote to the next one and start there with its values', async () => {
    // given
    await open();
    const deployed = await request('POST', '/api/deployments?name=pricing.bpmn&environment=dev', xml);
    expect(deployed.status).to.equal(201);

    // when
    const promoted = await promote(1, 'staging');
    const again = await promote(1, 'staging');

    // then
    expect(promoted.status).to.equal(201);
    expect(promoted.body).to.deep.include({
      processId: 'pricing',
      version: 2,
      environment: 'staging',
      created: true,
      promotedFrom: { key: 'pricing:1', environment: 'dev' },
    });
    expect(again.status).to.equal(200);
    const { body: staging } = await request('GET', '/api/processes?environment=staging');
    expect(staging.items.map((d: { key: string; environment: string }) => [d.key, d.environment])).to.deep.equal([['pricing:2', 'staging']]);
    const started = await request('POST', '/api/processes/pricing/instances', { environment: 'staging' });
    expect(started.status).to.equal(201);
    expect(started.body.version).to.equal(2);
    expect(started.body.variables.endpoint).to.equal('https://staging.example.com/prices?note=env.NOT_READ');
  });

  it('should refuse to skip a stage with 409 and a target that lacks values with 422 listing them', async () => {
    // given
    await open();
    await request('POST', '/api/deployments?name=pricing.bpmn&environment=dev', xml);
    await promote(1, 'staging');

    // when
    const skipped = await promote(1, 'prod');
    const missing = await promote(2, 'prod');

    // then
    expect(skipped.status).to.equal(409);
    expect(skipped.body.error).to.deep.include({ code: 'CONFLICT', details: { from: 'dev', to: 'prod', next: 'staging' } });
    expect(missing.status).to.equal(422);
    expect(missing.body.error).to.deep.equal({
      code: 'PROMOTION_REFUSED',
      message: "cannot promote pricing:2 to 'prod': it reads env.MODE, which 'prod' does not define",
      details: { environment: 'prod', missing: ['MODE'] },
    });
    const check = await request('GET', '/api/processes/pricing/versions/2/promotion?target=prod');
    expect(check.body).to.deep.include({ from: 'staging', to: 'prod', references: ['API_URL', 'MODE'], missing: ['MODE'] });
  });

  it('should answer a bad body, version or target with 400 and an unknown version with 404', async () => {
    // given
    await open();
    await request('POST', '/api/deployments?name=pricing.bpmn&environment=dev', xml);

    // then
    expect((await promote(1, undefined)).status).to.equal(400);
    expect((await promote(1, 'not an environment')).status).to.equal(400);
    expect((await request('POST', '/api/processes/pricing/versions/one/promote', { target: 'staging' })).status).to.equal(400);
    expect((await promote(7, 'staging')).status).to.equal(404);
    expect((await request('GET', '/api/processes/pricing/versions/1/promotion')).status).to.equal(400);
    expect((await request('POST', '/api/deployments?name=pricing.bpmn&environment=../x', xml)).status).to.equal(400);
    const nowhere = await request('POST', '/api/processes/pricing/instances', { environment: 'prod' });
    expect(nowhere.status).to.equal(404);
    expect(nowhere.body.error.message).to.equal("no version of process 'pricing' is deployed in environment 'prod' (its versions are deployed in dev)");
  });

  it("should start the default environment's latest version when a start names no environment, not a newer one promoted to staging", async () => {
    // given
    await open();
    await request('POST', '/api/deployments?name=pricing.bpmn', xml);
    await request('POST', '/api/deployments?name=pricing.bpmn&environment=dev', xml);
    expect((await promote(2, 'staging')).body.version).to.equal(3);

    // when
    const started = await request('POST', '/api/processes/pricing/instances', {});
    const pinned = await request('POST', '/api/processes/pricing/instances', { version: 3 });

    // then
    expect(started.status).to.equal(201);
    expect(started.body.version).to.equal(1);
    expect(pinned.body.version).to.equal(3);
  });

  it('should answer 404 naming where its versions are when a start names no environment and the process has none in default', async () => {
    // given
    await open();
    await request('POST', '/api/deployments?name=pricing.bpmn&environment=dev', xml);

    // when
    const started = await request('POST', '/api/processes/pricing/instances', {});

    // then
    expect(started.status).to.equal(404);
    expect(started.body.error.message).to.equal("no version of process 'pricing' is deployed in environment 'default' (its versions are deployed in dev)");
  });

  it('should list the environments with their promotion path and the names of their values, not the values', async () => {
    // given
    await open();

    // when
    const { status, body } = await request('GET', '/api/environments');

    // then
    expect(status).to.equal(200);
    expect(body.items).to.deep.equal([
      { name: 'dev', promotesTo: 'staging', values: ['API_URL', 'MODE'] },
      { name: 'staging', promotesTo: 'prod', values: ['API_URL', 'MODE'] },
      { name: 'prod', promotesTo: null, values: ['API_URL'] },
    ]);
  });

  it('should let deployers promote, refuse viewers, and apply the deploy-target rule to promotions and deployments', async () => {
    // given: only release managers may deploy to prod or staging
    const mayDeployTo = (identity: { groups: string[] } | undefined, environment: string) =>
      environment === 'dev' || !!identity?.groups.includes('release-managers');
    await open({ apiKeys: KEYS, mayDeployTo });
    expect((await request('POST', '/api/deployments?name=pricing.bpmn&environment=dev', xml, 'deployer-key')).status).to.equal(201);

    // when
    const byViewer = await promote(1, 'staging', 'viewer-key');
    const byDeployer = await promote(1, 'staging', 'deployer-key');
    const byRelease = await promote(1, 'staging', 'release-key');
    const deployToStaging = await request('POST', '/api/deployments?name=pricing.bpmn&environment=staging', xml, 'deployer-key');

    // then
    expect(byViewer.status).to.equal(403);
    expect(byDeployer.status).to.equal(403);
    expect(byDeployer.body.error).to.deep.equal({
      code: 'FORBIDDEN',
      message: "the key 'ci' may not deploy to environment 'staging'",
      details: { environment: 'staging' },
    });
    expect(byRelease.status).to.equal(201);
    expect(byRelease.body.deployedBy).to.equal(undefined);
    expect((await engine.definition('pricing', 2)).deployedBy).to.equal('release');
    expect(deployToStaging.status).to.equal(403);
    expect((await request('GET', '/api/environments', undefined, 'viewer-key')).status).to.equal(200);
    expect((await promote(1, 'staging')).status).to.equal(401);
  });
});
