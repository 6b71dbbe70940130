/** Definition keys (`order:3`: the process id and the version) as clients send them. */
import { NotFoundError } from '../errors.js';

/** The process id and version a key names; NotFoundError when the text cannot be a deployed key. */
export function parseDefinitionKey(key: string): { processId: string; version: number } {
  const colon = key.lastIndexOf(':');
  const processId = key.slice(0, colon);
  const text = key.slice(colon + 1);
  const version = Number(text);
  if (colon < 1 || !/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(version)) {
    throw new NotFoundError(`no process definition '${key}' is deployed (a key is '<processId>:<version>', e.g. 'order:3')`);
  }
  return { processId, version };
}
