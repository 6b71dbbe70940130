/**
 * The dmn-js Modeler as Baton configures it (DRD, decision table and literal
 * expression editors), a new file's XML, and the tabs that switch between
 * the file's views: the decision requirements diagram and one tab per
 * decision.
 */
import DmnModeler, { type DmnView } from 'dmn-js/lib/Modeler';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn.css';
import { h } from '../ui.js';

export type { DmnView };

export function createDmnModeler(container: HTMLElement): DmnModeler {
  return new DmnModeler({ container });
}

/** A new file: one decision with a decision table (one input, one output, one rule), shown in the DRD. */
export function emptyDmn(suffix = Math.random().toString(36).slice(2, 9)): string {
  const id = `Decision_${suffix}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="Definitions_${suffix}" name="Decisions" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${id}" name="Decision">
    <decisionTable id="DecisionTable_${suffix}" hitPolicy="UNIQUE">
      <input id="Input_${suffix}" label="Input">
        <inputExpression id="InputExpression_${suffix}" typeRef="string"><text>input</text></inputExpression>
      </input>
      <output id="Output_${suffix}" label="Output" name="output" typeRef="string" />
      <rule id="Rule_${suffix}">
        <inputEntry id="InputEntry_${suffix}"><text>-</text></inputEntry>
        <outputEntry id="OutputEntry_${suffix}"><text>"value"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_${suffix}">
      <dmndi:DMNShape id="DMNShape_${suffix}" dmnElementRef="${id}"><dc:Bounds height="80" width="180" x="160" y="100" /></dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** Tabs for the views of the open file; the active one is marked, a click opens its view. */
export class ViewTabs {
  readonly element = h('nav', { class: 'dmn-views', id: 'dmn-views', 'aria-label': 'Views of the file' });

  constructor(private readonly modeler: DmnModeler) {
    modeler.on('views.changed', () => this.render());
  }

  render(): void {
    const active = this.modeler.getActiveView();
    this.element.replaceChildren(
      ...this.modeler.getViews().map((view) =>
        h(
          'button',
          {
            class: 'dmn-view',
            'data-view-type': view.type,
            'data-element': view.element.id,
            'aria-current': String(active?.element.id === view.element.id && active.type === view.type),
            onclick: () => void this.modeler.open(view),
          },
          label(view),
        ),
      ),
    );
  }
}

function label(view: DmnView): string {
  const name = view.element.name || view.element.id;
  if (view.type === 'drd') return 'Requirements (DRD)';
  if (view.type === 'decisionTable') return `${name} (table)`;
  if (view.type === 'literalExpression') return `${name} (expression)`;
  return name;
}
