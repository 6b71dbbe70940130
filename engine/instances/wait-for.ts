/**
 * Waiting for an instance to reach a status: woken by this engine's history
 * events, and looking at the store now and then because other engine
 * processes sharing it change instances too.
 */
import { ConflictError, TimeoutError } from '../errors.js';
import type { HistoryEmitter } from './history.js';
import type { HistoryEvent } from '../runtime/records.js';
import type { InstanceStatus } from '../runtime/state.js';
import type { InstanceView } from './views.js';

const TERMINAL: InstanceStatus[] = ['completed', 'cancelled', 'terminated'];
const STORE_POLL_MS = 250;

export function waitForStatus(
  events: HistoryEmitter,
  load: (instanceId: string) => Promise<InstanceView>,
  instanceId: string,
  status: InstanceStatus,
  timeoutMs: number,
): Promise<InstanceView> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = async () => {
      try {
        const view = await load(instanceId);
        if (settled) return;
        if (view.status === status) finish(() => resolve(view));
        else if (TERMINAL.includes(view.status)) {
          finish(() => reject(new ConflictError(`instance ${instanceId} ended as ${view.status}, not ${status}`, { status: view.status })));
        }
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const onEvent = (event: HistoryEvent) => {
      if (event.instanceId === instanceId && event.type.startsWith('instance.')) void check();
    };
    const poll = setInterval(() => void check(), STORE_POLL_MS);
    const timer = setTimeout(() => finish(() => reject(new TimeoutError(`instance ${instanceId} did not become ${status} within ${timeoutMs} ms`))), timeoutMs);
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      events.off('event', onEvent);
      settle();
    };
    events.on('event', onEvent);
    void check();
  });
}
