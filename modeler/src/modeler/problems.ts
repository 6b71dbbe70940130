/**
 * The engine's own validation problems (from a dry-run deploy, or a refused
 * deploy) on the canvas: a red marker and a badge on each element a problem
 * names, and a list in which each problem selects its element.
 */
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { Problem } from '../api.js';
import { h } from '../ui.js';
import type { BpmnModeler } from './editor.js';

const OVERLAY = 'baton-problem';
const MARKER = 'baton-problem-marker';

export class EngineProblems {
  private marked: string[] = [];
  readonly list = h('ol', { class: 'problem-list', id: 'engine-problems' });

  constructor(private readonly modeler: BpmnModeler) {}

  get count(): number {
    return this.list.childElementCount;
  }

  show(problems: readonly Problem[]): void {
    this.clear();
    const registry = this.modeler.get<ElementRegistry>('elementRegistry');
    const overlays = this.modeler.get<Overlays>('overlays');
    const canvas = this.modeler.get<Canvas>('canvas');
    const byElement = new Map<string, Problem[]>();
    for (const problem of problems) {
      const id = problem.elementId ?? problem.processId;
      const element = id ? registry.get(id) : undefined;
      // The process itself is the root: it has no shape to mark, so its problems are listed only.
      const onShape = element && element !== canvas.getRootElement();
      if (onShape) byElement.set(id!, [...(byElement.get(id!) ?? []), problem]);
      const where = problem.elementId ?? problem.processId ?? 'diagram';
      const position = problem.line ? ` (line ${problem.line})` : '';
      const item = h(
        'li',
        {},
        onShape ? h('button', { class: 'link', onclick: () => this.reveal(id!) }, where) : h('strong', {}, where),
        `: ${problem.message}${position}`,
      );
      this.list.append(item);
    }
    for (const [id, elementProblems] of byElement) {
      const text = elementProblems.map((p) => p.message).join('\n');
      overlays.add(id, OVERLAY, {
        position: { top: -10, right: 10 },
        html: h('div', { class: 'baton-problem-badge', title: text, 'data-element-id': id }, String(elementProblems.length)),
      });
      canvas.addMarker(id, MARKER);
      this.marked.push(id);
    }
  }

  clear(): void {
    const overlays = this.modeler.get<Overlays>('overlays');
    const canvas = this.modeler.get<Canvas>('canvas');
    const registry = this.modeler.get<ElementRegistry>('elementRegistry');
    overlays.remove({ type: OVERLAY });
    for (const id of this.marked) if (registry.get(id)) canvas.removeMarker(id, MARKER);
    this.marked = [];
    this.list.replaceChildren();
  }

  private reveal(id: string): void {
    const element = this.modeler.get<ElementRegistry>('elementRegistry').get(id);
    if (!element) return;
    this.modeler.get<Canvas>('canvas').scrollToElement(element);
    this.modeler.get<Selection>('selection').select(element);
  }
}
