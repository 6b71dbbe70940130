/** History events, emitted by the engine after the step that made them has committed. */
import { EventEmitter } from 'node:events';
import type { HistoryEvent, HistoryEventType } from '../runtime/records.js';

export type HistoryListener = (event: HistoryEvent) => void;

/** A typed emitter: `on('element.completed', e => ...)`, or `on('event', ...)` for every event. */
export class HistoryEmitter {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  on(type: HistoryEventType | 'event', listener: HistoryListener): this {
    this.emitter.on(type, listener);
    return this;
  }

  once(type: HistoryEventType | 'event', listener: HistoryListener): this {
    this.emitter.once(type, listener);
    return this;
  }

  off(type: HistoryEventType | 'event', listener: HistoryListener): this {
    this.emitter.off(type, listener);
    return this;
  }

  protected emitHistory(events: HistoryEvent[]): void {
    for (const event of events) {
      this.emitter.emit(event.type, event);
      this.emitter.emit('event', event);
    }
  }
}
