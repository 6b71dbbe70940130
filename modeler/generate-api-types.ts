/**
 * Generates the browser app's REST API types (modeler/src/generated/api-types.ts)
 * from the server's OpenAPI document (server/openapi/document.ts) with
 * openapi-typescript, so the app's wire types cannot drift from the API.
 *
 *   npm run generate:api-types     (node --import tsx modeler/generate-api-types.ts)
 *
 * test/modeler/api-types.spec.ts renders the types again and fails when the
 * checked-in file differs.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { openApiDocument } from '../server/openapi/document.js';

const MODELER = dirname(fileURLToPath(import.meta.url));
export const API_TYPES_FILE = join(MODELER, 'src', 'generated', 'api-types.ts');

const HEADER = `/**
 * The REST API's types, generated from the OpenAPI document (server/openapi/document.ts)
 * by modeler/generate-api-types.ts with openapi-typescript. Do not edit: change the
 * document and run \`npm run generate:api-types\`.
 */
/* eslint-disable */
`;

/** The file's text: the header and the types of the current document. */
export async function renderApiTypes(): Promise<string> {
  // openapi-typescript resolves $refs on the object it is given: hand it a copy.
  const document = structuredClone(openApiDocument) as unknown as OpenAPI3;
  // A default belongs to the server, not the caller: fields with one stay optional in request bodies.
  const nodes = await openapiTS(document, { defaultNonNullable: false });
  return HEADER + '\n' + astToString(nodes);
}

const invokedDirectly =
  process.argv[1] !== undefined && basename(process.argv[1]) === 'generate-api-types.ts' && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  await writeFile(API_TYPES_FILE, await renderApiTypes());
  console.log(`modeler: wrote ${relative(process.cwd(), API_TYPES_FILE)}`);
}
