/**
 * The tasklist: the open user tasks the key may see (the server narrows the
 * list to the caller's name and groups for `user` keys), claim and unclaim,
 * and complete with the task's form (form.ts). Routes: #/tasklist,
 * #/tasklist/<task id>. The list is read again every REFRESH_MS while shown.
 */
import './tasklist.css';
import { CockpitClient, type UserTask, type UserTaskDetails } from '../cockpit/client.js';
import { time } from '../cockpit/format.js';
import { h, notify, notifyError } from '../ui.js';
import type { AppContext, ViewDefinition, ViewInstance } from '../view.js';
import { formJsForm, generatedForm, type TaskForm } from './form.js';

const REFRESH_MS = 5000;

export const tasklistView: ViewDefinition = {
  id: 'tasklist',
  title: 'Tasklist',
  roles: ['user', 'operator'],
  create,
};

function create(context: AppContext): ViewInstance {
  const client = new CockpitClient(context.api);
  const me = context.identity.name;
  const list = h('ul', { class: 'task-list', id: 'task-list' });
  // The filters: all the key may see, or assigned to me, offered to my groups, or nobody's yet (the server filters).
  type Mine = 'assigned' | 'groups' | 'unassigned' | undefined;
  let mine: Mine;
  const filters = h(
    'div',
    { class: 'task-filters', role: 'group', 'aria-label': 'Filter' },
    ...(
      [
        ['all', undefined, 'All'],
        ['assigned', 'assigned', 'Assigned to me'],
        ['groups', 'groups', 'My groups'],
        ['unassigned', 'unassigned', 'Unassigned'],
      ] as const
    ).map(([id, value, label]) =>
      h(
        'button',
        {
          class: 'filter',
          id: `filter-${id}`,
          'aria-pressed': String(value === undefined),
          onclick: (event: Event) => {
            mine = value as Mine;
            for (const button of filters.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button === event.currentTarget));
            void loadList();
          },
        },
        label,
      ),
    ),
  );
  const detail = h('section', { class: 'task-detail', id: 'task-detail' }, h('p', { class: 'muted empty' }, 'Pick a task on the left.'));
  const element = h(
    'section',
    { class: 'tasklist-view', 'aria-label': 'Tasklist' },
    h(
      'aside',
      { class: 'task-side' },
      h('div', { class: 'side-head' }, h('h3', {}, 'Open tasks'), h('button', { class: 'link', title: 'Refresh', onclick: () => void loadList() }, '⟳')),
      filters,
      list,
    ),
    detail,
  );
  let selected: string | undefined;
  let form: TaskForm | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function loadList(): Promise<void> {
    let tasks: UserTask[];
    let capped: boolean;
    try {
      // The filters are the server's: the list is paged there.
      ({ items: tasks, capped } = await client.allUserTasks(mine ? { mine } : {}));
    } catch (error) {
      list.replaceChildren(h('li', { class: 'muted' }, `Tasks unavailable: ${(error as Error).message}`));
      return;
    }
    const more = capped ? [h('li', { class: 'muted' }, `The first ${tasks.length} tasks are shown: filter to see others.`)] : [];
    list.replaceChildren(
      ...more,
      ...tasks.map((task) =>
        h(
          'li',
          { class: task.id === selected ? 'selected' : '' },
          h(
            'a',
            { href: `#/tasklist/${encodeURIComponent(task.id)}`, 'data-task-id': task.id, 'data-element-id': task.elementId },
            h('span', { class: 'name' }, task.name ?? task.elementId),
            h(
              'span',
              { class: 'sub process' },
              `${task.processName ?? task.processId}${task.businessKey ? ` · ${task.businessKey}` : ''} · ${time(task.createdAt)}`,
            ),
            task.dueDate ? h('span', { class: `sub due${overdue(task.dueDate) ? ' overdue' : ''}` }, `due ${time(task.dueDate)}`) : '',
            h('span', { class: 'sub' }, task.assignee ? (task.assignee === me ? 'assigned to you' : `assigned to ${task.assignee}`) : offeredTo(task)),
          ),
        ),
      ),
    );
    if (!tasks.length) list.append(h('li', { class: 'muted' }, 'No open task for you.'));
  }

  async function open(taskId: string): Promise<void> {
    selected = taskId;
    form?.destroy();
    form = undefined;
    let task: UserTaskDetails;
    try {
      task = await client.userTask(taskId);
    } catch (error) {
      detail.replaceChildren(h('p', { class: 'muted empty' }, `This task is not open any more, or not yours: ${(error as Error).message}`));
      return;
    }
    const variables = task.variables;
    const embedded = task.formBody ? await formJsForm(task.formBody, variables) : undefined;
    form =
      embedded ??
      generatedForm(
        variables,
        task.formBody
          ? 'The embedded form could not be read; here are the task’s variables.'
          : task.formKey
            ? `The task names the form “${task.formKey}”, which this app does not host; here are the task’s variables.`
            : undefined,
        task.formFields,
      );
    const mine = task.assignee === me;
    const mayComplete = !task.assignee || mine || context.can('operator');
    const claim = h('button', { id: 'claim-task' }, 'Claim');
    claim.addEventListener('click', () => void act(() => client.claim(task.id, me), `Claimed ${task.name ?? task.elementId}`, task.id));
    const unclaim = h('button', { id: 'unclaim-task' }, 'Unclaim');
    unclaim.addEventListener('click', () => void act(() => client.unclaim(task.id), 'Unclaimed', task.id));
    const complete = h('button', { class: 'primary', id: 'complete-task', disabled: !mayComplete }, 'Complete');
    complete.addEventListener('click', async () => {
      const values = form?.collect();
      if (!values) return;
      complete.disabled = true;
      try {
        await client.complete(task.id, values);
        notify(`Completed ${task.name ?? task.elementId}`, 'success');
        form?.destroy();
        form = undefined;
        selected = undefined;
        detail.replaceChildren(h('p', { class: 'muted empty', id: 'task-completed' }, `${task.name ?? task.elementId} is done.`));
        context.navigate('tasklist');
        await loadList();
      } catch (error) {
        complete.disabled = false;
        notifyError('The task was not completed', error);
      }
    });
    detail.replaceChildren(
      h(
        'div',
        { class: 'task-head' },
        h('h2', { id: 'task-title' }, task.name ?? task.elementId),
        h('span', { class: 'spacer' }),
        !task.assignee ? claim : mine || context.can('operator') ? unclaim : '',
      ),
      h(
        'dl',
        { class: 'task-facts' },
        ...fact('Process', task.processId),
        ...fact(
          'Instance',
          context.can('viewer', 'operator')
            ? h('a', { href: `#/cockpit/instance/${encodeURIComponent(task.instanceId)}`, class: 'mono' }, task.instanceId)
            : h('span', { class: 'mono' }, task.instanceId),
        ),
        ...fact('Assignee', h('span', { id: 'task-assignee' }, task.assignee ?? 'nobody')),
        ...fact('Offered to', offeredTo(task)),
        ...(task.dueDate ? fact('Due', time(task.dueDate)) : []),
        ...(task.followUpDate ? fact('Follow up', time(task.followUpDate)) : []),
        ...fact('Created', time(task.createdAt)),
      ),
      h('div', { class: 'task-form' }, form.element),
      h('div', { class: 'form-buttons' }, !mayComplete ? h('span', { class: 'muted' }, `Held by ${task.assignee}`) : '', complete),
    );
    void loadList();
  }

  async function act(action: () => Promise<unknown>, done: string, taskId: string): Promise<void> {
    try {
      await action();
      notify(done, 'success', { timeoutMs: 2500 });
    } catch (error) {
      notifyError('The action failed', error);
    }
    await open(taskId);
  }

  return {
    element,
    show(taskId) {
      void loadList();
      clearInterval(timer);
      timer = setInterval(() => void loadList(), REFRESH_MS);
      if (taskId && taskId !== selected) void open(taskId);
    },
    hide() {
      clearInterval(timer);
    },
  };
}

function offeredTo(task: UserTask): string {
  const who = [...task.candidateGroups.map((g) => `group ${g}`), ...task.candidateUsers];
  return who.length ? `offered to ${who.join(', ')}` : 'offered to anyone';
}

function fact(name: string, value: Node | string): Node[] {
  return [h('dt', {}, name), h('dd', {}, value)];
}

function overdue(dueDate: string): boolean {
  const at = Date.parse(dueDate);
  return Number.isFinite(at) && at < Date.now();
}
