/**
 * The MongoDB store's instance queries (engine/store/mongo/instance-queries.ts)
 * run with mingo, MongoDB's query language in memory, over the documents the
 * instances become, and compared with the memory store's answers to the same
 * queries. This checks what the query documents mean; it does not check a
 * MongoDB server (none runs here), whose comparison of strings is by UTF-8
 * bytes where these stores compare UTF-16 code units (the same order for
 * text without characters beyond U+FFFF).
 */
import { expect } from 'chai';
import { Query } from 'mingo';
import type { InstanceState } from '../../engine/runtime/state.js';
import { MemoryStore } from '../../engine/store/memory.js';
import { INSTANCE_INDEXES } from '../../engine/store/mongo/indexes.js';
import { instanceFields, instanceQuery } from '../../engine/store/mongo/instance-queries.js';
import { userTaskFields, userTaskQuery } from '../../engine/store/mongo/user-task-queries.js';
import { dueFilter, heldBy, leaseUpdate } from '../../engine/store/mongo/job-leases.js';
import type { AcquireJobsRequest, InstanceQuery, UserTaskPageQuery } from '../../engine/store/store.js';
import { parseFilter } from '../../engine/search/filter.js';
import { NOW, aJob, aUserTask, anInstance, effects } from './contract/factories.js';

const instances: InstanceState[] = [
  anInstance({ id: 'a', searchAttributes: { orderId: 'A-1', total: 10, express: true, tier: 'gold' } }),
  anInstance({ id: 'b', searchAttributes: { orderId: 'A-2', total: 250, express: false }, businessKey: 'K-1' }),
  anInstance({ id: 'c', searchAttributes: { orderId: 'B-7', total: 99.5, tier: 'silver' }, status: 'completed', endedAt: NOW + 5 }),
  anInstance({ id: 'd', processId: 'invoice', definitionKey: 'invoice:1', searchAttributes: { orderId: 'A-10', total: '10' }, startedAt: NOW + 100 }),
  anInstance({
    id: 'e',
    searchAttributes: {},
    incidents: [{ id: 'i', tokenId: 't', elementId: 'x', kind: 'job', message: 'm', phase: 'execute', createdAt: NOW }],
  }),
  anInstance({ id: 'f', parent: { instanceId: 'a', elementId: 'call', tokenId: 't9' } as InstanceState['parent'], searchAttributes: { orderId: 'a-1' } }),
];

const filters: unknown[] = [
  { orderId: 'A-1' },
  { orderId: { ne: 'A-1' } },
  { total: { gt: 10 } },
  { total: { gte: 10, lt: 100 } },
  { total: { lte: '10' } },
  { orderId: { prefix: 'A-' } },
  { orderId: { prefix: 'a.' } },
  { orderId: { in: ['A-2', 'B-7', 'Z'] } },
  { total: { in: [10, '10'] } },
  { express: true },
  { express: { ne: false } },
  { or: [{ tier: 'gold' }, { and: [{ total: { gt: 50 } }, { orderId: { prefix: 'B' } }] }] },
  { tier: { ne: 'gold' }, total: { gte: 0 } },
];

const queries: InstanceQuery[] = [
  {},
  { processId: 'order' },
  { definitionKey: 'invoice:1' },
  { status: 'completed' },
  { businessKey: 'K-1' },
  { parentInstanceId: 'a' },
  { hasIncidents: true },
  { hasIncidents: false, limit: 2 },
  { startedAfter: NOW + 1 },
  { startedBefore: NOW + 1 },
  { endedAfter: NOW },
  { endedBefore: NOW + 10 },
  { after: 'b' },
  { newestFirst: true },
  { newestFirst: true, after: 'd', limit: 2 },
  { processId: 'order', status: 'active', newestFirst: true },
  ...filters.map((where) => ({ where: parseFilter(where) })),
  { processId: 'order', where: parseFilter({ total: { gt: 0 } }), after: 'a', limit: 1 },
];

describe('MongoDB store: instance queries as query documents (run with mingo)', () => {
  let store: MemoryStore;
  let documents: ReturnType<typeof instanceFields>[];

  before(async () => {
    store = new MemoryStore();
    for (const instance of instances) await store.commit(instance, effects());
    documents = instances.map(instanceFields);
  });

  for (const query of queries) {
    it(`should select what the memory store selects for ${JSON.stringify(query)}`, async () => {
      const expected = (await store.queryInstances(query)).map((i) => i.id);
      const { filter, sort, limit } = instanceQuery(query);
      const found = new Query(filter).find(documents).sort(sort).limit(limit).all() as Array<{ _id: string }>;
      expect(found.map((d) => d._id)).to.deep.equal(expected);
    });
  }

  it('should store attributes by kind: texts and booleans as text, numbers as numbers', () => {
    expect(instanceFields(instances[0]).attrs).to.deep.equal([
      { n: 'orderId', t: 'A-1' },
      { n: 'total', v: 10 },
      { n: 'express', t: 'true' },
      { n: 'tier', t: 'gold' },
    ]);
  });
});

describe('MongoDB store: an index for every instance query', () => {
  it('should have an index whose first field is each field a query selects on', () => {
    const leading = new Set(INSTANCE_INDEXES.map((index) => Object.keys(index.keys)[0]));
    for (const query of queries) {
      const { filter } = instanceQuery(query);
      for (const field of selectedFields(filter)) expect(leading.has(field) || field === '_id', `${field} of ${JSON.stringify(query)}`).to.equal(true);
    }
  });
});

/**
 * The fields a filter selects on by index ($and flattened; an attribute condition is attrs.n; open
 * incidents are the partial `_id` index). Time ranges are left out: as in the SQLite store, they are
 * checked on the instances another index (or the id order) reads.
 */
