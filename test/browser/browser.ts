/**
 * Browser specs' harness: the browser app built once (modeler/build.ts, only
 * when stale), a server on a free loopback port over a memory engine with API
 * keys, and Debian's Chromium driven by playwright-core. Without
 * /usr/bin/chromium the specs say why and are skipped (`.ci/run` installs it).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Engine, type EngineOptions } from '../../engine/index.js';
import { buildModeler, isStale, OUT_DIR } from '../../modeler/build.js';
import type { ApiKey } from '../../server/auth.js';
import { createApp } from '../../server/app.js';

export const CHROMIUM = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a headless run on a machine with no network but loopback (see README, "Browser app"). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export const ARTIFACTS = new URL('../artifacts/', import.meta.url);

export const KEYS = {
  admin: { key: 'browser-admin-key-000001', name: 'root', roles: ['admin'], groups: [] },
  deployer: { key: 'browser-deployer-key-0001', name: 'dana', roles: ['deployer'], groups: [] },
  viewer: { key: 'browser-viewer-key-000001', name: 'victor', roles: ['viewer'], groups: [] },
} satisfies Record<string, ApiKey>;

/** Why the browser specs cannot run here, or undefined when they can. */
export function unavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) {
    return `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium; .ci/run does) or set BATON_CHROMIUM`;
  }
  return undefined;
}

/** Skips the calling suite, saying why, when the browser specs cannot run here. */
export function skipWithoutChromium(suite: Mocha.Context): void {
  const why = unavailable();
  if (!why) return;
  console.log(`    browser specs skipped: ${why}`);
  suite.skip();
}

let built: Promise<void> | undefined;
/** Builds dist/modeler once per test run, and only when it is missing or older than modeler/. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    if (await isStale()) await buildModeler();
  })();
  return built;
}

export interface AppServer {
  engine: Engine;
  base: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** API keys; `false` runs without authentication (every caller an anonymous admin). Default: KEYS. */
  keys?: ApiKey[] | false;
  /** 'memory' (default) or 'sqlite' in a fresh temporary directory, removed on close. */
  store?: 'memory' | 'sqlite';
  /** More engine options (clock, jobs, limits…). */
  engine?: Omit<EngineOptions, 'store'>;
}

/** The API and the browser app on a free port, over a fresh engine. */
export async function startServer({ keys = Object.values(KEYS) as ApiKey[], store = 'memory', engine: engineOptions }: ServerOptions = {}): Promise<AppServer> {
  await ensureBuilt();
  const dataDir = store === 'sqlite' ? await mkdtemp(join(tmpdir(), 'baton-browser-')) : undefined;
  const engine = await Engine.open({ jobs: { pollIntervalMs: 50 }, ...engineOptions, store: dataDir ? `sqlite:${join(dataDir, 'baton.db')}` : 'memory' });
  const app = createApp({ engine, apiKeys: keys || [], staticDir: OUT_DIR });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    engine,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await engine.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium; playwright gives each launch a fresh temporary user-data dir. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions of the page: a spec expects none. */
  errors: string[];
  close(): Promise<void>;
}

/** A new page in its own context (own sessionStorage), at a desktop size, recording the page's errors. */
export async function openPage(browser: Browser, url: string): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as an error; the app handles those (a 401 before sign-in is how it learns it needs a key).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4'))
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  return { page, context, errors, close: () => context.close() };
}

/** Signs in on the login form with an API key and waits for the app shell. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.locator('#api-key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.topbar').waitFor();
}

/** Saves a screenshot under test/artifacts/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = new URL(`${name}.png`, ARTIFACTS).pathname;
  await page.screenshot({ path });
  return path;
}

export const sample = (name: string) => readFile(new URL(`../../samples/${name}`, import.meta.url), 'utf8');
