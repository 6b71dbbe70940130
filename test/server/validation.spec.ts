/** Requests are validated against the schemas their route declares (server/api/validation.ts): 400 INVALID_ARGUMENT with the JSON pointer. */
import { expect } from 'chai';
import { CAMUNDA_ROUTES } from '../../server/camunda/index.js';
import { accessTable, ROUTES } from '../../server/routes/index.js';
import { ROUTE_ACCESS } from '../../server/auth.js';
import { call, serveNewEngine, type TestServer } from './serve.js';

describe('REST API: request validation', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await serveNewEngine();
  });

  afterEach(() => server.stop());

  async function errorOf(response: Response): Promise<{ status: number; code: string; message: string; pointer: string }> {
    const { error } = await response.json();
    return { status: response.status, code: error.code, message: error.message, pointer: error.details?.pointer };
  }

  it('should refuse an unknown field with 400 pointing at it', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/messages', { name: 'paid', varaibles: { total: 1 } });

    // then
    const error = await errorOf(response);
    expect(error).to.include({ status: 400, code: 'INVALID_ARGUMENT', pointer: '/varaibles' });
    expect(error.message).to.include("'varaibles'");
  });

  it('should refuse a field of the wrong type with 400 pointing at it', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/processes/order/instances', { variables: ['not', 'an', 'object'] });

    // then
    expect(await errorOf(response)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT', message: 'variables must be a JSON object', pointer: '/variables' });
  });

  it('should refuse a nested field of the wrong type with 400 pointing into the list', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/instances/i-1/ad-hoc-activities/t-1/activation', {
      elements: [{ elementId: 'a' }, { elementId: 7 }],
    });

    // then
    expect(await errorOf(response)).to.deep.equal({
      status: 400,
      code: 'INVALID_ARGUMENT',
      message: 'elements[1].elementId must be text',
      pointer: '/elements/1/elementId',
    });
  });

  it('should refuse a missing required field with 400 pointing at it', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/jobs/j-1/extend', { worker: 'w' });

    // then
    expect(await errorOf(response)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT', message: 'lockMs is required', pointer: '/lockMs' });
  });

  it('should refuse a body that is not an object with 400 pointing at the root', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/signals', ['go']);

    // then
    expect(await errorOf(response)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT', message: 'the request body must be a JSON object', pointer: '' });
  });

  for (const [path, pointer, message] of [
    ['/api/user-tasks?limit=0', 'query/limit', 'limit must be a whole number from 1 to 1000'],
    ['/api/incidents?limit=ten', 'query/limit', 'limit must be a whole number from 1 to 1000'],
    ['/api/instances?after=a&after=b', 'query/after', 'give after once'],
    ['/api/instances?status=sleeping', 'query/status', 'status must be one of active, completed, cancelled, terminated'],
    ['/api/processes/order/versions/0', 'path/version', 'version must be a whole number of at least 1'],
    ['/api/processes/order/versions/1/promotion', 'query/target', 'target is required'],
    [
      '/api/instances?statsu=active',
      'query/statsu',
      "'statsu' is not a query parameter of this endpoint (known: processId, status, businessKey, parentInstanceId, hasIncidents, order, version, startedAfter, startedBefore, endedAfter, endedBefore, where, limit, after)",
    ],
  ] as const) {
    it(`should refuse GET ${path} with 400 pointing at ${pointer}`, async () => {
      // when
      const response = await call(server.base, 'GET', path);

      // then
      expect(await errorOf(response)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT', message, pointer });
    });
  }

  it('should run the handler once the request fits', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/signals', { name: 'nobody-waits', variables: { a: 1 } });

    // then
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ instanceIds: [] });
  });
});

describe('REST API: route declarations', () => {
  it('should give each route in ROUTE_ACCESS exactly the roles its declaration names', () => {
    // given
    const declared = [...ROUTES, ...CAMUNDA_ROUTES].map((route) => [`${route.method} ${route.path}`, route.roles] as const);

    // then
    expect(Object.keys(ROUTE_ACCESS).sort()).to.deep.equal(declared.map(([key]) => key).sort());
    for (const [key, roles] of declared) expect(ROUTE_ACCESS[key], key).to.deep.equal(roles);
  });

  it('should refuse a route declared twice', () => {
    // given
    const twice = [ROUTES[0], ROUTES[0]];

    // then
    expect(() => accessTable(twice)).to.throw(/declared twice/);
  });
});
