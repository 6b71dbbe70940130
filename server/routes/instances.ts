/** Process instances: start by definition key, read, list, history, cancel, set variables and secrets, activate ad-hoc elements. */
import Router from '@koa/router';
import { parseDefinitionKey, type Engine, type InstanceStatus } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';
import { searchParams } from './instance-search.js';
import { startInstance } from './processes.js';
import { pageParams } from './query.js';

const STATUSES: InstanceStatus[] = ['active', 'completed', 'cancelled', 'terminated'];

export function instanceRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/instances' });

  router.get('/', async (ctx) => {
    const { processId, status, businessKey, parentInstanceId, hasIncidents } = ctx.query;
    if (status !== undefined && !STATUSES.includes(status as InstanceStatus)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `status must be one of ${STATUSES.join(', ')}`);
    }
    if (hasIncidents !== undefined && hasIncidents !== 'true' && hasIncidents !== 'false') {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'hasIncidents must be true or false');
    }
    ctx.body = await engine.queryInstances({
      processId: single(processId),
      status: single(status) as InstanceStatus | undefined,
      businessKey: single(businessKey),
      parentInstanceId: single(parentInstanceId),
      hasIncidents: hasIncidents === undefined ? undefined : hasIncidents === 'true',
      ...pageParams(ctx.query),
      ...searchParams(ctx.query),
    });
  });

  /** Starts the version a definition key names (`order:3`); otherwise as `POST /api/processes/:processId/instances`. */
  router.post('/', async (ctx) => {
    const body = jsonObject(ctx.request.body);
    const { definitionKey } = body;
    if (typeof definitionKey !== 'string' || !definitionKey) {
      throw new HttpError(400, 'INVALID_ARGUMENT', "definitionKey is required: a definition key such as 'order:3'");
    }
    if (body.version !== undefined || body.environment !== undefined) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'the definition key names the version: leave out version and environment');
    }
    await startInstance(engine, ctx, body, parseDefinitionKey(definitionKey));
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await engine.getInstance(ctx.params.id);
  });

  router.get('/:id/history', async (ctx) => {
    await engine.getInstance(ctx.params.id);
    ctx.body = { items: await engine.history(ctx.params.id) };
  });

  /** Sets variables in the root scope (checked against the variable size limits); answers with the instance. */
  router.put('/:id/variables', async (ctx) => {
    const { variables } = jsonObject(ctx.request.body);
    if (variables === undefined || variables === null) throw new HttpError(400, 'INVALID_ARGUMENT', 'variables is required: an object of name -> value');
    await engine.setVariables(ctx.params.id, jsonObject(variables, 'variables'));
    ctx.body = await engine.getInstance(ctx.params.id);
  });

  /** Activates inner elements of an active ad-hoc sub-process, each with its own local variables. */
  router.post('/:id/ad-hoc-activities/:tokenId/activation', async (ctx) => {
    const { elements } = jsonObject(ctx.request.body);
    if (!Array.isArray(elements) || !elements.length) throw new HttpError(400, 'INVALID_ARGUMENT', 'elements is required: a list of { elementId, variables? }');
    const activations = elements.map((element, index) => {
      const { elementId, variables } = jsonObject(element, `elements[${index}]`);
      if (typeof elementId !== 'string' || !elementId) throw new HttpError(400, 'INVALID_ARGUMENT', `elements[${index}].elementId must be a non-empty string`);
      return { elementId, variables: variables === undefined ? undefined : jsonObject(variables, `elements[${index}].variables`) };
    });
    await engine.activateAdHocElements(ctx.params.id, ctx.params.tokenId, activations);
    ctx.body = await engine.getInstance(ctx.params.id);
  });

  /** Replaces the instance's own secrets; answers with their names only. */
  router.put('/:id/secrets', async (ctx) => {
    const { secrets } = jsonObject(ctx.request.body);
    if (secrets === undefined || secrets === null) throw new HttpError(400, 'INVALID_ARGUMENT', 'secrets is required: an object of name -> text ({} removes them)');
    await engine.setSecrets(ctx.params.id, jsonObject(secrets, 'secrets') as Record<string, string>);
    ctx.body = await engine.secretNames(ctx.params.id);
  });

  /** Sets some of the instance's own secrets (`null` removes one), keeping the others; answers with their names only. */
  router.patch('/:id/secrets', async (ctx) => {
    const { secrets } = jsonObject(ctx.request.body);
    if (secrets === undefined || secrets === null) throw new HttpError(400, 'INVALID_ARGUMENT', 'secrets is required: an object of name -> text, or null to remove one');
    await engine.updateSecrets(ctx.params.id, jsonObject(secrets, 'secrets') as Record<string, string | null>);
    ctx.body = await engine.secretNames(ctx.params.id);
  });

  /** The names of the secrets the instance sees (never their values). */
  router.get('/:id/secrets', async (ctx) => {
    ctx.body = await engine.secretNames(ctx.params.id);
  });

  router.post('/:id/cancel', async (ctx) => {
    await engine.cancel(ctx.params.id);
    ctx.body = await engine.getInstance(ctx.params.id);
  });

  return router;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
