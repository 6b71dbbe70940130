import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../engine/store/sqlite.js';
import { SCHEMA_VERSION } from '../../engine/store/sqlite-schema.js';
import { anInstance, aUserTask, effects, ids, nextRev } from './contract/factories.js';

describe('SqliteStore schema version 7: user task candidates', () => {
  let dir: string;
  let store: SqliteStore | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-sqlite-v7-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('should upgrade a version-6 file in place, finding the tasks it holds by candidate', async () => {
    // given: a file as the version-6 store left it, with open tasks
    const file = join(dir, 'baton.db');
    const old = SqliteStore.open(file);
    await old.commit(
      anInstance({ id: 'host' }),
      effects({
        createUserTasks: [aUserTask({ id: 't1', candidateGroups: ['sales'] }), aUserTask({ id: 't2', candidateUsers: ['ann'] }), aUserTask({ id: 't3' })],
      }),
    );
    await old.close();
    const db = new Database(file);
    db.exec(`DROP TRIGGER user_task_candidates_on_insert; DROP TRIGGER user_task_candidates_on_delete; DROP TABLE user_task_candidates`);
    db.pragma('user_version = 6');
    db.close();

    // when
    store = SqliteStore.open(file);

    // then
    expect(store.settings().schemaVersion).to.equal(SCHEMA_VERSION);
    expect(ids((await store.pageUserTasks({ offeredTo: { name: 'ann', groups: ['sales'] } })).items)).to.deep.equal(['t1', 't2']);
  });

  it('should keep the candidates in step when a task is stored again and when it is deleted', async () => {
    // given
    store = SqliteStore.open(join(dir, 'baton.db'));
    const state = anInstance({ id: 'host' });
    await store.commit(state, effects({ createUserTasks: [aUserTask({ id: 't1', candidateGroups: ['sales'] })] }));

    // when: stored again with other candidates, then deleted
    const second = nextRev(state);
    await store.commit(second, effects({ createUserTasks: [aUserTask({ id: 't1', candidateGroups: ['ops'] })] }));
    const afterReplace = await store.pageUserTasks({ offeredTo: { name: 'x', groups: ['sales'] } });
    await store.commit(nextRev(second), effects({ deleteUserTasks: ['t1'] }));

    // then
    expect(afterReplace.items).to.deep.equal([]);
    expect(await store.pageUserTasks({ offeredTo: { name: 'x', groups: ['ops'] } })).to.deep.equal({ items: [] });
  });
});
