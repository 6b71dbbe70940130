/** What may be an instance secret: names as Camunda's `{{secrets.NAME}}` allows, string values, bounded. */
import { InvalidArgumentError, LimitError } from '../errors.js';
import { PROTO_KEY } from '../safety/safe-keys.js';

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
export const MAX_SECRETS = 100;
export const MAX_SECRET_BYTES = 16 * 1024;

/** Changes to secrets: name -> text to set, or `null` to remove. */
export function checkSecretChanges(changes: unknown, field = 'secrets'): Record<string, string | null> {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes))
    throw new InvalidArgumentError(`${field} must be an object of name -> text or null`);
  const removed = Object.entries(changes)
    .filter(([, value]) => value === null)
    .map(([name]) => name);
  const set = checkSecrets(Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== null)), field);
  for (const name of removed)
    if (name === PROTO_KEY || !SECRET_NAME.test(name)) throw new InvalidArgumentError(`${field}: '${name.slice(0, 64)}' is not a secret name`);
  return { ...set, ...Object.fromEntries(removed.map((name) => [name, null])) };
}

/** A copy of `secrets` as name -> text; InvalidArgumentError or LimitError naming the first problem (never a value). */
export function checkSecrets(secrets: unknown, field = 'secrets'): Record<string, string> {
  if (secrets === null || typeof secrets !== 'object' || Array.isArray(secrets)) throw new InvalidArgumentError(`${field} must be an object of name -> text`);
  const entries = Object.entries(secrets);
  if (entries.length > MAX_SECRETS) throw new LimitError(`${field} has ${entries.length} names; the limit is ${MAX_SECRETS}`, { limit: MAX_SECRETS });
  const checked: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name === PROTO_KEY || !SECRET_NAME.test(name))
      throw new InvalidArgumentError(`${field}: '${name.slice(0, 64)}' is not a secret name (letters, digits, _ . -; a letter or _ first)`);
    if (typeof value !== 'string') throw new InvalidArgumentError(`${field}.${name} must be text`);
    if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw new LimitError(`${field}.${name} is over ${MAX_SECRET_BYTES} bytes`, { limit: MAX_SECRET_BYTES });
    checked[name] = value;
  }
  return checked;
}
