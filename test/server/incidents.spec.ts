import { expect } from 'chai';
import type { IncidentDetails } from '../../engine/index.js';
import { hasIncident, until } from '../helpers.js';
import { call, serveNewEngine, type TestServer } from './serve.js';

describe('REST API: incidents', () => {
  let server: TestServer;
  /** While true, the handlers of both task types fail (one attempt each: an incident at once). */
  let failing: boolean;
  const get = (path: string) => call(server.base, 'GET', path);
  const post = (path: string, body: unknown = {}) => call(server.base, 'POST', path, body);
  const ids = (incidents: IncidentDetails[]) => incidents.map((i) => i.id);

  /** Starts an instance of the process and resolves once its job has failed into an incident. */
  async function stuck(processId: 'payment' | 'refund'): Promise<IncidentDetails> {
    const { id } = await server.engine.start(processId);
    await until(server.engine, id, hasIncident);
    const { items } = await server.engine.incidents({ instanceId: id });
    return items[0];
  }

  beforeEach(async () => {
    failing = true;
    server = await serveNewEngine({ deploy: ['incidents.bpmn'] });
    const handler = async () => {
      if (failing) throw new Error('card declined');
      return { paid: true };
    };
    server.engine.handle('charge', handler).handle('repay', handler);
  });

  afterEach(async () => {
    await server.stop();
  });

  describe('GET /api/incidents', () => {
    it('should list the open incidents across instances, filtered by process and by instance', async () => {
      // given
      const first = await stuck('payment');
      const second = await stuck('payment');
      const refund = await stuck('refund');
      const byInstance = (a: IncidentDetails, b: IncidentDetails) => (a.instanceId < b.instanceId ? -1 : 1);

      // when
      const all = await (await get('/api/incidents')).json();
      const payments = await (await get('/api/incidents?processId=payment')).json();
      const one = await (await get(`/api/incidents?instanceId=${refund.instanceId}`)).json();
      const none = await (await get('/api/incidents?instanceId=unknown')).json();

      // then
      expect(ids(all.items)).to.deep.equal(ids([first, second, refund].sort(byInstance)));
      expect(all.next).to.be.undefined;
      expect(ids(payments.items)).to.deep.equal(ids([first, second].sort(byInstance)));
      expect(ids(one.items)).to.deep.equal([refund.id]);
      expect(none).to.deep.equal({ items: [] });
      expect(all.items.find((i: IncidentDetails) => i.id === refund.id)).to.deep.include({
        instanceId: refund.instanceId,
        processId: 'refund',
        version: 1,
        elementId: 'repay',
        kind: 'job',
      });
      expect(refund.message).to.match(/card declined/);
    });

    it('should page through incidents with limit and the next cursor', async () => {
      // given
      const all = [await stuck('payment'), await stuck('refund'), await stuck('payment')].sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1));

      // when
      const first = await (await get('/api/incidents?limit=2')).json();
      const second = await (await get(`/api/incidents?limit=2&after=${first.next}`)).json();

      // then
      expect(ids(first.items)).to.deep.equal(ids(all.slice(0, 2)));
      expect(first.next).to.equal(all[1].id);
      expect(ids(second.items)).to.deep.equal([all[2].id]);
      expect(second.next).to.be.undefined;
    });

    it('should answer 400 for a limit that is not a positive whole number and for a cursor that is not an incident id', async () => {
      // when
      const badLimit = await get('/api/incidents?limit=zero');
      const zero = await get('/api/incidents?limit=0');
      const badCursor = await get('/api/incidents?after=nodash');

      // then
      expect([badLimit.status, zero.status, badCursor.status]).to.deep.equal([400, 400, 400]);
      expect((await badCursor.json()).error.code).to.equal('INVALID_ARGUMENT');
    });
  });

  describe('GET /api/instances?hasIncidents=', () => {
    it('should list the instances with an open incident, or those without', async () => {
      // given
      failing = false;
      const { id: fine } = await server.engine.start('payment');
      await server.engine.waitFor(fine, 'completed', { timeoutMs: 2_000 });
      failing = true;
      const incident = await stuck('refund');

      // when
      const withIncidents = await (await get('/api/instances?hasIncidents=true')).json();
      const without = await (await get('/api/instances?hasIncidents=false')).json();
      const bad = await get('/api/instances?hasIncidents=yes');

      // then
      expect(withIncidents.items.map((i: { id: string }) => i.id)).to.deep.equal([incident.instanceId]);
      expect(without.items.map((i: { id: string }) => i.id)).to.deep.equal([fine]);
      expect(bad.status).to.equal(400);
    });
  });

  describe('GET /api/incidents/:id', () => {
    it('should return the incident with its instance', async () => {
      // given
      const incident = await stuck('payment');

      // when
      const response = await get(`/api/incidents/${incident.id}`);

      // then
      expect(response.status).to.equal(200);
      const body = await response.json();
      expect(body).to.deep.equal(JSON.parse(JSON.stringify(incident)));
      expect(body).to.include({ processId: 'payment', elementId: 'charge', kind: 'job' });
      expect(body.id.startsWith(`${body.instanceId}-`)).to.equal(true);
    });

    it('should answer 404 for an unknown incident, one of an unknown instance and an id of no incident form', async () => {
      // given
      const incident = await stuck('payment');

      // when
      const statuses = await Promise.all([`${incident.instanceId}-999`, 'nobody-1', 'plain'].map(async (id) => (await get(`/api/incidents/${id}`)).status));

      // then
      expect(statuses).to.deep.equal([404, 404, 404]);
    });
  });

  describe('POST /api/incidents/:id/resolve', () => {
    it('should run the failed job again with the given retries and let the instance complete', async () => {
      // given
      const incident = await stuck('payment');
      failing = false;

      // when
      const response = await post(`/api/incidents/${incident.id}/resolve`, { retries: 2 });

      // then
      expect(response.status).to.equal(200);
      const instance = await response.json();
      expect(instance.id).to.equal(incident.instanceId);
      expect(instance.incidents).to.deep.equal([]);
      const done = await server.engine.waitFor(incident.instanceId, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ paid: true });
      expect((await get(`/api/incidents/${incident.id}`)).status).to.equal(404);
      expect(await (await get('/api/incidents')).json()).to.deep.equal({ items: [] });
    });

    it('should make a new incident when the job fails again after resolving', async () => {
      // given
      const incident = await stuck('payment');

      // when
      await post(`/api/incidents/${incident.id}/resolve`);
      const again = await until(server.engine, incident.instanceId, (view) => view.incidents.some((i) => i.id !== incident.id));

      // then
      const listed = await (await get(`/api/incidents?instanceId=${incident.instanceId}`)).json();
      expect(ids(listed.items)).to.deep.equal([again.incidents[0].id]);
    });

    it('should answer 400 for retries that are not a positive whole number and 404 for an unknown incident', async () => {
      // given
      const incident = await stuck('payment');

      // when
      const zero = await post(`/api/incidents/${incident.id}/resolve`, { retries: 0 });
      const text = await post(`/api/incidents/${incident.id}/resolve`, { retries: 'three' });
      const unknown = await post(`/api/incidents/${incident.instanceId}-999/resolve`, { retries: 1 });

      // then
      expect([zero.status, text.status, unknown.status]).to.deep.equal([400, 400, 404]);
      expect((await get(`/api/incidents/${incident.id}`)).status).to.equal(200);
    });
  });
});
