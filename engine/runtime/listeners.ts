/**
 * Execution listeners and user task listeners, as in Zeebe: each listener
 * is a job (kind EXECUTION_LISTENER or TASK_LISTENER) that must complete
 * before the next listener of the same event is created, and the last one
 * lets the element (or the user task operation) go on. The token keeps a
 * cursor (`TokenState.listener`) while they run and waits on the listener's
 * job like on any job.
 *
 * - `start`: after the input mappings, before the element's subscriptions
 *   and behaviour; variables a listener returns become local variables of
 *   the element (of the process: its root scope).
 * - `end`: after the output mappings, before the element completes;
 *   variables are propagated from the element's flow scope, like the
 *   results of output mappings.
 * - process listeners: a token at the start event waits for the process's
 *   start listeners; the last token of the process waits for its end
 *   listeners before the instance completes.
 * - user task listeners: `creating` before the task is open (then
 *   `assigning` when the process gave an assignee), `completing` when it is
 *   completed; a listener may deny `assigning` and `completing`: the
 *   operation is dropped and the task stays as it was.
 *
 * A listener job failing with no retries left is an incident on the element;
 * resolving it runs that listener again. An expression of a listener that
 * cannot be evaluated is an incident too, and resolving it runs the
 * listeners of that event from the first, as in Zeebe.
 */
import type { ListenerDefinition } from '../model/types.js';
import { jobRecord } from './behaviours/jobs.js';
import { openTask } from './open-task.js';
import type { Machine } from './machine.js';
import type { UserTaskRecord } from './records.js';
import { ROOT_SCOPE, type ListenerCursor, type TokenState } from './state.js';
import { closeScopeSubscriptions } from './subscriptions.js';
import { propagateVariables } from './variables.js';

type ListenerEvent = ListenerCursor['event'];

/** What a listener's worker reported besides variables (task listeners). */
export interface ListenerResult {
  denied?: boolean;
  deniedReason?: string;
}

/** Events whose operation a task listener may refuse. */
const DENIABLE: ReadonlySet<ListenerEvent> = new Set(['assigning', 'updating', 'completing']);

const isExecutionEvent = (event: ListenerEvent): event is 'start' | 'end' => event === 'start' || event === 'end';

function listenersOf(machine: Machine, token: TokenState, cursor: ListenerCursor): ListenerDefinition[] {
  if (cursor.process) return isExecutionEvent(cursor.event) ? (machine.model.executionListeners?.[cursor.event] ?? []) : [];
  const element = machine.element(token.elementId);
  if (isExecutionEvent(cursor.event)) return element.executionListeners?.[cursor.event] ?? [];
  return element.taskListeners?.[cursor.event] ?? [];
}

/** Starts the listeners of the cursor's event on the token; false when it has none, and the caller goes on at once. */
export function beginListeners(machine: Machine, token: TokenState, cursor: ListenerCursor): boolean {
  if (!listenersOf(machine, token, cursor).length) return false;
  token.listener = cursor;
  createListenerJob(machine, token);
  return true;
}

/** The process's start listeners: a token at the start event waits for them. False when the process has none. */
export function beginProcessStart(machine: Machine, startEventId: string): boolean {
  if (!machine.model.executionListeners?.start?.length) return false;
  const token: TokenState = { id: machine.localId('t'), scopeId: ROOT_SCOPE, elementId: startEventId, status: 'ready', arrivedAt: machine.state.sequence };
  machine.state.tokens[token.id] = token;
  return beginListeners(machine, token, { event: 'start', index: 0, process: true });
}

/** The process's end listeners: its last token, having ended, waits for them. False when it does not. */
export function holdForProcessEnd(machine: Machine, token: TokenState): boolean {
  if (token.scopeId !== ROOT_SCOPE || !machine.model.executionListeners?.end?.length) return false;
  if (machine.tokensIn(ROOT_SCOPE).some((other) => other !== token)) return false;
  // The process is completing: nothing may start in it any more (event sub-processes).
  closeScopeSubscriptions(machine, ROOT_SCOPE);
  machine.closeLocalScope(token);
  return beginListeners(machine, token, { event: 'end', index: 0, process: true });
}

/** The listener at the cursor is done: its variables are applied and the next listener, or what waited for them, goes on. */
export function listenerJobCompleted(machine: Machine, token: TokenState, variables: Record<string, unknown>, result: ListenerResult = {}): void {
  const cursor = token.listener!;
  token.jobKey = undefined;
  if (result.denied && DENIABLE.has(cursor.event)) return denied(machine, token, cursor, result.deniedReason);
  if (cursor.event === 'start') {
    const scope = cursor.process ? ROOT_SCOPE : machine.openLocalScope(token);
    Object.assign(machine.state.scopes[scope].variables, variables);
  } else if (cursor.event === 'end') {
    propagateVariables(machine.state, cursor.process ? ROOT_SCOPE : token.scopeId, variables);
  }
  // Task listeners return no variables (Zeebe refuses them); what a handler returns anyway is not applied.
  cursor.index += 1;
  if (cursor.index < listenersOf(machine, token, cursor).length) return createListenerJob(machine, token);
  token.listener = undefined;
  token.status = 'ready';
  proceed(machine, token, cursor);
}

