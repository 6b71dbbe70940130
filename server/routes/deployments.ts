/**
 * POST /api/deployments: one BPMN file as the raw body (Content-Type
 * application/xml), or several as multipart/form-data (any field name, only
 * .bpmn, .dmn and .xml files; a .dmn file deploys its decisions). A multipart deployment is all or nothing: when a
 * file cannot run, a 422 lists the problems of every file and nothing is
 * stored. Metadata for the new versions (description, tags, startableBy) comes
 * from query parameters or, in a multipart body, from fields of those names;
 * each version records the caller's API key name as `deployedBy`.
 */
import multer, { type File } from '@koa/multer';
import type { Context, Middleware } from 'koa';
import { LimitError, type DeployFile, type DeployMetadata } from '../../engine/index.js';
import { route, type Parameter } from '../api/route.js';
import { checkDeployTarget } from '../deploy-targets.js';
import { HttpError } from '../errors.js';
import { errors, jsonResponse, ref } from '../openapi/build.js';

export const DEFAULT_MAX_FILES = 20;
const FILE_NAME = /\.(bpmn|dmn|xml)$/i;
const MAX_FILE_NAME_LENGTH = 255;

const xml = { schema: { type: 'string', description: 'A BPMN 2.0 file, or a DMN file (decisions).' } };
const listParam: Parameter['schema'] = { type: ['string', 'array'], items: { type: 'string' }, description: 'Comma-separated, or the parameter repeated.' };

interface DeployQuery {
  name?: string;
  dryRun?: boolean;
  description?: string;
  tags?: string | string[];
  startableBy?: string | string[];
  environment?: string;
}

/** One multipart reader per body limit (the app's), built once. */
const uploads = new Map<number, Middleware>();

function uploadFor(limit: number): Middleware {
  let upload = uploads.get(limit);
  if (!upload) {
    upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: limit, files: DEFAULT_MAX_FILES, fields: 20, fieldSize: 64 * 1024, parts: DEFAULT_MAX_FILES + 20 },
      fileFilter: (_req, file, accept) => {
        if (FILE_NAME.test(file.originalname) && file.originalname.length <= MAX_FILE_NAME_LENGTH) return accept(null, true);
        accept(new HttpError(400, 'INVALID_ARGUMENT', `'${file.originalname.slice(0, MAX_FILE_NAME_LENGTH)}' is not a .bpmn, .dmn or .xml file name`), false);
      },
    }).any() as unknown as Middleware;
    uploads.set(limit, upload);
  }
  return upload;
}

export const deploymentRoutes = [
  route<unknown, DeployQuery>({
    method: 'POST',
    path: '/api/deployments',
    roles: ['deployer'],
    operationId: 'deploy',
    tags: ['Deployments'],
    summary: 'Deploy one or several BPMN or DMN files',
    description:
      'One file as the raw body (`Content-Type: application/xml`), or several as `multipart/form-data` (all or nothing: a 422 lists the problems of every file and nothing is stored). ' +
      'Every executable process becomes a new version, or, for XML deployed before, the existing one (`created: false`). ' +
      "Each version records the caller's key name as `deployedBy`. With `dryRun=true` (raw XML only) the file is compiled and nothing stored: 200 with the problems.",
    query: {
      name: { description: 'The file name (raw XML body), kept as the resource name.' },
      dryRun: { description: 'Compile only, store nothing, answer with the problems (raw XML body).', schema: { type: 'boolean' } },
      description: { description: 'Metadata for the new versions (or a multipart field of that name).' },
      tags: { description: 'Metadata for the new versions.', schema: listParam },
      startableBy: { description: 'Groups that may start the new versions over the API.', schema: listParam },
      environment: {
        description: 'The environment of the new versions (`default` when left out); the caller must be allowed to deploy there (403).',
        schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' },
      },
    },
    rawBody: {
      required: true,
      content: {
        'application/xml': xml,
        'text/xml': xml,
        'application/bpmn+xml': xml,
        'multipart/form-data': { schema: ref('DeploymentForm') },
      },
    },
    responses: {
      '201': jsonResponse('At least one new version was created.', ref('DeployResult')),
      '200': jsonResponse('Every process existed already with this XML; or, with `dryRun=true`, what a deployment would find.', {
        anyOf: [ref('DeployResult'), ref('DryRunResult')],
      }),
      ...errors(413, 422),
    },
    handler: async (ctx, { query }, { engine, bodyLimit, mayDeployTo }) => {
      const deployedBy = (ctx.state.identity as { name?: string } | undefined)?.name ?? 'anonymous';
      let result;
      if (ctx.is('multipart/form-data')) {
        const files = await multipartFiles(ctx, bodyLimit);
        const metadata = metadataOf(query, (ctx.request.body ?? {}) as Record<string, unknown>);
        checkDeployTarget(ctx, metadata.environment ?? 'default', mayDeployTo);
        result = await engine.deployFiles(files, { ...metadata, deployedBy });
      } else {
        const xml = ctx.request.body;
        if (typeof xml !== 'string' || !xml.trim()) {
          throw new HttpError(400, 'BAD_REQUEST', 'send the BPMN XML as the request body with Content-Type: application/xml, or files as multipart/form-data');
        }
        // Compile only, store nothing; 200 with the problems (the modeler's check).
        if (query.dryRun) return engine.checkDeployment(xml, query.name);
        const metadata = metadataOf(query, {});
        checkDeployTarget(ctx, metadata.environment ?? 'default', mayDeployTo);
        result = await engine.deploy({ name: query.name, xml, ...metadata, deployedBy });
      }
      ctx.status = result.processes.some((p) => p.created) ? 201 : 200;
      return result;
    },
  }),
];

