/**
 * Starting instances: by process id (`POST /api/processes/:processId/instances`,
 * the latest active version or a given one) here, and by definition key
 * (`POST /api/instances`, instances.ts); both go through `startInstance`.
 * The definitions themselves are in definitions.ts.
 */
import type { Context } from 'koa';
import type { Engine } from '../../engine/index.js';
import { processIdParam } from '../api/parameters.js';
import { route } from '../api/route.js';
import { errors, json, ref, type Json } from '../openapi/build.js';
import { awaitOptions, untilEnded, type AwaitFields } from './await-completion.js';
import { checkMayStart } from './definitions.js';

/** The fields both start routes take. */
export interface StartFields extends AwaitFields {
  variables?: Record<string, unknown>;
  businessKey?: string;
  secrets?: Record<string, string>;
}

interface StartBody extends StartFields {
  version?: number;
  environment?: string;
}

/** The answer of both start routes. */
export const STARTED: Record<string, Json> = {
  '201': {
    description: 'The instance.',
    headers: { Location: { description: 'The instance: `/api/instances/{id}`.', schema: { type: 'string' } } },
    content: json(ref('Instance')),
  },
  ...errors(404, 408, 409, 413),
};

export const processRoutes = [
  route<StartBody, unknown, { processId: string }>({
    method: 'POST',
    path: '/api/processes/:processId/instances',
    roles: ['operator'],
    operationId: 'startInstance',
    tags: ['Instances'],
    summary: 'Start an instance of the latest (or a given) version',
    description:
      'Answers once the first step has committed. With `awaitCompletion`, once the instance has ended, with its final status and variables; ' +
      'a 408 when it has not ended within `requestTimeoutMs` (it goes on running; `details.instanceId` names it). ' +
      'A version with `startableBy` may be started only by a key in one of those groups (403). A suspended version: 409.',
    params: { processId: processIdParam },
    body: { schema: ref('StartInstanceRequest'), required: false },
    responses: STARTED,
    handler: async (ctx, { params, body }, { engine }) => {
      await startInstance(engine, ctx, body, { processId: params.processId, version: body.version, environment: body.environment });
    },
  }),
];

/** Which version to start: of a process, its latest (in the environment, if named) unless `version` is given. */
export interface StartTarget {
  processId: string;
  version?: number;
  environment?: string;
}

/**
 * The shared part of the start routes: resolves the version and checks
 * that the caller may start it (startableBy: 403), starts it (suspended:
 * 409, unknown: 404, too large: 413), and answers 201 with the instance,
 * once ended with `awaitCompletion`.
 */
export async function startInstance(engine: Engine, ctx: Context, body: StartFields, target: StartTarget): Promise<void> {
  const waiting = awaitOptions(body);
  const { processId, environment } = target;
  // In an environment: its latest version, unless one is named.
  const requested = target.version === undefined && environment !== undefined ? await engine.latestVersionIn(processId, environment) : target.version;
  const startVersion = await checkMayStart(engine, ctx, processId, requested);
  const instance = await engine.start(processId, {
    variables: body.variables ?? {},
    businessKey: body.businessKey,
    // Checked by the engine (names, text values, sizes); never echoed back.
    secrets: body.secrets,
    version: startVersion,
    environment,
  });
  ctx.status = 201;
  ctx.set('Location', `/api/instances/${instance.id}`);
  ctx.body = waiting ? await untilEnded(engine, instance, waiting.timeoutMs) : instance;
}
