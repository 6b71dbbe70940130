import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { API_TYPES_FILE, renderApiTypes } from '../../modeler/generate-api-types.js';

/** The first line where the two texts differ, 1-based, as `line N: "…" instead of "…"`; undefined when equal. */
function firstDifference(actual: string, expected: string): string | undefined {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}: ${JSON.stringify(a[i] ?? '<end of file>')} instead of ${JSON.stringify(e[i] ?? '<end of file>')}`;
  }
  return undefined;
}

describe('modeler: the REST API types generated from the OpenAPI document', () => {
  it('should be up to date with the OpenAPI document (else run npm run generate:api-types)', async () => {
    // given
    const checkedIn = await readFile(API_TYPES_FILE, 'utf8');

    // when
    const generated = await renderApiTypes();

    // then
    const difference = firstDifference(checkedIn, generated);
    expect(
      difference === undefined,
      `modeler/src/generated/api-types.ts differs from the OpenAPI document at ${difference}: run npm run generate:api-types`,
    ).to.equal(true);
  });

  it('should say that the file is generated and how to regenerate it', async () => {
    // when
    const generated = await renderApiTypes();

    // then
    const header = generated.slice(0, generated.indexOf('*/'));
    expect(header).to.include('Do not edit').and.include('npm run generate:api-types');
  });
});
