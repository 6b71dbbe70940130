/**
 * bpmnlint's findings as a list: a status-bar button with the counts, and a
 * panel listing each finding (element, message, rule) in which a click
 * selects the element. bpmn-js-bpmnlint's own button only toggles the
 * markers on the canvas.
 */
import type EventBus from 'diagram-js/lib/core/EventBus';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { h } from '../ui.js';
import type { BpmnModeler } from './editor.js';

interface LintReport {
  id: string;
  /** Set when the element is not on the canvas (the report moved to the root). */
  actualElementId?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | string;
  rule: string;
}

export class LintList {
  readonly button = h('button', { class: 'link lint-status', id: 'lint-status', title: 'List the modeling problems bpmnlint found' });
  readonly panel = h('div', { class: 'problems-panel lint-panel', id: 'lint-panel', hidden: true }, h('h3', {}, 'Modeling hints (bpmnlint)'));
  private readonly list = h('ol', { class: 'problem-list', id: 'lint-problems' });

  constructor(private readonly modeler: BpmnModeler) {
    this.panel.append(this.list);
    this.button.addEventListener('click', () => this.panel.toggleAttribute('hidden'));
    modeler.get<EventBus>('eventBus').on('linting.completed', (event: { issues: Record<string, LintReport[]> }) => this.show(event.issues));
  }

  private show(issues: Record<string, LintReport[]>): void {
    const reports = Object.values(issues).flat();
    const errors = reports.filter((r) => r.category === 'error').length;
    const warnings = reports.length - errors;
    this.button.textContent = `Lint: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    this.button.classList.toggle('has-problems', errors > 0);
    this.list.replaceChildren(
      ...reports.map((report) => {
        const elementId = report.actualElementId ?? report.id;
        return h(
          'li',
          { 'data-element-id': elementId, 'data-category': report.category },
          h('button', { class: 'link', onclick: () => this.select(report.id) }, elementId),
          `: ${report.message} (${report.rule}, ${report.category === 'error' ? 'error' : 'warning'})`,
        );
      }),
    );
    if (!reports.length) this.panel.hidden = true;
  }

  private select(elementId: string): void {
    const element = this.modeler.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element) return;
    this.modeler.get<Selection>('selection').select(element);
    this.modeler.get<Canvas>('canvas').scrollToElement(element);
  }
}
