/** The REST connector's settings (engine/connectors/http-json.ts) from environment variables; each one is documented in the README. */
import { httpJsonConnector, type ConnectorsOptions } from '../engine/index.js';

/** Throws an Error naming the variable when a value is unusable. */
export function readConnectors(env: NodeJS.ProcessEnv): ConnectorsOptions {
  const enabled = env.BATON_HTTP_CONNECTOR;
  if (enabled !== undefined && enabled !== '' && enabled !== 'on' && enabled !== 'off')
    throw new Error(`BATON_HTTP_CONNECTOR must be 'on' or 'off', not '${enabled}'`);
  if (enabled === 'off') return { http: false };
  const http = { allow: list(env.BATON_HTTP_ALLOW), deny: list(env.BATON_HTTP_DENY) };
  const maxText = env.BATON_HTTP_MAX_RESPONSE_BYTES;
  const maxResponseBytes = maxText === undefined || maxText === '' ? undefined : Number(maxText);
  if (maxResponseBytes !== undefined && (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0)) {
    throw new Error(`BATON_HTTP_MAX_RESPONSE_BYTES must be a positive whole number of bytes, not '${maxText}'`);
  }
  try {
    // Built once here so that a bad entry stops the server at start, naming its variable.
    httpJsonConnector({ http, maxResponseBytes });
  } catch (error) {
    throw new Error(
      `BATON_HTTP_ALLOW / BATON_HTTP_DENY: ${(error as Error).message.replace(/^http\.(allow|deny)/, (name) => (name === 'http.allow' ? 'BATON_HTTP_ALLOW' : 'BATON_HTTP_DENY'))}`,
    );
  }
  return { http: { http, maxResponseBytes } };
}

/** A comma-separated list; empty entries are dropped. */
function list(text: string | undefined): string[] | undefined {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length ? entries : undefined;
}
