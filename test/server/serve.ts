/** Serves the API of an engine on a free loopback port for a spec; `close` stops the server (the engine is the spec's). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Engine } from '../../engine/index.js';
import { createApp, type AppOptions } from '../../server/app.js';

export interface Served {
  app: Koa;
  base: string;
  close(): Promise<void>;
  /** fetch on the server, with `key` as a Bearer token when given and `body` sent as JSON (a string as XML). */
  call(method: string, path: string, options?: { key?: string; body?: unknown; signal?: AbortSignal }): Promise<Response>;
}

export async function serve(engine: Engine, options: Omit<AppOptions, 'engine'> = {}): Promise<Served> {
  const app = createApp({ engine, ...options });
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
      return fetch(`${base}${path}`, { method, headers, signal, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    },
  };
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
