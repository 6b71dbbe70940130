/**
 * What a web page on another site may make this server do. Browsers send
 * "simple" requests (a multipart form, a text/plain body) to any address
 * without asking first, and a rebound DNS name can make a foreign page
 * same-origin with a server on loopback. So:
 *
 * - every response says `X-Content-Type-Options: nosniff`, and API
 *   responses (stored XML among them) carry a sandboxing Content Security
 *   Policy, so that nothing the server returns runs as a page of its origin;
 * - a request body must be JSON, XML or multipart (415 otherwise), so a
 *   text/plain "form" cannot pass for JSON;
 * - without API keys (loopback only), the `Host` must be a loopback name
 *   (no DNS rebinding), and a request that changes state must not come
 *   from another origin (`Origin`, `Sec-Fetch-Site`). With keys, a foreign
 *   page cannot send the key: the browser would ask first (CORS), and the
 *   server allows no other origin.
 */
import type { Context, Middleware, Next } from 'koa';
import { HttpError } from './errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOOPBACK_NAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;
const BODY_TYPES = ['json', 'application/*+json', 'application/xml', 'text/xml', 'application/bpmn+xml', 'multipart/form-data'];
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Headers on every response; the static app replaces the policy with its own. */
export function securityHeaders(): Middleware {
  return async (ctx: Context, next: Next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', API_POLICY);
    await next();
  };
}

/** 415 for a request body of any other type than JSON, XML or multipart. */
export function requireBodyType(): Middleware {
  return async (ctx: Context, next: Next) => {
    if (hasBody(ctx) && !ctx.is(BODY_TYPES)) {
      const sent = ctx.get('content-type') || 'none';
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `a request body must be application/json (application/xml or multipart/form-data for deployments), not ${sent}`,
        {
          contentType: sent,
        },
      );
    }
    await next();
  };
}

/** Without API keys: loopback `Host` names only, and no state change asked by another origin. */
export function sameOriginOnly(): Middleware {
  return async (ctx: Context, next: Next) => {
    const host = ctx.get('host');
    if (!LOOPBACK_NAMES.test(host)) {
      throw new HttpError(
        403,
        'FORBIDDEN_HOST',
        `the Host header '${host.slice(0, 100)}' is not a loopback name: without API keys the server answers to localhost, 127.0.0.1 and [::1] only`,
      );
    }
    if (STATE_CHANGING.has(ctx.method)) {
      const origin = ctx.get('origin');
      const site = ctx.get('sec-fetch-site');
      if (origin && origin.toLowerCase() !== `${ctx.protocol}://${host}`.toLowerCase()) {
        throw new HttpError(
          403,
          'FORBIDDEN_ORIGIN',
          `a request from the origin '${origin.slice(0, 100)}' may not change anything: without API keys only pages of this server (or clients that send no Origin) may`,
        );
      }
      if (site && site !== 'same-origin' && site !== 'none') {
        throw new HttpError(
          403,
          'FORBIDDEN_ORIGIN',
          `a ${site} request may not change anything (Sec-Fetch-Site): without API keys only pages of this server may`,
        );
      }
    }
    await next();
  };
}

function hasBody(ctx: Context): boolean {
  return Number(ctx.get('content-length') || 0) > 0 || !!ctx.get('transfer-encoding');
}
