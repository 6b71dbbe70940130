/**
 * A user task waits for a person: the step records the task (assignee,
 * candidates, dates and form evaluated now) and the token waits until the
 * task is completed.
 */
import { describeValue } from '../../expressions/feel.js';
import type { ElementOfType, ValueOrExpression } from '../../model/types.js';
import { beginListeners } from '../listeners.js';
import type { Machine } from '../machine.js';
import type { UserTaskRecord } from '../records.js';
import type { TokenState } from '../state.js';
import { openTask } from '../open-task.js';
import type { Behaviour } from './behaviour.js';

type Evaluated<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

function evaluateText(machine: Machine, token: TokenState, field: string, value?: ValueOrExpression): Evaluated<string> {
  if (!value) return { ok: true, value: undefined };
  const result = machine.evaluateValue(value, machine.scopeOf(token));
  if (!result.ok) return { ok: false, message: `${field}: ${result.message}` };
  if (result.value === null) return { ok: true, value: undefined };
  if (typeof result.value !== 'string') return { ok: false, message: `${field} evaluated to ${describeValue(result.value)}, not a string` };
  return { ok: true, value: result.value };
}

/** Candidate lists are a comma-separated static text or a FEEL list of strings. */
function evaluateList(machine: Machine, token: TokenState, field: string, value?: ValueOrExpression): Evaluated<string[]> {
  if (!value) return { ok: true, value: [] };
  const result = machine.evaluateValue(value, machine.scopeOf(token));
  if (!result.ok) return { ok: false, message: `${field}: ${result.message}` };
  const raw = result.value;
  if (raw === null) return { ok: true, value: [] };
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
    return { ok: false, message: `${field} evaluated to ${describeValue(raw)}, not a list of strings` };
  }
  return { ok: true, value: list.map((v: string) => v.trim()).filter(Boolean) };
}

export const userTask: Behaviour<ElementOfType<'userTask'>> = {
  execute(machine, token, element) {
    const definition = element.userTask;
    const assignee = evaluateText(machine, token, 'assignee', definition.assignee);
    const groups = evaluateList(machine, token, 'candidate groups', definition.candidateGroups);
    const users = evaluateList(machine, token, 'candidate users', definition.candidateUsers);
    const dueDate = evaluateText(machine, token, 'due date', definition.dueDate);
    const followUpDate = evaluateText(machine, token, 'follow-up date', definition.followUpDate);
    for (const result of [assignee, groups, users, dueDate, followUpDate]) {
      if (!result.ok) return machine.incident(token, 'execute', 'expression', result.message);
    }
    const task: UserTaskRecord = {
      id: machine.globalId(),
      instanceId: machine.state.id,
      definitionKey: machine.state.definitionKey,
      processId: machine.state.processId,
      // What a task list shows beside the task: the process's name and the instance's business key.
      ...(machine.model.name ? { processName: machine.model.name } : {}),
      ...(machine.state.businessKey !== undefined ? { businessKey: machine.state.businessKey } : {}),
      elementId: element.id,
      tokenId: token.id,
      name: element.name,
      assignee: assignee.ok ? assignee.value : undefined,
      candidateGroups: (groups.ok && groups.value) || [],
      candidateUsers: (users.ok && users.value) || [],
      dueDate: dueDate.ok ? dueDate.value : undefined,
      followUpDate: followUpDate.ok ? followUpDate.value : undefined,
      formKey: definition.formKey,
      formBody: definition.formBody,
      createdAt: machine.now,
    };
    // Task listeners (../listeners.ts): the task opens once its creating (and, with an assignee, assigning) listeners are done.
    if (beginListeners(machine, token, { event: 'creating', index: 0, task })) return;
    if (task.assignee !== undefined && beginListeners(machine, token, { event: 'assigning', index: 0, task })) return;
    openTask(machine, token, task);
  },
};
