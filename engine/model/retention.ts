/**
 * How long a process's ended instances are kept, when it differs from the
 * engine's `retention.days`: a `zeebe:properties` entry on the process,
 *
 *   <bpmn:process id="order" isExecutable="true">
 *     <bpmn:extensionElements>
 *       <zeebe:properties>
 *         <zeebe:property name="baton:retentionDays" value="7" />
 *       </zeebe:properties>
 *     </bpmn:extensionElements>
 *
 * A whole number of days; 0 keeps them for ever, as `retention.days: 0` does.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { extension, type Report } from './extensions.js';

export const RETENTION_DAYS_PROPERTY = 'baton:retentionDays';

export function readRetentionDays(process: ModdleElement, report: Report): number | undefined {
  const properties = (extension(process, 'zeebe:Properties')?.properties ?? []) as ModdleElement[];
  const declared = properties.filter((p) => p.name === RETENTION_DAYS_PROPERTY);
  if (!declared.length) return undefined;
  if (declared.length > 1) {
    report(`${RETENTION_DAYS_PROPERTY} is declared ${declared.length} times on process '${process.id}'; declare it once`);
    return undefined;
  }
  const text = String(declared[0].value ?? '').trim();
  const days = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(days)) {
    report(`${RETENTION_DAYS_PROPERTY} of process '${process.id}' must be a whole number of days (0 keeps its instances for ever), not '${text.slice(0, 40)}'`);
    return undefined;
  }
  return days;
}
