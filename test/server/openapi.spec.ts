import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import { createApp } from '../../server/app.js';
import { ROUTE_ACCESS, ROLES, type ApiKey } from '../../server/auth.js';
import { CODE_BY_STATUS, STATUS_BY_CODE } from '../../server/errors.js';
import { openApiDocument } from '../../server/openapi/document.js';
import { answerOf, OpenApiChecker, schemaValidator, type Answer } from '../openapi/check.js';
import { registeredRoutes, serve, type Served } from './serve.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

/** 'GET /api/instances/:id' -> 'GET /api/instances/{id}' */
const asOpenApi = (route: string) => route.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

/** Every operation of the document as 'METHOD /path'. */
const documented = () =>
  Object.entries(openApiDocument.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

/** Every `schema` object in the document outside components (parameters, bodies, answers). */
function inlineSchemas(node: unknown, at = '#', found: Array<{ at: string; schema: object }> = []): Array<{ at: string; schema: object }> {
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema' && value && typeof value === 'object') found.push({ at: `${at}/${key}`, schema: value });
      else inlineSchemas(value, `${at}/${key}`, found);
    }
  }
  return found;
}

const KEYS: ApiKey[] = [
  { key: 'openapi-admin-key-0001', name: 'root', roles: ['admin'], groups: [] },
  ...ROLES.filter((role) => role !== 'admin').map((role) => ({ key: `openapi-${role}-key-00001`, name: `${role}-key`, roles: [role], groups: ['sales'] })),
];
const keyOf = (role: string) => KEYS.find((k) => k.roles.includes(role as ApiKey['roles'][number]))!.key;
const ADMIN = keyOf('admin');

/** The Camunda 8 API (/v2) is Camunda's contract, documented by Camunda, not in Baton's document (test/camunda checks it). */
const isBatonApi = (route: string): boolean => !route.split(' ')[1].startsWith('/v2/');

