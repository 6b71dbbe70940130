import { expect } from 'chai';
import { call, serveNewEngine, type TestServer } from './serve.js';

describe('REST API: setting variables and awaiting completion', () => {
  let server: TestServer;
  /** Holds the `price` jobs until released, so that a test decides when the instance ends. */
  let release: () => void;
  let released: Promise<void>;
  /** Resolves when a `price` job has reached its handler. */
  let priced: Promise<void>;
  const put = (path: string, body: unknown) => call(server.base, 'PUT', path, body);
  const post = (path: string, body: unknown) => call(server.base, 'POST', path, body);

  async function open(options: Parameters<typeof serveNewEngine>[0] = {}): Promise<void> {
    server = await serveNewEngine({ deploy: ['await-completion.bpmn', 'user-tasks.bpmn'], ...options });
    released = new Promise((resolve) => (release = resolve));
    let reached: () => void;
    priced = new Promise((resolve) => (reached = resolve));
    server.engine.handle('price', async (job) => {
      reached();
      await released;
      return { price: (job.variables.amount as number) * 2 };
    });
  }

  beforeEach(async () => {
    await open();
  });

  afterEach(async () => {
    release();
    await server.stop();
  });

  describe('PUT /api/instances/:id/variables', () => {
    it('should set variables in the root scope and answer with the instance', async () => {
      // given
      const { id } = await server.engine.start('signoff', { variables: { amount: 1 } });

      // when
      const response = await put(`/api/instances/${id}/variables`, { variables: { amount: 2, note: 'raised' } });

      // then
      expect(response.status).to.equal(200);
      const instance = await response.json();
      expect(instance).to.include({ id, status: 'active' });
      expect(instance.variables).to.deep.equal({ amount: 2, note: 'raised' });
      expect((await server.engine.getInstance(id)).variables).to.deep.equal({ amount: 2, note: 'raised' });
    });

    it('should set a variable where a task inside a sub-process sees it', async () => {
      // given
      const { id } = await server.engine.start('review', { variables: { total: 3 } });
      const [task] = await server.engine.userTasks({ instanceId: id });

      // when
      await put(`/api/instances/${id}/variables`, { variables: { total: 4 } });

      // then
      expect((await server.engine.getUserTask(task.id)).variables).to.include({ total: 4 });
    });

    it('should answer 400 without variables or with variables that are not an object', async () => {
      // given
      const { id } = await server.engine.start('signoff');

      // when
      const statuses = await Promise.all(
        [{}, { variables: null }, { variables: [1] }, { variables: 'x' }].map(async (body) => (await put(`/api/instances/${id}/variables`, body)).status),
      );

      // then
      expect(statuses).to.deep.equal([400, 400, 400, 400]);
    });

    it('should answer 404 for an unknown instance and 409 for one that has ended', async () => {
      // given
      const { id } = await server.engine.start('signoff');
      await server.engine.cancel(id);

      // when
      const unknown = await put('/api/instances/nope/variables', { variables: { a: 1 } });
      const ended = await put(`/api/instances/${id}/variables`, { variables: { a: 1 } });

      // then
      expect(unknown.status).to.equal(404);
      expect(ended.status).to.equal(409);
      expect((await ended.json()).error.code).to.equal('CONFLICT');
    });

    it('should answer 413 naming the variable over the size limit, and set nothing', async () => {
      // given
      await server.stop();
      await open({ engine: { limits: { variableBytes: 1024 } } });
      const { id } = await server.engine.start('signoff', { variables: { a: 1 } });

      // when
      const response = await put(`/api/instances/${id}/variables`, { variables: { small: 1, big: 'x'.repeat(2048) } });

      // then
      expect(response.status).to.equal(413);
      const { error } = await response.json();
      expect(error.code).to.equal('LIMIT_EXCEEDED');
      expect(error.details.variable).to.equal('big');
      expect((await server.engine.getInstance(id)).variables).to.deep.equal({ a: 1 });
    });
  });

  describe('POST /api/processes/:processId/instances with awaitCompletion', () => {
    it('should answer once the instance has completed, with its final variables', async () => {
      // given
      let answered = false;

      // when
      const pending = post('/api/processes/quote/instances', { variables: { amount: 21 }, awaitCompletion: true }).then((r) => {
        answered = true;
        return r;
      });
      await priced;
      const before = answered;
      release();
      const response = await pending;

      // then
      expect(before).to.equal(false);
      expect(response.status).to.equal(201);
      const instance = await response.json();
      expect(instance).to.include({ status: 'completed', processId: 'quote' });
      expect(instance.variables).to.deep.equal({ amount: 21, price: 42 });
      expect(response.headers.get('location')).to.equal(`/api/instances/${instance.id}`);
    });

    it('should answer with an instance that ended otherwise than completed, with its status', async () => {
      // given
      release();

      // when
      const response = await post('/api/processes/abort/instances', { variables: { amount: 1 }, awaitCompletion: true, requestTimeoutMs: 5_000 });

      // then
      expect(response.status).to.equal(201);
      expect(await response.json()).to.deep.include({ status: 'terminated', variables: { amount: 1, price: 2 } });
    });

    it('should answer 408 naming the instance when it has not ended within requestTimeoutMs, and leave it running', async () => {
      // when
      const response = await post('/api/processes/signoff/instances', { awaitCompletion: true, requestTimeoutMs: 30 });

      // then
      expect(response.status).to.equal(408);
      const { error } = await response.json();
      expect(error.code).to.equal('TIMEOUT');
      expect(error.details.timeoutMs).to.equal(30);
      expect((await server.engine.getInstance(error.details.instanceId)).status).to.equal('active');
    });

    it('should answer at once without awaitCompletion', async () => {
      // when
      const response = await post('/api/processes/quote/instances', { variables: { amount: 1 }, awaitCompletion: false });

      // then
      expect(response.status).to.equal(201);
      expect(await response.json()).to.include({ status: 'active' });
    });

    it('should answer 400 for a bad awaitCompletion or requestTimeoutMs, and start nothing', async () => {
      // when
      const bodies = [
        { awaitCompletion: 'yes' },
        { awaitCompletion: true, requestTimeoutMs: 0 },
        { awaitCompletion: true, requestTimeoutMs: 60_001 },
        { awaitCompletion: true, requestTimeoutMs: 1.5 },
        { requestTimeoutMs: 1000 },
      ];
      const statuses = await Promise.all(bodies.map(async (body) => (await post('/api/processes/signoff/instances', body)).status));

      // then
      expect(statuses).to.deep.equal([400, 400, 400, 400, 400]);
      expect((await server.engine.queryInstances({ processId: 'signoff' })).items).to.deep.equal([]);
    });
  });
});
