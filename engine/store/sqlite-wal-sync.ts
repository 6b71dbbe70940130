/**
 * synchronous=FULL without stopping the event loop for the disk. SQLite's
 * FULL makes every COMMIT wait for an fsync of the WAL file, on the main
 * thread: the server spent a third of its time there and served no request
 * meanwhile (bench/RESULTS.md). Instead the connection runs with
 * synchronous=NORMAL (a commit appends its WAL frames and returns; SQLite
 * itself still syncs the WAL before every checkpoint and the database file
 * after it), and a write's promise resolves only once an fdatasync of the WAL
 * that began after the write returned has completed, on libuv's thread pool.
 * The WAL is appended in order, so that sync makes the write and every write
 * before it durable, as FULL would have; writes that arrive while a sync runs
 * share the next one. When the event loop would only wait for the sync
 * anyway, it is done in place instead (see BUSY_ENOUGH). Reads are not held
 * back: another reader may see a commit whose sync is still running, as with
 * NORMAL, but nothing the engine acts on (a step's effects, a leased job) is
 * answered before it is durable.
 */
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { StoreSyncError } from '../errors.js';

/** An open file that can be made durable. */
export interface SyncedFile {
  /** On the thread pool. */
  sync(): Promise<void>;
  /** On the calling thread. */
  syncNow(): void;
  close(): void;
}

/** How a file is made durable; a test double replaces it. */
export interface FileSyncer {
  /** Opens the file (it must exist). */
  open(path: string): SyncedFile;
  /** Makes a new directory entry durable (the WAL's, once). */
  syncDirectory(path: string): void;
}

const fdatasyncAsync = promisify(fdatasync);

export const fileSyncer: FileSyncer = {
  open(path) {
    const fd = openSync(path, 'r+');
    return { sync: () => fdatasyncAsync(fd), syncNow: () => fdatasyncSync(fd), close: () => closeSync(fd) };
  },
  syncDirectory(path) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
};

/**
 * Whether a sync runs on the thread pool or in place is measured, not
 * guessed: a sync on the thread pool pays only when the event loop has other
 * work meanwhile (the server's requests: 974 → 1,390 completed instances/s);
 * when every instance waits for its commit (the engine with local handlers),
 * the loop sits idle through it and the hop there and back makes each sync
 * slower (diagram (a), 50 in flight: 6,000 inst/s in place, 3,400 on the
 * thread pool). So each sync on the thread pool notes how busy the loop was
 * while it ran, and the next syncs go where that says; in place, every
 * PROBE_EVERY-th sync goes to the thread pool to look again.
 */
const BUSY_ENOUGH = 0.5;
export const PROBE_EVERY = 32;

interface Group {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

export class WalSync {
  private file?: SyncedFile;
  /** The sync running on the thread pool, if any. */
  private running?: Promise<void>;
  /** Writes that returned while `running` ran: they need a sync that starts after them. */
  private next?: Group;
  /** Where syncs go while none runs: decided by the last sync on the thread pool. */
  private inPlace = true;
  private sinceProbe = 0;
  private failure?: StoreSyncError;
  private closed = false;

  constructor(
    private readonly walPath: string,
    private readonly syncer: FileSyncer = fileSyncer,
    /** Told once, when the first sync fails: the host may want to stop (the server exits, see server/background-errors.ts). */
    private readonly onFailure?: (error: StoreSyncError) => void,
  ) {}

  /** Throws once a sync has failed: nothing more may be written. */
  checkWritable(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves when everything written before this call is on disk. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error(`the store of ${this.walPath} is closed`));
    if (!this.running && this.inPlace && ++this.sinceProbe < PROBE_EVERY) return this.syncInPlace();
    const group = (this.next ??= newGroup());
    if (!this.running) this.startNext();
    return group.promise;
  }

  /** Waits for the syncs under way, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running.catch(() => undefined);
    const file = this.file;
    this.file = undefined;
    file?.close();
  }

  private syncInPlace(): Promise<void> {
    try {
      this.openedFile().syncNow();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(this.fail(error));
    }
  }

  private startNext(): void {
    const group = this.next!;
    this.next = undefined;
    this.sinceProbe = 0;
    const loopBefore = performance.eventLoopUtilization();
    this.running = (async () => this.openedFile().sync())()
      .then(
        () => {
          this.inPlace = performance.eventLoopUtilization(loopBefore).utilization < BUSY_ENOUGH;
          group.resolve();
        },
        (error: unknown) => {
          group.reject(this.fail(error));
          this.next?.reject(this.failure!);
          this.next = undefined;
        },
      )
      .finally(() => {
        this.running = undefined;
        if (this.next && !this.failure) this.startNext();
      });
  }

  private fail(error: unknown): StoreSyncError {
    if (this.failure) return this.failure;
    this.failure = new StoreSyncError(
      `the disk did not confirm a write to ${this.walPath} (${error instanceof Error ? error.message : String(error)}); ` +
        'the store takes no more writes: restart the engine to recover from the database file',
    );
    this.onFailure?.(this.failure);
    return this.failure;
  }

  private openedFile(): SyncedFile {
    if (!this.file) {
      const file = this.syncer.open(this.walPath);
      // The WAL's directory entry, once: a file whose data is synced but whose name is not could be missing after a power cut.
      this.syncer.syncDirectory(dirname(this.walPath));
      this.file = file;
    }
    return this.file;
  }
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A rejection nobody awaited (every writer gone) must not become an unhandled one.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
