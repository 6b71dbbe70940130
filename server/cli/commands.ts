/**
 * The CLI's commands: each turns its arguments into one or a few API calls
 * and answers the API's JSON with a summary a person reads (`--json`
 * prints the JSON instead).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { connectorCatalog } from '../../connectors/runtime/catalog.js';
import { ApiError } from '../../connectors/runtime/api.js';
import { serveConnectors } from '../../connectors/runtime/serve.js';
import { RequestError, UsageError } from './errors.js';
import type { Client } from './http-client.js';
import { field, page, text, type Columns } from './output.js';
import type { CliIO } from './io.js';

export const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean' },
  json: { type: 'boolean' },
  variables: { type: 'string' },
  'business-key': { type: 'string' },
  version: { type: 'string' },
  environment: { type: 'string' },
  process: { type: 'string' },
  instance: { type: 'string' },
  status: { type: 'string' },
  assignee: { type: 'string' },
  group: { type: 'string' },
  limit: { type: 'string' },
  after: { type: 'string' },
  'correlation-key': { type: 'string' },
  ttl: { type: 'string' },
  'message-id': { type: 'string' },
  retries: { type: 'string' },
  name: { type: 'string' },
} as const;

export type Options = { [name in keyof typeof OPTIONS]?: (typeof OPTIONS)[name]['type'] extends 'boolean' ? boolean : string };

/** The server and key the command line names. */
export interface Target {
  url: string;
  key?: string;
  io: CliIO;
}

/** The API's answer, and what a person reads of it. */
export interface Outcome {
  answer: unknown;
  summary: string;
}

type Command = (args: string[], options: Options, client: Client, target: Target) => Promise<Outcome>;

type Row = Record<string, unknown>;

const INSTANCE_COLUMNS: Columns = [
  ['ID', field('id')],
  ['PROCESS', (i) => `${text(i.processId)} v${text(i.version)}`],
  ['STATUS', field('status')],
  ['BUSINESS KEY', field('businessKey')],
  ['STARTED', field('startedAt')],
];

const TASK_COLUMNS: Columns = [
  ['ID', field('id')],
  ['TASK', (t) => t.name ?? t.elementId],
  ['PROCESS', field('processId')],
  ['ASSIGNEE', field('assignee')],
  ['GROUPS', field('candidateGroups')],
  ['DUE', field('dueDate')],
];

const INCIDENT_COLUMNS: Columns = [
  ['ID', field('id')],
  ['PROCESS', (i) => `${text(i.processId)} v${text(i.version)}`],
  ['ELEMENT', field('elementId')],
  ['KIND', field('kind')],
  ['MESSAGE', field('message')],
];

const instanceLine = (i: Row) => `${text(i.id)}  ${text(i.processId)} v${text(i.version)}  ${text(i.status)}${i.businessKey ? `  ${text(i.businessKey)}` : ''}`;

/**
 * A value as one path segment. A URL reader removes `.` and `..` segments
 * (escaped ones too: `%2E%2E`), so `start ..` would post to another path:
 * such a value cannot be sent as a segment, and is no BPMN id anyway.
 */
function pathSegment(value: string, what: string): string {
  if (/^(\.|%2e){1,2}$/i.test(value)) throw new UsageError(`'${value}' is not a ${what}`);
  return encodeURIComponent(value);
}

/** The one positional argument a command takes. */
function one(args: string[], command: string, what: string): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`${command} needs exactly one ${what}`);
  return args[0];
}

function none(args: string[], command: string, hint: string): void {
  if (args.length) throw new UsageError(`${command} takes no arguments: ${hint}`);
}

function query(filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) params.set(name, value);
  return params.size ? `?${params}` : '';
}

