import { SCHEMA_VERSION } from '../../engine/store/sqlite-schema.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { parseFilter } from '../../engine/search/filter.js';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { aDefinition, anInstance, effects } from './contract.js';

describe('SqliteStore schema version 6 (and later)', () => {
  let dir: string;
  let store: SqliteStore | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-sqlite-v6-'));
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Turns a file back into what the version-5 store left: no search_attributes table, no definitions.environment. */
  function downgradeToVersion5(file: string): void {
    const db = new Database(file);
    try {
      db.exec(`DROP TABLE search_attributes`);
      db.exec(`ALTER TABLE definitions DROP COLUMN environment`);
      db.pragma('user_version = 5');
    } finally {
      db.close();
    }
  }

  it('should upgrade a version-5 file in place, indexing the search attributes its states hold', async () => {
    // given
    const file = join(dir, 'baton.db');
    const old = SqliteStore.open(file);
    await old.insertDefinition(aDefinition());
    await old.commit(anInstance({ id: 'a', searchAttributes: { orderId: 'A-1', total: 5, express: true } }), effects());
    await old.commit(anInstance({ id: 'b', searchAttributes: { orderId: 'B-1', total: 7.5, express: false } }), effects());
    await old.commit(anInstance({ id: 'c' }), effects());
    await old.close();
    downgradeToVersion5(file);

    // when
    store = SqliteStore.open(file);
    const find = async (where: unknown) => (await store!.queryInstances({ where: parseFilter(where) })).map((i) => i.id);

    // then
    expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
    expect(await find({ total: { gt: 6 } })).to.deep.equal(['b']);
    expect(await find({ orderId: { prefix: 'A' } })).to.deep.equal(['a']);
    expect(await find({ express: true })).to.deep.equal(['a']);
    expect(await find({ express: { ne: true } })).to.deep.equal(['b', 'c']);
    expect(await store.getDefinition('order:1')).to.deep.include({ key: 'order:1' });
  });
});
