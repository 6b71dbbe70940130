/**
 * Names a diagram gives (ids, variables, mapping targets, header keys,
 * search attributes) become property names in the engine's objects, so
 * `__proto__`, `prototype` and `constructor` are refused at deploy, naming
 * the element and the field (engine/safety/safe-keys.ts).
 */
import type { ModdleElement } from 'bpmn-moddle';
import { isUnsafeName, unsafeSegment } from '../safety/safe-keys.js';
import type { Report } from './extensions.js';
import type { ElementDraft } from './types.js';

/** Reports every name of a compiled element that may not be used. */
export function checkElementNames(element: ElementDraft, report: Report): void {
  const check = (field: string, name: string | undefined) => {
    const unsafe = name === undefined ? undefined : unsafeSegment(name);
    if (unsafe) report(`${field} '${name}' may not contain '${unsafe}': it would reach the prototype of every object`);
  };
  check('the element id', element.id);
  for (const mapping of element.inputs) check('input mapping target', mapping.target);
  for (const mapping of element.outputs) check('output mapping target', mapping.target);
  check('the script result variable', element.script?.resultVariable);
  check('the multi-instance input element', element.multiInstance?.inputElement);
  check('the multi-instance output collection', element.multiInstance?.outputCollection);
}

/** Reads `zeebe:taskHeaders` into a record; a key that may not be a property name is reported and left out. */
export function readHeaders(headers: ModdleElement | undefined, report: Report): Record<string, string> {
  const read: Record<string, string> = {};
  for (const header of (headers?.values ?? []) as ModdleElement[]) {
    if (!header.key) continue;
    if (isUnsafeName(header.key)) report(`the task header key '${header.key}' is not allowed`);
    else read[header.key] = header.value ?? '';
  }
  return read;
}

/** Process ids starting with `baton:` are the engine's own: its engine-wide jobs (retention) are filed under such ids. */
export const isReservedProcessId = (id: string): boolean => id.startsWith('baton:');
