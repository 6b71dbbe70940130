/**
 * The engine's own check of the file being edited: a dry-run deploy a
 * moment after the last change (deployer keys only: it is a deployments
 * call), its problems shown, and a status line ("Engine: ready to deploy",
 * "Engine: 2 problems"). Shared by the BPMN modeler and the DMN editor.
 */
import type { Api, Problem } from '../api.js';
import type { ProblemDisplay } from './deploy.js';

/** How long the check waits after the last change before it asks the server. */
const CHECK_DELAY_MS = 700;

export interface EngineCheckOptions {
  api: Api;
  enabled: boolean;
  status: HTMLElement;
  problems: ProblemDisplay;
  /** The file's XML now, and its name (which says BPMN or DMN). */
  current(): Promise<{ xml: string; name?: string }>;
  /** Called with the problems of each finished check. */
  checked?(problems: readonly Problem[]): void;
}

export class EngineCheck {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private run = 0;

  constructor(private readonly options: EngineCheckOptions) {}

  schedule(): void {
    const { enabled, status } = this.options;
    if (!enabled) {
      status.textContent = '';
      return;
    }
    clearTimeout(this.timer);
    status.textContent = 'Engine: checking…';
    this.timer = setTimeout(() => void this.check(), CHECK_DELAY_MS);
  }

  private async check(): Promise<void> {
    const { api, status, problems, current, checked } = this.options;
    const run = ++this.run;
    try {
      const { xml, name } = await current();
      const result = await api.dryRun(xml, name);
      if (run !== this.run) return; // a newer check is on its way
      problems.show(result.problems);
      const count = result.problems.length;
      status.textContent = count ? `Engine: ${count} problem${count === 1 ? '' : 's'}` : 'Engine: ready to deploy';
      status.classList.toggle('has-problems', count > 0);
      checked?.(result.problems);
    } catch (error) {
      if (run !== this.run) return;
      status.textContent = 'Engine: check failed';
      status.title = (error as Error).message;
    }
  }
}
