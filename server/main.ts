/** `npm start`: the API on the embedded SQLite store under BATON_DATA_DIR, or on MongoDB when MONGODB_URL is set. */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { Engine } from '../engine/index.js';
import { createApp } from './app.js';
import { readConfig, redactUrl, type ServerConfig } from './config.js';
import { shutdown } from './shutdown.js';
import { listenFailure, prepareDataDir } from './startup-errors.js';
import { defaultModelerDir } from './static.js';
import { backgroundErrorHandler } from './background-errors.js';

let config: ServerConfig;
try {
  config = readConfig();
} catch (error) {
  console.error(`baton: ${(error as Error).message}`);
  process.exit(1);
}
const logger = pino({ level: config.logLevel });
try {
  if (!config.mongodbUrl) prepareDataDir(config.dataDir);
} catch (error) {
  console.error(`baton: ${(error as Error).message}`);
  process.exit(1);
}
let engine: Engine;
try {
  engine = await Engine.open({
    store: config.mongodbUrl ? (config.mongodbUrl as `mongodb://${string}`) : `sqlite:${join(config.dataDir, 'baton.db')}`,
    sqlite: { synchronous: config.sqliteSynchronous },
    // Errors may quote an expression's values: secret configuration values are taken out of them.
    onError: backgroundErrorHandler(logger, (text) => (engine as Engine | undefined)?.redact(text) ?? text),
    environments: config.environments,
    budget: config.budget,
    secretKey: config.secretKey,
    connectors: config.connectors,
    retention: config.retention,
  });
} catch (error) {
  // A damaged store file or an unusable data directory: one line saying what and where, no stack.
  console.error(`baton: cannot open the store: ${(error as Error).message}`);
  process.exit(1);
}
const server = createApp({ engine, bodyLimit: config.bodyLimit, logger, apiKeys: config.apiKeys, processMetrics: true, staticDir: defaultModelerDir() }).listen(
  config.port,
  config.host,
  () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    const where = config.mongodbUrl ? `MongoDB at ${redactUrl(config.mongodbUrl)}` : config.dataDir;
    logger.info({ url, host: config.host, port, store: where }, `Baton listening on ${url} (data in ${where})`);
    if (config.apiKeys.length) logger.info(`${config.apiKeys.length} API key(s) configured: every API route but /health needs one`);
    else logger.warn(`no API keys configured: no authentication, so the API listens on ${config.host} (this machine) only`);
  },
);
server.once('error', async (err: NodeJS.ErrnoException) => {
  console.error(`baton: ${listenFailure(err, config.host, config.port)}`);
  await engine.close();
  process.exit(1);
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: shutting down`);
  try {
    await shutdown({ server, engine, logger, graceMs: config.shutdownGraceMs });
    logger.info('stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
