import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { Engine } from '../../engine/index.js';
import { StoreSyncError } from '../../engine/errors.js';
import { PROBE_EVERY, WalSync, type FileSyncer, type SyncedFile } from '../../engine/store/sqlite-wal-sync.js';
import { aDefinition, aJob, anEvent, anInstance, effects } from './contract.js';
import { rejectionOf } from './contract/factories.js';

const NOW = 1_700_000_000_000;

/** A syncer whose thread-pool syncs finish only when the test says so, and that records what it was asked. */
class HeldSyncer implements FileSyncer {
  readonly opened: string[] = [];
  readonly directories: string[] = [];
  /** Syncs started on the thread pool and not finished yet, oldest first. */
  readonly running: Array<{ finish(): void; fail(error: Error): void }> = [];
  started = 0;
  inPlace = 0;
  /** Makes the next in-place sync throw this. */
  failInPlace?: Error;

  open(path: string): SyncedFile {
    this.opened.push(path);
    return {
      sync: () =>
        new Promise<void>((resolve, reject) => {
          this.started++;
          this.running.push({ finish: resolve, fail: reject });
        }),
      syncNow: () => {
        this.inPlace++;
        if (this.failInPlace) throw this.failInPlace;
      },
      close: () => undefined,
    };
  }

  syncDirectory(path: string): void {
    this.directories.push(path);
  }

  /** Finishes the oldest running sync and lets the promises that waited for it settle. */
  async finishOne(): Promise<void> {
    await settle();
    const sync = this.running.shift();
    if (!sync) throw new Error('no sync is running');
    sync.finish();
    await settle();
  }
}

