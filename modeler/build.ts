/**
 * Builds the browser app: esbuild bundles modeler/src/main.ts with its CSS,
 * the bpmn font and the lint rules into dist/modeler/, with content-hashed
 * asset names, and writes index.html pointing at them.
 *
 *   node --import tsx modeler/build.ts             build
 *   node --import tsx modeler/build.ts --if-stale  build only when dist/modeler is missing or older than modeler/
 *
 * The bpmnlint configuration (modeler/.bpmnlintrc) is resolved here, at build
 * time: its `extends` are expanded and every rule it turns on is imported into
 * the bundle, so the browser needs no rule resolver of its own (the same idea
 * as bpmnlint-pack-config).
 */
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile, Plugin } from 'esbuild';

const MODELER = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(MODELER);
export const OUT_DIR = join(ROOT, 'dist', 'modeler');
const LINT_CONFIG = join(MODELER, '.bpmnlintrc');
/** Element templates bundled with the app (connectors/templates/*.json), beside those GET /api/connectors/templates gives. */
const TEMPLATES_DIR = join(ROOT, 'connectors', 'templates');
const require = createRequire(import.meta.url);

/** Newest modification time of the files under modeler/ that go into the bundle. */
async function newestSource(dir = MODELER): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'README.md') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/** True when dist/modeler/index.html is missing or older than a file under modeler/. */
export async function isStale(): Promise<boolean> {
  const built = await stat(join(OUT_DIR, 'index.html')).catch(() => undefined);
  return !built || built.mtimeMs < Math.max(await newestSource(), await newestSource(TEMPLATES_DIR).catch(() => 0));
}

export interface BuildResult {
  outDir: string;
  files: string[];
  ms: number;
}

export async function buildModeler({ minify = true }: { minify?: boolean } = {}): Promise<BuildResult> {
  const started = Date.now();
  const { build } = await import('esbuild');
  // Build beside the target and swap it in, so a server reading dist/modeler never sees half a build.
  const temp = `${OUT_DIR}.build-${process.pid}-${started}`;
  await rm(temp, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { main: join(MODELER, 'src', 'main.ts') },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
      outdir: temp,
      entryNames: '[name]-[hash]',
      assetNames: 'assets/[name]-[hash]',
      minify,
      sourcemap: 'linked',
      metafile: true,
      legalComments: 'linked',
      logLevel: 'warning',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' },
      plugins: [bpmnlintConfigPlugin(), bundledTemplatesPlugin()],
    });
    await writeFile(join(temp, 'index.html'), await indexHtml(result.metafile, temp));
    await swapIn(temp);
    const files = (await readdir(OUT_DIR, { recursive: true })).map(String).sort();
    return { outDir: OUT_DIR, files, ms: Date.now() - started };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function swapIn(temp: string): Promise<void> {
  await mkdir(dirname(OUT_DIR), { recursive: true });
  const old = `${OUT_DIR}.old-${process.pid}-${Date.now()}`;
  await rename(OUT_DIR, old).catch(() => undefined);
  try {
    await rename(temp, OUT_DIR);
  } catch (error) {
    // Another build swapped its result in at the same moment: keep that one.
    if (!(await stat(OUT_DIR).catch(() => undefined))) throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/** modeler/index.html with the hashed names of the entry's script and stylesheet. */
async function indexHtml(metafile: Metafile, outDir: string): Promise<string> {
  const entry = Object.entries(metafile.outputs).find(([file, output]) => output.entryPoint !== undefined && file.endsWith('.js'));
  const script = entry?.[0];
  const css = entry?.[1].cssBundle;
  if (!script || !css) throw new Error('the build produced no main script or stylesheet');
  const href = (file: string) => relative(outDir, join(ROOT, file)).split('\\').join('/');
  const template = await readFile(join(MODELER, 'index.html'), 'utf8');
  return template.replace('href="main.css"', `href="${href(css)}"`).replace('src="main.js"', `src="${href(script)}"`);
}

/** `import lintConfig from 'bpmnlint-config'`: the packed configuration of modeler/.bpmnlintrc. */
function bpmnlintConfigPlugin(): Plugin {
  return {
    name: 'bpmnlint-config',
    setup(build) {
      build.onResolve({ filter: /^bpmnlint-config$/ }, () => ({ path: LINT_CONFIG, namespace: 'bpmnlint-config' }));
      build.onLoad({ filter: /.*/, namespace: 'bpmnlint-config' }, async () => ({
        contents: packLintConfig(JSON.parse(await readFile(LINT_CONFIG, 'utf8')) as LintConfig),
        resolveDir: MODELER,
        loader: 'js',
        watchFiles: [LINT_CONFIG],
      }));
    },
  };
}

/** `import templates from 'bundled-templates'`: the JSON files of connectors/templates, as one array (none when the folder is missing). */
function bundledTemplatesPlugin(): Plugin {
  return {
    name: 'bundled-templates',
    setup(build) {
      build.onResolve({ filter: /^bundled-templates$/ }, () => ({ path: TEMPLATES_DIR, namespace: 'bundled-templates' }));
      build.onLoad({ filter: /.*/, namespace: 'bundled-templates' }, async () => {
        const names = (await readdir(TEMPLATES_DIR).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
        const templates = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(TEMPLATES_DIR, name), 'utf8')) as unknown));
        // A file may hold one template or a list of them, as Camunda Modeler reads them.
        return {
          contents: `export default ${JSON.stringify(templates.flat())};`,
          loader: 'js',
          watchFiles: names.map((name) => join(TEMPLATES_DIR, name)),
          watchDirs: [TEMPLATES_DIR],
        };
      });
    },
  };
}