/**
 * The .bpmn and .xml files of a multipart body (any field name), BOM removed;
 * 400 without any, 413 over the limits. The fields are left on `ctx.request.body`.
 */
export async function multipartFiles(ctx: Context, bodyLimit: string): Promise<DeployFile[]> {
  const limit = parseSize(bodyLimit);
  if ((ctx.request.length ?? 0) > limit) throw new LimitError(`the request body is larger than the server accepts (${bodyLimit})`);
  try {
    await uploadFor(limit)(ctx, async () => undefined);
  } catch (error) {
    throw multipartError(error);
  }
  const files = (ctx.request.files ?? []) as File[];
  if (!files.length) throw new HttpError(400, 'INVALID_ARGUMENT', 'send at least one .bpmn, .dmn or .xml file in the multipart body');
  return files.map((file) => ({ name: file.originalname, xml: file.buffer.toString('utf8').replace(/^\uFEFF/, '') }));
}

/** description, tags and startableBy from the multipart fields, else the query; lists as repeated values or comma-separated. */
function metadataOf(query: DeployQuery, fields: Record<string, unknown>): DeployMetadata {
  const pick = (name: keyof DeployQuery & keyof DeployMetadata) => fields[name] ?? query[name];
  const description = pick('description');
  if (description !== undefined && typeof description !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'description must be given once');
  const environment = pick('environment');
  if (environment !== undefined && typeof environment !== 'string') throw new HttpError(400, 'INVALID_ARGUMENT', 'environment must be given once');
  return { description, tags: list(pick('tags'), 'tags'), startableBy: list(pick('startableBy'), 'startableBy'), environment };
}

function list(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string')) throw new HttpError(400, 'INVALID_ARGUMENT', `${field} must be text`);
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Multer's refusals as API errors: limits are 413, anything else about the body 400. */
function multipartError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  const { name, code, field } = error as { name?: string; code?: string; field?: string };
  if (name === 'MulterError' && code?.startsWith('LIMIT_') && code !== 'LIMIT_UNEXPECTED_FILE') {
    const what: Record<string, string> = {
      LIMIT_FILE_SIZE: `a file (field '${field}') is larger than the server accepts`,
      LIMIT_FILE_COUNT: 'too many files in one deployment',
      LIMIT_PART_COUNT: 'too many parts in the multipart body',
      LIMIT_FIELD_COUNT: 'too many fields in the multipart body',
      LIMIT_FIELD_KEY: 'a field name is too long',
      LIMIT_FIELD_VALUE: `the field '${field}' is too long`,
    };
    return new LimitError(what[code] ?? 'the multipart body is over a limit', { limit: code });
  }
  return new HttpError(400, 'BAD_REQUEST', 'the multipart body is malformed');
}

/** '5mb', '512kb', '100' (bytes): the units of the body limit setting, 1024-based. */
export function parseSize(size: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(size);
  if (!match) throw new Error(`not a size: '${size}' (write e.g. 5mb, 512kb)`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(match[1]) * unit);
}
