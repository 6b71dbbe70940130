/** `npm start`: the API on the embedded SQLite store under BATON_DATA_DIR. */
import { join } from 'node:path';
import { pino } from 'pino';
import { Engine } from '../engine/index.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';

const config = readConfig();
const logger = pino({ level: config.logLevel });
const engine = await Engine.open({
  store: `sqlite:${join(config.dataDir, 'baton.db')}`,
  onError: (err) => logger.error({ err }, 'background error'),
});
const server = createApp({ engine, bodyLimit: config.bodyLimit, logger }).listen(config.port, config.host, () => {
  logger.info(`Baton listening on http://${config.host}:${config.port} (data in ${config.dataDir})`);
  if (config.host === '127.0.0.1') logger.info('bound to 127.0.0.1 only: set HOST to listen on other interfaces');
});

async function shutdown(signal: string): Promise<void> {
  logger.info(`${signal}: shutting down`);
  server.close();
  await engine.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
