import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Engine } from '../../engine/index.js';
import { accessOf, authorize, protectRoutes, ROUTE_ACCESS, ROLES, type ApiKey, type Role } from '../../server/auth.js';
import { errorHandler } from '../../server/errors.js';
import { createApp } from '../../server/app.js';
import { registeredRoutes, serve, type Served } from './serve.js';

/** The code of an error answer: `error.code` on /api, the ProblemDetail `title` on the Camunda 8 API (/v2). */
const errorCode = (body: { error?: { code?: string }; title?: string }): string | undefined => body.error?.code ?? body.title;

/** A route that reads only: a GET, or a search of the Camunda 8 API (POST /v2/.../search, Camunda's way to send a filter). */
const isRead = (row: string): boolean => row.startsWith('GET ') || /^POST \/v2\/.+\/search$/.test(row);

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

const KEYS: ApiKey[] = [
  { key: 'admin-key-00000000001', name: 'root', roles: ['admin'], groups: [] },
  { key: 'deployer-key-00000001', name: 'ci', roles: ['deployer'], groups: [] },
  { key: 'operator-key-00000001', name: 'ops', roles: ['operator'], groups: [] },
  { key: 'worker-key-0000000001', name: 'payments-worker', roles: ['worker'], groups: [] },
  { key: 'user-key-000000000001', name: 'alice', roles: ['user'], groups: ['finance'] },
  { key: 'viewer-key-0000000001', name: 'dashboard', roles: ['viewer'], groups: [] },
];
const keyOf = (role: Role) => KEYS.find((k) => k.roles.includes(role))!.key;

/** A concrete path for a route path: every `:param` becomes 'x'. */
const concrete = (route: string) => route.replace(/:[A-Za-z_]+/g, 'x');