interface LintConfig {
  extends?: string | string[];
  rules?: Record<string, string | [string, unknown]>;
}

/** Expands `extends` (bpmnlint:NAME, plugin:SHORT/NAME) and returns an ES module of { config, resolver }. */
export function packLintConfig(config: LintConfig): string {
  const rules = expandRules(config);
  const active = Object.entries(rules).filter(([, setting]) => (Array.isArray(setting) ? setting[0] : setting) !== 'off');
  const imports = active.map(([name], index) => `import rule${index} from ${JSON.stringify(rulePath(name))};`);
  const cache = active.map(([name], index) => `  ${JSON.stringify(`rule:${ruleId(name)}`)}: rule${index},`);
  return [
    ...imports,
    'const cache = {',
    ...cache,
    '};',
    'const resolver = {',
    '  resolveRule(pkg, name) { const rule = cache[`rule:${pkg}/${name}`]; if (!rule) throw new Error(`rule <${pkg}/${name}> is not bundled`); return rule; },',
    '  resolveConfig(pkg, name) { throw new Error(`config <${pkg}/${name}> is not bundled: configs are expanded at build time`); },',
    '};',
    `export default { config: { rules: ${JSON.stringify(Object.fromEntries(active))} }, resolver };`,
  ].join('\n');
}

function expandRules(config: LintConfig): Record<string, string | [string, unknown]> {
  const parents = config.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
  const rules: Record<string, string | [string, unknown]> = {};
  for (const parent of parents) Object.assign(rules, expandRules(loadConfig(parent)));
  return Object.assign(rules, config.rules);
}

function loadConfig(name: string): LintConfig {
  const bpmnlint = /^bpmnlint:(.+)$/.exec(name);
  if (bpmnlint) return require(`bpmnlint/config/${bpmnlint[1]}`) as LintConfig;
  const plugin = /^plugin:(?:(@[^/]+)\/)?([^/]+)\/(.+)$/.exec(name);
  if (plugin) {
    const [, scope, short, configName] = plugin;
    const pkg = `${scope ? `${scope}/` : ''}${short.startsWith('bpmnlint-plugin-') ? short : `bpmnlint-plugin-${short}`}`;
    return (require(pkg) as { configs: Record<string, LintConfig> }).configs[configName];
  }
  throw new Error(`modeler/.bpmnlintrc: cannot extend '${name}' (use bpmnlint:NAME or plugin:NAME/CONFIG)`);
}

/** 'label-required' -> 'bpmnlint/label-required'; 'foo/bar' -> 'bpmnlint-plugin-foo/bar' (as bpmnlint's Linter parses names). */
function ruleId(name: string): string {
  const match = /^(?:(?:(@[^/]+)\/)?([^@][^/]*)\/)?([^/]+)$/.exec(name);
  if (!match) throw new Error(`modeler/.bpmnlintrc: unparseable rule name '${name}'`);
  const [, scope, pkg, rule] = match;
  if (!pkg) return `bpmnlint/${rule}`;
  const full = pkg === 'bpmnlint' || pkg.startsWith('bpmnlint-plugin-') ? pkg : `bpmnlint-plugin-${pkg}`;
  return `${scope ? `${scope}/` : ''}${full}/${rule}`;
}

function rulePath(name: string): string {
  const id = ruleId(name);
  const slash = id.lastIndexOf('/');
  return `${id.slice(0, slash)}/rules/${id.slice(slash + 1)}`;
}

const invokedDirectly = process.argv[1] !== undefined && basename(process.argv[1]) === 'build.ts' && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !(await isStale())) {
    console.log('modeler: dist/modeler is up to date');
  } else {
    try {
      const { files, ms } = await buildModeler();
      console.log(`modeler: built ${files.length} files into ${relative(process.cwd(), OUT_DIR) || OUT_DIR} in ${ms} ms`);
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
      if (ifStale && missing) {
        // `npm start` without dev dependencies: serve the API alone rather than refuse to start.
        console.warn('modeler: cannot build the browser app (esbuild is not installed: run npm install); serving the API only');
      } else {
        console.error(`modeler: build failed: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    }
  }
}
