/** Server settings from environment variables; every one is documented in the README. */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  bodyLimit: string;
  logLevel: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not '${env.PORT}'`);
  return {
    port,
    // No authentication exists yet, so the API is only reachable from this machine unless HOST says otherwise.
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.BATON_DATA_DIR ?? './data'),
    bodyLimit: env.BATON_BODY_LIMIT ?? '5mb',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
