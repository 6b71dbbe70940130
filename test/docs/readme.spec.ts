/**
 * The README runs as written: every shell block that calls the API runs,
 * in document order, against one `npm start` server on a fresh data
 * directory (the README's http://127.0.0.1:8080 becomes its address). A
 * curl whose answer is 400 or more fails its block (`--fail-with-body`),
 * and so does a CLI call that exits non-zero.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer, type Started } from '../server/child-server.js';
import { shellBlocks } from './readme-blocks.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks = shellBlocks(readme);

/** Every curl stops the block on an HTTP error and ends its output with a newline. */
const PREAMBLE = `set -euo pipefail
curl() { command curl -sS --fail-with-body "$@"; echo; }
`;

describe('README: the shell examples run as written, in order', function () {
  this.timeout(60_000);
  let server: Started;
  let data: string;

  before(async () => {
    data = await mkdtemp(join(tmpdir(), 'baton-readme-'));
    server = await startServer({ BATON_DATA_DIR: data });
    for (const block of blocks.filter((b) => b.skip)) console.log(`      (README line ${block.line}, ${block.heading}: not run, ${block.skip})`);
  });

  after(async () => {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await rm(data, { recursive: true, force: true });
  });

  it('should find the examples', () => {
    expect(blocks.filter((b) => !b.skip).length).to.be.greaterThan(8);
  });

  for (const block of blocks.filter((b) => !b.skip)) {
    it(`should run the example at line ${block.line} (${block.heading})`, async () => {
      // given
      const script = PREAMBLE + block.code.replaceAll('http://127.0.0.1:8080', server.base);

      // when
      const result = await run('bash', ['-c', script], { cwd: root, env: { ...process.env, BATON_URL: server.base }, maxBuffer: 16 * 1024 * 1024 }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

      // then
      expect(result.code, `the block failed:\n${block.code}\n--- output ---\n${result.stdout}\n--- errors ---\n${result.stderr}`).to.equal(0);
    });
  }
});
