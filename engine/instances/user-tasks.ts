/**
 * User tasks as people see them: an open task together with the variables
 * visible at its element, and claiming and unclaiming it. The assignee lives
 * in the task record only (the store's compare-and-set decides between two
 * claims); the instance state does not need it.
 */
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { UserTaskRecord } from '../runtime/records.js';
import { visibleVariables } from '../runtime/variables.js';
import type { Store } from '../store/store.js';
import type { ProcessModel } from '../model/types.js';
import { formFieldsOf, type FormField } from './form-fields.js';

export interface UserTaskDetails extends UserTaskRecord {
  /** The variables visible at the task's element: its input mappings, then every enclosing scope up to the root. */
  variables: Record<string, unknown>;
  /** What a generated form should ask for besides those variables (./form-fields.ts). */
  formFields: FormField[];
}

/** The open task with its variables; NotFoundError when no open task has the id. */
export async function userTaskDetails(store: Store, taskId: string, modelOf: (definitionKey: string) => Promise<ProcessModel>): Promise<UserTaskDetails> {
  const task = await store.getUserTask(taskId);
  const state = task && (await store.getInstance(task.instanceId));
  const token = state?.tokens[task!.tokenId];
  // Task and state are two reads: a completion committed in between leaves a token that no longer waits for the task.
  if (!task || !state || !token || token.userTaskId !== task.id) throw new NotFoundError(`no open user task '${taskId}'`);
  const variables = visibleVariables(state, token.localScopeId ?? token.scopeId);
  const formFields = formFieldsOf(await modelOf(task.definitionKey), task.elementId).filter((field) => !Object.hasOwn(variables, field.name));
  return { ...task, variables, formFields };
}

/** Makes `assignee` the task's assignee, unless someone else holds it (ConflictError naming the holder); claiming one's own task again is a no-op. */
export function claimUserTask(store: Store, taskId: string, assignee: string): Promise<UserTaskRecord> {
  if (typeof assignee !== 'string' || !assignee) throw new InvalidArgumentError('a claim needs an assignee, a non-empty string');
  return store.assignUserTask(taskId, assignee, [null, assignee]);
}

/** Removes the task's assignee; with `holder`, only when the holder holds it or nobody does (else ConflictError). */
export function unclaimUserTask(store: Store, taskId: string, holder?: string): Promise<UserTaskRecord> {
  return store.assignUserTask(taskId, undefined, holder === undefined ? undefined : [holder, null]);
}
