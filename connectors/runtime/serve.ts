/**
 * `baton connectors`: runs a ConnectorRuntime until SIGTERM or SIGINT, then
 * stops polling, lets the running jobs finish and report, and resolves.
 */
import type { Connector } from '../../engine/index.js';
import { ConnectorRuntime, type RuntimeOptions } from './runtime.js';

export interface ServedConnectors {
  runtime: string;
  connectors: string[];
  stopped: true;
}

export async function serveConnectors(
  connectors: readonly Connector[],
  options: Omit<RuntimeOptions, 'connectors'>,
  log: (line: string) => void,
): Promise<ServedConnectors> {
  const runtime = new ConnectorRuntime({ ...options, connectors, log });
  const types = connectors.map((connector) => connector.type);
  let stop!: () => void;
  const stopRequested = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping; running jobs finish first`);
    stop();
  };
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  try {
    await runtime.start();
    log(`runtime '${runtime.name}' serves ${types.join(', ') || 'no connectors'} for ${options.url}`);
    await stopRequested;
    await runtime.stop();
    log('stopped');
    return { runtime: runtime.name, connectors: types, stopped: true };
  } finally {
    process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    await runtime.stop();
  }
}
