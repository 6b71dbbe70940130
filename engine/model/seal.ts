/**
 * The last step of compiling a process: each element draft is checked
 * against what its type must and may carry (`ELEMENT_FIELDS`), and the
 * process gets its typed `ElementModel`s. Only a process the validator
 * found no problem in is sealed, so a failed check is a compiler defect,
 * raised as such rather than left for a step to trip over.
 */
import { ELEMENT_FIELDS, type ElementDraft, type ElementModel, type FamilyField, type ProcessDraft, type ProcessModel } from './types.js';

const FAMILY_FIELDS: ReadonlySet<string> = new Set(Object.values(ELEMENT_FIELDS).flatMap(({ required, optional }) => [...required, ...optional]));

export function sealProcess(draft: ProcessDraft): ProcessModel {
  const elements: Record<string, ElementModel> = {};
  for (const [id, element] of Object.entries(draft.elements)) elements[id] = sealElement(element);
  return { ...draft, elements };
}

export function sealElement(element: ElementDraft): ElementModel {
  const { required, optional }: { required: readonly FamilyField[]; optional: readonly FamilyField[] } = ELEMENT_FIELDS[element.type];
  const missing = required.filter((field) => element[field] === undefined);
  const foreign = Object.entries(element)
    .filter(([field, value]) => value !== undefined && FAMILY_FIELDS.has(field))
    .map(([field]) => field as FamilyField)
    .filter((field) => !required.includes(field) && !optional.includes(field));
  if (missing.length || foreign.length) {
    const problems = [...missing.map((f) => `no ${f}`), ...foreign.map((f) => `an unexpected ${f}`)].join(', ');
    throw new Error(`compiler defect: the ${element.type} '${element.id}' has ${problems}`);
  }
  // Checked just above against the same table the ElementModel type is built from.
  return element as ElementModel;
}
