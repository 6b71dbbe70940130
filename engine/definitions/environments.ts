/**
 * Environments: every deployed version belongs to one (`dev`, `staging`,
 * `prod`, any name; `default` when none is given). Each environment has
 * configuration values, which the expressions of its instances read as
 * `env.NAME` and handlers as `job.env`, and a place on the promotion path
 * (by default dev -> staging -> prod; configured with `promotesTo`).
 *
 * Promoting a version creates the same XML as a version of the target
 * environment, once every `env.*` name its expressions use has a value
 * there.
 */
import { isUnsafeName } from '../safety/safe-keys.js';
import { parseExpression } from 'feelin';
import { InvalidArgumentError } from '../errors.js';
import type { FeelGlobals } from '../expressions/feel.js';
import type { ProcessModel } from '../model/types.js';

export const DEFAULT_ENVIRONMENT = 'default';
/** The promotion path when no environment names its successor. */
export const DEFAULT_PROMOTION_PATH = ['dev', 'staging', 'prod'];
const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const VALUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface EnvironmentConfig {
  /** Configuration values: `env.NAME` in FEEL, `job.env.NAME` in handlers. */
  values?: Record<string, string>;
  /** The environment a version of this one is promoted to next. */
  promotesTo?: string;
  /** Names of `values` that are secret: their values are redacted from incident messages, history and logs (engine/safety/redaction.ts). */
  secrets?: string[];
}

export type Environments = Record<string, EnvironmentConfig>;

export function isEnvironmentName(name: unknown): name is string {
  return typeof name === 'string' && ENVIRONMENT_NAME.test(name);
}

export function checkEnvironmentName(name: unknown, field = 'environment'): string {
  if (!isEnvironmentName(name) || isUnsafeName(name)) {
    throw new InvalidArgumentError(
      `${field} must be an environment name (letters, digits, '.', '_' and '-', at most 63 characters), not ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** Validates an environments configuration (from BATON_ENVIRONMENTS or Engine.open) into a fresh copy. */
export function parseEnvironments(input: unknown, source = 'environments'): Environments {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input))
    throw new InvalidArgumentError(`${source} must be an object of environment name -> { values, promotesTo }`);
  const environments: Environments = {};
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    checkEnvironmentName(name, `${source}: the name '${name}'`);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new InvalidArgumentError(`${source}.${name} must be an object with values and promotesTo`);
    const { values = {}, promotesTo, secrets, ...unknown } = raw as Record<string, unknown>;
    if (Object.keys(unknown).length)
      throw new InvalidArgumentError(`${source}.${name}: unknown field(s) ${Object.keys(unknown).join(', ')} (use values, secrets, promotesTo)`);
    if (values === null || typeof values !== 'object' || Array.isArray(values))
      throw new InvalidArgumentError(`${source}.${name}.values must be an object of name -> text`);
    const checked: Record<string, string> = {};
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (!VALUE_NAME.test(key) || isUnsafeName(key))
        throw new InvalidArgumentError(`${source}.${name}.values: '${key}' is not a name FEEL can read as env.${key}`);
      if (typeof value !== 'string') throw new InvalidArgumentError(`${source}.${name}.values.${key} must be text`);
      checked[key] = value;
    }
    const config: EnvironmentConfig = { values: checked };
    if (secrets !== undefined) config.secrets = checkSecretNames(secrets, checked, `${source}.${name}.secrets`);
    if (promotesTo !== undefined) config.promotesTo = checkEnvironmentName(promotesTo, `${source}.${name}.promotesTo`);
    environments[name] = config;
  }
  return environments;
}

/** `secrets`: a list of names that `values` holds. */
function checkSecretNames(secrets: unknown, values: Record<string, string>, field: string): string[] {
  if (!Array.isArray(secrets) || secrets.some((name) => typeof name !== 'string')) throw new InvalidArgumentError(`${field} must be a list of value names`);
  for (const name of secrets as string[]) {
    if (!Object.hasOwn(values, name)) throw new InvalidArgumentError(`${field}: '${name}' is not one of the environment's values`);
  }
  return [...(secrets as string[])];
}

/** The environment a version of `from` may be promoted to, if any. */
export function nextEnvironment(environments: Environments, from: string): string | undefined {
  const configured = Object.values(environments).some((config) => config.promotesTo !== undefined);
  if (configured) return environments[from]?.promotesTo;
  const at = DEFAULT_PROMOTION_PATH.indexOf(from);
  return at >= 0 ? DEFAULT_PROMOTION_PATH[at + 1] : undefined;
}

/** What the instances of an environment's versions see: `env` is always there (empty when nothing is configured), so no variable can stand in for it. */
export function environmentGlobals(environments: Environments, environment: string): FeelGlobals {
  return { env: { ...(environments[environment]?.values ?? {}) } };
}

/** Every `env.NAME` the FEEL expressions of a model read, sorted. */
export function environmentReferences(model: ProcessModel): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (node.kind === 'feel' && typeof node.source === 'string' && Array.isArray(node.names) && node.names.includes('env')) {
      for (const name of envPaths(node.source)) names.add(name);
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(model.elements);
  visit(model.flows);
  return [...names].sort();
}

/** The names after `env.` in a FEEL source, read from its syntax tree (so text inside string literals does not count). */
function envPaths(source: string): string[] {
  const found: string[] = [];
  parseExpression(source, {}, undefined).iterate({
    enter(ref) {
      if (ref.name !== 'PathExpression') return;
      const node = ref.node;
      const head = node.firstChild;
      const tail = node.lastChild;
      if (head?.name === 'VariableName' && source.slice(head.from, head.to).trim() === 'env' && tail?.name === 'PathName') {
        found.push(source.slice(tail.from, tail.to).trim());
      }
    },
  });
  return found;
}
