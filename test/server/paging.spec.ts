/** Paging parameters are read one way on every list endpoint (server/routes/query.ts). */
import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { serve, type Served } from './serve.js';

describe('paging parameters', () => {
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

  for (const list of ['/api/instances', '/api/incidents']) {
    for (const limit of ['-1', 'abc', '0', '1.5', '1001', '1e2']) {
      it(`should answer 400 naming the parameter for ${list}?limit=${limit}`, async () => {
        // when
        const response = await served.call('GET', `${list}?limit=${encodeURIComponent(limit)}`);

        // then
        expect(response.status).to.equal(400);
        const { error } = await response.json();
        expect(error).to.include({ code: 'INVALID_ARGUMENT' });
        expect(error.message).to.match(/^limit must be a whole number from 1 to 1000/);
      });
    }

    it(`should answer 400 for ${list} with limit given twice, and 200 for a good page`, async () => {
      expect((await served.call('GET', `${list}?limit=1&limit=2`)).status).to.equal(400);
      expect((await served.call('GET', `${list}?limit=1000`)).status).to.equal(200);
    });
  }
});
