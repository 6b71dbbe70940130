import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  BpmnError,
  HTTP_JSON_TYPE,
  JobFailure,
  MemoryStore,
  httpJsonConnector,
  type Engine,
  type EngineOptions,
  type HttpConnectorOptions,
  type Job,
} from '../../engine/index.js';
import { deployAndStart, hasIncident, openEngine, until } from '../helpers.js';
import { json, startLocalServer, type LocalServer } from './local-server.js';

const API_TOKEN = 'tok-3f9a7c2e-secret';
const SHOP_PASSWORD = 'pw-81b2d0-secret';
const ALLOW_LOCAL: HttpConnectorOptions = { http: { allow: ['127.0.0.1'] } };

/** A job as the worker hands it to the connector. */
function jobOf(variables: Record<string, unknown>, extra: Partial<Job> = {}): Job {
  return {
    key: 'job-1',
    type: HTTP_JSON_TYPE,
    variables,
    headers: {},
    context: { instanceId: 'i-1', processId: 'p', definitionKey: 'p:1', elementId: 'call' },
    retries: 3,
    env: {},
    secrets: {},
    idempotencyKey: 'job-1',
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    ...extra,
  };
}

/** What the handler threw. */
async function failureOf(outcome: unknown): Promise<Error> {
  try {
    await outcome;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the handler did not fail');
}

const environments: EngineOptions['environments'] = {
  default: { values: { apiToken: API_TOKEN, shopPassword: SHOP_PASSWORD, region: 'eu' }, secrets: ['apiToken', 'shopPassword'] },
};

describe('REST connector (io.camunda:http-json:1)', () => {
  let server: LocalServer;

  beforeEach(async () => {
    server = await startLocalServer();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('through the engine, with diagrams made with Camunda’s REST template', () => {
    let engine: Engine;
    let store: MemoryStore;
    /** The messages of every failed attempt the worker stored. */
    let failureMessages: string[];

    beforeEach(async () => {
      store = new MemoryStore();
      failureMessages = [];
      const failJob = store.failJob.bind(store);
      store.failJob = (key, owner, failure) => {
        failureMessages.push(failure.errorMessage);
        return failJob(key, owner, failure);
      };
      ({ engine } = await openEngine({ store, environments, connectors: { http: ALLOW_LOCAL }, jobs: { pollIntervalMs: 10, retryBackoffMs: 10 } }));
    });

    afterEach(async () => {
      await engine.close();
    });

    it('should GET with query parameters and a bearer token from {{secrets.apiToken}}, mapping the response with resultExpression', async () => {
      // given
      server.respond = (_, res) => json(res, 200, { total: 2, items: [{ name: 'Ada' }, { name: 'Grace' }] });

      // when
      const { id } = await deployAndStart(engine, import.meta.url, 'http-get.bpmn', 'fetch-items', { variables: { baseUrl: server.baseUrl, query: 'a b&c' } });
      const done = await engine.waitFor(id, 'completed');

      // then
      const [request] = server.received;
      expect(request.method).to.equal('GET');
      expect(request.url.pathname).to.equal('/items');
      expect(Object.fromEntries(request.url.searchParams)).to.deep.equal({ limit: '2', q: 'a b&c' });
      expect(request.headers.authorization).to.equal(`Bearer ${API_TOKEN}`);
      expect(request.headers['x-request-source']).to.equal('baton');
      expect(done.variables).to.include({ count: 2, firstName: 'Ada', okStatus: 200 });
    });

    it('should POST a JSON body with basic authentication and keep the response in resultVariable', async () => {
      // given
      server.respond = (_, res) => json(res, 201, { orderId: 'o-7' });

      // when
      const { id } = await deployAndStart(engine, import.meta.url, 'http-post.bpmn', 'create-order', {
        variables: { baseUrl: server.baseUrl, customer: 'c-1', amount: 42 },
      });
      const done = await engine.waitFor(id, 'completed');

      // then
      const [request] = server.received;
      expect(request.method).to.equal('POST');
      expect(request.headers['content-type']).to.equal('application/json');
      expect(JSON.parse(request.body)).to.deep.equal({ customer: 'c-1', amount: 42 });
      expect(request.headers.authorization).to.equal(`Basic ${Buffer.from(`shop:${SHOP_PASSWORD}`).toString('base64')}`);
      expect(done.variables.orderResponse).to.deep.include({ status: 201, body: { orderId: 'o-7' } });
      expect(await engine.history(id)).to.satisfy((events: { type: string; elementId?: string }[]) => events.some((e) => e.elementId === 'created'));
    });

    it('should raise the BPMN error errorExpression asks for, caught by the boundary event', async () => {
      // given
      server.respond = (_, res) => json(res, 200, { rejected: true, reason: 'out of stock' });

      // when
      const { id } = await deployAndStart(engine, import.meta.url, 'http-post.bpmn', 'create-order', {
        variables: { baseUrl: server.baseUrl, customer: 'c-1', amount: 42 },
      });
      await engine.waitFor(id, 'completed');

      // then
      const ended = (await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId);
      expect(ended).to.include('notCreated').and.not.include('created');
    });

    it('should retry a non-2xx answer, then raise an incident naming the status with an excerpt of the body', async () => {
      // given
      server.respond = (_, res) => json(res, 503, { message: 'maintenance', detail: 'x'.repeat(2_000) });

      // when
      const { id } = await deployAndStart(engine, import.meta.url, 'http-get.bpmn', 'fetch-items', { variables: { baseUrl: server.baseUrl, query: 'q' } });
      const view = await until(engine, id, hasIncident);

      // then
      expect(server.received).to.have.length(2);
      const [incident] = view.incidents;
      expect(incident.message).to.match(/answered HTTP 503: \{"message":"maintenance"/);
      expect(incident.message.length).to.be.below(600);
    });

    it('should refuse the engine’s own machine by default, with an incident and no request sent', async () => {
      // given
      const strict = await openEngine({ environments, jobs: { pollIntervalMs: 10 } });

      // when
      try {
        const { id } = await deployAndStart(strict.engine, import.meta.url, 'http-get.bpmn', 'fetch-items', {
          variables: { baseUrl: server.baseUrl, query: 'q' },
        });
        const view = await until(strict.engine, id, hasIncident);

        // then
        expect(view.incidents[0].message).to.contain("the connection to '127.0.0.1' is refused: 127.0.0.1 is a loopback address");
        expect(server.received).to.have.length(0);
      } finally {
        await strict.engine.close();
      }
    });

    it('should name an unknown secret in the incident, at once, without sending the request', async () => {
      // given
      const xml = readFileSync(new URL('http-get.bpmn', import.meta.url), 'utf8').replace('{{secrets.apiToken}}', '{{secrets.missingToken}}');
      await engine.deploy({ name: 'http-get.bpmn', xml });

      // when
      const { id } = await engine.start('fetch-items', { variables: { baseUrl: server.baseUrl, query: 'q' } });
      const view = await until(engine, id, hasIncident);

      // then
      expect(view.incidents[0].message).to.contain("uses {{secrets.missingToken}}, but no secret 'missingToken' exists");
      expect(server.received).to.have.length(0);
    });

    it('should keep the secret out of incident messages, history events and stored failure messages when the server echoes it', async () => {
      // given
      server.respond = (req, res) =>
        json(res, 500, { error: `token rejected: ${String(req.headers.authorization)}`, escaped: JSON.stringify(req.headers.authorization) });

      // when
      const { id } = await deployAndStart(engine, import.meta.url, 'http-get.bpmn', 'fetch-items', { variables: { baseUrl: server.baseUrl, query: 'q' } });
      const view = await until(engine, id, hasIncident);

      // then
      const seen = JSON.stringify({ incidents: view.incidents, history: await engine.history(id), failureMessages, listed: await engine.incidents({}) });
      expect(failureMessages).to.have.length(1);
      expect(view.incidents[0].message).to.contain('token rejected: Bearer ***');
      expect(seen).not.to.contain(API_TOKEN);
    });

    it('should wait the retryBackoff header’s duration before the next attempt', async () => {
      // given
      const dueTimes: number[] = [];
      let failed = () => undefined as void;
      const firstFailure = new Promise<void>((resolve) => (failed = resolve));
      const failJob = store.failJob.bind(store);
      store.failJob = (key, owner, failure) => {
        dueTimes.push(failure.dueAt);
        failed();
        return failJob(key, owner, failure);
      };
      server.respond = (_, res) => json(res, 503, {});
      const xml = readFileSync(new URL('http-get.bpmn', import.meta.url), 'utf8').replace('value="PT0S"', 'value="PT1H"');
      await engine.deploy({ name: 'http-get.bpmn', xml });

      // when
      const before = Date.now();
      await engine.start('fetch-items', { variables: { baseUrl: server.baseUrl, query: 'q' } });
      await firstFailure;

      // then
      expect(dueTimes[0] - before)
        .to.be.at.least(3_600_000)
        .and.below(3_600_000 + 5_000);
      expect(server.received).to.have.length(1);
    });

    it('should list the REST connector among the task types, and not when it is turned off', async () => {
      // given
      await engine.deploy({ name: 'http-get.bpmn', xml: readFileSync(new URL('http-get.bpmn', import.meta.url), 'utf8') });
      const off = await openEngine({ connectors: { http: false } });

      // when
      const types = await engine.taskTypes();
      const none = await off.engine.taskTypes();
      await off.engine.close();

      // then
      expect(types.connectors).to.deep.equal([HTTP_JSON_TYPE]);
      expect(types.items.find((item) => item.type === HTTP_JSON_TYPE)).to.include({ handler: false, unserved: false });
      expect(none.connectors).to.deep.equal([]);
    });
  });

  describe('the handler', () => {
    it('should take an instance secret before the environment’s', async () => {
      // given
      const connector = httpJsonConnector({ ...ALLOW_LOCAL, environmentSecretNames: () => ['apiToken'] });
      server.respond = (_, res) => json(res, 200, {});

      // when
      await connector.handler(
        jobOf(
          { url: `${server.baseUrl}/x`, authentication: { type: 'bearer', token: '{{secrets.apiToken}}' } },
          { secrets: { apiToken: 'instance-token' }, env: { apiToken: 'environment-token' } },
        ),
      );

      // then
      expect(server.received[0].headers.authorization).to.equal('Bearer instance-token');
    });

    it('should not read a configuration value that is not a secret as {{secrets.NAME}}', async () => {
      // given
      const connector = httpJsonConnector({ ...ALLOW_LOCAL, environmentSecretNames: () => [] });

      // when
      const error = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/{{secrets.region}}` }, { env: { region: 'eu' } })));

      // then
      expect(error).to.be.instanceOf(JobFailure);
      expect((error as JobFailure).options.retries).to.equal(0);
      expect(error.message).to.contain("no secret 'region' exists");
    });

    it('should send an API key as a query parameter', async () => {
      // given
      const connector = httpJsonConnector(ALLOW_LOCAL);
      server.respond = (_, res) => json(res, 200, {});

      // when
      await connector.handler(
        jobOf(
          { url: `${server.baseUrl}/x`, authentication: { type: 'apiKey', apiKeyLocation: 'query', name: 'key', value: '{{secrets.k}}' } },
          { secrets: { k: 'k-123456' } },
        ),
      );

      // then
      expect(server.received[0].url.searchParams.get('key')).to.equal('k-123456');
    });

    it('should map a 404 to a BPMN error through errorExpression', async () => {
      // given
      const connector = httpJsonConnector(ALLOW_LOCAL);
      server.respond = (_, res) => json(res, 404, { missing: true });
      const headers = { errorExpression: '=if error.code = "404" then bpmnError("NOT_FOUND", "no such item", {body: response.body}) else null' };

      // when
      const error = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/x` }, { headers })));

      // then
      expect(error).to.be.instanceOf(BpmnError);
      expect(error).to.include({ errorCode: 'NOT_FOUND', message: 'no such item' });
      expect((error as BpmnError).variables).to.deep.equal({ body: { missing: true } });
    });

    it('should fail an attempt when the server sends nothing within readTimeoutInSeconds', async () => {
      // given
      const connector = httpJsonConnector(ALLOW_LOCAL);
      server.respond = () => undefined;

      // when
      const error = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/slow`, readTimeoutInSeconds: '0.2' })));

      // then
      expect(error).to.be.instanceOf(JobFailure);
      expect(error.message).to.contain('sent nothing for 0.2 s (readTimeoutInSeconds)');
      expect((error as JobFailure).options.retries).to.equal(undefined);
    });

    it('should fail an attempt whose response is larger than the limit, declared or streamed', async () => {
      // given
      const connector = httpJsonConnector({ ...ALLOW_LOCAL, maxResponseBytes: 1_000 });
      server.respond = (req, res) => {
        if (req.url.pathname === '/declared') return json(res, 200, { data: 'x'.repeat(5_000) });
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
        res.end();
      };

      // when
      const declared = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/declared` })));
      const streamed = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/streamed` })));

      // then
      expect(declared.message).to.contain('is larger than 1000 bytes');
      expect(streamed.message).to.contain('is larger than 1000 bytes');
    });

    it('should refuse loopback, cloud metadata and names resolving to loopback by default', async () => {
      // given
      const connector = httpJsonConnector();

      // when
      const loopback = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/x` })));
      const metadata = await failureOf(connector.handler(jobOf({ url: 'http://169.254.169.254/latest/meta-data/' })));
      const byName = await failureOf(connector.handler(jobOf({ url: `http://localhost:${new URL(server.baseUrl).port}/x` })));
      const mapped = await failureOf(connector.handler(jobOf({ url: `http://[::ffff:127.0.0.1]:${new URL(server.baseUrl).port}/x` })));

      // then
      expect(loopback.message).to.contain('127.0.0.1 is a loopback address, refused unless allowed (http.allow)');
      expect(metadata.message).to.contain('169.254.169.254 is a link-local address (cloud metadata)');
      expect(byName.message).to.match(/the connection to 'localhost' is refused: it resolves to (127\.0\.0\.1|::1), which is a loopback address/);
      expect(mapped.message).to.contain('is a loopback address');
      expect([loopback, metadata, byName, mapped].map((e) => (e as JobFailure).options.retries)).to.deep.equal([0, 0, 0, 0]);
      expect(server.received).to.have.length(0);
    });

    it('should check every redirect target again, and follow none unless followRedirects is set', async () => {
      // given
      const connector = httpJsonConnector(ALLOW_LOCAL);
      server.respond = (req, res) => {
        if (req.url.pathname === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        else if (req.url.pathname === '/to-local') res.writeHead(302, { location: '/final' }).end();
        else json(res, 200, { final: true });
      };

      // when
      const notFollowed = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/to-local` })));
      const followed = await connector.handler(jobOf({ url: `${server.baseUrl}/to-local`, followRedirects: true }, { headers: { resultVariable: 'r' } }));
      const refused = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/to-metadata`, followRedirects: true })));

      // then
      expect(notFollowed.message).to.contain('answered HTTP 302');
      expect(followed).to.deep.include({ r: { status: 200, headers: (followed as { r: { headers: unknown } }).r.headers, body: { final: true } } });
      expect(refused.message).to.contain('169.254.169.254 is a link-local address');
    });

    it('should let a deny entry win over an allow entry', async () => {
      // given
      const connector = httpJsonConnector({ http: { allow: ['127.0.0.0/8'], deny: ['127.0.0.1'] } });

      // when
      const error = await failureOf(connector.handler(jobOf({ url: `${server.baseUrl}/x` })));

      // then
      expect(error.message).to.contain('127.0.0.1 is denied (http.deny)');
    });

    it('should refuse an allow or deny entry that is neither a host nor an address', () => {
      // then
      expect(() => httpJsonConnector({ http: { deny: ['10.0.0.0/33'] } })).to.throw("http.deny: '10.0.0.0/33' is not an address or CIDR");
      expect(() => httpJsonConnector({ http: { allow: ['http://x'] } })).to.throw('http.allow');
    });
  });
});

