import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Engine, HistoryEvent } from '../../engine/index.js';
import { elementsWith, openEngine } from '../helpers.js';
import { undrawn } from './diagram.js';

const sample = new URL('../../samples/parent-child.bpmn', import.meta.url);

interface Item {
  sku: string;
  quantity: number;
  unitPrice: number;
}

describe('The parent/child sample (samples/parent-child.bpmn)', () => {
  let engine: Engine;
  /** Ids of the child instances, in the order they started. */
  let children: string[];
  /** The variables each `process-item` job saw. */
  let seen: Record<string, unknown>[];

  beforeEach(async () => {
    ({ engine } = await openEngine({ jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } }));
    children = [];
    seen = [];
    engine.on('event', (event: HistoryEvent) => {
      if (event.type === 'instance.started' && event.processId === 'process-one-item') children.push(event.instanceId);
    });
    // Prices one line of the batch; the later items answer first, so the results must be put back in item order.
    engine.handle('process-item', async (job) => {
      seen.push(job.variables);
      const item = job.variables.item as Item;
      await new Promise((resolve) => setTimeout(resolve, item.sku === 'A' ? 30 : 0));
      return { result: { sku: item.sku, lineTotal: item.quantity * item.unitPrice } };
    });
    await engine.deploy({ name: 'parent-child.bpmn', xml: await readFile(sample, 'utf8') });
  });

  afterEach(() => engine.close());

  it('should call the child once per item, in parallel, and collect the results in item order', async () => {
    // given
    const items: Item[] = [
      { sku: 'A', quantity: 2, unitPrice: 5 },
      { sku: 'B', quantity: 1, unitPrice: 20 },
      { sku: 'C', quantity: 3, unitPrice: 7 },
    ];

    // when
    const { id } = await engine.start('process-batch', { variables: { items } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });

    // then: the parent holds its items and the results, nothing else of the children
    expect(done.variables).to.deep.equal({
      items,
      results: [
        { sku: 'A', lineTotal: 10 },
        { sku: 'B', lineTotal: 20 },
        { sku: 'C', lineTotal: 21 },
      ],
    });
    expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['processEachItem', 'batchDone']);
    // each child ran the service task with its own item
    expect(children).to.have.length(3);
    expect(seen.map((v) => (v.item as Item).sku)).to.have.members(['A', 'B', 'C']);
    for (const child of children) {
      const view = await engine.getInstance(child);
      expect(view.status).to.equal('completed');
      expect(view.parentInstanceId).to.equal(id);
      expect(await elementsWith(engine, child, 'element.completed')).to.deep.equal(['itemReceived', 'processItem', 'itemDone']);
    }
  });

  it('should run all children at once: each waits while the others are started', async () => {
    // given: a handler that holds every job until all three are in
    const started: Array<() => void> = [];
    const allIn = new Promise<void>((resolve) => {
      engine.handle('process-item', async (job) => {
        await new Promise<void>((release) => {
          started.push(release);
          if (started.length === 3) resolve();
        });
        return { result: (job.variables.item as Item).sku };
      });
    });

    // when
    const { id } = await engine.start('process-batch', { variables: { items: [{ sku: 'X' }, { sku: 'Y' }, { sku: 'Z' }] } });
    await allIn;
    for (const release of started) release();
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 3_000 });

    // then
    expect(done.variables.results).to.deep.equal(['X', 'Y', 'Z']);
  });

  it('should complete at once with no results for an empty batch', async () => {
    // when
    const { id } = await engine.start('process-batch', { variables: { items: [] } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables).to.deep.equal({ items: [], results: [] });
    expect(children).to.be.empty;
  });

  it('should carry a diagram shape or edge for every element, so that it opens in bpmn-js and Camunda Modeler', async () => {
    // when
    const result = await undrawn(await readFile(sample, 'utf8'));

    // then
    expect(result).to.deep.equal({ missing: [], dangling: [], warnings: [] });
  });
});
