import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { VERSION_LOAD_SQL } from '../../engine/store/sqlite-stats.js';

describe("SqliteStore: the dashboard's reads", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-stats-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should read the active instances through the status index, never every instance', async () => {
    // given
    const file = join(dir, 'baton.db');
    await SqliteStore.open(file).close();
    const db = new Database(file, { readonly: true });

    // when
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${VERSION_LOAD_SQL}`)
      .all()
      .map((row) => (row as { detail: string }).detail);
    db.close();

    // then
    expect(plan.join(' | ')).to.match(/SEARCH instances USING INDEX instances_by_status \(status=\?\)/);
    expect(plan.some((detail) => /^SCAN instances\b/.test(detail))).to.equal(false);
  });
});
