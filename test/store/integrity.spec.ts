/**
 * A damaged or half-lost SQLite file is refused at open with a message
 * naming the file and what to do (engine/store/sqlite-integrity.ts),
 * never started as an empty "healthy" store.
 */
import { expect } from 'chai';
import { copyFileSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync, closeSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreCorruptError } from '../../engine/index.js';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { startServer } from '../server/child-server.js';

describe('SQLite store integrity at open', function () {
  this.timeout(20_000);
  let dir: string;
  const file = (name = 'baton.db') => path.join(dir, name);

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'baton-integrity-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const definition = (i: number) => ({
    key: `p${i}:1`,
    processId: `p${i}`,
    version: 1,
    hash: 'h',
    resourceName: 'p.bpmn',
    xml: 'x'.repeat(4_000),
    model: { id: `p${i}`, eventStartIds: [], eventSubProcesses: {}, elements: {}, flows: {} },
    deployedAt: 0,
  });

  /** A store with data in it, still open (its data in the WAL, as after a crash) while `use` copies its files. */
  async function withWrittenStore(use: () => void): Promise<void> {
    const store = SqliteStore.open(file('live.db'));
    for (let i = 0; i < 5; i++) await store.insertDefinition(definition(i));
    use();
    await store.close();
  }

  it('should refuse a -wal file whose database file is gone, naming both, and create nothing', async () => {
    // given: the main file deleted after a crash, its WAL left
    await withWrittenStore(() => copyFileSync(file('live.db-wal'), file('baton.db-wal')));

    // when
    const open = () => SqliteStore.open(file());

    // then
    expect(open).to.throw(StoreCorruptError, /baton\.db-wal exists but its database .*baton\.db does not/);
    expect(existsSync(file())).to.equal(false);
  });

  it('should refuse a database whose schema was in a WAL that was deleted', async () => {
    // given: the main file as it was after a crash, without its WAL
    await withWrittenStore(() => copyFileSync(file('live.db'), file('baton.db')));
    expect(statSync(file()).size).to.be.above(0);

    // when
    const open = () => SqliteStore.open(file());

    // then
    expect(open).to.throw(StoreCorruptError, /was written to but holds no tables, and no .*baton\.db-wal is beside it/);
  });

  it('should refuse a file with a damaged page, naming it', async () => {
    // given: a store closed cleanly (everything in the main file), then a page overwritten
    const store = SqliteStore.open(file());
    for (let i = 0; i < 50; i++) await store.insertDefinition(definition(i));
    await store.close();
    const fd = openSync(file(), 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 3);
    closeSync(fd);

    // when
    const open = () => SqliteStore.open(file());

    // then
    expect(open).to.throw(StoreCorruptError, /baton\.db is damaged/);
  });

  it('should open a healthy file again, and treat an empty file as a new store', async () => {
    // given
    const store = SqliteStore.open(file());
    await store.close();
    writeFileSync(file('empty.db'), '');

    // when / then
    await SqliteStore.open(file()).close();
    await SqliteStore.open(file('empty.db')).close();
  });

  it('should stop the server at start-up with one line naming the file', async () => {
    // given
    writeFileSync(file('baton.db-wal'), 'left over');

    // when
    const started = startServer({ BATON_DATA_DIR: dir });

    // then
    const error = await started.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/exited with 1 before listening: baton: cannot open the store: .*baton\.db-wal exists but its database/);
    expect(error!.message.trim().split('\n')).to.have.length(1);
  });
});
