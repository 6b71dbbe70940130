/**
 * Fills in `incoming` and `outgoing` of flow nodes from their sequence flows
 * after an import. BPMN files written by hand or by other tools often leave
 * these references out (the engine does not need them), but bpmnlint's rules
 * read them, and would call every element disconnected. bpmn-js keeps them in
 * step during editing; this puts them right once, when a diagram is opened.
 */
import type EventBus from 'diagram-js/lib/core/EventBus';

interface BusinessObject {
  $type: string;
  flowElements?: BusinessObject[];
  rootElements?: BusinessObject[];
  sourceRef?: BusinessObject;
  targetRef?: BusinessObject;
  incoming?: BusinessObject[];
  outgoing?: BusinessObject[];
  get(name: string): unknown;
}

function FlowReferences(eventBus: EventBus, bpmnjs: { getDefinitions(): BusinessObject | undefined }) {
  eventBus.on('import.done', () => {
    const definitions = bpmnjs.getDefinitions();
    for (const root of definitions?.rootElements ?? []) connect(root);
  });
}
FlowReferences.$inject = ['eventBus', 'bpmnjs'];

function connect(container: BusinessObject): void {
  for (const element of container.flowElements ?? []) {
    if (element.$type === 'bpmn:SequenceFlow') {
      add(element.sourceRef, 'outgoing', element);
      add(element.targetRef, 'incoming', element);
    } else if (element.flowElements) {
      connect(element);
    }
  }
}

function add(node: BusinessObject | undefined, side: 'incoming' | 'outgoing', flow: BusinessObject): void {
  if (!node) return;
  const list = node.get(side) as BusinessObject[]; // moddle creates the list on first access
  if (!list.includes(flow)) list.push(flow);
}

export const FlowReferencesModule = {
  __init__: ['batonFlowReferences'],
  batonFlowReferences: ['type', FlowReferences],
};