describe('REST API: the OpenAPI document', () => {
  describe('the document', () => {
    let engine: Engine;

    beforeEach(async () => {
      engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    });

    afterEach(() => engine.close());

    it('should document every route the server registers, with the same method and path', () => {
      // given
      const routes = registeredRoutes(createApp({ engine })).filter(isBatonApi).map(asOpenApi);

      // when
      const operations = new Set(documented());
      const missing = routes.filter((route) => !operations.has(route));

      // then
      expect(missing, 'document these routes in server/openapi/paths/*.ts').to.deep.equal([]);
    });

    it('should document no operation that the server does not register', () => {
      // given
      const routes = new Set(registeredRoutes(createApp({ engine })).map(asOpenApi));

      // when
      const stale = documented().filter((operation) => !routes.has(operation));

      // then
      expect(stale, 'these documented operations have no route').to.deep.equal([]);
    });

    it('should give each operation the roles that ROUTE_ACCESS gives its route', () => {
      // given
      const rows = Object.entries(ROUTE_ACCESS).filter(([route]) => isBatonApi(route));

      // when
      const wrong = rows.flatMap(([route, access]) => {
        const [method, path] = asOpenApi(route).split(' ');
        const operation = openApiDocument.paths[path]?.[method.toLowerCase()];
        if (!operation) return [`${route}: not documented`];
        const expected = access === 'public' ? { security: [], roles: undefined } : { security: undefined, roles: ['admin', ...access].sort() };
        const actual = { security: operation.security, roles: operation['x-baton-roles'] && [...operation['x-baton-roles']].sort() };
        return JSON.stringify(actual) === JSON.stringify(expected)
          ? []
          : [`${route}: documented ${JSON.stringify(actual)}, ROUTE_ACCESS says ${JSON.stringify(expected)}`];
      });

      // then
      expect(wrong).to.deep.equal([]);
    });

    it("should be valid OpenAPI 3.1 by the specification's JSON Schema", async () => {
      // given
      const validator = new Validator();

      // when
      const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument)));

      // then
      expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).to.deep.equal([]);
      expect(result.valid).to.equal(true);
      expect(validator.version).to.equal('3.1');
    });

    it('should hold only schemas that compile as strict JSON Schema 2020-12', () => {
      // given
      const ajv = schemaValidator();
      const components = Object.keys(openApiDocument.components.schemas).map((name) => `baton-openapi#/$defs/${name}`);

      // when
      const failures = [
        ...components.flatMap((id) => {
          try {
            return ajv.getSchema(id) ? [] : [`${id}: not found`];
          } catch (error) {
            return [`${id}: ${(error as Error).message}`];
          }
        }),
        ...inlineSchemas(openApiDocument.paths, '#/paths').flatMap(({ at, schema }) => {
          try {
            ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"baton-openapi#/$defs/')));
            return [];
          } catch (error) {
            return [`${at}: ${(error as Error).message}`];
          }
        }),
      ];

      // then
      expect(failures).to.deep.equal([]);
    });

    it('should list every error code that the error path sends', () => {
      // given
      const { enum: codes } = (openApiDocument.components.schemas.Error as any).properties.error.properties.code;
      const sent = [...Object.keys(STATUS_BY_CODE), ...Object.values(CODE_BY_STATUS), 'UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL'];

      // then
      expect(
        sent.filter((code) => !codes.includes(code)),
        'add these codes to the Error schema in server/openapi/schemas.ts',
      ).to.deep.equal([]);
    });

    it('should name every operation uniquely and document its errors with the shared error schema', () => {
      // given
      const operations = Object.values(openApiDocument.paths).flatMap((item) => Object.values(item));
      const responses = openApiDocument.components.responses as Record<string, { content?: Record<string, { schema: unknown }> }>;

      // when
      const ids = operations.map((operation) => operation.operationId);
      const errorBodies = Object.entries(responses).map(([name, response]) => [name, response.content?.['application/json']?.schema]);

      // then
      expect(new Set(ids).size).to.equal(ids.length);
      for (const [name, schema] of errorBodies) expect(schema, name as string).to.deep.equal({ $ref: '#/components/schemas/Error' });
      for (const operation of operations) {
        const statuses = Object.keys(operation.responses).filter((status) => /^[45]/.test(status));
        for (const status of statuses) expect(operation.responses[status], `${operation.operationId} ${status}`).to.have.property('$ref');
      }
    });
  });

  describe('the answer check', () => {
    const checker = new OpenApiChecker();
    const health = (status: number, body: unknown): Answer => ({
      method: 'GET',
      path: '/health',
      status,
      contentType: 'application/json; charset=utf-8',
      body,
    });

    it('should accept an answer the document describes', () => {
      // then
      expect(checker.check(health(200, { status: 'ok' }))).to.deep.equal([]);
    });

    it('should report a status, a field and a content type the document does not describe', () => {
      // when
      const [status] = checker.check(health(418, { status: 'ok' }))!;
      const [field] = checker.check(health(200, { status: 'ok', uptime: 5 }))!;
      const [type] = checker.check({ ...health(200, 'ok'), contentType: 'text/plain' })!;

      // then
      expect(status).to.match(/status 418 is not documented/);
      expect(field).to.match(/must NOT have additional properties.*uptime/);
      expect(type).to.match(/content type 'text\/plain' is not documented/);
    });

    it('should find the operation of a concrete path, literal segments first, and none for an unknown path or method', () => {
      // then
      expect(checker.find('POST', '/api/jobs/activate').operation?.operationId).to.equal('activateJobs');
      expect(checker.find('POST', '/api/jobs/a%3A1/complete?x=1').operation?.operationId).to.equal('completeJob');
      expect(checker.find('GET', '/api/no-such-thing').operation).to.equal(undefined);
      expect(checker.find('DELETE', '/api/instances').operation).to.equal(undefined);
    });
  });

  describe('over HTTP', () => {
    const checker = new OpenApiChecker();
    let engine: Engine;
    let api: Served;
    /** Every answer of a test, with what the document finds wrong with it. */
    let answers: Array<Answer & { operation?: string; problems: string[] }>;

    beforeEach(async () => {
      engine = await Engine.open({
        jobs: { pollIntervalMs: 10 },
        environments: { dev: {}, staging: { values: { API_URL: 'https://staging.test' } }, prod: {} },
      });
      api = await serve(engine, { apiKeys: KEYS });
      answers = [];
    });

    afterEach(async () => {
      await api.close();
      await engine.close();
    });

    /** A request checked against the document; the body is read as the document would have it. */
    async function call(method: string, path: string, options: { key?: string | null; body?: unknown; form?: FormData; contentType?: string } = {}) {
      const key = options.key === undefined ? ADMIN : options.key;
      const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
      let body: BodyInit | undefined;
      if (options.form) body = options.form;
      else if (typeof options.body === 'string') {
        headers['content-type'] = options.contentType ?? 'application/xml';
        body = options.body;
      } else if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.body);
      }
      const answer = await answerOf(method, path, await fetch(`${api.base}${path}`, { method, headers, body }));
      const operation = checker.find(method, path).operation;
      answers.push({
        ...answer,
        operation: operation && `${operation.method} ${operation.path}`,
        problems: checker.check(answer) ?? ['no documented operation'],
      });
      // The tests read fields of the bodies freely; the document check above is what holds them to a shape.
      return answer as Answer & { body: any };
    }

    const problems = () => answers.filter((a) => a.problems.length).map((a) => `${a.method} ${a.path} -> ${a.status}: ${a.problems.join('; ')}`);

    it('should serve the document at GET /api/openapi.json without a key', async () => {
      // when
      const answer = await call('GET', '/api/openapi.json', { key: null });

      // then
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument)));
      expect(problems()).to.deep.equal([]);
    });

    it('should answer 401 without a key and 403 with a key of another role, as documented, on every protected operation', async () => {
      // given
      const protectedRoutes = Object.entries(ROUTE_ACCESS).filter(([route, access]) => access !== 'public' && isBatonApi(route)) as Array<
        [string, readonly string[]]
      >;
      const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, 'x');

      // when
      for (const [route, access] of protectedRoutes) {
        const [method, path] = route.split(' ');
        await call(method, concrete(path), { key: null });
        const outsider = ROLES.find((role) => role !== 'admin' && !access.includes(role));
        if (outsider) await call(method, concrete(path), { key: keyOf(outsider) });
      }

      // then
      expect(answers.filter((a) => a.status !== 401 && a.status !== 403).map((a) => `${a.method} ${a.path} ${a.status}`)).to.deep.equal([]);
      expect(problems()).to.deep.equal([]);
    });

    it('should answer every operation as documented, on its happy path and on an error', async () => {
      // given
      const xml = await fixture('openapi.bpmn');
      const changed = xml.replace('name="Review and charge"', 'name="Review and charge, v2"');
      const spare = xml.replaceAll('id="review"', 'id="spare"');
      const start = async (body: object = {}) => (await call('POST', '/api/processes/review/instances', { body })).body;
      const taskOf = async (instanceId: string) => (await call('GET', `/api/user-tasks?instanceId=${instanceId}`)).body.items[0];
      const jobFor = async (worker: string) => {
        const { body } = await call('POST', '/api/jobs/activate', { body: { type: 'openapi-charge', worker, maxJobs: 1 } });
        return encodeURIComponent(body.jobs[0].key);
      };
      const reviewed = async () => {
        const instance = await start();
        await call('POST', `/api/user-tasks/${(await taskOf(instance.id)).id}/complete`, { body: { variables: { approved: true } } });
        return instance;
      };

      // when: operations, samples
      await call('GET', '/health', { key: null });
      await call('GET', '/metrics');
      await call('GET', '/api/openapi.json');
      await call('GET', '/api/me', { key: keyOf('user') });
      const samples = (await call('GET', '/api/samples')).body.items;
      await call('GET', `/api/samples/${samples[0].name}`);
      await call('GET', '/api/samples/no-such-sample.bpmn');

      // deployments
      await call('POST', '/api/deployments?name=openapi.bpmn&tags=a,b', { body: xml });
      await call('POST', '/api/deployments?name=openapi.bpmn', { body: xml });
      await call('POST', '/api/deployments?dryRun=true', { body: xml });
      await call('POST', '/api/deployments', { body: await fixture('invalid.bpmn') });
      await call('POST', '/api/deployments', { body: {} });
      const form = new FormData();
      form.append('files', new Blob([changed], { type: 'application/xml' }), 'openapi-v2.bpmn');
      form.append('files', new Blob([spare], { type: 'application/xml' }), 'spare.bpmn');
      form.append('description', 'second');
      await call('POST', '/api/deployments', { form });

      // decisions
      const dmn = readFileSync(new URL('../dmn/dish.dmn', import.meta.url), 'utf8');
      const dmnForm = new FormData();
      dmnForm.append('files', new Blob([dmn], { type: 'application/xml' }), 'dish.dmn');
      await call('POST', '/api/deployments', { form: dmnForm });
      await call('GET', '/api/decisions');
      await call('GET', '/api/decisions?id=dish');
      await call('GET', '/api/decisions?kind=table');
      await call('GET', '/api/decisions/dish');
      await call('GET', '/api/decisions/nothing');
      await call('POST', '/api/decisions/dish/evaluate', { body: { variables: { month: 1, guests: 3 } } });
      await call('POST', '/api/decisions/dish/evaluate', { body: { variables: { month: 1, guests: 3 }, version: 9 } });
      await call('POST', '/api/decisions/dish/evaluate', { body: { variables: 'none' } });

      // process definitions
      await call('GET', '/api/processes?latest=true');
      await call('GET', '/api/processes?latest=maybe');
      await call('GET', '/api/processes/review');
      await call('GET', '/api/processes/nothing');
      await call('GET', '/api/processes/review/versions');
      await call('GET', '/api/processes/nothing/versions');
      await call('GET', '/api/processes/review/versions/1');
      await call('GET', '/api/processes/review/versions/one');
      await call('GET', '/api/processes/review/versions/1/xml');
      await call('GET', '/api/processes/review/versions/99/xml');
      await call('PATCH', '/api/processes/review/versions/1', { body: { description: 'first', startableBy: null } });
      await call('PATCH', '/api/processes/review/versions/1', { body: { name: 'renamed' } });
      await call('POST', '/api/processes/review/versions/2/suspend');
      await call('POST', '/api/processes/review/versions/one/suspend');
      await call('POST', '/api/processes/review/versions/2/activate');
      await call('POST', '/api/processes/review/versions/99/activate');
      await call('DELETE', '/api/processes/spare/versions/1');
      await call('DELETE', '/api/processes/spare/versions/1');

      // instances
      const first = await start({ version: 1, businessKey: 'A-1', variables: { total: 10 } });
      await start({ businessKey: 5 });
      await call('POST', '/api/processes/nothing/instances', { body: {} });
      await call('POST', '/api/instances', { body: { definitionKey: 'review:1', businessKey: 'K-1' } });
      await call('POST', '/api/instances', { body: { definitionKey: 'review:99' } });
      await call('POST', '/api/instances', { body: {} });
      await call('POST', '/api/processes/review/instances', { body: { awaitCompletion: true, requestTimeoutMs: 1 } });
      await call('DELETE', '/api/processes/review/versions/1');
      await call('GET', '/api/instances?processId=review&limit=10');
      await call('GET', '/api/instances?status=sleeping');
      await call('GET', `/api/instances/${first.id}`);
      await call('GET', '/api/instances/nothing');
      await call('GET', `/api/instances/${first.id}/history`);
      await call('GET', '/api/instances/nothing/history');
      await call('PUT', `/api/instances/${first.id}/variables`, { body: { variables: { total: 12 } } });
      await call('PUT', `/api/instances/${first.id}/variables`, { body: {} });
      await call('PUT', `/api/instances/${first.id}/secrets`, { body: { secrets: { apiToken: 'openapi-token-1' } } });
      await call('PUT', `/api/instances/${first.id}/secrets`, { body: { secrets: { apiToken: 1 } } });
      await call('PATCH', `/api/instances/${first.id}/secrets`, { body: { secrets: { region: 'eu-1', apiToken: null } } });
      await call('PATCH', `/api/instances/${first.id}/secrets`, { body: {} });
      await call('GET', `/api/instances/${first.id}/secrets`);
      await call('GET', '/api/instances/nothing/secrets');
      await call('POST', `/api/instances/${first.id}/migrate`, { body: { targetVersion: 2 } });
      await call('POST', `/api/instances/${first.id}/migrate`, { body: {} });
      await call('POST', '/api/deployments?name=adhoc-completion.bpmn', { body: await fixture('../runtime/adhoc-completion.bpmn') });
      const adHoc = (await call('POST', '/api/processes/firstAnswer/instances', { body: {} })).body;
      const adHocToken = adHoc.activeElements.find((e: { elementId: string }) => e.elementId === 'firstAnswerAsk').tokenId;
      await call('POST', `/api/instances/${adHoc.id}/ad-hoc-activities/${adHocToken}/activation`, { body: { elements: [{ elementId: 'askC' }] } });
      await call('POST', `/api/instances/${adHoc.id}/ad-hoc-activities/${adHocToken}/activation`, { body: { elements: [{ elementId: 'nothing' }] } });
      const cancelled = await start();
      await call('POST', `/api/instances/${cancelled.id}/cancel`);
      await call('POST', `/api/instances/${cancelled.id}/cancel`);

      // messages and signals
      await call('POST', '/api/messages', { body: { name: 'paid', correlationKey: 'A-1', timeToLive: 0 } });
      await call('POST', '/api/messages', { body: {} });
      await call('POST', '/api/signals', { body: { name: 'stop' } });
      await call('POST', '/api/signals', { body: { name: '' } });

      // user tasks
      const task = await taskOf(first.id);
      await call('GET', '/api/user-tasks?assignee=ann&assignee=bob');
      await call('GET', `/api/user-tasks/${task.id}`);
      await call('GET', '/api/user-tasks/nothing');
      await call('POST', `/api/user-tasks/${task.id}/claim`, { body: { assignee: 'ann' } });
      await call('POST', `/api/user-tasks/${task.id}/claim`, { body: { assignee: 'bob' } });
      await call('POST', `/api/user-tasks/${task.id}/unclaim`);
      await call('POST', '/api/user-tasks/nothing/unclaim');
      await call('POST', `/api/user-tasks/${task.id}/complete`, { body: { variables: { approved: true } } });
      await call('POST', `/api/user-tasks/${task.id}/complete`, { body: {} });

      // jobs and incidents
      await call('GET', '/api/task-types');
      const failing = await jobFor('w1');
      await call('POST', '/api/jobs/activate', { body: { worker: 'w1' } });
      await call('POST', `/api/jobs/${failing}/extend`, { body: { worker: 'w1', lockMs: 60000 } });
      await call('POST', `/api/jobs/${failing}/extend`, { body: { worker: 'w2', lockMs: 60000 } });
      await call('POST', `/api/jobs/${failing}/fail`, { body: { retries: 0, errorMessage: 'gateway down', worker: 'w1' } });
      await call('POST', `/api/jobs/${failing}/fail`, { body: { retries: 0 } });
      const [incident] = (await call('GET', `/api/incidents?instanceId=${first.id}`)).body.items;
      await call('GET', '/api/incidents?limit=0');
      await call('GET', `/api/incidents/${encodeURIComponent(incident.id)}`);
      await call('GET', '/api/incidents/nothing');
      await call('POST', `/api/incidents/${encodeURIComponent(incident.id)}/resolve`, { body: { retries: 1 } });
      await call('POST', `/api/incidents/${encodeURIComponent(incident.id)}/resolve`, { body: { retries: 0 } });
      const erring = await jobFor('w1');
      await call('POST', `/api/jobs/${erring}/error`, { body: { errorCode: 'CARD_DECLINED', worker: 'w1' } });
      await call('POST', `/api/jobs/${erring}/error`, { body: { errorCode: 'CARD_DECLINED' } });
      await reviewed();
      const completing = await jobFor('w2');
      await call('POST', `/api/jobs/${completing}/complete`, { body: { variables: { receipt: 'R-1' }, worker: 'w2' } });
      await call('POST', `/api/jobs/${completing}/complete`, { body: {} });

      // connectors
      const template = { id: 'io.example:echo:1', name: 'Echo', version: 1, appliesTo: ['bpmn:Task'], properties: [] };
      await call('POST', '/api/connectors/registrations', { body: { runtime: 'r1', connectors: [{ type: 'echo', template }] } });
      await call('POST', '/api/connectors/registrations', { body: { runtime: 'r1', connectors: [{ type: 'echo', template: { name: 'no id' } }] } });
      await call('POST', '/api/connectors/registrations', {
        body: { runtime: 'r1', connectors: Array.from({ length: 101 }, (_, i) => ({ type: `t${i}`, template })) },
      });
      await call('GET', '/api/connectors');
      await call('GET', '/api/connectors/templates');

      // environments and promotion
      await call('GET', '/api/environments');
      await call('GET', '/api/stats');
      await call('GET', '/api/stats?hours=1');
      await call('GET', '/api/stats?hours=2');
      const [inDev] = (await call('POST', '/api/deployments?name=openapi.bpmn&environment=dev', { body: xml })).body.processes;
      await call('POST', '/api/deployments?environment=no%20such', { body: xml });
      await call('GET', `/api/processes/review/versions/${inDev.version}/promotion?target=staging`);
      await call('GET', `/api/processes/review/versions/${inDev.version}/promotion`);
      await call('POST', `/api/processes/review/versions/${inDev.version}/promote`, { body: { target: 'staging' } });
      await call('POST', `/api/processes/review/versions/${inDev.version}/promote`, { body: { target: 'staging' } });
      await call('POST', `/api/processes/review/versions/${inDev.version}/promote`, { body: { target: 'prod' } });
      await call('GET', '/api/processes?environment=staging');

      // then
      expect(problems()).to.deep.equal([]);
      const operations = documented();
      const succeeded = new Set(answers.filter((a) => a.status < 300).map((a) => a.operation));
      expect(
        operations.filter((operation) => !succeeded.has(operation)),
        'operations without a successful answer',
      ).to.deep.equal([]);
      const refused = new Set(answers.filter((a) => a.status >= 400 && a.status !== 401 && a.status !== 403).map((a) => a.operation));
      const withErrors = operations.filter((operation) => {
        const [method, path] = operation.split(' ');
        return Object.keys(openApiDocument.paths[path][method.toLowerCase()].responses).some((s) => /^4/.test(s) && s !== '401' && s !== '403');
      });
      expect(
        withErrors.filter((operation) => !refused.has(operation)),
        'operations whose errors were not exercised',
      ).to.deep.equal([]);
    });
  });
});
