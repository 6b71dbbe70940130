/**
 * A read-only diagram (bpmn-js NavigatedViewer: pan and zoom, no editing)
 * with Baton's run-time decorations: markers (CSS classes on elements) and
 * overlays (badges). Every decoration goes through `decorate`, which first
 * removes the previous ones, so a live refresh never piles them up.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { h } from '../ui.js';

export interface Badge {
  elementId: string;
  text: string;
  kind: 'tokens' | 'incidents' | 'completed';
  title?: string;
}

export interface Decorations {
  /** CSS class -> element ids that get it. */
  markers: Record<string, Iterable<string>>;
  badges: Badge[];
}

/** Where each kind of badge sits on its element. */
const BADGE_POSITION: Record<Badge['kind'], { bottom?: number; left?: number; top?: number; right?: number }> = {
  tokens: { bottom: 10, left: -8 },
  incidents: { bottom: 10, right: 12 },
  completed: { top: -12, left: -8 },
};

export class ReadOnlyDiagram {
  readonly element = h('div', { class: 'cockpit-canvas' });
  private readonly viewer = new NavigatedViewer({ container: this.element });
  private marked: Array<[string, string]> = [];
  private shownKey: string | undefined;

  /** Shows the XML unless it is already shown under this key (process id and version): a refresh keeps the zoom. */
  async show(key: string, xml: () => Promise<string>): Promise<void> {
    if (this.shownKey === key) return;
    this.shownKey = undefined;
    await this.viewer.importXML(await xml());
    this.shownKey = key;
    this.marked = [];
    this.fit();
  }

  fit(): void {
    const canvas = this.viewer.get<Canvas>('canvas');
    canvas.resized();
    canvas.zoom('fit-viewport');
  }

  /** True when the shown diagram has an element with this id. */
  has(elementId: string): boolean {
    return !!this.viewer.get<ElementRegistry>('elementRegistry').get(elementId);
  }

  /** Element ids of the shown diagram with their BPMN type, for the migration mapping. */
  elements(): Array<{ id: string; type: string; name?: string }> {
    return this.viewer
      .get<ElementRegistry>('elementRegistry')
      .getAll()
      .filter((element) => !element.id.endsWith('_label') && element.parent)
      .map((element) => ({
        id: element.id,
        type: String(element.type),
        name: (element as unknown as { businessObject?: { name?: string } }).businessObject?.name,
      }));
  }

  /** The sequence flows of the shown diagram with the ids of their source and target. */
  flows(): Array<{ id: string; source: string; target: string }> {
    return this.viewer
      .get<ElementRegistry>('elementRegistry')
      .filter((element) => element.type === 'bpmn:SequenceFlow')
      .map((element) => {
        const connection = element as unknown as { id: string; source?: { id: string }; target?: { id: string } };
        return { id: connection.id, source: connection.source?.id ?? '', target: connection.target?.id ?? '' };
      });
  }

  /**
   * The elements an ad-hoc sub-process can activate, as the engine decides:
   * those inside it without incoming sequence flows (no boundary events,
   * event sub-processes or compensation handlers).
   */
  adHocChoices(adHocId: string): Array<{ id: string; name: string }> {
    type Shape = {
      id: string;
      type: string;
      parent?: { id: string };
      incoming?: Array<{ type: string }>;
      businessObject?: { name?: string; triggeredByEvent?: boolean; isForCompensation?: boolean };
    };
    const shapes = this.viewer.get<ElementRegistry>('elementRegistry').getAll() as unknown as Shape[];
    return shapes
      .filter(
        (s) =>
          s.parent?.id === adHocId &&
          !s.id.endsWith('_label') &&
          !/SequenceFlow|Association|BoundaryEvent|DataObject|DataStore|TextAnnotation|Group/.test(s.type),
      )
      .filter(
        (s) => !s.incoming?.some((flow) => flow.type === 'bpmn:SequenceFlow') && !s.businessObject?.triggeredByEvent && !s.businessObject?.isForCompensation,
      )
      .map((s) => ({ id: s.id, name: s.businessObject?.name || s.id }));
  }

  /** The element's name as drawn, else its id. */
  label(elementId: string): string {
    const element = this.viewer.get<ElementRegistry>('elementRegistry').get(elementId) as unknown as { businessObject?: { name?: string } } | undefined;
    return element?.businessObject?.name || elementId;
  }

  decorate({ markers, badges }: Decorations): void {
    const canvas = this.viewer.get<Canvas>('canvas');
    const overlays = this.viewer.get<Overlays>('overlays');
    for (const [id, marker] of this.marked) if (this.has(id)) canvas.removeMarker(id, marker);
    this.marked = [];
    overlays.remove({ type: 'baton' });
    for (const [marker, ids] of Object.entries(markers)) {
      for (const id of ids) {
        if (!this.has(id)) continue;
        canvas.addMarker(id, marker);
        this.marked.push([id, marker]);
      }
    }
    for (const badge of badges) {
      if (!this.has(badge.elementId)) continue;
      overlays.add(badge.elementId, 'baton', {
        position: BADGE_POSITION[badge.kind],
        html: h('div', { class: `cockpit-badge cockpit-badge-${badge.kind}`, 'data-element-id': badge.elementId, title: badge.title }, badge.text),
      });
    }
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