/** A few turns of the event loop: enough for the promise chains under test to move on. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Keeps the event loop busy, as a server with requests to answer would be. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { promise, settled: () => done };
}

describe('WalSync: synchronous=FULL off the event loop', () => {
  it('should sync in place while nothing shows that the event loop has other work', async () => {
    // given
    const syncer = new HeldSyncer();
    const walSync = new WalSync('/data/baton.db-wal', syncer);

    // when
    for (let i = 0; i < 3; i++) await walSync.durable();

    // then
    expect(syncer.inPlace).to.equal(3);
    expect(syncer.started).to.equal(0);
    expect(syncer.opened).to.deep.equal(['/data/baton.db-wal']);
    expect(syncer.directories).to.deep.equal(['/data']);
  });

  it('should try the thread pool every PROBE_EVERY syncs and stay there while the loop is busy, answering writes only after a sync that began after them', async () => {
    // given
    const syncer = new HeldSyncer();
    const walSync = new WalSync('/data/baton.db-wal', syncer);
    for (let i = 1; i < PROBE_EVERY; i++) await walSync.durable();
    expect(syncer.inPlace).to.equal(PROBE_EVERY - 1);

    // when: the probe runs on the thread pool while the loop works
    const probe = tracked(walSync.durable());
    busyFor(50);
    const during = [tracked(walSync.durable()), tracked(walSync.durable()), tracked(walSync.durable())];
    await settle();

    // then
    expect(syncer.started).to.equal(1);
    expect(probe.settled()).to.equal(false);

    // when
    await syncer.finishOne();

    // then: the probe's writes are durable; those that came during it wait for a second sync
    expect(probe.settled()).to.equal(true);
    expect(during.map((d) => d.settled())).to.deep.equal([false, false, false]);
    expect(syncer.started).to.equal(2);

    // when
    busyFor(50);
    await syncer.finishOne();

    // then
    expect(during.map((d) => d.settled())).to.deep.equal([true, true, true]);

    // when: the loop was busy, so the next write goes to the thread pool too
    const later = tracked(walSync.durable());
    await settle();

    // then
    expect(syncer.started).to.equal(3);
    expect(later.settled()).to.equal(false);
    await syncer.finishOne();
    expect(later.settled()).to.equal(true);
    expect(syncer.inPlace).to.equal(PROBE_EVERY - 1);
  });

  it('should go back to syncing in place once the loop sat idle through a sync on the thread pool', async () => {
    // given
    const syncer = new HeldSyncer();
    const walSync = new WalSync('/data/baton.db-wal', syncer);
    for (let i = 1; i < PROBE_EVERY; i++) await walSync.durable();
    const probe = walSync.durable();

    // when
    await new Promise((resolve) => setTimeout(resolve, 50));
    await syncer.finishOne();
    await probe;
    await walSync.durable();

    // then
    expect(syncer.started).to.equal(1);
    expect(syncer.inPlace).to.equal(PROBE_EVERY);
  });

  it('should refuse every later write once the disk has refused a sync', async () => {
    // given
    const syncer = new HeldSyncer();
    const walSync = new WalSync('/data/baton.db-wal', syncer);
    for (let i = 1; i < PROBE_EVERY; i++) await walSync.durable();
    const first = walSync.durable();
    const second = walSync.durable();
    await settle();

    // when
    syncer.running.shift()!.fail(new Error('EIO: i/o error, fdatasync'));

    // then
    const error = await rejectionOf(first);
    expect(error).to.be.instanceOf(StoreSyncError);
    expect((error as Error).message).to.match(/baton\.db-wal \(EIO: i\/o error, fdatasync\).*no more writes/);
    expect(await rejectionOf(second)).to.be.instanceOf(StoreSyncError);
    expect(await rejectionOf(walSync.durable())).to.be.instanceOf(StoreSyncError);
    expect(() => walSync.checkWritable()).to.throw(StoreSyncError);
  });
});

describe('SqliteStore with synchronous=FULL', () => {
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  const engines: Engine[] = [];

  async function tempFile(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'baton-wal-sync-'));
    dirs.push(dir);
    return join(dir, 'baton.db');
  }

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close().catch(() => undefined);
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('should answer a group commit and then a job lease only once a WAL sync begun after each has finished', async () => {
    // given
    const file = await tempFile();
    const syncer = new HeldSyncer();
    const store = SqliteStore.open(file, { fileSyncer: syncer });
    stores.push(store);
    const jobs = [aJob({ key: 'job-1', instanceId: 'i-1' }), aJob({ key: 'job-2', instanceId: 'i-2' })];

    for (let i = 1; i < PROBE_EVERY; i++) await store.numericKey('test', `id-${i}`);
    expect(syncer.inPlace).to.equal(PROBE_EVERY - 1);

    // when: two commits in one turn share a transaction, and its sync is the one on the thread pool
    const commits = [
      tracked(store.commit(anInstance({ id: 'i-1' }), effects({ createJobs: [jobs[0]], events: [anEvent({ instanceId: 'i-1' })] }))),
      tracked(store.commit(anInstance({ id: 'i-2' }), effects({ createJobs: [jobs[1]], events: [anEvent({ instanceId: 'i-2' })] }))),
    ];
    await settle();

    // then: written (another reader sees them) but not answered
    expect(commits.map((c) => c.settled())).to.deep.equal([false, false]);
    expect(await store.getJob('job-2')).to.include({ key: 'job-2' });
    expect(syncer.opened).to.deep.equal([`${file}-wal`]);

    // when
    busyFor(50);
    await syncer.finishOne();

    // then
    expect(commits.map((c) => c.settled())).to.deep.equal([true, true]);
    await Promise.all(commits.map((c) => c.promise));

    // when: the loop was busy through that sync, so the lease's sync goes to the thread pool too
    const lease = tracked(store.acquireJobs({ types: [jobs[0].type], owner: 'worker', lockMs: 1000, now: NOW + 60_000, max: 2 }));
    await settle();

    // then: the jobs are answered only after it
    expect(lease.settled()).to.equal(false);
    await syncer.finishOne();
    expect((await lease.promise).map((j) => j.key)).to.have.members(['job-1', 'job-2']);
  });

  it('should refuse writes after a failed sync and keep what an earlier sync made durable', async () => {
    // given
    const file = await tempFile();
    const syncer = new HeldSyncer();
    const store = SqliteStore.open(file, { fileSyncer: syncer });
    stores.push(store);
    const definition = aDefinition();
    await store.insertDefinition(definition);
    expect(syncer.inPlace).to.equal(1);

    // when
    syncer.failInPlace = new Error('EIO: i/o error, fdatasync');
    const commit = store.commit(anInstance(), effects({ events: [anEvent()] }));

    // then
    expect(await rejectionOf(commit)).to.be.instanceOf(StoreSyncError);
    expect(await rejectionOf(store.insertDefinition(aDefinition({ key: 'other:1', processId: 'other' })))).to.be.instanceOf(StoreSyncError);
    expect(await store.getDefinition(definition.key)).to.include({ key: definition.key });
  });

  it("should tell the engine's onError once when the disk refuses a sync, and fail that write and the next", async () => {
    // given
    const file = await tempFile();
    const syncer = new HeldSyncer();
    const reported: unknown[] = [];
    const engine = await Engine.open({ store: `sqlite:${file}`, sqlite: { fileSyncer: syncer }, onError: (error) => reported.push(error) });
    engines.push(engine);
    const xml = readFileSync(new URL('../runtime/completions-together.bpmn', import.meta.url), 'utf8');

    // when: the disk fails from now on
    syncer.failInPlace = new Error('EIO: i/o error, fdatasync');
    const first = await rejectionOf(engine.deploy({ name: 'a.bpmn', xml }));
    const second = await rejectionOf(engine.deploy({ name: 'b.bpmn', xml: xml.replace('id="fourAtOnce"', 'id="another"') }));

    // then (by name and code: under mocha, Engine.open's import of the SQLite store loads a second copy of the error classes)
    const codes = (errors: unknown[]) => errors.map((e) => [(e as Error).name, (e as StoreSyncError).code]);
    expect(codes([first, second])).to.deep.equal([
      ['StoreSyncError', 'STORE_SYNC_FAILED'],
      ['StoreSyncError', 'STORE_SYNC_FAILED'],
    ]);
    expect(codes(reported)).to.deep.equal([['StoreSyncError', 'STORE_SYNC_FAILED']]);
  });

  it('should sync the real WAL file by default and report FULL as the store waiting for the disk', async () => {
    // given
    const file = await tempFile();
    const store = SqliteStore.open(file);
    stores.push(store);

    // when
    await store.commit(anInstance(), effects({ events: [anEvent()] }));

    // then
    expect(existsSync(`${file}-wal`)).to.equal(true);
    expect(store.settings()).to.include({ synchronous: 'FULL', durability: 'wal-sync' });
  });
});