function selectedFields(filter: Record<string, unknown>): string[] {
  return Object.entries(filter).flatMap(([key, value]) => {
    if (key === '$and' || key === '$or') return (value as Array<Record<string, unknown>>).flatMap(selectedFields);
    if (key === 'attrs') return ['attrs.n'];
    if (key === 'incidentCount') return ['_id'];
    if (key === 'startedAt' || key === 'endedAt') return [];
    return [key];
  });
}

describe('MongoDB store: user task queries as query documents (run with mingo)', () => {
  const tasks = [
    aUserTask({ id: 't1', instanceId: 'i-1', processId: 'order', assignee: 'ann', candidateGroups: ['sales', 'ops'] }),
    aUserTask({ id: 't2', instanceId: 'i-1', processId: 'order', candidateGroups: ['ops'] }),
    aUserTask({ id: 't3', instanceId: 'i-2', processId: 'invoice', assignee: 'bob', candidateGroups: ['finance'] }),
    aUserTask({ id: 't4', instanceId: 'i-3', processId: 'order', candidateUsers: ['carl'] }),
    aUserTask({ id: 't5', instanceId: 'i-3', processId: 'order', candidateGroups: [] }),
  ];
  const taskQueries: UserTaskPageQuery[] = [
    {},
    { instanceId: 'i-1' },
    { processId: 'order', limit: 2 },
    { assignee: 'ann' },
    { candidateGroup: 'ops' },
    { candidateGroups: ['finance', 'sales'] },
    { unassigned: true },
    { offeredTo: { name: 'carl', groups: [] } },
    { offeredTo: { name: 'ann', groups: ['finance'] } },
    { offeredTo: { name: '', groups: ['ops'] } },
    { offeredTo: { name: 'bob', groups: ['ops'] }, unassigned: true },
    { after: '2' },
    { processId: 'order', after: '1', limit: 1 },
  ];
  let store: MemoryStore;
  let documents: ReturnType<typeof userTaskFields>[];

  before(async () => {
    store = new MemoryStore();
    await store.commit(anInstance({ id: 'host' }), effects({ createUserTasks: tasks }));
    documents = tasks.map((task, index) => userTaskFields(task, index + 1));
  });

  for (const query of taskQueries) {
    it(`should select what the memory store selects for ${JSON.stringify(query)}`, async () => {
      const expected = (await store.pageUserTasks(query)).items.map((t) => t.id);
      const { filter, sort, limit } = userTaskQuery(query);
      const found = new Query(filter).find(documents).sort(sort).limit(limit).all() as Array<{ _id: string }>;
      expect(found.map((d) => d._id)).to.deep.equal(expected);
    });
  }
});

describe('MongoDB store: job leases as query documents (run with mingo)', () => {
  const jobs = [
    aJob({ key: 'j1', type: 'charge', dueAt: NOW - 30 }),
    aJob({ key: 'j2', type: 'charge', dueAt: NOW - 20, lockOwner: 'w1', lockExpiresAt: NOW + 1_000 }),
    aJob({ key: 'j3', type: 'charge', dueAt: NOW - 10, lockOwner: 'w1', lockExpiresAt: NOW - 1 }),
    aJob({ key: 'j4', type: 'ship', dueAt: NOW - 40 }),
    aJob({ key: 'j5', type: 'charge', dueAt: NOW + 60_000 }),
  ];
  const requests: AcquireJobsRequest[] = [
    { types: ['charge'], owner: 'w2', lockMs: 30_000, now: NOW, max: 10 },
    { types: ['charge', 'ship'], owner: 'w2', lockMs: 30_000, now: NOW, max: 2 },
    { types: ['charge'], owner: 'w2', lockMs: 30_000, now: NOW + 2_000, max: 10 },
    { types: ['charge'], owner: 'w2', lockMs: 30_000, now: NOW + 60_000, max: 10 },
    { types: ['mail'], owner: 'w2', lockMs: 30_000, now: NOW, max: 10 },
  ];

  for (const request of requests) {
    it(`should take what the memory store takes for ${JSON.stringify({ ...request, now: request.now - NOW })}`, async () => {
      // given: a fresh store with the jobs (taking them changes the store)
      const store = new MemoryStore();
      await store.commit(anInstance(), effects({ createJobs: jobs.map((job) => ({ ...job })) }));

      // when
      const expected = (await store.acquireJobs(request)).map((job) => job.key);
      const { filter, sort } = dueFilter(request);
      const documents = jobs.map(({ key, type, dueAt, lockOwner, lockExpiresAt }) => ({
        _id: key,
        type,
        dueAt,
        ...(lockOwner ? { lockOwner, lockExpiresAt } : {}),
      }));
      const taken = new Query(filter).find(documents).sort(sort).limit(request.max).all() as Array<{ _id: string }>;

      // then
      expect(taken.map((d) => d._id)).to.deep.equal(expected);
    });
  }

  it('should set the lease, and accept reports from its holder only', () => {
    const request: AcquireJobsRequest = { types: ['charge'], owner: 'w2', lockMs: 30_000, now: NOW, max: 1 };
    expect(leaseUpdate(request)).to.deep.equal({ $set: { lockOwner: 'w2', lockExpiresAt: NOW + 30_000 } });
    const held = new Query(heldBy('j2', 'w1'));
    expect(held.test({ _id: 'j2', lockOwner: 'w1' })).to.equal(true);
    expect(held.test({ _id: 'j2', lockOwner: 'w2' })).to.equal(false);
    expect(held.test({ _id: 'j2' })).to.equal(false);
  });
});
