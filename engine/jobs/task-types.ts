/**
 * Task-type discovery: which task types this engine can serve (handlers
 * registered with `engine.handle`, external workers that polled for the type,
 * built-in connectors) beside the types that deployed diagrams use, so that
 * a modeler can offer known types and an operator can see which used type
 * no one serves. A connector's type is an item only where a diagram uses it.
 */
import type { TaskTypePoll } from './external-jobs.js';
import { isInternalJob } from '../runtime/internal.js';
import type { DefinitionRecord } from '../store/store.js';

/** A worker whose last poll is older than this no longer counts as serving its type. */
export const RECENT_POLL_MS = 10 * 60_000;

export interface TaskTypeUse {
  processId: string;
  /** The latest version, the one new instances start. */
  version: number;
  /** Its elements with a job of this type (service, send and script tasks, message throw and end events). */
  elementIds: string[];
}

export interface TaskTypeInfo {
  type: string;
  /** A handler registered in this engine process with `engine.handle`. */
  handler: boolean;
  /** The external worker that last asked for jobs of this type, when, and how many of its long polls wait now. */
  worker?: { name: string; lastPolledAt: string; waiting: number };
  usedBy: TaskTypeUse[];
  /** Used by a deployed diagram, but no handler, connector or worker that polled in the last 10 minutes serves it. */
  unserved: boolean;
}

export interface DynamicTaskType {
  processId: string;
  version: number;
  elementId: string;
  /** The FEEL expression that decides the type per instance. */
  expression: string;
}

export interface TaskTypes {
  /** Every known type, sorted by name. */
  items: TaskTypeInfo[];
  /** The task types of the built-in connectors this engine serves (the REST connector's `io.camunda:http-json:1` unless turned off). */
  connectors: string[];
  /** Jobs whose type is a FEEL expression: known only per instance, so not checked. */
  dynamic: DynamicTaskType[];
}

export interface TaskTypeSources {
  handlers: string[];
  /** Types served by built-in connectors. */
  connectors?: string[];
  polls: Map<string, TaskTypePoll>;
  /** Every deployed version; only the latest of each process is read. */
  definitions: DefinitionRecord[];
  now: number;
}

export function describeTaskTypes({ handlers, connectors = [], polls, definitions, now }: TaskTypeSources): TaskTypes {
  const uses = new Map<string, TaskTypeUse[]>();
  const dynamic: DynamicTaskType[] = [];
  for (const definition of latestVersions(definitions)) {
    const { processId, version } = definition;
    const byType = new Map<string, string[]>();
    for (const element of Object.values(definition.model.elements)) {
      const type = element.job?.type;
      if (!type) continue;
      if (type.kind === 'feel') dynamic.push({ processId, version, elementId: element.id, expression: `=${type.source}` });
      else if (!isInternalJob(type.value)) byType.set(type.value, [...(byType.get(type.value) ?? []), element.id]);
    }
    for (const [type, elementIds] of byType) uses.set(type, [...(uses.get(type) ?? []), { processId, version, elementIds }]);
  }

  const types = new Set([...handlers, ...polls.keys(), ...uses.keys()]);
  const items = [...types].sort().map((type): TaskTypeInfo => {
    const poll = polls.get(type);
    const handler = handlers.includes(type);
    const usedBy = uses.get(type) ?? [];
    const polledRecently = poll !== undefined && (poll.waiting > 0 || now - poll.at <= RECENT_POLL_MS);
    return {
      type,
      handler,
      worker: poll && { name: poll.worker, lastPolledAt: new Date(poll.at).toISOString(), waiting: poll.waiting },
      usedBy,
      unserved: usedBy.length > 0 && !handler && !connectors.includes(type) && !polledRecently,
    };
  });
  return { items, connectors: [...connectors], dynamic };
}

function latestVersions(definitions: DefinitionRecord[]): DefinitionRecord[] {
  const latest = new Map<string, DefinitionRecord>();
  for (const d of definitions) if ((latest.get(d.processId)?.version ?? 0) < d.version) latest.set(d.processId, d);
  return [...latest.values()].sort((a, b) => (a.processId < b.processId ? -1 : a.processId > b.processId ? 1 : 0));
}
