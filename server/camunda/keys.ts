/**
 * Camunda keys are numbers (LongKey: decimal strings); Baton's ids are text.
 * Each id gets a numeric key the first time it goes out, kept in the store
 * (Store.numericKey), so a key means the same thing after a restart. A key
 * of another kind than the path expects is unknown there (404).
 */
import { NotFoundError, type Engine } from '../../engine/index.js';

export type KeyKind = 'definition' | 'deployment' | 'instance' | 'element' | 'job' | 'userTask' | 'incident' | 'message' | 'signal' | 'variable';

const WORDS: Record<KeyKind, string> = {
  definition: 'process definition',
  deployment: 'deployment',
  instance: 'process instance',
  element: 'element instance',
  job: 'job',
  userTask: 'user task',
  incident: 'incident',
  message: 'message',
  signal: 'signal',
  variable: 'variable',
};

export function keyOf(engine: Engine, kind: KeyKind, id: string): Promise<string> {
  return engine.numericKey(kind, id);
}

/** The Baton id behind a key of this kind; NotFoundError when the key is unknown or of another kind. */
export async function idOf(engine: Engine, kind: KeyKind, key: string): Promise<string> {
  const found = await engine.idOfNumericKey(key);
  if (!found || found.kind !== kind) throw new NotFoundError(`no ${WORDS[kind]} with key ${key.slice(0, 32)}`);
  return found.id;
}

/** An element instance is named by its process instance and the job or task it runs: `[instanceId, id]`. */
export const elementId = (instanceId: string, id: string): string => JSON.stringify([instanceId, id]);

export function instanceOfElement(id: string): string {
  const [instanceId] = JSON.parse(id) as [string, string];
  return instanceId;
}
