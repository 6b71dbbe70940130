/**
 * Serves the built browser app (dist/modeler, made by modeler/build.ts) at
 * `/`. Only GET and HEAD of paths outside /api; only files inside the
 * directory (resolved paths are checked, dot-files refused). Asset names
 * carry a content hash, so they are cached for a year; index.html is
 * revalidated every time so a new build is picked up at once.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';

/** dist/modeler beside the server: from the sources (server/) or from a build (dist/server/). */
export function defaultModelerDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return resolve(here, here.includes(`${sep}dist${sep}server`) ? '../modeler' : '../dist/modeler');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};

/** An esbuild output name with its content hash, e.g. main-5PZQ3XKX.js. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

export function serveStatic(dir: string): Middleware {
  const root = resolve(dir);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path === '/api' || ctx.path.startsWith('/api/')) return next();
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    if (path.includes('\0') || path.split('/').some((part) => part.startsWith('.'))) return next();
    const file = resolve(join(root, path === '/' ? 'index.html' : path));
    if (file !== root && !file.startsWith(root + sep)) return next();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return next();
    ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    ctx.length = info.size;
    ctx.lastModified = info.mtime;
    ctx.set('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (file.endsWith('.html')) {
      // The app loads nothing from other origins; the API is same-origin.
      ctx.set(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      );
    } else {
      // Scripts, styles and fonts are not documents: the API's sandboxing policy (./cross-site.ts) is not theirs.
      ctx.remove('Content-Security-Policy');
    }
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (ctx.method === 'GET') ctx.body = createReadStream(file);
  };
}
