#!/usr/bin/env node
// `npx baton ...`: the CLI of server/cli.ts. In a clone it runs the TypeScript
// source through tsx; an installed package runs the build in dist/.
import { existsSync } from 'node:fs';

const source = new URL('../server/cli.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import(new URL('../dist/server/cli.js', import.meta.url).href);
}
process.exitCode = await cli.run(process.argv.slice(2));
