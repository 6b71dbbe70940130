/** The connectors an engine serves in its own process unless told not to: today the REST connector. */
import type { Job } from '../jobs/job.js';
import type { Connector } from './connector.js';
import { httpJsonConnector, type HttpConnectorOptions } from './http-json.js';

export interface ConnectorsOptions {
  /** The REST connector (`io.camunda:http-json:1`): its options, or false to leave the type to a handler or worker of your own. On by default. */
  http?: HttpConnectorOptions | false;
}

/** What the engine tells its connectors. */
export interface ConnectorHost {
  /** The names of `job.env` that are secrets of the job's environment. */
  environmentSecretNames(job: Job): Promise<string[]>;
}

export function builtinConnectors(options: ConnectorsOptions = {}, host: ConnectorHost): Connector[] {
  const connectors: Connector[] = [];
  if (options.http !== false) {
    connectors.push(httpJsonConnector({ environmentSecretNames: (job) => host.environmentSecretNames(job), ...options.http }));
  }
  return connectors;
}
