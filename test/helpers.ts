/**
 * Small helpers shared by the behaviour specs: read a fixture that sits next
 * to its spec, deploy and start it, and wait until an instance settles in a
 * given shape (driven by the engine's history events, never by sleeping).
 */
import { readFileSync } from 'node:fs';
import type { Engine, HistoryEvent, HistoryEventType, InstanceView, StartOptions, UserTask } from '../engine/index.js';

/** The text of a `.bpmn` fixture beside the spec; pass the spec's `import.meta.url`. */
export function fixture(specUrl: string, name: string): string {
  return readFileSync(new URL(name, specUrl), 'utf8');
}

/** Deploys a fixture and starts one instance of `processId`. */
export async function deployAndStart(
  engine: Engine,
  specUrl: string,
  file: string,
  processId: string,
  options: StartOptions = {},
): Promise<InstanceView> {
  await engine.deploy({ name: file, xml: fixture(specUrl, file) });
  return engine.start(processId, options);
}

/**
 * Resolves with the instance as soon as `done` holds for it; it is checked
 * now and after each history event of the instance. Rejects after `timeoutMs`
 * with the last state seen, so a failing spec says where the instance stood.
 */
export function until(engine: Engine, instanceId: string, done: (view: InstanceView) => boolean, timeoutMs = 5_000): Promise<InstanceView> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let last: InstanceView | undefined;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      engine.off('event', onEvent);
      settle();
    };
    const check = async () => {
      try {
        last = await engine.getInstance(instanceId);
        if (done(last)) finish(() => resolve(last!));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const onEvent = (event: HistoryEvent) => {
      if (event.instanceId === instanceId) void check();
    };
    const timer = setTimeout(() => {
      const where = last ? `status ${last.status}, at ${JSON.stringify(last.activeElements.map((e) => `${e.elementId}:${e.status}`))}, incidents ${JSON.stringify(last.incidents.map((i) => i.message))}` : 'never loaded';
      finish(() => reject(new Error(`instance ${instanceId} did not settle as expected within ${timeoutMs} ms (${where})`)));
    }, timeoutMs);
    engine.on('event', onEvent);
    void check();
  });
}

export const hasIncident = (view: InstanceView): boolean => view.incidents.length > 0;

/** The instance has a user task open at `elementId` (`count` of them at least). */
export const waitsInUserTask = (elementId: string, count = 1) => (view: InstanceView): boolean =>
  view.activeElements.filter((e) => e.elementId === elementId && e.userTaskId).length >= count;

/** The instance has a token waiting at `elementId` (a join, a job, a task). */
export const waitsAt = (elementId: string) => (view: InstanceView): boolean =>
  view.activeElements.some((e) => e.elementId === elementId && e.status === 'waiting');

/** The single open user task of an instance at an element. */
export async function userTaskAt(engine: Engine, instanceId: string, elementId: string): Promise<UserTask> {
  const tasks = (await engine.userTasks({ instanceId })).filter((t) => t.elementId === elementId);
  if (tasks.length !== 1) throw new Error(`expected one open user task at '${elementId}', found ${tasks.length}`);
  return tasks[0];
}

/** Element ids of the instance's history events of one type, in order. */
export async function elementsWith(engine: Engine, instanceId: string, type: HistoryEventType): Promise<string[]> {
  return (await engine.history(instanceId)).filter((e) => e.type === type).map((e) => e.elementId!);
}

/** How often each element appears in a list of ids. */
export function countOf(ids: string[], elementId: string): number {
  return ids.filter((id) => id === elementId).length;
}

/** Resolves once `condition` holds, checked every few milliseconds; rejects after `timeoutMs`. For state no event announces. */
export async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs = 2_000): Promise<void> {
  const giveUpAt = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > giveUpAt) throw new Error(`the condition did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
