/**
 * Small helpers shared by the behaviour specs: read a fixture that sits next
 * to its spec, deploy and start it, and wait until an instance settles in a
 * given shape (driven by the engine's history events, never by sleeping).
 */
import { readFileSync } from 'node:fs';
import {
  Engine,
  MemoryStore,
  NotFoundError,
  type Clock,
  type EngineOptions,
  type HistoryEvent,
  type HistoryEventType,
  type InstanceView,
  type StartOptions,
  type Store,
  type UserTask,
} from '../engine/index.js';
import { specStore } from './store/spec-store.js';

/** A clock that stands still until the spec moves it (`set` to a moment, `advance` by some milliseconds). */
export class TestClock implements Clock {
  private at: number;

  constructor(start: string | number) {
    this.at = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.at;
  }

  /** Moves to an ISO date-time (forward, as time goes). */
  set(iso: string): void {
    const next = Date.parse(iso);
    if (Number.isNaN(next)) throw new Error(`not a date-time: ${iso}`);
    this.at = next;
  }

  /** Moves on by `ms` milliseconds. */
  advance(ms: number): void {
    this.at += ms;
  }
}

/** An engine on a fresh store (memory, or MongoDB in the MongoDB run: ./store/spec-store.ts) unless `options.store` names one; close it in afterEach. */
export async function openEngine(options: EngineOptions & { store?: Store } = {}): Promise<{ engine: Engine; store: Store }> {
  const store = options.store ?? (await specStore());
  const engine = await Engine.open({ ...options, store });
  return { engine, store };
}

/** Jobs of a type left in the store, leased or not (this takes their leases: call it last). */
export async function jobsLeft(store: Store, type: string): Promise<number> {
  const far = Date.now() + 365 * 24 * 3600 * 1000;
  return (await store.acquireJobs({ types: [type], owner: 'spec', lockMs: 1, now: far, max: 100 })).length;
}

/** Resolves with the id of the next instance of `processId` that starts; rejects when none has within `timeoutMs`. */
export function nextStart(engine: Engine, processId: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      engine.off('event', listener);
      reject(new Error(`no instance of '${processId}' started within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: HistoryEvent) => {
      if (event.type !== 'instance.started' || event.processId !== processId) return;
      clearTimeout(timer);
      engine.off('event', listener);
      resolve(event.instanceId);
    };
    engine.on('event', listener);
  });
}

/** The text of a `.bpmn` fixture beside the spec; pass the spec's `import.meta.url`. */
export function fixture(specUrl: string, name: string): string {
  return readFileSync(new URL(name, specUrl), 'utf8');
}

/** Deploys a fixture and starts one instance of `processId`. */
export async function deployAndStart(engine: Engine, specUrl: string, file: string, processId: string, options: StartOptions = {}): Promise<InstanceView> {
  await engine.deploy({ name: file, xml: fixture(specUrl, file) });
  return engine.start(processId, options);
}

/**
 * Resolves with the instance as soon as `done` holds for it; it is checked
 * now and after each history event of the instance. Rejects after `timeoutMs`
 * with the last state seen, so a failing spec says where the instance stood.
 */
export function until(engine: Engine, instanceId: string, done: (view: InstanceView) => boolean, timeoutMs = 5_000): Promise<InstanceView> {
  return settleOn(engine, instanceId, done, timeoutMs, false);
}

/**
 * Like `until`, but the instance need not exist yet: a child is started by a
 * job after its parent's step, so it may not exist when the parent already names it.
 */
export function untilInstance(
  engine: Engine,
  instanceId: string,
  done: (view: InstanceView) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<InstanceView> {
  return settleOn(engine, instanceId, done, timeoutMs, true);
}

function settleOn(engine: Engine, instanceId: string, done: (view: InstanceView) => boolean, timeoutMs: number, mayBeMissing: boolean): Promise<InstanceView> {
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
        if (!(mayBeMissing && error instanceof NotFoundError)) finish(() => reject(error));
      }
    };
    const onEvent = (event: HistoryEvent) => {
      if (event.instanceId === instanceId) void check();
    };
    const timer = setTimeout(() => {
      const where = last
        ? `status ${last.status}, at ${JSON.stringify(last.activeElements.map((e) => `${e.elementId}:${e.status}`))}, incidents ${JSON.stringify(last.incidents.map((i) => i.message))}`
        : 'never loaded';
      finish(() => reject(new Error(`instance ${instanceId} did not settle as expected within ${timeoutMs} ms (${where})`)));
    }, timeoutMs);
    engine.on('event', onEvent);
    void check();
  });
}

export const hasIncident = (view: InstanceView): boolean => view.incidents.length > 0;

/** The instance has a user task open at `elementId` (`count` of them at least). */
export const waitsInUserTask =
  (elementId: string, count = 1) =>
  (view: InstanceView): boolean =>
    view.activeElements.filter((e) => e.elementId === elementId && e.userTaskId).length >= count;

/** The instance has a token waiting at `elementId` (a join, a job, a task). */
export const waitsAt =
  (elementId: string) =>
  (view: InstanceView): boolean =>
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

/** Element ids of the instance's open user tasks. */
export async function openTasks(engine: Engine, instanceId: string): Promise<string[]> {
  return (await engine.userTasks({ instanceId })).map((t) => t.elementId);
}

/** Completes the single open user task of an instance at an element, with `variables`. */
export async function completeTaskAt(engine: Engine, instanceId: string, elementId: string, variables: Record<string, unknown> = {}): Promise<void> {
  await engine.completeUserTask((await userTaskAt(engine, instanceId, elementId)).id, variables);
}
