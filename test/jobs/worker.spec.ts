import { expect } from 'chai';
import { JobWorker } from '../../engine/jobs/worker.js';
import type { JobRecord } from '../../engine/runtime/records.js';
import { MemoryStore } from '../../engine/store/memory.js';
import { emptyEffects } from '../../engine/runtime/records.js';
import { eventually } from '../helpers.js';

const internalJob = (key: string): JobRecord => ({
  key,
  instanceId: '',
  definitionKey: 'p:1',
  processId: 'p',
  elementId: 'start',
  tokenId: '',
  type: 'baton:test',
  retries: 3,
  headers: {},
  variables: {},
  dueAt: 0,
  createdAt: 0,
});

describe('JobWorker', () => {
  it('should give up an internal job that keeps failing after its retries, reporting each failure', async () => {
    // given
    const store = new MemoryStore();
    await store.commit(
      {
        id: 'holder',
        definitionKey: 'p:1',
        processId: 'p',
        version: 1,
        status: 'active',
        rev: 1,
        startedAt: 0,
        scopes: {},
        tokens: {},
        incidents: [],
        subscriptions: {},
        sequence: 0,
      },
      { ...emptyEffects(), createJobs: [internalJob('j1')] },
    );
    const reported: unknown[] = [];
    let attempts = 0;
    const worker = new JobWorker(
      store,
      { now: () => 1_000 },
      { reportError: (error) => reported.push(error) },
      { owner: 'w', lockMs: 10_000, pollIntervalMs: 5, maxConcurrent: 4, retryBackoffMs: 0 },
    );

    // when
    worker.registerInternal('baton:test', async () => {
      attempts += 1;
      throw new Error('cannot do it');
    });
    worker.start({ complete: async () => true, fail: async () => true, throwError: async () => true });
    await eventually(async () => (await store.getJob('j1')) === undefined);
    await worker.close();

    // then
    expect(await store.getJob('j1')).to.be.undefined;
    expect(attempts).to.equal(3);
    expect(reported).to.have.length(3);
  });
});
