import { expect } from 'chai';
import type { Store } from '../../../engine/store/store.js';
import { type ContractContext, NOW, anEvent, anInstance, effects } from './factories.js';

const MINUTE = 60_000;

export function statsContract(ctx: ContractContext): void {
  describe("the dashboard's statistics", () => {
    let store: Store;
    const minute = Math.floor(NOW / MINUTE) * MINUTE;

    beforeEach(async () => {
      store = ctx.store;
      // i-1 starts, waits 2 s at its task, completes; i-2 starts and gets an incident; i-3 (another version) starts a minute later
      await store.commit(anInstance({ id: 'i-1' }), effects({ events: [anEvent({ instanceId: 'i-1', type: 'instance.started', at: NOW })] }));
      await store.commit(
        anInstance({ id: 'i-1', rev: 2, status: 'completed', endedAt: NOW + 2000 }),
        effects({
          events: [
            anEvent({ instanceId: 'i-1', type: 'element.completed', elementId: 'task', at: NOW + 2000, durationMs: 2000 }),
            anEvent({ instanceId: 'i-1', type: 'instance.completed', at: NOW + 2000 }),
          ],
        }),
      );
      await store.commit(
        anInstance({
          id: 'i-2',
          incidents: [{ id: 'inc', tokenId: 't1', elementId: 'task', kind: 'job', message: 'down', phase: 'execute', createdAt: NOW }],
        }),
        effects({
          events: [anEvent({ instanceId: 'i-2', type: 'instance.started', at: NOW }), anEvent({ instanceId: 'i-2', type: 'incident.created', at: NOW })],
        }),
      );
      await store.commit(
        anInstance({ id: 'i-3', definitionKey: 'order:2', version: 2 }),
        effects({ events: [anEvent({ instanceId: 'i-3', type: 'instance.started', at: NOW + MINUTE })] }),
      );
    });

    it('should count starts, completions and incidents per minute and process, from the steps that made them', async () => {
      expect(await store.activity(minute)).to.deep.equal([
        { minute, processId: 'order', started: 2, completed: 1, incidents: 1 },
        { minute: minute + MINUTE, processId: 'order', started: 1, completed: 0, incidents: 0 },
      ]);
      expect(await store.activity(minute + MINUTE)).to.have.length(1);
    });

    it('should drop the minutes older than eight days as later ones come', async () => {
      // when: a start nine days later
      const later = NOW + 9 * 24 * 60 * MINUTE;
      await store.commit(anInstance({ id: 'i-9' }), effects({ events: [anEvent({ instanceId: 'i-9', type: 'instance.started', at: later })] }));

      // then
      expect(await store.activity(0)).to.deep.equal([
        { minute: Math.floor(later / MINUTE) * MINUTE, processId: 'order', started: 1, completed: 0, incidents: 0 },
      ]);
    });

    it('should give the active instances and their open incidents per version', async () => {
      expect(await store.versionLoad()).to.deep.equal([
        { processId: 'order', definitionKey: 'order:1', active: 1, incidents: 1 },
        { processId: 'order', definitionKey: 'order:2', active: 1, incidents: 0 },
      ]);
    });

    it('should keep the count, total and longest duration of each element that waited, longest mean first', async () => {
      // when: a second, faster pass through the task
      await store.commit(
        anInstance({ id: 'i-3', definitionKey: 'order:2', version: 2, rev: 2 }),
        effects({
          events: [
            anEvent({ instanceId: 'i-3', type: 'element.completed', elementId: 'task', durationMs: 1000 }),
            anEvent({ instanceId: 'i-3', type: 'element.completed', elementId: 'quick', durationMs: 10 }),
          ],
        }),
      );

      // then
      expect(await store.slowestElements(10)).to.deep.equal([
        { processId: 'order', elementId: 'task', count: 2, totalMs: 3000, maxMs: 2000 },
        { processId: 'order', elementId: 'quick', count: 1, totalMs: 10, maxMs: 10 },
      ]);
      expect(await store.slowestElements(1)).to.have.length(1);
    });
  });
}
