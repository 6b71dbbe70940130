/**
 * A task list over many open user tasks: one page for a key that sees every
 * task, and for a user key that may see none or a few, on a SQLite file
 * with `--tasks` open tasks (default 200,000).
 *
 *   node --import tsx bench/user-task-pages.ts [--tasks=200000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { UserTask as UserTaskRecord } from '../engine/index.js';
import { emptyEffects } from '../engine/runtime/records.js';
import { newInstance } from '../engine/runtime/step.js';
import { SqliteStore } from '../engine/store/sqlite.js';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '200000' } } });
const TASKS = Number(values.tasks);
const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-task-pages-'));
const store = SqliteStore.open(path.join(dir, 'baton.db'), { synchronous: 'NORMAL' });

const task = (i: number): UserTaskRecord => ({
  id: `task-${i}`,
  instanceId: `instance-${Math.floor(i / 10)}`,
  processId: 'review',
  definitionKey: 'review:1',
  elementId: 'review',
  tokenId: 't1',
  name: 'Review',
  candidateGroups: [`group-${i % 50}`],
  candidateUsers: i % 1000 === 0 ? ['rare-user'] : [],
  createdAt: i,
});

let started = performance.now();
for (let batch = 0; batch < TASKS / 1000; batch++) {
  const state = newInstance({ id: `host-${batch}`, definitionKey: 'review:1', processId: 'review', version: 1, now: 0 });
  state.rev = 1;
  await store.commit(state, { ...emptyEffects(), createUserTasks: Array.from({ length: 1000 }, (_, i) => task(batch * 1000 + i)) });
}
console.log(`${TASKS} open tasks written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function time(label: string, query: Parameters<SqliteStore['pageUserTasks']>[0]): Promise<void> {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    count = (await store.pageUserTasks(query)).items.length;
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} ${String(count).padStart(4)} tasks  p50 ${runs[10].toFixed(2)} ms  max ${runs[19].toFixed(2)} ms`);
}

await time('a page of 100, for a key that sees all', { limit: 100 });
await time('a page of 100, for a user in one group', { limit: 100, offeredTo: { name: 'ann', groups: ['group-7'] } });
await time('a page of 100, for a user offered 200 tasks', { limit: 100, offeredTo: { name: 'rare-user', groups: [] } });
await time('a page for a user who may see none', { limit: 100, offeredTo: { name: 'nobody', groups: ['no-group'] } });
await store.close();
rmSync(dir, { recursive: true, force: true });
