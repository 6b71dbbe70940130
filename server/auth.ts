/**
 * API keys and roles. Every route has one row in ROUTE_ACCESS (method and
 * route path as registered with @koa/router, e.g. 'GET /api/instances/:id'),
 * taken from the `roles` of its declaration in server/routes;
 * one middleware, put in front of each route's handlers by `protectRoutes`,
 * looks up the row of the route being run (`ctx._matchedRoute`). It sits in
 * each route rather than in front of the routers so that the route checked is
 * the one whose handler runs (router-level middleware sees its own path in
 * `_matchedRoute`), and a refused request's body is never parsed. A route
 * without a row (one not declared in server/routes) is refused to every key
 * but admin.
 *
 * With no keys configured there is no authentication: every caller may do
 * everything, and the server only listens on a loopback address.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { HttpError } from './errors.js';
import { CAMUNDA_ROUTES } from './camunda/index.js';
import { accessTable, ROUTES } from './routes/index.js';

export const ROLES = ['admin', 'deployer', 'operator', 'worker', 'user', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  key: string;
  /** Who holds the key: in logs, and the user name a `user` key sees its tasks by. */
  name: string;
  roles: Role[];
  /** Candidate groups a `user` key sees the tasks of. */
  groups: string[];
}

/**
 * Who is calling: on `ctx.state.identity` of every request with a key that
 * passed the check. With no keys configured it is not set, and every caller
 * may do everything (server/routes/user-tasks.ts shows every task then).
 */
export interface Identity {
  name: string;
  roles: Role[];
  groups: string[];
}

/** 'public': no key needed; else the roles allowed besides admin, which may do everything. */
export type Access = 'public' | readonly Role[];

/**
 * The roles of every route, derived from the route declarations
 * (server/routes/*.ts, and server/camunda/*.ts for the Camunda 8 API); GET routes all admit viewer (read only),
 * test/server/auth.spec.ts checks it.
 */
export const ROUTE_ACCESS: Record<string, Access> = accessTable([...ROUTES, ...CAMUNDA_ROUTES]);

export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.includes('admin') || roles.some((role) => identity.roles.includes(role));
}

/** The row of a route: `GET` also serves `HEAD`. */
export function accessOf(method: string, route: string, table: Record<string, Access> = ROUTE_ACCESS): Access | undefined {
  return table[`${method === 'HEAD' ? 'GET' : method} ${route}`];
}

/**
 * Checks the key and the role for the route being run. Answers 401
 * UNAUTHENTICATED without a known key and 403 FORBIDDEN without a role the
 * route's row allows; sets `ctx.state.identity`.
 */
export function authorize(keys: readonly ApiKey[], table: Record<string, Access> = ROUTE_ACCESS): Middleware {
  const lookup = keyLookup(keys);
  return async (ctx, next) => {
    if (!keys.length) return next();
    const route = String((ctx as { _matchedRoute?: string | RegExp })._matchedRoute);
    const access = accessOf(ctx.method, route, table);
    if (access === 'public') return next();
    const identity = lookup(bearer(ctx.get('authorization')));
    if (!identity) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'UNAUTHENTICATED', 'send a valid API key as Authorization: Bearer <key>');
    }
    if (!access) {
      if (!hasRole(identity)) throw new HttpError(403, 'FORBIDDEN', `${ctx.method} ${route} has no access rule, so only admin keys may use it`);
    } else if (!hasRole(identity, ...access)) {
      throw new HttpError(403, 'FORBIDDEN', `the key '${identity.name}' lacks a role for ${ctx.method} ${route}: one of admin, ${access.join(', ')}`, {
        required: ['admin', ...access],
      });
    }
    ctx.state.identity = identity;
    return next();
  };
}

/** Puts `middleware` first in every route of the router, so it runs once the route is known and before its handlers. */
export function protectRoutes(router: Router, ...middleware: Middleware[]): void {
  for (const layer of router.stack) {
    if (layer.methods.length) layer.stack.unshift(...(middleware as (typeof layer.stack)[number][]));
  }
}

function bearer(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Finds the key in constant time: every configured key is compared, by digest, whatever matches. */
function keyLookup(keys: readonly ApiKey[]): (presented: string | undefined) => Identity | undefined {
  const digests = keys.map((key) => ({ digest: sha256(key.key), identity: identityOf(key) }));
  return (presented) => {
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let found: Identity | undefined;
    for (const candidate of digests) {
      if (timingSafeEqual(candidate.digest, digest)) found = candidate.identity;
    }
    return found;
  };
}

function identityOf({ name, roles, groups }: ApiKey): Identity {
  return Object.freeze({ name, roles: [...roles], groups: [...groups] });
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Keys shorter than this are refused at start-up: they could be guessed. */
export const MIN_KEY_LENGTH = 16;

/** Reads and checks the `apiKeys` of a configuration; `source` names where they came from in error messages. */
export function parseApiKeys(value: unknown, source: string): ApiKey[] {
  if (!Array.isArray(value)) throw new Error(`${source} must be a JSON array of { key, name, roles, groups? }`);
  return value.map((entry, index) => {
    const where = `${source}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${where} must be an object { key, name, roles, groups? }`);
    const { key, name, roles, groups = [] } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim()) throw new Error(`${where}.name must be a non-empty string`);
    if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH || /\s/.test(key)) {
      throw new Error(`${where}.key (of '${name}') must be a string of at least ${MIN_KEY_LENGTH} characters without spaces`);
    }
    if (!Array.isArray(roles) || !roles.length || roles.some((role) => !ROLES.includes(role as Role))) {
      throw new Error(`${where}.roles (of '${name}') must be a non-empty list of ${ROLES.join(', ')}`);
    }
    if (!Array.isArray(groups) || groups.some((group) => typeof group !== 'string' || !group)) {
      throw new Error(`${where}.groups (of '${name}') must be a list of group names`);
    }
    return { key, name, roles: roles as Role[], groups: groups as string[] };
  });
}

/** Refuses a secret configured twice. Two keys may share a name: a user's old and new key while it rotates them. */
export function checkDistinct(keys: readonly ApiKey[]): void {
  const secrets = new Set<string>();
  for (const { key, name } of keys) {
    if (secrets.has(key)) throw new Error(`the API key of '${name}' is configured twice`);
    secrets.add(key);
  }
}