describe('REST connector element template (connectors/templates/http-json.json)', () => {
  it('should bind the inputs and headers Camunda’s REST template binds, for task type io.camunda:http-json:1', () => {
    // given
    const template = JSON.parse(readFileSync(new URL('../../connectors/templates/http-json.json', import.meta.url), 'utf8')) as {
      properties: Array<{ value?: unknown; binding: { type: string; name?: string; key?: string; property?: string } }>;
    };

    // when
    const bound = (type: string) => template.properties.filter((p) => p.binding.type === type).map((p) => p.binding.name ?? p.binding.key);

    // then
    expect(template.properties.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type')?.value).to.equal(
      'io.camunda:http-json:1',
    );
    expect(bound('zeebe:input')).to.include.members([
      'method',
      'url',
      'headers',
      'queryParameters',
      'body',
      'authentication.type',
      'authentication.username',
      'authentication.password',
      'authentication.token',
      'authentication.name',
      'authentication.value',
      'authentication.apiKeyLocation',
      'connectionTimeoutInSeconds',
      'readTimeoutInSeconds',
    ]);
    expect(bound('zeebe:taskHeader')).to.include.members(['resultVariable', 'resultExpression', 'errorExpression', 'retryBackoff']);
    expect(httpJsonConnector().template).to.deep.equal(template);
  });
});
