/**
 * The app shell: API-key login (kept in sessionStorage only), the top
 * navigation between Modeler, Cockpit and Tasklist, and role-aware tabs.
 * Routing is by location hash (#/modeler, #/cockpit/..., #/tasklist), so
 * the server only ever serves index.html and hashed assets.
 */
import '../styles.css';
import { Api, ApiError, type Identity } from './api.js';
import { cockpitView } from './cockpit/view.js';
import { decisionsView } from './decisions/view.js';
import { modelerView } from './modeler/view.js';
import { storedKey, storeKey } from './session.js';
import { tasklistView } from './tasklist/view.js';
import { h, notifyError } from './ui.js';
import type { AppContext, Role, ViewDefinition, ViewId, ViewInstance } from './view.js';

const VIEWS: readonly ViewDefinition[] = [modelerView, decisionsView, cockpitView, tasklistView];

const root = document.getElementById('app')!;
const api = new Api();

function hasRole(identity: Identity, roles: readonly Role[]): boolean {
  return identity.roles.includes('admin') || roles.some((role) => identity.roles.includes(role));
}

async function boot(): Promise<void> {
  api.setKey(storedKey());
  try {
    showApp(await api.me());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin(storedKey() ? 'That key is no longer accepted. Enter an API key.' : undefined);
    else showFailure(error);
  }
}

function showFailure(error: unknown): void {
  root.replaceChildren(
    h(
      'section',
      { class: 'login' },
      h('h1', {}, 'Baton'),
      h('p', { class: 'login-error' }, `The server did not answer: ${(error as Error).message}`),
      h('button', { class: 'primary', onclick: () => void boot() }, 'Try again'),
    ),
  );
}

function showLogin(message?: string): void {
  storeKey(undefined);
  api.setKey(undefined);
  api.onUnauthorized = () => {};
  const input = h('input', {
    id: 'api-key',
    type: 'password',
    name: 'api-key',
    autocomplete: 'off',
    required: true,
    placeholder: 'API key',
    'aria-label': 'API key',
  });
  const error = h('p', { class: 'login-error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    { class: 'login' },
    h('h1', {}, 'Baton'),
    h('p', {}, 'Sign in with an API key. It is kept in this browser tab only, until you close it or log out.'),
    input,
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    api.setKey(key);
    try {
      const identity = await api.me();
      storeKey(key);
      showApp(identity);
    } catch (failure) {
      api.setKey(undefined);
      error.textContent =
        failure instanceof ApiError && failure.status === 401 ? 'The server does not know this key.' : `Sign-in failed: ${(failure as Error).message}`;
    }
  });
  root.replaceChildren(form);
  input.focus();
}

function showApp(identity: Identity): void {
  const visible = VIEWS.filter((view) => hasRole(identity, view.roles));
  const instances = new Map<ViewId, ViewInstance>();
  let current: ViewId | undefined;
  const main = h('main', { class: 'views' });
  const tabs = new Map(visible.map((view) => [view.id, h('a', { class: 'tab', href: `#/${view.id}`, 'data-view': view.id }, view.title)]));

  const context: AppContext = {
    api,
    identity,
    can: (...roles) => hasRole(identity, roles),
    navigate: (view, detail) => {
      location.hash = `#/${view}${detail ? `/${detail}` : ''}`;
    },
  };

  const route = () => {
    const [, wanted, ...rest] = location.hash.split('/');
    const view = visible.find((candidate) => candidate.id === wanted) ?? landing(visible, identity);
    if (!view) return;
    if (current && current !== view.id) {
      const previous = instances.get(current)!;
      previous.element.hidden = true;
      previous.hide?.();
    }
    let instance = instances.get(view.id);
    if (!instance) {
      try {
        instance = view.create(context);
      } catch (error) {
        notifyError(`The ${view.title} could not start`, error);
        return;
      }
      instance.element.classList.add('view');
      instances.set(view.id, instance);
      main.append(instance.element);
    }
    instance.element.hidden = false;
    current = view.id;
    for (const [id, tab] of tabs) tab.setAttribute('aria-current', String(id === view.id));
    instance.show?.(rest.length ? decodeURIComponent(rest.join('/')) : undefined);
  };

  // Leaving the app: the views are dropped, so they must stop listening (shortcuts, timers) first.
  const leave = (message?: string) => {
    window.removeEventListener('hashchange', route);
    for (const instance of instances.values()) instance.hide?.();
    showLogin(message);
  };
  const logout = () => leave();
  api.onUnauthorized = () => leave('The server no longer accepts your key. Sign in again.');

  const who = identity.anonymous
    ? h(
        'span',
        { class: 'identity', title: 'The server has no API keys configured: no sign-in, every caller may do everything. It listens on this machine only.' },
        'no authentication',
      )
    : h('span', { class: 'identity', 'data-roles': identity.roles.join(' ') }, h('strong', {}, identity.name), ` · ${identity.roles.join(', ')}`);
  const header = h(
    'header',
    { class: 'topbar' },
    h('span', { class: 'brand' }, 'Baton'),
    h('nav', { class: 'tabs', 'aria-label': 'Views' }, ...tabs.values()),
    h('span', { class: 'spacer' }),
    who,
    !identity.anonymous && h('button', { class: 'link', id: 'logout', onclick: logout }, 'Log out'),
  );
  root.replaceChildren(header, main);
  if (!visible.length) {
    main.append(
      h(
        'section',
        { class: 'view-coming' },
        h('h2', {}, 'Nothing to show'),
        h('p', {}, `The key of ${identity.name} has no role that any view of this app serves.`),
      ),
    );
    return;
  }
  window.addEventListener('hashchange', route);
  route();
}

/**
 * The view a key opens on: the tasklist for a key whose work is user tasks
 * only (the `user` role, without viewer, deployer or operator), else the first
 * view it may see (the modeler).
 */
function landing(visible: readonly ViewDefinition[], identity: Identity): ViewDefinition | undefined {
  const tasksOnly = identity.roles.includes('user') && !hasRole(identity, ['viewer', 'deployer', 'operator']);
  return (tasksOnly ? visible.find((view) => view.id === 'tasklist') : undefined) ?? visible[0];
}

void boot();
