/**
 * A running API server on a fresh engine for a spec: call `serve()` in
 * beforeEach and `stop()` in afterEach. With `identities`, the request
 * header `x-test-identity` (JSON `{ name, roles, groups }`) is put on
 * `ctx.state.identity`, as an auth middleware would, so route filters can
 * be tested without real keys.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context, Next } from 'koa';
import { Engine, type EngineOptions } from '../../engine/index.js';
import { createApp } from '../../server/app.js';
import type { ApiKey } from '../../server/auth.js';

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

export const IDENTITY_HEADER = 'x-test-identity';

export async function serve(options: ServeOptions = {}): Promise<TestServer> {
  const engine = await Engine.open({ jobs: { pollIntervalMs: 10 }, ...options.engine });
  for (const name of options.deploy ?? []) {
    await engine.deploy({ name, xml: await readFile(new URL(`./${name}`, import.meta.url), 'utf8') });
  }
  const app = createApp({ engine, apiKeys: options.apiKeys });
  if (options.identities) {
    app.middleware.unshift(async (ctx: Context, next: Next) => {
      const header = ctx.get(IDENTITY_HEADER);
      if (header) ctx.state.identity = JSON.parse(header);
      await next();
    });
  }
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    engine,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
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
