import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError } from '../../engine/errors.js';
import { findIncident, queryIncidents } from '../../engine/instances/incidents.js';
import type { IncidentState } from '../../engine/runtime/state.js';
import { MemoryStore } from '../../engine/store/memory.js';
import { anInstance, effects } from '../store/contract.js';

describe('incidents across instances', () => {
  let store: MemoryStore;

  const anIncident = (id: string): IncidentState => ({
    id,
    tokenId: 't1',
    elementId: 'charge',
    kind: 'job',
    message: `failed: ${id}`,
    phase: 'execute',
    createdAt: 1_700_000_000_000,
  });

  /** Stores an instance with incidents numbered as given (in the order the state lists them). */
  async function withIncidents(instanceId: string, numbers: number[], processId = 'order'): Promise<void> {
    const incidents = numbers.map((n) => anIncident(`${instanceId}-${n}`));
    await store.commit(anInstance({ id: instanceId, processId, incidents }), effects());
  }

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

  beforeEach(async () => {
    store = new MemoryStore();
    // given: ids with dashes, as UUIDs have; within an instance 10 comes after 9
    await withIncidents('b-2', [10, 9]);
    await withIncidents('a-1', [4]);
    await withIncidents('c-3', [], 'order');
    await withIncidents('d-4', [7], 'invoice');
  });

  it('should list incidents by instance id, then in creation order within an instance', async () => {
    expect(ids(await queryIncidents(store, {}))).to.deep.equal(['a-1-4', 'b-2-9', 'b-2-10', 'd-4-7']);
  });

  it('should page with limit and next, also between two incidents of one instance', async () => {
    // when
    const first = await queryIncidents(store, { limit: 2 });
    const second = await queryIncidents(store, { limit: 2, after: first.next });
    const third = await queryIncidents(store, { limit: 2, after: second.next });

    // then
    expect(ids(first)).to.deep.equal(['a-1-4', 'b-2-9']);
    expect(first.next).to.equal('b-2-9');
    expect(ids(second)).to.deep.equal(['b-2-10', 'd-4-7']);
    expect(ids(third)).to.deep.equal([]);
    expect(third.next).to.be.undefined;
  });

  it('should go on after a cursor whose incident has been resolved meanwhile', async () => {
    // given
    const first = await queryIncidents(store, { limit: 2 });
    const b = (await store.getInstance('b-2'))!;
    await store.commit({ ...b, rev: b.rev + 1, incidents: b.incidents.filter((i) => i.id !== 'b-2-9') }, effects());

    // when
    const second = await queryIncidents(store, { limit: 2, after: first.next });

    // then
    expect(ids(second)).to.deep.equal(['b-2-10', 'd-4-7']);
  });

  it('should filter by process and by instance', async () => {
    expect(ids(await queryIncidents(store, { processId: 'invoice' }))).to.deep.equal(['d-4-7']);
    expect(ids(await queryIncidents(store, { instanceId: 'b-2' }))).to.deep.equal(['b-2-9', 'b-2-10']);
    expect(ids(await queryIncidents(store, { instanceId: 'b-2', processId: 'invoice' }))).to.deep.equal([]);
    expect(ids(await queryIncidents(store, { instanceId: 'b-2', limit: 1, after: 'b-2-9' }))).to.deep.equal(['b-2-10']);
  });

  it('should refuse a cursor that is not an incident id', async () => {
    const error = await queryIncidents(store, { after: 'nothing' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
  });

  it('should find one incident by its id alone, with its instance, and refuse an unknown one', async () => {
    // when
    const found = await findIncident(store, 'b-2-10');

    // then
    expect(found).to.include({ id: 'b-2-10', instanceId: 'b-2', processId: 'order', version: 1, definitionKey: 'order:1', message: 'failed: b-2-10' });
    for (const id of ['b-2-11', 'x-1', 'b', '-1']) {
      expect(await findIncident(store, id).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    }
  });
});
