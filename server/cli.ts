/**
 * `baton`: a small command line client of the REST API. Prints the API's
 * JSON answer; on an error prints the API's message and exits non-zero.
 *
 *   node --import tsx server/cli.ts deploy order.bpmn     (in a clone)
 *   npx baton deploy order.bpmn                           (bin/baton.js)
 */
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { connectorCatalog } from '../connectors/runtime/catalog.js';
import { ApiError } from '../connectors/runtime/api.js';
import { serveConnectors } from '../connectors/runtime/serve.js';

export const USAGE = `Usage: baton <command> [options]

Commands:
  deploy <file.bpmn>...                 deploy BPMN files
  start <processId>                     start an instance
      [--variables JSON] [--business-key K] [--version N]
  instances                             list instances
      [--process P] [--status S] [--business-key K] [--limit N] [--after CURSOR]
  publish <name>                        publish a message
      [--correlation-key K] [--variables JSON] [--ttl MS] [--message-id ID]
  connectors                            serve the bundled connectors (a worker key) until
      [--name NAME]                     SIGTERM/SIGINT; NAME: how the server lists this runtime

Options:
  --url URL    the server (env BATON_URL, default http://127.0.0.1:8080)
  --key KEY    an API key, sent as a Bearer token (env BATON_API_KEY)
  --help       this text`;

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean' },
  variables: { type: 'string' },
  'business-key': { type: 'string' },
  version: { type: 'string' },
  process: { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  after: { type: 'string' },
  'correlation-key': { type: 'string' },
  ttl: { type: 'string' },
  'message-id': { type: 'string' },
  name: { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Options = { [name in keyof typeof OPTIONS]?: (typeof OPTIONS)[name]['type'] extends 'boolean' ? boolean : string };

/** A mistake in the command line: usage is printed, exit code 2. */
class UsageError extends Error {}

/** The API answered with an error, or could not be reached: exit code 1. */
class RequestError extends Error {}

interface Client {
  request(method: string, path: string, body?: { json: unknown } | { xml: string }): Promise<unknown>;
}

/** The server and key the command line names. */
interface Target {
  url: string;
  key?: string;
  io: CliIO;
}

type Command = (args: string[], options: Options, client: Client, target: Target) => Promise<unknown>;

/**
 * A value as one path segment. A URL reader removes `.` and `..` segments
 * (escaped ones too: `%2E%2E`), so `start ..` would post to another path:
 * such a value cannot be sent as a segment, and is no BPMN id anyway.
 */
function pathSegment(value: string, what: string): string {
  if (/^(\.|%2e){1,2}$/i.test(value)) throw new UsageError(`'${value}' is not a ${what}`);
  return encodeURIComponent(value);
}

const COMMANDS: Record<string, Command> = {
  async deploy(files, _options, client) {
    if (!files.length) throw new UsageError('deploy needs at least one BPMN file');
    const results = [];
    for (const file of files) {
      const xml = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new RequestError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      results.push(await client.request('POST', `/api/deployments?${new URLSearchParams({ name: basename(file) })}`, { xml }));
    }
    return results.length === 1 ? results[0] : results;
  },

  async start([processId, ...rest], options, client) {
    if (!processId || rest.length) throw new UsageError('start needs exactly one process id');
    const version = options.version === undefined ? undefined : wholeNumber(options.version, '--version');
    const body = { variables: json(options.variables, '--variables'), businessKey: options['business-key'], version };
    return client.request('POST', `/api/processes/${pathSegment(processId, 'process id')}/instances`, { json: body });
  },

  async instances(args, options, client) {
    if (args.length) throw new UsageError('instances takes no arguments: filter with --process and --status');
    const query = new URLSearchParams();
    const filters = { processId: options.process, status: options.status, businessKey: options['business-key'], limit: options.limit, after: options.after };
    for (const [name, value] of Object.entries(filters)) if (value !== undefined) query.set(name, value);
    return client.request('GET', `/api/instances${query.size ? `?${query}` : ''}`);
  },

  async publish([name, ...rest], options, client) {
    if (!name || rest.length) throw new UsageError('publish needs exactly one message name');
    const body = {
      name,
      correlationKey: options['correlation-key'],
      variables: json(options.variables, '--variables'),
      timeToLive: options.ttl === undefined ? undefined : wholeNumber(options.ttl, '--ttl'),
      messageId: options['message-id'],
    };
    return client.request('POST', '/api/messages', { json: body });
  },

  async connectors(args, options, _client, { url, key, io }) {
    if (args.length) throw new UsageError('connectors takes no arguments');
    let connectors;
    try {
      connectors = connectorCatalog();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!connectors.length) throw new RequestError('no connectors to serve: BATON_HTTP_CONNECTOR=off, and connectors/runtime/catalog.ts lists no other');
    try {
      return await serveConnectors(connectors, { url, key, name: options.name }, (line) => io.err(`baton connectors: ${line}`));
    } catch (error) {
      if (error instanceof ApiError || error instanceof TypeError) throw new RequestError(`registering with ${url} failed: ${error.message}`);
      throw error;
    }
  },
};

/** Runs one command line; resolves with the exit code (0 done, 1 the request failed, 2 a usage mistake). */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIO = consoleIO): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const options = parsed.values as Options;
    const [name, ...args] = parsed.positionals;
    if (options.help || !name) {
      io.out(USAGE);
      return options.help ? 0 : 2;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command '${name}'`);
    const url = options.url ?? env.BATON_URL ?? 'http://127.0.0.1:8080';
    const key = options.key ?? env.BATON_API_KEY;
    const client = httpClient(url, key);
    io.out(JSON.stringify(await command(args, options, client, { url, key, io }), null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`baton: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RequestError) {
      io.err(`baton: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function httpClient(url: string, key: string | undefined): Client {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new UsageError(`--url '${url}' is not a URL`);
  }
  return {
    async request(method, path, body) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (key) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (body && 'xml' in body) {
        headers['content-type'] = 'application/xml';
        payload = body.xml;
      } else if (body) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      }
      const target = new URL(path.replace(/^\//, ''), base.href.endsWith('/') ? base : `${base.href}/`);
      let response: Response;
      try {
        response = await fetch(target, { method, headers, body: payload });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new RequestError(`cannot reach the Baton server at ${base.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
      }
      const text = await response.text();
      let answer: unknown;
      try {
        answer = text ? JSON.parse(text) : undefined;
      } catch {
        answer = undefined;
      }
      if (!response.ok) {
        const failure = (answer as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
        const message = failure?.message ?? (text.trim() || response.statusText);
        const details = failure?.details === undefined ? '' : `\n${JSON.stringify(failure.details, null, 2)}`;
        throw new RequestError(`${response.status} ${failure?.code ?? 'ERROR'}: ${message}${details}`);
      }
      return answer;
    },
  };
}

function json(text: string | undefined, option: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${option} must be a JSON object, like '{"total": 42}'`);
  return value as Record<string, unknown>;
}

function wholeNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${option} must be a whole number, not '${text}'`);
  return value;
}

const consoleIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Run as a script: `node --import tsx server/cli.ts ...`. */
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await run(process.argv.slice(2));
}
