/** Opening a user task: shared by the user task behaviour and its task listeners (./listeners.ts), which may hold the opening back. */
import type { Machine } from './machine.js';
import type { UserTaskRecord } from './records.js';
import type { TokenState } from './state.js';

/** The task is open: people see it, and the token waits for its completion. */
export function openTask(machine: Machine, token: TokenState, task: UserTaskRecord): void {
  machine.effects.createUserTasks.push(task);
  token.userTaskId = task.id;
  machine.wait(token);
}
