import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../../engine/index.js';
import { createApp } from '../../server/app.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

describe('REST API: messages and signals', () => {
  let engine: Engine;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'messages.bpmn', xml: await fixture('messages.bpmn') });
    server = createApp({ engine }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  describe('POST /api/messages', () => {
    it('should publish a message and answer 200 with the instances it reached', async () => {
      // given
      const { id } = await engine.start('invoice', { variables: { orderId: 'A-1' } });

      // when
      const response = await post('/api/messages', { name: 'payment-received', correlationKey: 'A-1', variables: { amount: 12 }, messageId: 'pay-1' });

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ messageId: 'pay-1', duplicate: false, instanceIds: [id] });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ orderId: 'A-1', amount: 12 });
    });

    it('should buffer a message for its time to live and answer a second publish of its id as a duplicate', async () => {
      // given
      const first = await post('/api/messages', { name: 'payment-received', correlationKey: 7, timeToLive: 60_000, messageId: 'pay-7' });

      // when
      const again = await post('/api/messages', { name: 'payment-received', correlationKey: 7, messageId: 'pay-7' });
      const { id } = await engine.start('invoice', { variables: { orderId: 7 } });

      // then
      expect(await first.json()).to.deep.equal({ messageId: 'pay-7', duplicate: false, instanceIds: [] });
      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal({ messageId: 'pay-7', duplicate: true, instanceIds: [] });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    });

    it('should answer 400 when the name is missing or a field has the wrong type', async () => {
      // when
      const responses = await Promise.all([
        post('/api/messages', { correlationKey: 'A-1' }),
        post('/api/messages', { name: '' }),
        post('/api/messages', { name: 'payment-received', correlationKey: { id: 1 } }),
        post('/api/messages', { name: 'payment-received', variables: [1] }),
        post('/api/messages', { name: 'payment-received', timeToLive: '1h' }),
        post('/api/messages', { name: 'payment-received', timeToLive: -1 }),
        post('/api/messages', { name: 'payment-received', messageId: 5 }),
        post('/api/messages', ['payment-received']),
      ]);

      // then
      expect(responses.map((r) => r.status)).to.deep.equal([400, 400, 400, 400, 400, 400, 400, 400]);
      const { error } = await responses[0].json();
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.message).to.include('name');
    });

    it('should answer 405 for a method other than POST', async () => {
      // when
      const response = await fetch(`${base}/api/messages`);

      // then
      expect(response.status).to.equal(405);
    });
  });

  describe('POST /api/signals', () => {
    it('should broadcast a signal and answer 200 with the instances it reached', async () => {
      // given
      const first = await engine.start('standby');
      const second = await engine.start('standby');

      // when
      const response = await post('/api/signals', { name: 'go', variables: { at: 'noon' } });

      // then
      expect(response.status).to.equal(200);
      const { instanceIds } = await response.json();
      expect(instanceIds).to.have.members([first.id, second.id]);
      for (const id of [first.id, second.id]) {
        expect((await engine.waitFor(id, 'completed', { timeoutMs: 2_000 })).variables).to.deep.equal({ at: 'noon' });
      }
    });

    it('should answer 200 with no instances for a signal nobody waits for', async () => {
      // when
      const response = await post('/api/signals', { name: 'nobody-listens' });

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ instanceIds: [] });
    });

    it('should answer 400 when the name is missing or the variables are not an object', async () => {
      // when
      const missing = await post('/api/signals', { variables: {} });
      const badVariables = await post('/api/signals', { name: 'go', variables: 'now' });

      // then
      expect(missing.status).to.equal(400);
      expect((await missing.json()).error.code).to.equal('INVALID_ARGUMENT');
      expect(badVariables.status).to.equal(400);
    });
  });
});
