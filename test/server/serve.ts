/**
 * The API server for the server specs, on a free loopback port:
 * `serve(engine)` serves an engine the spec opened itself (`close` stops the
 * server only); `serveNewEngine()` opens a fresh engine, deploys fixtures and
 * serves it (`stop` closes both). With `identities`, the request header
 * `x-test-identity` (JSON `{ name, roles, groups }`) is put on
 * `ctx.state.identity`, as an auth middleware would, so route filters can be
 * tested without real keys.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Context, Next } from 'koa';
import { Engine, type EngineOptions } from '../../engine/index.js';
import { createApp, type AppOptions } from '../../server/app.js';
import type { ApiKey } from '../../server/auth.js';

export const IDENTITY_HEADER = 'x-test-identity';

export interface Served {
  app: Koa;
  base: string;
  close(): Promise<void>;
  /** fetch on the server, with `key` as a Bearer token when given and `body` sent as JSON (a string as XML). */
  call(method: string, path: string, options?: { key?: string; body?: unknown; signal?: AbortSignal }): Promise<Response>;
}

export async function serve(engine: Engine, { identities, ...options }: Omit<AppOptions, 'engine'> & { identities?: boolean } = {}): Promise<Served> {
  const app = createApp({ engine, ...options });
  if (identities) {
    app.middleware.unshift(async (ctx: Context, next: Next) => {
      const header = ctx.get(IDENTITY_HEADER);
      if (header) ctx.state.identity = JSON.parse(header);
      await next();
    });
  }
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    base,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    call(method, path, { key, body, signal } = {}) {
      const headers: Record<string, string> = {};
      if (key) headers.authorization = `Bearer ${key}`;
      if (typeof body === 'string') headers['content-type'] = 'application/xml';
      else if (body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${base}${path}`, {
        method,
        headers,
        signal,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
  };
}

export interface TestServer {
  engine: Engine;
  base: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  engine?: EngineOptions;
  /** BPMN fixtures beside this file to deploy first. */
  deploy?: string[];
  identities?: boolean;
  /** Real API keys (server/auth.ts) instead of the test header. */
  apiKeys?: ApiKey[];
}

/** A running API server on a fresh engine: call it in beforeEach and `stop()` in afterEach. */
export async function serveNewEngine(options: ServeOptions = {}): Promise<TestServer> {
  const engine = await Engine.open({ jobs: { pollIntervalMs: 10 }, ...options.engine });
  for (const name of options.deploy ?? []) {
    await engine.deploy({ name, xml: await readFile(new URL(`./${name}`, import.meta.url), 'utf8') });
  }
  const served = await serve(engine, { apiKeys: options.apiKeys, identities: options.identities });
  return {
    engine,
    base: served.base,
    async stop() {
      await served.close();
      await engine.close();
    },
  };
}

/** A JSON request; `identity` is sent in the test identity header. */
export function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  identity?: { name: string; roles: string[]; groups: string[] },
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (identity) headers[IDENTITY_HEADER] = JSON.stringify(identity);
  return fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Every route the app registers, as 'METHOD /path' (HEAD, added by the router for GET, left out). */
export function registeredRoutes(app: Koa): string[] {
  const routes = new Set<string>();
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: { stack: Array<{ methods: string[]; path: string | RegExp }> } }).router;
    for (const layer of router?.stack ?? []) {
      for (const method of layer.methods) if (method !== 'HEAD') routes.add(`${method} ${String(layer.path)}`);
    }
  }
  return [...routes].sort();
}
