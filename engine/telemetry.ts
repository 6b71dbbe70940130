/**
 * Operational events for metrics: what the engine did, as opposed to what
 * happened to an instance (those are history events, `engine.on`). Emitted
 * after the fact; a listener that throws is ignored, so observing the engine
 * can never break it.
 */
import { EventEmitter } from 'node:events';

export type TelemetryEvent =
  /** A job of a handler's type was leased to a worker (in this process or an external one). */
  | { type: 'job.activated'; jobType: string; worker: string }
  /** A worker reported a job done and the report was applied. */
  | { type: 'job.completed'; jobType: string }
  /** A worker reported a job failed (a handler threw); `retriesLeft` 0 means it became an incident. */
  | { type: 'job.failed'; jobType: string; retriesLeft: number }
  /** A step (load, apply a trigger, commit; again on a conflict) took this long; `trigger` is the trigger's type. */
  | { type: 'step'; trigger: string; seconds: number }
  /** A retention run deleted this many ended instances (engine/instances/retention.ts); one event per batch. */
  | { type: 'retention.purged'; instances: number };

export type TelemetryListener = (event: TelemetryEvent) => void;

export class Telemetry {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  on(listener: TelemetryListener): this {
    this.emitter.on('event', listener);
    return this;
  }

  off(listener: TelemetryListener): this {
    this.emitter.off('event', listener);
    return this;
  }

  emit(event: TelemetryEvent): void {
    for (const listener of this.emitter.listeners('event') as TelemetryListener[]) {
      try {
        listener(event);
      } catch {
        // An observer's failure is not the engine's.
      }
    }
  }
}
