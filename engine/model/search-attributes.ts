/**
 * Which variables of a process are searchable: a `zeebe:properties` entry on
 * the process names them, comma-separated, as variable names or dotted paths
 * into context variables:
 *
 *   <bpmn:process id="order" isExecutable="true">
 *     <bpmn:extensionElements>
 *       <zeebe:properties>
 *         <zeebe:property name="baton:searchAttributes" value="orderId,total,customer.tier" />
 *       </zeebe:properties>
 *     </bpmn:extensionElements>
 */
import { unsafeSegment } from '../safety/safe-keys.js';
import type { ModdleElement } from 'bpmn-moddle';
import { isAttributeName, MAX_ATTRIBUTE_NAME_LENGTH } from '../search/filter.js';
import { extension, type Report } from './extensions.js';

export const SEARCH_ATTRIBUTES_PROPERTY = 'baton:searchAttributes';
export const MAX_SEARCH_ATTRIBUTES = 32;

export function readSearchAttributes(process: ModdleElement, report: Report): string[] | undefined {
  const properties = (extension(process, 'zeebe:Properties')?.properties ?? []) as ModdleElement[];
  const declared = properties.filter((p) => p.name === SEARCH_ATTRIBUTES_PROPERTY);
  if (!declared.length) return undefined;
  const names = declared
    .flatMap((p) => String(p.value ?? '').split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  const valid = names.filter((name) => {
    const unsafe = unsafeSegment(name);
    if (unsafe) {
      report(`${SEARCH_ATTRIBUTES_PROPERTY}: '${name}' may not contain '${unsafe}'`);
      return false;
    }
    if (isAttributeName(name)) return true;
    report(
      `${SEARCH_ATTRIBUTES_PROPERTY}: '${name}' is not a variable name or dotted path (letters, digits and _, at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters)`,
    );
    return false;
  });
  const unique = [...new Set(valid)];
  if (unique.length > MAX_SEARCH_ATTRIBUTES)
    report(`${SEARCH_ATTRIBUTES_PROPERTY}: a process declares at most ${MAX_SEARCH_ATTRIBUTES} search attributes, not ${unique.length}`);
  return unique.length ? unique : undefined;
}
