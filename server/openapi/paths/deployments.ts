/** POST /api/deployments (server/routes/deployments.ts, dry-run.ts). */
import { errors, jsonResponse, operation, queryParam, ref, type Paths } from '../build.js';

const xml = { schema: { type: 'string', description: 'A BPMN 2.0 file.' } };
const list = { type: 'string', description: 'Comma-separated, or the parameter repeated.' };

export const deploymentPaths: Paths = {
  '/api/deployments': {
    post: operation(['deployer'], {
      operationId: 'deploy',
      tags: ['Deployments'],
      summary: 'Deploy one or several BPMN files',
      description:
        'One file as the raw body (`Content-Type: application/xml`), or several as `multipart/form-data` (all or nothing: a 422 lists the problems of every file and nothing is stored). ' +
        'Every executable process becomes a new version, or, for XML deployed before, the existing one (`created: false`). ' +
        'Each version records the caller\'s key name as `deployedBy`. With `dryRun=true` (raw XML only) the file is compiled and nothing stored: 200 with the problems.',
      parameters: [
        queryParam('name', 'The file name (raw XML body), kept as the resource name.'),
        queryParam('dryRun', 'Compile only, store nothing, answer with the problems (raw XML body).', { enum: ['true', 'false'] }),
        queryParam('description', 'Metadata for the new versions (or a multipart field of that name).'),
        queryParam('tags', 'Metadata for the new versions.', list),
        queryParam('startableBy', 'Groups that may start the new versions over the API.', list),
        queryParam('environment', "The environment of the new versions (`default` when left out); the caller must be allowed to deploy there (403).", {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$',
        }),
      ],
      requestBody: {
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
        ...errors(400, 413, 422),
      },
    }),
  },
};
