/**
 * The npm package as a user gets it: `npm pack` (which builds dist/), the
 * tarball unpacked into an empty project's node_modules, and the README's
 * embedding example run there as plain JavaScript. The package's
 * dependencies are linked from this checkout's node_modules, so the spec
 * needs no registry (README: installing from the registry or a tarball).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The first ```ts block after the README's "Embed it" heading. */
async function embeddingExample(): Promise<string> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embed it'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no ts block under "## Embed it"');
  return match[1];
}

describe('The npm package', function () {
  this.timeout(180_000);
  let project: string;

  before(async () => {
    // given: an empty project with the packed package installed into it
    project = await mkdtemp(join(tmpdir(), 'baton-package-'));
    // `npm pack` builds through `prepack`; built first here so that the build's output stays out of pack's JSON.
    await run('npm', ['run', 'build'], { cwd: root });
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
    const modules = join(project, 'node_modules');
    const installed = join(modules, 'baton-bpmn');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', join(project, filename), '-C', installed, '--strip-components=1']);
    for (const name of await readdir(join(root, 'node_modules'))) {
      if (name === '.bin' || name === '.package-lock.json') continue;
      await symlink(join(root, 'node_modules', name), join(modules, name));
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'an-app', type: 'module', dependencies: { 'baton-bpmn': `file:${filename}` } }));
  });

  after(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('should hold the build, the CLI, the samples and the types, and no sources or tests', async () => {
    // when
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);

    // then
    for (const file of [
      'dist/engine/index.js',
      'dist/engine/index.d.ts',
      'dist/server/app.js',
      'dist/modeler/index.html',
      'bin/baton.js',
      'samples/order.bpmn',
      'LICENSE',
    ]) {
      expect(files, file).to.include(file);
    }
    expect(files.filter((f) => /^(engine|server|test)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('samples/')))).to.deep.equal(
      [],
    );
  });

  it("should run the README's embedding example in a project that installed only the package", async () => {
    // given
    await writeFile(join(project, 'embedding.mjs'), await embeddingExample());
    await writeFile(join(project, 'order.bpmn'), await readFile(join(project, 'node_modules/baton-bpmn/samples/order.bpmn')));

    // when
    const { stdout } = await run(process.execPath, ['embedding.mjs'], { cwd: project });

    // then
    expect(stdout.trim()).to.equal("completed { total: 99, approved: true, receipt: 'R-99' }");
  });

  it('should run its CLI from the build', async () => {
    // when
    const { stdout } = await run(process.execPath, ['node_modules/baton-bpmn/bin/baton.js', '--help'], { cwd: project });

    // then
    expect(stdout).to.match(/^Usage: baton <command>/);
  });
});
