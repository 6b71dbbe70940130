/** Server settings from environment variables; every one is documented in the README. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDistinct, parseApiKeys, type ApiKey } from './auth.js';
import type { Environments } from '../engine/index.js';
import { readEnvironments } from './environments-config.js';
import { readBudget } from './budget-config.js';
import { readConnectors } from './http-connector-config.js';
import type { BudgetOptions, ConnectorsOptions, RetentionOptions } from '../engine/index.js';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  bodyLimit: string;
  logLevel: string;
  /** From BATON_API_KEYS and the `apiKeys` of the BATON_CONFIG file; none means no authentication. */
  apiKeys: ApiKey[];
  /** How long a shutdown waits for requests in flight before closing their connections. */
  shutdownGraceMs: number;
  /** From the `environments` of the BATON_CONFIG file and BATON_ENVIRONMENTS (server/environments-config.ts). */
  environments: Environments;
  /** What one step may spend (BATON_STEP_MS, BATON_STEP_MEMORY_MB, BATON_STEP_EVENTS, BATON_STEP_ISOLATION). */
  budget: Partial<BudgetOptions>;
  /** BATON_SECRET_KEY: seals instance secrets at rest (AES-256-GCM); unset, they are stored as JSON. */
  secretKey?: string;
  /** The REST connector (BATON_HTTP_CONNECTOR, BATON_HTTP_ALLOW, BATON_HTTP_DENY, BATON_HTTP_MAX_RESPONSE_BYTES). */
  connectors: ConnectorsOptions;
  /** When ended instances are deleted (BATON_RETENTION_DAYS); empty: the engine's defaults. */
  retention: Partial<RetentionOptions>;
  /** BATON_SQLITE_SYNCHRONOUS: FULL (default: every commit reaches the disk) or NORMAL (faster; a power cut may lose the last commits). */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** MONGODB_URL: the store is this MongoDB (a replica set or sharded cluster) instead of SQLite under dataDir. */
  mongodbUrl?: string;
}

/** Throws an Error whose message says what to fix; main.ts prints it and exits. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not '${env.PORT}'`);
  const shutdownGraceMs = Number(env.BATON_SHUTDOWN_GRACE_MS ?? 10_000);
  if (!Number.isFinite(shutdownGraceMs) || shutdownGraceMs < 0)
    throw new Error(`BATON_SHUTDOWN_GRACE_MS must be a number of milliseconds, not '${env.BATON_SHUTDOWN_GRACE_MS}'`);
  const apiKeys = readApiKeys(env);
  const host = env.HOST ?? '127.0.0.1';
  if (!apiKeys.length && !isLoopback(host)) {
    throw new Error(
      `HOST=${host} would open the API to the network without authentication: configure API keys (BATON_API_KEYS or a BATON_CONFIG file), or leave HOST unset to listen on 127.0.0.1 only`,
    );
  }
  return {
    port,
    host,
    dataDir: resolve(env.BATON_DATA_DIR ?? './data'),
    bodyLimit: env.BATON_BODY_LIMIT ?? '5mb',
    logLevel: env.LOG_LEVEL ?? 'info',
    apiKeys,
    shutdownGraceMs,
    environments: readEnvironments(env),
    budget: readBudget(env),
    secretKey: readSecretKey(env),
    connectors: readConnectors(env),
    retention: readRetention(env),
    sqliteSynchronous: readSynchronous(env),
    mongodbUrl: readMongodbUrl(env),
  };
}

function readMongodbUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.MONGODB_URL?.trim();
  if (!url) return undefined;
  if (!/^mongodb(\+srv)?:\/\/[^/?]+/.test(url))
    throw new Error(`MONGODB_URL must be a MongoDB connection string (mongodb://host:27017/baton?replicaSet=rs0), not '${redactUrl(url)}'`);
  return url;
}

/** A MongoDB URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1***@').slice(0, 200);
}

function readSynchronous(env: NodeJS.ProcessEnv): 'FULL' | 'NORMAL' {
  const text = (env.BATON_SQLITE_SYNCHRONOUS ?? 'FULL').trim().toUpperCase();
  if (text !== 'FULL' && text !== 'NORMAL') throw new Error(`BATON_SQLITE_SYNCHRONOUS must be FULL or NORMAL, not '${env.BATON_SQLITE_SYNCHRONOUS}'`);
  return text;
}

function readSecretKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env.BATON_SECRET_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < 16) throw new Error('BATON_SECRET_KEY must be at least 16 characters (e.g. `openssl rand -base64 32`)');
  return key;
}

/** BATON_RETENTION_DAYS: days an ended instance is kept (fractions allowed), 0 for ever; unset: 30. */
export function readRetention(env: NodeJS.ProcessEnv): Partial<RetentionOptions> {
  const text = env.BATON_RETENTION_DAYS;
  if (text === undefined || text.trim() === '') return {};
  const days = Number(text);
  if (!Number.isFinite(days) || days < 0)
    throw new Error(`BATON_RETENTION_DAYS must be a number of days, 0 or more (0 keeps ended instances for ever), not '${text}'`);
  return { days };
}

function readApiKeys(env: NodeJS.ProcessEnv): ApiKey[] {
  const keys: ApiKey[] = [];
  if (env.BATON_API_KEYS !== undefined && env.BATON_API_KEYS.trim()) {
    keys.push(...parseApiKeys(parseJson(env.BATON_API_KEYS, 'BATON_API_KEYS'), 'BATON_API_KEYS'));
  }
  if (env.BATON_CONFIG) {
    const file = resolve(env.BATON_CONFIG);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`BATON_CONFIG names ${file}, which cannot be read: ${(error as Error).message}`);
    }
    const config = parseJson(text, `BATON_CONFIG (${file})`);
    if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error(`BATON_CONFIG (${file}) must hold a JSON object`);
    const { apiKeys } = config as { apiKeys?: unknown };
    if (apiKeys !== undefined) keys.push(...parseApiKeys(apiKeys, `apiKeys in ${file}`));
  }
  checkDistinct(keys);
  return keys;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(host);
}
