/**
 * For the sample specs: the elements of a .bpmn file that have no diagram
 * shape or edge (every flow node, flow, participant and message flow needs one
 * for bpmn-js to draw it), and the DI entries that name no element.
 */
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';

export async function undrawn(xml: string): Promise<{ missing: string[]; dangling: string[]; warnings: string[] }> {
  const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
  const ids: string[] = [];
  const collect = (container: ModdleElement) => {
    for (const element of [...((container.flowElements as ModdleElement[]) ?? []), ...((container.artifacts as ModdleElement[]) ?? [])]) {
      ids.push(String(element.id));
      if (element.flowElements) collect(element);
    }
  };
  for (const root of rootElement.rootElements as ModdleElement[]) {
    if (root.$type === 'bpmn:Process') collect(root);
    if (root.$type === 'bpmn:Collaboration') {
      for (const p of (root.participants as ModdleElement[]) ?? []) ids.push(String(p.id));
      for (const f of (root.messageFlows as ModdleElement[]) ?? []) ids.push(String(f.id));
    }
  }
  const planeElements = (rootElement.diagrams as ModdleElement[]).flatMap((d) => (d.plane.planeElement as ModdleElement[]) ?? []);
  const drawn = new Set(planeElements.map((di) => di.bpmnElement?.id));
  return {
    missing: ids.filter((id) => !drawn.has(id)),
    dangling: planeElements.filter((di) => !di.bpmnElement).map((di) => String(di.id)),
    warnings: (warnings as Array<{ message: string }>).map((w) => w.message),
  };
}
