/**
 * The bpmn-js Modeler as Baton configures it: the Zeebe moddle extension and
 * properties provider (task type, retries, headers, io mappings, called
 * element, correlation keys, timers, multi-instance, assignments, forms),
 * Camunda 8 behaviours that keep the Zeebe extension elements consistent,
 * and bpmnlint with the configuration packed at build time.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import LintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeTooltipProvider } from 'bpmn-js-properties-panel';
import lintConfig from 'bpmnlint-config';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { FlowReferencesModule } from './flow-references.js';

export type BpmnModeler = Modeler;

export function createModeler(canvas: HTMLElement, properties: HTMLElement): BpmnModeler {
  return new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties, tooltip: ZeebeTooltipProvider },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      LintModule,
      FlowReferencesModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  });
}

/** A new diagram: one executable process with a start event, ready for the Zeebe properties. */
export function emptyDiagram(processId = `Process_${Math.random().toString(36).slice(2, 9)}`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
