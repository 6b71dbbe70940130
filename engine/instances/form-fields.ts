/**
 * What a generated task form should ask for besides the variables the task
 * already sees: the variables its output mappings read, and those the
 * conditions of the gateways right after it read, so that a reviewer sees
 * `approved` without knowing to add it. The kind of each is guessed from how
 * the condition uses it (`approved = true`: a checkbox; `total > 100`: a
 * number; `tier = "gold"`: text).
 */
import type { FeelExpression, ProcessModel } from '../model/types.js';

export interface FormField {
  name: string;
  kind: 'boolean' | 'number' | 'string' | 'json';
  /** Why the form asks for it. */
  source: 'outputMapping' | 'gateway';
}

const GATEWAYS = new Set(['exclusiveGateway', 'inclusiveGateway']);

export function formFieldsOf(model: ProcessModel, elementId: string): FormField[] {
  const element = model.elements[elementId];
  if (!element) return [];
  const fields = new Map<string, FormField>();
  const add = (name: string, kind: FormField['kind'], source: FormField['source']) => {
    const known = fields.get(name);
    if (!known || (known.kind === 'json' && kind !== 'json')) fields.set(name, { name, kind, source: known?.source ?? source });
  };
  for (const mapping of element.outputs) {
    if (isFeel(mapping.source)) for (const name of mapping.source.names) add(name, 'json', 'outputMapping');
  }
  for (const flowId of element.outgoing) {
    const gateway = model.elements[model.flows[flowId]?.targetRef ?? ''];
    if (!gateway || !GATEWAYS.has(gateway.type)) continue;
    for (const outgoing of gateway.outgoing) {
      const condition = model.flows[outgoing]?.condition;
      if (condition) for (const name of condition.names) add(name, kindIn(condition.source, name), 'gateway');
    }
  }
  return [...fields.values()];
}

function isFeel(source: unknown): source is FeelExpression {
  return typeof source === 'object' && source !== null && (source as { kind?: string }).kind === 'feel';
}

/** How a condition uses a name: compared with a boolean, a number or a string, or on its own (a boolean). */
function kindIn(source: string, name: string): FormField['kind'] {
  const at = escape(name);
  if (new RegExp(`^\\s*(not\\s*\\(\\s*)?${at}\\s*\\)?\\s*$`).test(source) || new RegExp(`\\b${at}\\s*!?=\\s*(true|false)\\b`).test(source)) return 'boolean';
  if (new RegExp(`\\b${at}\\s*(<=?|>=?|!?=)\\s*-?\\d`).test(source) || new RegExp(`\\d\\s*(<=?|>=?)\\s*${at}\\b`).test(source)) return 'number';
  if (new RegExp(`\\b${at}\\s*!?=\\s*"`).test(source)) return 'string';
  return 'json';
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
