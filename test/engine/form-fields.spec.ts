import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { formFieldsOf } from '../../engine/instances/form-fields.js';
import { compileBpmn } from '../../engine/model/compile.js';

const diagram = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://baton.test">
  <bpmn:process id="claim" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="assess" />
    <bpmn:userTask id="assess">
      <bpmn:extensionElements>
        <zeebe:ioMapping><zeebe:output source="=notes" target="assessment.notes" /></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="assess" targetRef="route" />
    <bpmn:inclusiveGateway id="route" default="other" />
    <bpmn:sequenceFlow id="big" sourceRef="route" targetRef="end"><bpmn:conditionExpression>=amount &gt; 1000</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fraud" sourceRef="route" targetRef="end"><bpmn:conditionExpression>=not(plausible)</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="tier" sourceRef="route" targetRef="end"><bpmn:conditionExpression>=tier = "gold"</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="other" sourceRef="route" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('The fields a generated task form offers', () => {
  it('should offer what the gateway after the order review reads, as a checkbox', async () => {
    const { processes } = await compileBpmn(await readFile(new URL('../../samples/order.bpmn', import.meta.url), 'utf8'));
    expect(formFieldsOf(processes[0], 'reviewOrder')).to.deep.equal([{ name: 'approved', kind: 'boolean', source: 'gateway' }]);
  });

  it('should offer what output mappings and the next gateway read, each of the kind its condition suggests', async () => {
    const { processes } = await compileBpmn(diagram);
    expect(formFieldsOf(processes[0], 'assess')).to.deep.equal([
      { name: 'notes', kind: 'json', source: 'outputMapping' },
      { name: 'amount', kind: 'number', source: 'gateway' },
      { name: 'plausible', kind: 'boolean', source: 'gateway' },
      { name: 'tier', kind: 'string', source: 'gateway' },
    ]);
    expect(formFieldsOf(processes[0], 'start')).to.deep.equal([]);
  });
});
