/**
 * The environments of the server (engine/definitions/environments.ts): the
 * `environments` object of the BATON_CONFIG file, then BATON_ENVIRONMENTS
 * (JSON), whose entries replace the file's of the same name:
 *
 *   BATON_ENVIRONMENTS='{"dev":{"values":{"API_URL":"http://localhost:9000"}},"prod":{"values":{"API_URL":"https://api.example.com"}}}'
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnvironments, type Environments } from '../engine/index.js';

/** Throws an error saying what to fix, as readConfig does. */
export function readEnvironments(env: NodeJS.ProcessEnv = process.env): Environments {
  const fromFile = env.BATON_CONFIG ? fileEnvironments(resolve(env.BATON_CONFIG)) : {};
  const fromEnv = env.BATON_ENVIRONMENTS?.trim() ? parseEnvironments(json(env.BATON_ENVIRONMENTS, 'BATON_ENVIRONMENTS'), 'BATON_ENVIRONMENTS') : {};
  return { ...fromFile, ...fromEnv };
}

function fileEnvironments(file: string): Environments {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`BATON_CONFIG names ${file}, which cannot be read: ${(error as Error).message}`);
  }
  const config = json(text, `BATON_CONFIG (${file})`) as { environments?: unknown } | null;
  return parseEnvironments(config?.environments, `environments in ${file}`);
}

function json(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}
