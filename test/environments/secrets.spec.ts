/**
 * Secret environment values (`secrets` in an environment's configuration)
 * are redacted from incident messages and history, and never listed; a
 * handler still gets the real value.
 */
import { expect } from 'chai';
import { Engine, InvalidArgumentError } from '../../engine/index.js';
import { call, serveNewEngine, type TestServer } from '../server/serve.js';
import { fixture, hasIncident, until } from '../helpers.js';

const TOKEN = 'tok-7f3a9c1e';
const VIEWER = { name: 'vera', roles: ['viewer'], groups: [] };

describe('secret environment values', () => {
  let server: TestServer;
  let seen: string | undefined;

  beforeEach(async () => {
    server = await serveNewEngine({
      identities: true,
      engine: { environments: { prod: { values: { SECRET_TOKEN: TOKEN, API_URL: 'https://api.example.com' }, secrets: ['SECRET_TOKEN'] } } },
    });
    server.engine.handle('call-api', async (job) => {
      seen = job.env.SECRET_TOKEN;
      return {};
    });
    await server.engine.deploy({ name: 'secret-token.bpmn', xml: fixture(import.meta.url, 'secret-token.bpmn'), environment: 'prod' });
  });
  afterEach(() => server.stop());

  it('should show a viewer the incident whose message quotes env.SECRET_TOKEN with the value redacted, in the instance and its history', async () => {
    // given
    const { id } = await server.engine.start('useToken', { environment: 'prod' });
    await until(server.engine, id, hasIncident);

    // when
    const instance = await (await call(server.base, 'GET', `/api/instances/${id}`, undefined, VIEWER)).json();
    const incidents = await (await call(server.base, 'GET', '/api/incidents', undefined, VIEWER)).json();
    const history = await (await call(server.base, 'GET', `/api/instances/${id}/history`, undefined, VIEWER)).text();

    // then
    expect(instance.incidents[0].message).to.contain('***').and.not.contain(TOKEN);
    expect(JSON.stringify(incidents)).to.contain('***').and.not.contain(TOKEN);
    expect(history).to.not.contain(TOKEN);
    expect(seen).to.equal(TOKEN);
  });

  it('should list the environment with its value names, never the values', async () => {
    // when
    const listed = await (await call(server.base, 'GET', '/api/environments', undefined, VIEWER)).text();

    // then
    expect(listed).to.contain('SECRET_TOKEN').and.not.contain(TOKEN);
  });

  it('should refuse a secret that names no value of the environment', async () => {
    // when
    const opening = Engine.open({ environments: { prod: { values: { A: 'aaaaaa' }, secrets: ['B'] } } });

    // then
    const error = await opening.then(
      async (engine) => engine.close(),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.equal("environments.prod.secrets: 'B' is not one of the environment's values");
  });
});