export const COMMANDS: Record<string, Command> = {
  async deploy(files, _options, client) {
    if (!files.length) throw new UsageError('deploy needs at least one BPMN file');
    const results: Row[] = [];
    for (const file of files) {
      const xml = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new RequestError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      results.push((await client.request('POST', `/api/deployments${query({ name: basename(file) })}`, { xml })) as Row);
    }
    const lines = results.flatMap((result) => [
      ...((result.processes ?? []) as Row[]).map((p) => `${p.created ? 'deployed' : 'unchanged'} ${text(p.key)} (${text(p.resourceName)})`),
      ...((result.skipped ?? []) as Row[]).map((s) => `skipped ${text(s.id)}: ${text(s.reason)}`),
    ]);
    return { answer: results.length === 1 ? results[0] : results, summary: lines.join('\n') };
  },

  async start(args, options, client) {
    const processId = one(args, 'start', 'process id');
    const version = options.version === undefined ? undefined : wholeNumber(options.version, '--version');
    const body = { variables: json(options.variables, '--variables'), businessKey: options['business-key'], version, environment: options.environment };
    const answer = (await client.request('POST', `/api/processes/${pathSegment(processId, 'process id')}/instances`, { json: body })) as Row;
    return { answer, summary: `started ${instanceLine(answer)}` };
  },

  async instances(args, options, client) {
    none(args, 'instances', 'filter with --process and --status');
    const filters = { processId: options.process, status: options.status, businessKey: options['business-key'], limit: options.limit, after: options.after };
    const answer = await client.request('GET', `/api/instances${query(filters)}`);
    return { answer, summary: page(answer, INSTANCE_COLUMNS) };
  },

  async cancel(args, _options, client) {
    const id = pathSegment(one(args, 'cancel', 'instance id'), 'instance id');
    const answer = (await client.request('POST', `/api/instances/${id}/cancel`)) as Row;
    return { answer, summary: `cancelled ${instanceLine(answer)}` };
  },

  async publish(args, options, client) {
    const name = one(args, 'publish', 'message name');
    const body = {
      name,
      correlationKey: options['correlation-key'],
      variables: json(options.variables, '--variables'),
      timeToLive: options.ttl === undefined ? undefined : wholeNumber(options.ttl, '--ttl'),
      messageId: options['message-id'],
    };
    const answer = (await client.request('POST', '/api/messages', { json: body })) as { instanceIds: string[]; duplicate: boolean; messageId: string };
    const summary = answer.duplicate
      ? `message ${answer.messageId} was published before: nothing done`
      : answer.instanceIds.length
        ? `reached ${answer.instanceIds.join(', ')}`
        : `reached no instance${body.timeToLive ? ` (kept for ${body.timeToLive} ms)` : ''}`;
    return { answer, summary };
  },

  async signal(args, options, client) {
    const name = one(args, 'signal', 'signal name');
    const answer = (await client.request('POST', '/api/signals', { json: { name, variables: json(options.variables, '--variables') } })) as {
      instanceIds: string[];
    };
    return { answer, summary: answer.instanceIds.length ? `reached ${answer.instanceIds.join(', ')}` : 'reached no instance' };
  },

  async tasks(args, options, client) {
    none(args, 'tasks', 'filter with --assignee, --group, --process and --instance');
    const filters = {
      assignee: options.assignee,
      candidateGroup: options.group,
      processId: options.process,
      instanceId: options.instance,
      limit: options.limit,
      after: options.after,
    };
    const answer = await client.request('GET', `/api/user-tasks${query(filters)}`);
    return { answer, summary: page(answer, TASK_COLUMNS) };
  },

  async complete(args, options, client) {
    const id = one(args, 'complete', 'user task id');
    const answer = await client.request('POST', `/api/user-tasks/${pathSegment(id, 'user task id')}/complete`, {
      json: { variables: json(options.variables, '--variables') },
    });
    // 202: the task's completing listeners decide; 204: done.
    const completing = (answer as { status?: string } | undefined)?.status === 'completing';
    return { answer: answer ?? { id, status: 'completed' }, summary: completing ? `completing ${id}: its listeners run` : `completed ${id}` };
  },

  async incidents(args, options, client) {
    none(args, 'incidents', 'filter with --process and --instance');
    const answer = await client.request(
      'GET',
      `/api/incidents${query({ processId: options.process, instanceId: options.instance, limit: options.limit, after: options.after })}`,
    );
    return { answer, summary: page(answer, INCIDENT_COLUMNS) };
  },

  async resolve(args, options, client) {
    const id = one(args, 'resolve', 'incident id');
    const retries = options.retries === undefined ? undefined : wholeNumber(options.retries, '--retries');
    const answer = (await client.request('POST', `/api/incidents/${pathSegment(id, 'incident id')}/resolve`, { json: { retries } })) as Row;
    return { answer, summary: `resolved ${id}: ${instanceLine(answer)}` };
  },

  async connectors(args, options, _client, { url, key, io }) {
    none(args, 'connectors', 'name the runtime with --name');
    let connectors;
    try {
      connectors = connectorCatalog();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!connectors.length) throw new RequestError('no connectors to serve: BATON_HTTP_CONNECTOR=off, and connectors/runtime/catalog.ts lists no other');
    try {
      const answer = await serveConnectors(connectors, { url, key, name: options.name }, (line) => io.err(`baton connectors: ${line}`));
      return { answer, summary: JSON.stringify(answer, null, 2) };
    } catch (error) {
      if (error instanceof ApiError || error instanceof TypeError) throw new RequestError(`registering with ${url} failed: ${error.message}`);
      throw error;
    }
  },
};

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
