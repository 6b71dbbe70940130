import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine, type ActivatedJob } from '../../engine/index.js';
import { createApp } from '../../server/app.js';
import { eventually } from '../helpers.js';

const T0 = 1_700_000_000_000;

describe('REST API: jobs for external workers and task types', () => {
  const clock = {
    at: T0,
    now() {
      return this.at;
    },
  };
  let engine: Engine;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    clock.at = T0;
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10 }, limits: { variableBytes: 1024 } });
    await engine.deploy({ name: 'jobs.bpmn', xml: await readFile(new URL('./jobs.bpmn', import.meta.url), 'utf8') });
    server = createApp({ engine }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });

  const post = (path: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  const activate = async (body: Record<string, unknown>): Promise<ActivatedJob[]> => {
    const response = await post('/api/jobs/activate', { type: 'charge-card', worker: 'worker-a', ...body });
    expect(response.status).to.equal(200);
    return (await response.json()).jobs;
  };
  const errorOf = async (response: Response) => ({ status: response.status, code: (await response.json()).error.code as string });
  /** Long polls for charge-card jobs waiting now, as GET /api/task-types reports them. */
  const waiting = async () => {
    const { items } = await (await fetch(`${base}/api/task-types`)).json();
    return items.find((t: { type: string }) => t.type === 'charge-card')?.worker?.waiting;
  };

  describe('POST /api/jobs/activate', () => {
    it('should lease available jobs to the worker with the default lock of 5 minutes', async () => {
      // given
      const { id } = await engine.start('payment', { variables: { amount: 12, customer: 'c-1' } });

      // when
      const jobs = await activate({ fetchVariables: ['amount'] });

      // then
      expect(jobs).to.have.length(1);
      expect(jobs[0]).to.deep.include({
        type: 'charge-card',
        processId: 'payment',
        definitionKey: 'payment:1',
        instanceId: id,
        elementId: 'charge',
        retries: 2,
        headers: { currency: 'EUR' },
        variables: { amount: 12 },
        deadline: new Date(T0 + 300_000).toISOString(),
      });
      expect(await activate({ worker: 'worker-b' })).to.deep.equal([]);
    });

    it('should answer at once with no jobs when none is available and no request timeout is given', async () => {
      // when
      const jobs = await activate({});

      // then
      expect(jobs).to.deep.equal([]);
    });

    it('should hold a long poll open until a job of its type is created', async () => {
      // given
      const polling = activate({ requestTimeoutMs: 10_000 });
      await eventually(async () => (await waiting()) === 1);

      // when
      const started = await post('/api/processes/payment/instances', { variables: { amount: 3 } });
      const jobs = await polling;

      // then
      expect(jobs.map((j) => j.instanceId)).to.deep.equal([(await started.json()).id]);
    });

    it('should stop waiting when the client disconnects, and lease nothing to it afterwards', async () => {
      // given
      const controller = new AbortController();
      const polling = post('/api/jobs/activate', { type: 'charge-card', worker: 'gone', requestTimeoutMs: 60_000 }, controller.signal);
      await eventually(async () => (await waiting()) === 1);

      // when
      controller.abort();
      await polling.catch(() => undefined);
      await eventually(async () => (await waiting()) === 0);
      await engine.start('payment');

      // then
      expect((await activate({ worker: 'worker-b' })).map((j) => j.type)).to.deep.equal(['charge-card']);
    });

    it('should answer 400 for a missing or internal type, a missing worker, and values out of range', async () => {
      // when
      const responses = await Promise.all([
        post('/api/jobs/activate', { worker: 'worker-a' }),
        post('/api/jobs/activate', { type: 'baton:timer', worker: 'worker-a' }),
        post('/api/jobs/activate', { type: 'charge-card' }),
        post('/api/jobs/activate', { type: 'charge-card', worker: 'worker-a', maxJobs: 101 }),
        post('/api/jobs/activate', { type: 'charge-card', worker: 'worker-a', maxJobs: 0 }),
        post('/api/jobs/activate', { type: 'charge-card', worker: 'worker-a', lockMs: '5m' }),
        post('/api/jobs/activate', { type: 'charge-card', worker: 'worker-a', requestTimeoutMs: 60_001 }),
        post('/api/jobs/activate', { type: 'charge-card', worker: 'worker-a', fetchVariables: 'amount' }),
        post('/api/jobs/activate', ['charge-card']),
      ]);

      // then
      for (const response of responses) expect(await errorOf(response)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT' });
    });

    it('should answer 405 for a method other than POST', async () => {
      // when
      const response = await fetch(`${base}/api/jobs/activate`);

      // then
      expect(response.status).to.equal(405);
    });
  });

  describe('POST /api/jobs/:key/complete', () => {
    it('should complete the job and answer 204; the instance goes on with the variables', async () => {
      // given
      const { id } = await engine.start('payment', { variables: { amount: 12 } });
      const [job] = await activate({});

      // when
      const response = await post(`/api/jobs/${encodeURIComponent(job!.key)}/complete`, { variables: { receipt: 'R-12' }, worker: 'worker-a' });

      // then
      expect(response.status).to.equal(204);
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      const instance = await (await fetch(`${base}/api/instances/${id}`)).json();
      expect(instance.variables).to.deep.equal({ amount: 12, receipt: 'R-12' });
    });

    it('should answer 404 for an unknown job, 409 for another worker, 400 for bad variables and 413 for a variable over the limit', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate({});
      const path = `/api/jobs/${encodeURIComponent(job!.key)}/complete`;

      // when
      const unknown = await post('/api/jobs/no-such-job/complete', {});
      const byOther = await post(path, { worker: 'worker-b' });
      const badVariables = await post(path, { variables: [1] });
      const tooBig = await post(path, { variables: { blob: 'x'.repeat(2_000) } });

      // then
      expect(await errorOf(unknown)).to.deep.equal({ status: 404, code: 'NOT_FOUND' });
      expect(await errorOf(byOther)).to.deep.equal({ status: 409, code: 'CONFLICT' });
      expect(await errorOf(badVariables)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT' });
      expect(tooBig.status).to.equal(413);
      expect((await tooBig.json()).error.details.variable).to.equal('blob');
    });
  });

  describe('POST /api/jobs/:key/fail', () => {
    it('should release a job with retries left after its back-off, and answer 204', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate({});

      // when
      const response = await post(`/api/jobs/${encodeURIComponent(job!.key)}/fail`, { retries: 1, backoffMs: 1_000, errorMessage: 'gateway timeout' });

      // then
      expect(response.status).to.equal(204);
      expect(await activate({ worker: 'worker-b' })).to.deep.equal([]);
      clock.at += 1_000;
      expect((await activate({ worker: 'worker-b' })).map((j) => j.retries)).to.deep.equal([1]);
    });

    it('should raise an incident on the instance when no retries are left', async () => {
      // given
      const { id } = await engine.start('payment');
      const [job] = await activate({});

      // when
      const response = await post(`/api/jobs/${encodeURIComponent(job!.key)}/fail`, { retries: 0, errorMessage: 'card expired', worker: 'worker-a' });

      // then
      expect(response.status).to.equal(204);
      const instance = await (await fetch(`${base}/api/instances/${id}`)).json();
      expect(instance.incidents).to.have.length(1);
      expect(instance.incidents[0]).to.include({ elementId: 'charge', jobKey: job!.key });
      expect(instance.incidents[0].message).to.include('card expired');
    });

    it('should answer 400 without retries, 409 for a job not activated, and 404 for an unknown job', async () => {
      // given
      const { activeElements } = await engine.start('payment');
      const key = encodeURIComponent(activeElements.find((e) => e.jobKey)!.jobKey!);

      // when
      const noRetries = await post(`/api/jobs/${key}/fail`, { errorMessage: 'x' });
      const notActivated = await post(`/api/jobs/${key}/fail`, { retries: 1 });
      const unknown = await post('/api/jobs/no-such-job/fail', { retries: 1 });

      // then
      expect(await errorOf(noRetries)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT' });
      expect(await errorOf(notActivated)).to.deep.equal({ status: 409, code: 'CONFLICT' });
      expect(await errorOf(unknown)).to.deep.equal({ status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('POST /api/jobs/:key/error', () => {
    it('should throw the BPMN error at the task, caught by its boundary event, and answer 204', async () => {
      // given
      const { id } = await engine.start('payment');
      const [job] = await activate({});

      // when
      const response = await post(`/api/jobs/${encodeURIComponent(job!.key)}/error`, {
        errorCode: 'CARD_DECLINED',
        message: 'insufficient funds',
        variables: { reason: 'funds' },
      });

      // then
      expect(response.status).to.equal(204);
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ reason: 'funds' });
    });

    it('should answer 400 without an error code and 404 for an unknown job', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate({});

      // when
      const noCode = await post(`/api/jobs/${encodeURIComponent(job!.key)}/error`, { message: 'declined' });
      const unknown = await post('/api/jobs/no-such-job/error', { errorCode: 'CARD_DECLINED' });

      // then
      expect(await errorOf(noCode)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT' });
      expect(await errorOf(unknown)).to.deep.equal({ status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('POST /api/jobs/:key/extend', () => {
    it('should move the deadline of the lock the worker holds and answer with it', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate({ lockMs: 1_000 });
      clock.at += 500;

      // when
      const response = await post(`/api/jobs/${encodeURIComponent(job!.key)}/extend`, { worker: 'worker-a', lockMs: 60_000 });

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ key: job!.key, deadline: new Date(T0 + 500 + 60_000).toISOString() });
      clock.at = T0 + 30_000;
      expect(await activate({ worker: 'worker-b' })).to.deep.equal([]);
    });

    it('should answer 409 for another worker, 404 for an unknown job and 400 without lockMs', async () => {
      // given
      await engine.start('payment');
      const [job] = await activate({});
      const path = `/api/jobs/${encodeURIComponent(job!.key)}/extend`;

      // when
      const byOther = await post(path, { worker: 'worker-b', lockMs: 1_000 });
      const unknown = await post('/api/jobs/no-such-job/extend', { worker: 'worker-a', lockMs: 1_000 });
      const noLock = await post(path, { worker: 'worker-a' });

      // then
      expect(await errorOf(byOther)).to.deep.equal({ status: 409, code: 'CONFLICT' });
      expect(await errorOf(unknown)).to.deep.equal({ status: 404, code: 'NOT_FOUND' });
      expect(await errorOf(noLock)).to.deep.equal({ status: 400, code: 'INVALID_ARGUMENT' });
    });
  });

  describe('GET /api/task-types', () => {
    it('should list the types in use, the workers that polled for them, and those no one serves', async () => {
      // given
      engine.handle('send-mail', async () => ({}));
      clock.at = T0 + 1_000;
      await activate({ worker: 'payments-1' });

      // when
      const response = await fetch(`${base}/api/task-types`);

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        items: [
          {
            type: 'charge-card',
            handler: false,
            worker: { name: 'payments-1', lastPolledAt: new Date(T0 + 1_000).toISOString(), waiting: 0 },
            usedBy: [{ processId: 'payment', version: 1, elementIds: ['charge'] }],
            unserved: false,
          },
          { type: 'send-mail', handler: true, usedBy: [], unserved: false },
        ],
        connectors: ['io.camunda:http-json:1'],
        dynamic: [],
      });
    });

    it('should flag a type that a deployed diagram uses and no one serves', async () => {
      // when
      const { items } = await (await fetch(`${base}/api/task-types`)).json();

      // then
      expect(items).to.deep.equal([
        { type: 'charge-card', handler: false, usedBy: [{ processId: 'payment', version: 1, elementIds: ['charge'] }], unserved: true },
      ]);
    });

    it('should answer 405 for a method other than GET', async () => {
      // when
      const response = await post('/api/task-types', {});

      // then
      expect(response.status).to.equal(405);
    });
  });
});