/** The listener's job failed with no retries left: an incident; resolving it runs this listener again. */
export function listenerJobFailed(machine: Machine, token: TokenState, jobKey: string, message: string): void {
  token.jobKey = undefined;
  machine.incident(token, 'listener', 'job', message, { jobKey });
}

/** The incident is resolved: the listener at the cursor runs again (with `retries` when given). */
export function retryListener(machine: Machine, token: TokenState, retries?: number): void {
  createListenerJob(machine, token, retries);
}

/** What the listeners of each event held back. */
function proceed(machine: Machine, token: TokenState, cursor: ListenerCursor): void {
  switch (cursor.event) {
    case 'start':
      if (cursor.process) return machine.schedule(() => machine.arrive(token), token);
      return machine.afterStartListeners(token);
    case 'end':
      if (cursor.process) {
        machine.discard(token);
        return machine.finishInstance('completed');
      }
      return machine.afterEndListeners(token, cursor.variables ?? {});
    case 'creating':
      // The process gave an assignee: assigning it is its own operation, with its listeners.
      if (cursor.task!.assignee !== undefined && beginListeners(machine, token, { event: 'assigning', index: 0, task: cursor.task })) return;
      return openTask(machine, token, cursor.task!);
    case 'assigning':
      return openTask(machine, token, cursor.task!);
    case 'completing':
      machine.effects.deleteUserTasks.push(token.userTaskId!);
      token.userTaskId = undefined;
      return machine.complete(token, cursor.variables ?? {});
    default:
      // Listeners of other task events are not run (see README); a cursor of one never exists.
      return machine.wait(token);
  }
}

function denied(machine: Machine, token: TokenState, cursor: ListenerCursor, reason: string | undefined): void {
  const element = machine.element(token.elementId);
  token.listener = undefined;
  machine.record('userTask.denied', {
    elementId: element.id,
    tokenId: token.id,
    message: `a ${cursor.event} listener denied the operation${reason ? `: ${reason}` : ''}`,
  });
  // A denied assignment at creation: the task opens without the assignee.
  if (cursor.event === 'assigning' && !token.userTaskId) return openTask(machine, token, { ...cursor.task!, assignee: undefined });
  machine.wait(token);
}

function createListenerJob(machine: Machine, token: TokenState, retriesOverride?: number): void {
  const cursor = token.listener!;
  const listener = listenersOf(machine, token, cursor)[cursor.index];
  const execution = isExecutionEvent(cursor.event);
  const what = `${execution ? 'execution' : 'task'} listener ${cursor.index + 1} of '${cursor.event}'`;
  const fail = (message: string) => {
    // As in Zeebe, resolving an expression incident runs the event's listeners from the first.
    cursor.index = 0;
    machine.incident(token, 'listener', 'expression', `${what}: ${message}`);
  };
  const scope = cursor.process ? ROOT_SCOPE : machine.scopeOf(token);
  const element = cursor.process ? undefined : machine.element(token.elementId);
  const headers = { ...element?.job?.headers, ...listener.headers, ...(cursor.task ? taskHeaders(cursor.task, cursor.event) : {}) };
  const job = jobRecord(machine, token, { ...listener, headers, scope, elementId: element?.id ?? machine.state.processId, retriesOverride });
  if (!job.ok) return fail(job.message);
  machine.effects.createJobs.push({ ...job.record, kind: execution ? 'EXECUTION_LISTENER' : 'TASK_LISTENER', listenerEventType: cursor.event.toUpperCase() });
  token.jobKey = job.record.key;
  machine.wait(token);
}

/** The user task's data, in the headers Zeebe gives task listener jobs. */
function taskHeaders(task: UserTaskRecord, event: ListenerEvent): Record<string, string> {
  const headers: Record<string, string> = {
    'io.camunda.zeebe:userTaskKey': task.id,
    'io.camunda.zeebe:action': { creating: '', assigning: 'assign', updating: 'update', completing: 'complete', canceling: '' }[event as 'creating'] ?? '',
    'io.camunda.zeebe:candidateGroups': JSON.stringify(task.candidateGroups),
    'io.camunda.zeebe:candidateUsers': JSON.stringify(task.candidateUsers),
  };
  if (task.assignee !== undefined) headers['io.camunda.zeebe:assignee'] = task.assignee;
  if (task.dueDate !== undefined) headers['io.camunda.zeebe:dueDate'] = task.dueDate;
  if (task.followUpDate !== undefined) headers['io.camunda.zeebe:followUpDate'] = task.followUpDate;
  if (task.formKey !== undefined) headers['io.camunda.zeebe:formKey'] = task.formKey;
  return headers;
}
