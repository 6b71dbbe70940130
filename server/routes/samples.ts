/**
 * GET /api/samples and GET /api/samples/:name: the .bpmn and .dmn files of
 * samples/, read-only, for the modeler's "Open sample" menus. A name is a
 * plain file name ending in .bpmn or .dmn that is in the listing; nothing
 * else is ever read.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { route } from '../api/route.js';
import { HttpError } from '../errors.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

/** samples/ of the repository: from the sources (server/routes) or from a build (dist/server/routes). */
export const SAMPLES_DIR =
  ['../../samples/', '../../../samples/'].map((path) => fileURLToPath(new URL(path, import.meta.url))).find((dir) => existsSync(dir)) ??
  fileURLToPath(new URL('../../samples/', import.meta.url));

const SAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.(bpmn|dmn)$/;

const EVERY_ROLE = ['viewer', 'deployer', 'operator', 'worker', 'user'] as const;
const tags = ['Samples'];

async function sampleNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && SAMPLE_NAME.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export const sampleRoutes = [
  route({
    method: 'GET',
    path: '/api/samples',
    roles: EVERY_ROLE,
    operationId: 'listSamples',
    tags,
    summary: 'The bundled sample diagrams and decisions',
    responses: { '200': jsonResponse('The samples.', ref('SampleList')) },
    handler: async (_ctx, _input, { samplesDir: dir }) => {
      const names = await sampleNames(dir);
      return { items: await Promise.all(names.map(async (name) => ({ name, title: titleOf(await readFile(`${dir}/${name}`, 'utf8'), name) }))) };
    },
  }),
  route<unknown, unknown, { name: string }>({
    method: 'GET',
    path: '/api/samples/:name',
    roles: EVERY_ROLE,
    operationId: 'getSample',
    tags,
    summary: 'A sample diagram',
    params: { name: { description: 'The file name from the listing.' } },
    responses: {
      '200': { description: 'The BPMN or DMN XML.', content: { 'application/xml': { schema: { type: 'string' } } } },
      ...errors(404),
    },
    handler: async (ctx, { params: { name } }, { samplesDir: dir }) => {
      // Only a name from the listing is read: no separators, no '..', no other extension.
      if (!SAMPLE_NAME.test(name) || !(await sampleNames(dir)).includes(name)) throw new HttpError(404, 'NOT_FOUND', `no sample named '${name}'`);
      ctx.type = 'application/xml';
      return readFile(`${dir}/${name}`, 'utf8');
    },
  }),
];

/** The name of the first process (BPMN) or of the definitions (DMN), else the file name without its extension. */
function titleOf(xml: string, file: string): string {
  const match = file.endsWith('.dmn') ? /<(?:\w+:)?definitions\b[^>]*\bname="([^"]+)"/.exec(xml) : /<(?:\w+:)?process\b[^>]*\bname="([^"]+)"/.exec(xml);
  return match ? decodeXml(match[1]) : file.replace(/\.(bpmn|dmn)$/, '');
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!);
}
