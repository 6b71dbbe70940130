/**
 * A process's data loader: a task type whose job the engine runs before the
 * instance starts and before it resumes from each wait state, merging the
 * result into the root variables (../runtime/data-loader.ts):
 *
 *   <bpmn:process id="sync">
 *     <bpmn:extensionElements>
 *       <zeebe:properties>
 *         <zeebe:property name="baton:dataLoader" value="load-customer" />
 */
import type { ModdleElement } from 'bpmn-moddle';
import { extension, type Report } from './extensions.js';

export const DATA_LOADER_PROPERTY = 'baton:dataLoader';
/** The loader job's attempts, as for a service task without `retries`. */
export const DATA_LOADER_RETRIES = 3;

export interface DataLoaderDefinition {
  type: string;
  retries: number;
}

export function readDataLoader(process: ModdleElement, report: Report): DataLoaderDefinition | undefined {
  const properties = (extension(process, 'zeebe:Properties')?.properties ?? []) as ModdleElement[];
  const declared = properties.filter((p) => p.name === DATA_LOADER_PROPERTY);
  if (!declared.length) return undefined;
  if (declared.length > 1) report(`${DATA_LOADER_PROPERTY} is given ${declared.length} times; a process has one data loader`);
  const type = String(declared[0].value ?? '').trim();
  if (!type) return void report(`${DATA_LOADER_PROPERTY} needs a task type as its value`);
  if (type.startsWith('=')) return void report(`${DATA_LOADER_PROPERTY} is a task type, not an expression ('${type.slice(0, 100)}')`);
  if (type.startsWith('baton:')) return void report(`${DATA_LOADER_PROPERTY}: task types starting with 'baton:' are the engine's own`);
  if (type.length > 256) return void report(`${DATA_LOADER_PROPERTY}: the task type is longer than 256 characters`);
  return { type, retries: DATA_LOADER_RETRIES };
}
