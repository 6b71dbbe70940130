/**
 * Deploy to an environment: the environment field (free text with the usual
 * names offered), the Deploy button, and the outcome — each process's version,
 * or the engine's problems put on the diagram. Only for deployer and admin
 * keys; the view leaves it out for everyone else.
 */
import { ApiError, type Api, type DeployResult, type Problem } from '../api.js';
import { h, notify, notifyError } from '../ui.js';

/** Where the engine's problems go: marked on the diagram (BPMN), or listed (DMN). */
export interface ProblemDisplay {
  show(problems: readonly Problem[]): void;
  clear(): void;
}

const ENVIRONMENT_KEY = 'baton.environment';

export interface DeployControlOptions {
  api: Api;
  problems: ProblemDisplay;
  /** Where the problems of a refused deploy are shown, for the message ('marked on the diagram'). */
  problemsWhere?: string;
  /** Prefix of the control's element ids, so that two views can each have one. */
  idPrefix?: string;
  /** The diagram's XML and file name at the moment of deploying. */
  current(): Promise<{ xml: string; name: string }>;
  /** Shows the outcome in the status bar. */
  report(text: string, kind: 'success' | 'error' | 'info'): void;
  deployed?(result: DeployResult): void;
}

export class DeployControl {
  readonly element: HTMLElement;
  private readonly environment: HTMLInputElement;
  private readonly button: HTMLButtonElement;

  constructor(private readonly options: DeployControlOptions) {
    const prefix = options.idPrefix ?? '';
    this.choices = h('datalist', { id: `${prefix}baton-environments` });
    this.environment = h('input', {
      id: `${prefix}deploy-environment`,
      name: 'environment',
      list: `${prefix}baton-environments`,
      placeholder: 'default',
      title: 'The environment to deploy to (dev, staging, prod or any name; empty: default)',
      'aria-label': 'Environment',
      size: 10,
      value: sessionStorage.getItem(ENVIRONMENT_KEY) ?? '',
    });
    this.environment.addEventListener('change', () => sessionStorage.setItem(ENVIRONMENT_KEY, this.environment.value.trim()));
    this.button = h('button', { id: `${prefix}deploy`, class: 'primary', title: 'Deploy (Ctrl+Enter)', onclick: () => void this.deploy() }, 'Deploy');
    this.element = h('div', { class: 'deploy-control' }, h('label', { for: `${prefix}deploy-environment` }, 'to'), this.environment, this.choices, this.button);
    this.offer(['default', 'dev', 'staging', 'prod']);
    // The server's configured environments, when it has any (and the key may read them).
    options.api.environments().then(
      ({ items }) => items.length && this.offer(items.map((item) => item.name)),
      () => undefined,
    );
  }

  private readonly choices: HTMLDataListElement;

  private offer(names: string[]): void {
    this.choices.replaceChildren(...names.map((name) => h('option', { value: name })));
  }

  async deploy(): Promise<void> {
    if (this.button.disabled) return;
    const { api, problems, report } = this.options;
    this.button.disabled = true;
    this.button.textContent = 'Deploying…';
    const environment = this.environment.value.trim() || undefined;
    try {
      const { xml, name } = await this.options.current();
      const result = await api.deploy(xml, { name, environment });
      problems.clear();
      const target = environment ? ` to ${environment}` : '';
      const versions = [
        ...result.processes.map((p) => `${p.name ?? p.processId} v${p.version}${p.created ? '' : ' (unchanged)'}`),
        ...(result.decisions ?? []).map((d) => `${d.decisionId} v${d.version}${d.created ? '' : ' (unchanged)'}`),
      ].join(', ');
      const skipped = result.skipped.length ? `; skipped ${result.skipped.map((s) => `${s.id} (${s.reason})`).join(', ')}` : '';
      const text = `Deployed${target}: ${versions}${skipped}`;
      report(text, 'success');
      notify(text, 'success');
      this.options.deployed?.(result);
    } catch (error) {
      if (error instanceof ApiError && error.problems.length) {
        problems.show(error.problems);
        const where = this.options.problemsWhere ?? 'marked on the diagram';
        report(`Not deployed: ${error.problems.length} problem(s), ${where}`, 'error');
        notify(`Not deployed: the engine found ${error.problems.length} problem(s), ${where}.`, 'error');
      } else {
        report(`Not deployed: ${(error as Error).message}`, 'error');
        notifyError('Deploy failed', error);
      }
    } finally {
      this.button.disabled = false;
      this.button.textContent = 'Deploy';
    }
  }
}
