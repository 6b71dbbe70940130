// @ts-check
/**
 * Lint rules that encode the architecture (see CONTRIBUTING.md): promises are
 * awaited or handled, modules do not import each other in a cycle, and the
 * layers import only what they may:
 * - engine/runtime (the pure token machine) imports no store, clock, Node
 *   built-in module or HTTP framework;
 * - only the SQLite store adapter imports better-sqlite3;
 * - the server, the CLI and the connector runtime use the engine through its
 *   public index only.
 */
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'worker_threads'];

/** The store adapters own their database libraries. */
const ONLY_SQLITE = { name: 'better-sqlite3', message: 'Only the SQLite store adapter (engine/store/sqlite*.ts) imports better-sqlite3.' };
const ONLY_MONGO = { name: 'mongoose', message: 'Only the MongoDB store adapter (engine/store/mongo/) imports mongoose.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test/artifacts/**', 'modeler/src/generated/**', '**/*.js', '**/*.mjs'] },
  {
    files: [
      'engine/**/*.ts',
      'server/**/*.ts',
      'connectors/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'samples/*.ts',
      'modeler/build.ts',
      'modeler/generate-api-types.ts',
    ],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.test.json' })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['modeler/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { project: './modeler/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['engine/**/*.ts', 'server/**/*.ts', 'connectors/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }], '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['engine/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'engine/runtime is the pure token machine: no Node built-ins (I/O, time and randomness come in through the step).',
            },
            {
              group: ['**/store/**', '**/clock.js', 'koa', '@koa/*', 'better-sqlite3', 'mongoose'],
              message: 'engine/runtime is the pure token machine: no store, clock or HTTP framework.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['engine/store/sqlite*.ts', 'engine/store/mongo/**', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ONLY_SQLITE, ONLY_MONGO] }] },
  },
  { files: ['engine/store/sqlite*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [ONLY_MONGO] }] } },
  { files: ['engine/store/mongo/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [ONLY_SQLITE] }] } },
  {
    files: ['server/**/*.ts', 'connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ONLY_SQLITE, ONLY_MONGO],
          patterns: [{ regex: '^(\\.\\./)+engine/(?!index\\.js$).+', message: 'Use the engine through its public index (engine/index.js).' }],
        },
      ],
    },
  },
);
