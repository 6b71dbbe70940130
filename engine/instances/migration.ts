/**
 * `engine.migrateInstance`: checks the request, finds the target version and
 * runs the migration (./runtime/migrate.ts) as a step of its own, so that it
 * commits atomically under the instance's rev check.
 */
import type { Deployments } from '../definitions/deployments.js';
import { InvalidArgumentError, MigrationError, NotFoundError } from '../errors.js';
import { DEFAULT_ENVIRONMENT } from '../definitions/environments.js';
import { migrate } from '../runtime/migrate.js';
import type { InstanceState } from '../runtime/state.js';
import type { Steps } from './steps.js';
import type { Store } from '../store/store.js';

export interface MigrateOptions {
  /** The version of the same process to move to. */
  targetVersion: number;
  /** Element id in the current version -> element id in the target; elements not named keep their id. */
  mapping?: Record<string, string>;
}

export interface MigrationContext {
  store: Store;
  steps: Steps;
  deployments: Deployments;
  now: () => number;
}

export async function migrateInstance(context: MigrationContext, instanceId: string, options: MigrateOptions): Promise<InstanceState> {
  const { targetVersion, mapping = {} } = options ?? ({} as MigrateOptions);
  if (!Number.isInteger(targetVersion) || targetVersion < 1) throw new InvalidArgumentError('targetVersion must be a whole number of at least 1');
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new InvalidArgumentError('mapping must be an object of element id -> element id');
  }
  for (const [from, to] of Object.entries(mapping)) {
    if (typeof to !== 'string' || !to) throw new InvalidArgumentError(`mapping['${from}'] must be an element id`);
  }
  return context.steps.change(instanceId, 'migrate', async (state) => {
    const key = `${state.processId}:${targetVersion}`;
    const definition = await context.store.getDefinition(key);
    if (!definition || definition.deletedAt !== undefined) throw new NotFoundError(`process '${state.processId}' has no version ${targetVersion}`);
    const from = (await context.store.getDefinition(state.definitionKey))?.environment ?? DEFAULT_ENVIRONMENT;
    const to = definition.environment ?? DEFAULT_ENVIRONMENT;
    if (from !== to) {
      throw new MigrationError(`instance ${instanceId} cannot move from ${state.definitionKey} to ${key}`, [
        { message: `version ${targetVersion} belongs to environment '${to}', the instance's version to '${from}'` },
      ]);
    }
    const source = await context.deployments.model(state.definitionKey);
    const target = { definitionKey: key, version: targetVersion, model: await context.deployments.model(key), mapping };
    return migrate(state, source, target, context.now(), await context.steps.globals(key));
  });
}
