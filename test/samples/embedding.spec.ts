import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url);
const run = promisify(execFile);

describe('The README embedding example', () => {
  it('should be the code of samples/embedding.ts, word for word', async () => {
    // given
    const readme = await readFile(new URL('README.md', root), 'utf8');
    const sample = await readFile(new URL('samples/embedding.ts', root), 'utf8');

    // then
    const block = /```ts\n(import \{ readFile \}[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a ts block starting with the sample').to.be.a('string');
    expect(block).to.equal(sample);
    expect(sample.trim().split('\n').length).to.be.at.most(20);
  });

  it('should run as written and finish the order', async () => {
    // when: importing 'baton' resolves to the sources through the package's own exports
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=baton-source', 'samples/embedding.ts'], {
      cwd: new URL('.', root).pathname,
      timeout: 20_000,
    });

    // then
    expect(stdout.trim()).to.equal("completed { total: 99, approved: true, receipt: 'R-99' }");
  });
});