describe('REST API: API keys and roles', () => {
  let engine: Engine;
  let api: Served;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    api = await serve(engine, { apiKeys: KEYS });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  describe('the access table', () => {
    it('should have a row for every route the server registers', () => {
      // given
      const routes = registeredRoutes(createApp({ engine }));

      // when
      const missing = routes.filter((route) => !(route in ROUTE_ACCESS));

      // then
      expect(missing, 'add a row to ROUTE_ACCESS in server/auth.ts for each of these routes').to.deep.equal([]);
    });

    it('should have no row for a route that does not exist', () => {
      // given
      const routes = new Set(registeredRoutes(createApp({ engine })));

      // when
      const stale = Object.keys(ROUTE_ACCESS).filter((row) => !routes.has(row));

      // then
      expect(stale, 'these rows of ROUTE_ACCESS name no registered route').to.deep.equal([]);
    });

    it('should let viewer read every GET route and change nothing', () => {
      // given
      const rows = Object.entries(ROUTE_ACCESS).filter(([, access]) => access !== 'public');

      // when
      const wrong = rows.filter(([row, access]) => isRead(row) !== access.includes('viewer'));

      // then
      expect(wrong.map(([row]) => row)).to.deep.equal([]);
    });

    it('should refuse a route without a row to every key but admin', async () => {
      // given
      const router = new Router();
      router.get('/api/unlisted', (ctx) => {
        ctx.body = { reached: true };
      });
      protectRoutes(router, authorize(KEYS, { 'GET /health': 'public' }));
      const app = new Koa().use(errorHandler(pino({ level: 'silent' }))).use(router.routes());
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/unlisted`;

      try {
        // when
        const [asViewer, asAdmin] = await Promise.all(
          [keyOf('viewer'), keyOf('admin')].map((key) => fetch(url, { headers: { authorization: `Bearer ${key}` } })),
        );

        // then
        expect([asViewer.status, asAdmin.status]).to.deep.equal([403, 200]);
        expect((await asViewer.json()).error.message).to.include('GET /api/unlisted has no access rule');
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('should treat HEAD as GET', () => {
      // then
      expect(accessOf('HEAD', '/api/instances')).to.equal(ROUTE_ACCESS['GET /api/instances']);
    });
  });

  describe('authentication', () => {
    it('should answer 401 UNAUTHENTICATED on every route but /health without a key or with an unknown one', async () => {
      // given
      const routes = registeredRoutes(api.app).filter((route) => ROUTE_ACCESS[route] !== 'public');
      expect(routes.length).to.be.greaterThan(5);

      // when
      const answers = await Promise.all(
        routes.flatMap((route) => {
          const [method, path] = route.split(' ');
          return [undefined, 'not-a-configured-key'].map(async (key) => {
            const response = await api.call(method, concrete(path), { key });
            const code = errorCode(await response.json());
            return { route, key, status: response.status, code, challenge: response.headers.get('www-authenticate') };
          });
        }),
      );

      // then
      const refused = answers.filter((a) => a.status === 401 && a.code === 'UNAUTHENTICATED' && a.challenge === 'Bearer');
      expect(answers.filter((a) => !refused.includes(a))).to.deep.equal([]);
    });

    it('should refuse a key that differs from a configured one only in its last character', async () => {
      // given
      const almost = `${keyOf('admin').slice(0, -1)}2`;

      // when
      const response = await api.call('GET', '/api/instances', { key: almost });

      // then
      expect(response.status).to.equal(401);
    });

    it('should answer /health without a key', async () => {
      // when
      const response = await api.call('GET', '/health');

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ status: 'ok' });
    });

    it('should check the key before reading the body', async () => {
      // when
      const response = await api.call('POST', '/api/deployments', { body: '<not-xml' });

      // then
      expect(response.status).to.equal(401);
    });

    it('should answer 404 for an unknown path, with or without a key', async () => {
      // when
      const answers = await Promise.all([api.call('GET', '/api/nothing-here'), api.call('GET', '/api/nothing-here', { key: keyOf('viewer') })]);

      // then
      expect(answers.map((r) => r.status)).to.deep.equal([404, 404]);
    });
  });

  describe('roles', () => {
    it('should answer 403 FORBIDDEN on every route to a role its row does not list', async () => {
      // given
      const routes = registeredRoutes(api.app).filter((route) => ROUTE_ACCESS[route] !== 'public');

      // when
      const answers = await Promise.all(
        routes.flatMap((route) => {
          const [method, path] = route.split(' ');
          const allowed = ROUTE_ACCESS[route] as readonly Role[];
          return ROLES.filter((role) => role !== 'admin' && !allowed.includes(role)).map(async (role) => {
            const response = await api.call(method, concrete(path), { key: keyOf(role) });
            return { route, role, status: response.status, code: errorCode(await response.json()) };
          });
        }),
      );

      // then
      expect(answers.filter((a) => a.status !== 403 || a.code !== 'FORBIDDEN')).to.deep.equal([]);
    });

    it("should let the roles of a route's row and admin past the check on every route", async () => {
      // given
      const routes = registeredRoutes(api.app).filter((route) => ROUTE_ACCESS[route] !== 'public');

      // when
      const answers = await Promise.all(
        routes.flatMap((route) => {
          const [method, path] = route.split(' ');
          return ['admin' as Role, ...(ROUTE_ACCESS[route] as readonly Role[])].map(async (role) => {
            try {
              // A long poll (job activation) that holds the request has let it through.
              const response = await api.call(method, concrete(path), { key: keyOf(role), signal: AbortSignal.timeout(1_000) });
              const text = await response.text();
              return { route, role, status: response.status, refused: response.status === 401 || text.includes('lacks a role') };
            } catch {
              return { route, role, status: 0, refused: false };
            }
          });
        }),
      );

      // then
      expect(answers.filter((a) => a.refused)).to.deep.equal([]);
    });

    it('should say which roles a route needs', async () => {
      // when
      const response = await api.call('POST', '/api/deployments', { key: keyOf('viewer'), body: await fixture('approval.bpmn') });

      // then
      expect(response.status).to.equal(403);
      const { error } = await response.json();
      expect(error.code).to.equal('FORBIDDEN');
      expect(error.message).to.include("'dashboard'").and.to.include('deployer');
      expect(error.details).to.deep.equal({ required: ['admin', 'deployer'] });
    });

    it('should let a deployer deploy, an operator start and cancel, and a viewer read', async () => {
      // given
      engine.handle('approve', async () => ({}));
      const xml = (await fixture('approval.bpmn')).replace('type="approve"', 'type="never-served"');

      // when
      const deployed = await api.call('POST', '/api/deployments?name=approval.bpmn', { key: keyOf('deployer'), body: xml });
      const started = await api.call('POST', '/api/processes/approval/instances', { key: keyOf('operator'), body: {} });
      const { id } = await started.json();
      const cancelled = await api.call('POST', `/api/instances/${id}/cancel`, { key: keyOf('operator') });
      const read = await api.call('GET', `/api/instances/${id}`, { key: keyOf('viewer') });
      const viewerCancel = await api.call('POST', `/api/instances/${id}/cancel`, { key: keyOf('viewer') });

      // then
      expect([deployed.status, started.status, cancelled.status, read.status, viewerCancel.status]).to.deep.equal([201, 201, 200, 200, 403]);
      expect((await read.json()).status).to.equal('cancelled');
    });

    it('should serve /metrics to viewer and admin keys only', async () => {
      // when
      const answers = await Promise.all([
        api.call('GET', '/metrics'),
        api.call('GET', '/metrics', { key: keyOf('worker') }),
        api.call('GET', '/metrics', { key: keyOf('viewer') }),
        api.call('GET', '/metrics', { key: keyOf('admin') }),
      ]);

      // then
      expect(answers.map((r) => r.status)).to.deep.equal([401, 403, 200, 200]);
    });
  });

  describe('without keys', () => {
    it('should let every caller do everything as an anonymous admin', async () => {
      // given
      const open = await serve(engine);

      try {
        // when
        const deployed = await open.call('POST', '/api/deployments', { body: await fixture('approval.bpmn') });
        const metrics = await open.call('GET', '/metrics');

        // then
        expect([deployed.status, metrics.status]).to.deep.equal([201, 200]);
      } finally {
        await open.close();
      }
    });
  });

  describe('identity', () => {
    it('should show a user key only the tasks offered to its name or groups', async () => {
      // given
      await engine.deploy({ name: 'user-tasks.bpmn', xml: await fixture('user-tasks.bpmn') });
      await engine.start('review', { variables: { total: 5 } });
      await engine.start('ticket', { variables: { owner: 'bob' } });

      // when
      const asAlice = await api.call('GET', '/api/user-tasks', { key: keyOf('user') });
      const asViewer = await api.call('GET', '/api/user-tasks', { key: keyOf('viewer') });

      // then
      expect((await asAlice.json()).items.map((t: { elementId: string }) => t.elementId)).to.deep.equal([]);
      expect((await asViewer.json()).items.map((t: { elementId: string }) => t.elementId).sort()).to.deep.equal(['answer', 'approve']);
    });

    it('should let a user key in a candidate group see that task', async () => {
      // given
      const support: ApiKey = { key: 'support-key-000000001', name: 'sam', roles: ['user'], groups: ['support'] };
      const withSupport = await serve(engine, { apiKeys: [...KEYS, support] });
      await engine.deploy({ name: 'user-tasks.bpmn', xml: await fixture('user-tasks.bpmn') });
      await engine.start('review', { variables: { total: 5 } });
      await engine.start('ticket', { variables: { owner: 'bob' } });

      try {
        // when
        const response = await withSupport.call('GET', '/api/user-tasks', { key: support.key });

        // then
        expect((await response.json()).items.map((t: { elementId: string }) => t.elementId)).to.deep.equal(['answer']);
      } finally {
        await withSupport.close();
      }
    });
  });
});
