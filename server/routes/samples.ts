/**
 * GET /api/samples and GET /api/samples/:name: the .bpmn files of samples/,
 * read-only, for the modeler's "Open sample" menu. A name is a plain file
 * name ending in .bpmn that is in the listing; nothing else is ever read.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import { HttpError } from '../errors.js';

/** samples/ of the repository: from the sources (server/routes) or from a build (dist/server/routes). */
export const SAMPLES_DIR = ['../../samples/', '../../../samples/'].map((path) => fileURLToPath(new URL(path, import.meta.url))).find((dir) => existsSync(dir)) ?? fileURLToPath(new URL('../../samples/', import.meta.url));

const SAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.bpmn$/;

export function sampleRoutes(dir: string = SAMPLES_DIR): Router {
  const router = new Router({ prefix: '/api/samples' });

  const list = async (): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile() && SAMPLE_NAME.test(entry.name)).map((entry) => entry.name).sort();
  };

  router.get('/', async (ctx) => {
    const names = await list();
    ctx.body = { items: await Promise.all(names.map(async (name) => ({ name, title: titleOf(await readFile(`${dir}/${name}`, 'utf8'), name) }))) };
  });

  router.get('/:name', async (ctx) => {
    const { name } = ctx.params as { name: string };
    // Only a name from the listing is read: no separators, no '..', no other extension.
    if (!SAMPLE_NAME.test(name) || !(await list()).includes(name)) throw new HttpError(404, 'NOT_FOUND', `no sample named '${name}'`);
    ctx.type = 'application/xml';
    ctx.body = await readFile(`${dir}/${name}`, 'utf8');
  });

  return router;
}

/** The name of the first process, else the file name without .bpmn. */
function titleOf(xml: string, file: string): string {
  const match = /<(?:\w+:)?process\b[^>]*\bname="([^"]+)"/.exec(xml);
  return match ? decodeXml(match[1]) : file.replace(/\.bpmn$/, '');
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!);
}
