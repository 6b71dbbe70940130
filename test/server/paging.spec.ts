/** Paging parameters are read one way on every list endpoint (server/routes/query.ts). */
import { expect } from 'chai';
import { call, serveNewEngine, type TestServer } from './serve.js';

describe('paging parameters', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await serveNewEngine();
  });
  afterEach(() => server.stop());

  for (const list of ['/api/instances', '/api/incidents']) {
    for (const limit of ['-1', 'abc', '0', '1.5', '1001', '1e2']) {
      it(`should answer 400 naming the parameter for ${list}?limit=${limit}`, async () => {
        // when
        const response = await call(server.base, 'GET', `${list}?limit=${encodeURIComponent(limit)}`);

        // then
        expect(response.status).to.equal(400);
        const { error } = await response.json();
        expect(error).to.include({ code: 'INVALID_ARGUMENT' });
        expect(error.message).to.match(/^limit must be a whole number from 1 to 1000/);
      });
    }

    it(`should answer 400 for ${list} with limit given twice, and 200 for a good page`, async () => {
      expect((await call(server.base, 'GET', `${list}?limit=1&limit=2`)).status).to.equal(400);
      expect((await call(server.base, 'GET', `${list}?limit=1000`)).status).to.equal(200);
    });
  }
});
