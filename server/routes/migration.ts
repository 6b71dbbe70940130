/** POST /api/instances/:id/migrate: moves a running instance to another version of its process. */
import Router from '@koa/router';
import type { Engine } from '../../engine/index.js';
import { HttpError } from '../errors.js';
import { jsonObject } from './body.js';

export function migrationRoutes(engine: Engine): Router {
  const router = new Router({ prefix: '/api/instances' });

  /** Body `{ targetVersion, mapping: { oldElementId: newElementId } }`; answers with the migrated instance, 422 listing each element without a target. */
  router.post('/:id/migrate', async (ctx) => {
    const { targetVersion, mapping } = jsonObject(ctx.request.body);
    if (!Number.isInteger(targetVersion) || (targetVersion as number) < 1) {
      throw new HttpError(400, 'INVALID_ARGUMENT', 'targetVersion is required: the version to move to, a whole number of at least 1');
    }
    const elements = mapping === undefined ? {} : jsonObject(mapping, 'mapping');
    const bad = Object.entries(elements).find(([, to]) => typeof to !== 'string' || !to);
    if (bad) throw new HttpError(400, 'INVALID_ARGUMENT', `mapping.${bad[0]} must be the id of an element of the target version`);
    ctx.body = await engine.migrateInstance(ctx.params.id, { targetVersion: targetVersion as number, mapping: elements as Record<string, string> });
  });

  return router;
}
