/**
 * What the MongoDB store must do beyond the Store contract: stay small over
 * long instances, let exactly one of two racing commits win with nothing of
 * the loser written, never lease one job twice, keep hostile variable names
 * as data, and run one process model on three engine processes with each
 * job and each timer once. Registered by the spec on the wire double and by
 * the spec on a real MongoDB, with the URL of a server (`url()`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { ConflictError } from '../../../engine/errors.js';
import { Engine } from '../../../engine/index.js';
import { MongoStore } from '../../../engine/store/mongo/mongo-store.js';
import { aJob, aStartSubscription, aStartTimer, anEvent, anInstance, effects } from '../contract.js';
import { withDatabase } from './target.js';

let databases = 0;

export function mongoBehaviour(url: () => string): void {
  let database: string;
  let stores: MongoStore[];
  let raw: mongoose.Connection | undefined;

  const open = async (): Promise<MongoStore> => {
    const store = await MongoStore.open(withDatabase(url(), database));
    stores.push(store);
    return store;
  };
  const collection = async (name: string) => {
    raw ??= await mongoose.createConnection(withDatabase(url(), database)).asPromise();
    return raw.db!.collection(name);
  };

  beforeEach(() => {
    database = `behaviour_${process.pid}_${++databases}`;
    stores = [];
  });

  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await raw?.db?.dropDatabase();
    await raw?.close();
    raw = undefined;
  });

  it('should keep history outside the instance document, so that 10,000 steps leave it as small as the first', async function () {
    this.timeout(120_000);
    const store = await open();
    const instances = await collection('instances');
    let state = anInstance();
    await store.commit(state, effects({ events: [anEvent()] }));
    const firstSize = mongoose.mongo.BSON.calculateObjectSize((await instances.findOne({ _id: state.id as never }))!);
    for (let rev = 2; rev <= 10_000; rev++) {
      state = { ...state, rev, sequence: rev };
      await store.commit(state, effects({ events: [anEvent({ type: 'element.activated', elementId: `step-${rev}` })] }));
    }
    const lastSize = mongoose.mongo.BSON.calculateObjectSize((await instances.findOne({ _id: state.id as never }))!);
    expect(lastSize).to.be.below(firstSize + 16);
    expect(lastSize).to.be.below(2048);
    expect(await store.history(state.id)).to.have.length(10_000);
  });

  it('should let one of two racing commits of the same rev win and write nothing of the other', async () => {
    const [first, second] = [await open(), await open()];
    await first.commit(anInstance(), effects());
    const step = (store: MongoStore, job: string) =>
      store.commit({ ...anInstance(), rev: 2, sequence: 4 }, effects({ createJobs: [aJob({ key: job })], events: [anEvent({ message: job })] }));
    const outcomes = await Promise.allSettled([step(first, 'from-first'), step(second, 'from-second')]);
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(lost).to.have.length(1);
    expect(lost[0].reason).to.be.instanceOf(ConflictError);
    const winner = outcomes[0].status === 'fulfilled' ? 'from-first' : 'from-second';
    const jobs = await (await collection('jobs')).find({}).toArray();
    expect(jobs.map((j) => j._id)).to.deep.equal([winner]);
    expect((await first.history('i-1')).map((e) => e.message)).to.deep.equal([winner]);
    expect((await first.getInstance('i-1'))!.rev).to.equal(2);
  });

  it('should lease each due job to one of several stores taking at once', async () => {
    const [a, b, c] = [await open(), await open(), await open()];
    const jobs = Array.from({ length: 60 }, (_, i) => aJob({ key: `job-${i}`, dueAt: i }));
    await a.commit(anInstance(), effects({ createJobs: jobs }));
    const taken: string[][] = [[], [], []];
    await Promise.all(
      [a, b, c].map(async (store, i) => {
        for (;;) {
          const got = await store.acquireJobs({ types: ['charge-card'], owner: `engine-${i}`, lockMs: 60_000, now: Date.now(), max: 7 });
          if (!got.length) return;
          taken[i].push(...got.map((j) => j.key));
        }
      }),
    );
    const all = taken.flat();
    expect(all).to.have.length(60);
    expect(new Set(all).size).to.equal(60);
  });

  it("should leave one version's start triggers when two stores replace them at once", async () => {
    const [a, b] = [await open(), await open()];
    const triggersOf = (version: number) => ({
      subscriptions: [aStartSubscription({ key: `order:${version}:start`, definitionKey: `order:${version}` })],
      jobs: [aStartTimer({ key: `order:${version}:timer`, definitionKey: `order:${version}` })],
    });
    await Promise.all([a.replaceStartTriggers('order', triggersOf(1)), b.replaceStartTriggers('order', triggersOf(2))]);
    const subscriptions = (await a.findSubscriptions({ kind: 'message', name: 'payment', startEvents: true })).map((s) => s.definitionKey);
    expect(subscriptions).to.have.length(1);
    const version = subscriptions[0];
    expect((await (await collection('jobs')).find({ instanceId: '' }).toArray()).map((j) => j.definitionKey)).to.deep.equal([version]);
  });

  it('should keep variable names that are MongoDB operators or paths as data', async () => {
    const store = await open();
    const hostile = JSON.parse('{"$where": "sleep(1000)", "a.b": 1, "__proto__": {"polluted": true}, "$gt": {"$ne": null}}') as Record<string, unknown>;
    const state = anInstance({ scopes: { root: { id: 'root', elementId: 'order', variables: hostile } } });
    await store.commit(state, effects({ createJobs: [aJob({ variables: hostile })] }));
    const stored = (await store.getInstance('i-1'))!.scopes.root.variables;
    expect(Object.keys(stored)).to.deep.equal(['$where', 'a.b', '__proto__', '$gt']);
    expect(Object.keys((await store.getJob('i-1:j1'))!.variables)).to.deep.equal(['$where', 'a.b', '__proto__', '$gt']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('should match an object passed where a string belongs as a value, never as a query operator', async () => {
    const store = await open();
    await store.commit(anInstance({ businessKey: 'A-1' }), effects({ createJobs: [aJob()] }));
    const operator = { $ne: null } as unknown as string;
    expect(await store.queryInstances({ businessKey: operator })).to.deep.equal([]);
    expect(await store.queryInstances({ processId: operator, status: 'active' })).to.deep.equal([]);
    expect(await store.getInstance({ $gt: '' } as unknown as string)).to.equal(undefined);
    expect(await store.getJob({ $gt: '' } as unknown as string)).to.equal(undefined);
    expect(await store.failJob({ $gt: '' } as unknown as string, operator, { retries: 0, dueAt: 0, errorMessage: 'x' })).to.equal(false);
    expect(await store.latestDefinition(operator)).to.equal(undefined);
    expect(await store.history(operator)).to.deep.equal([]);
  });

  it('should run instances on three engine processes with each job handled once and each timer fired once', async function () {
    this.timeout(90_000);
    const storeUrl = withDatabase(url(), database);
    // A store made here rather than a URL: Engine.open's own import of the adapter would be a second copy of its modules under mocha.
    const starter = await Engine.open({ store: await MongoStore.open(storeUrl), jobs: { pollIntervalMs: 20 } });
    const workers: ChildProcess[] = [];
    try {
      await starter.deploy({ xml: readFileSync(fileURLToPath(new URL('./fixtures/work-and-wait.bpmn', import.meta.url)), 'utf8'), name: 'work-and-wait.bpmn' });
      for (let i = 0; i < 3; i++) {
        const worker = fork(fileURLToPath(new URL('./fixtures/engine-worker.ts', import.meta.url)), [storeUrl], {
          execArgv: ['--import', 'tsx'],
          stdio: 'inherit',
        });
        workers.push(worker);
        await new Promise((resolve) => worker.once('message', resolve));
      }
      const ids = [];
      for (let i = 0; i < 30; i++) ids.push((await starter.start('work-and-wait')).id);
      for (const id of ids) await starter.waitFor(id, 'completed', { timeoutMs: 60_000 });

      const handled = await Promise.all(
        workers.map((worker) => new Promise<string[]>((resolve) => (worker.once('message', (keys) => resolve(keys as string[])), worker.send('stop')))),
      );
      const all = handled.flat();
      expect(all, 'each work job handled once').to.have.length(30);
      expect(new Set(all).size).to.equal(30);
      expect(handled.filter((keys) => keys.length > 0).length, 'engines that handled jobs').to.be.at.least(2);
      for (const id of ids) {
        const timers = (await starter.history(id)).filter((e) => e.type === 'element.completed' && e.elementId === 'wait');
        expect(timers, `timer of ${id}`).to.have.length(1);
      }
    } finally {
      for (const worker of workers) if (worker.connected) worker.kill();
      await starter.close();
    }
  });
}
