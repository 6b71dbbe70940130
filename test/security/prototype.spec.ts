/**
 * Keys from outside never reach an object's prototype (engine/safety/safe-keys.ts):
 * a diagram naming `__proto__`, `prototype` or `constructor` is refused at
 * deploy; a `__proto__` key in variables is refused at the edge; a FEEL
 * context with one keeps it out of the variable.
 */
import { expect } from 'chai';
import { Engine, ValidationError } from '../../engine/index.js';
import { fixture, until } from '../helpers.js';
import { serve, type Served } from '../server/serve.js';

const polluted = () => (Object.prototype as Record<string, unknown>).polluted ?? (Object.prototype as Record<string, unknown>).version;

/** A process with one script task whose extension elements are `extensions`. */
function scriptProcess(extensions: string, id = 'task'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="hostile" isExecutable="true">
    <bpmn:extensionElements><zeebe:properties><zeebe:property name="baton:searchAttributes" value="ok" /></zeebe:properties></bpmn:extensionElements>
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="${id}" />
    <bpmn:scriptTask id="${id}"><bpmn:extensionElements>${extensions}</bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="${id}" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const SCRIPT = '<zeebe:script expression="=1" resultVariable="r" />';

describe('prototype pollution', () => {
  let engine: Engine;
  let served: Served;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    served = await serve(engine);
  });
  afterEach(async () => {
    await served.close();
    await engine.close();
    expect(polluted()).to.equal(undefined);
  });

  describe('at deploy', () => {
    const refusals: Array<[string, string, RegExp]> = [
      [
        'an output mapping into __proto__',
        scriptProcess(`${SCRIPT}<zeebe:ioMapping><zeebe:output source="=999" target="__proto__.version" /></zeebe:ioMapping>`),
        /output mapping target '__proto__\.version' may not contain '__proto__'/,
      ],
      [
        'an input mapping through constructor.prototype',
        scriptProcess(`${SCRIPT}<zeebe:ioMapping><zeebe:input source="=1" target="a.constructor.prototype.polluted" /></zeebe:ioMapping>`),
        /input mapping target 'a\.constructor\.prototype\.polluted' may not contain 'constructor'/,
      ],
      [
        'a script result variable named __proto__',
        scriptProcess('<zeebe:script expression="=1" resultVariable="__proto__" />'),
        /script result variable '__proto__'/,
      ],
      ['an element id __proto__', scriptProcess(SCRIPT, '__proto__'), /element id '__proto__'/],
      [
        'a task header key __proto__',
        scriptProcess('<zeebe:taskDefinition type="t" /><zeebe:taskHeaders><zeebe:header key="__proto__" value="x" /></zeebe:taskHeaders>'),
        /task header key '__proto__' is not allowed/,
      ],
      [
        'a search attribute through __proto__',
        scriptProcess(SCRIPT).replace('value="ok"', 'value="__proto__.polluted"'),
        /'__proto__\.polluted' may not contain '__proto__'/,
      ],
    ];

    for (const [what, xml, message] of refusals) {
      it(`should refuse ${what}, naming the element`, async () => {
        // when
        const error = await engine.deploy({ name: 'hostile.bpmn', xml }).catch((e: unknown) => e);

        // then
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).problems.map((p) => `${p.elementId}: ${p.message}`).join('\n')).to.match(message);
      });
    }

    it('should refuse the output mapping over HTTP with the element named, and keep the server healthy', async () => {
      // when
      const response = await served.call('POST', '/api/deployments?name=hostile.bpmn', { body: refusals[0][1] });

      // then
      expect(response.status).to.be.within(400, 499);
      const { error } = await response.json();
      expect(error.details.problems[0]).to.include({ elementId: 'task' });
      expect((await served.call('GET', '/health')).status).to.equal(200);
    });
  });

  describe('variables from outside', () => {
    beforeEach(() => engine.deploy({ name: 'prototype.bpmn', xml: fixture(import.meta.url, 'prototype.bpmn') }));

    const bodies: Array<[string, string]> = [
      ['a top-level __proto__ variable', '{"variables":{"__proto__":{"polluted":1}}}'],
      ['a __proto__ key inside a variable', '{"variables":{"order":{"lines":[{"__proto__":{"polluted":1}}]}}}'],
    ];

    for (const [what, body] of bodies) {
      it(`should refuse a start with ${what} (400), polluting nothing`, async () => {
        // when
        const response = await fetch(`${served.base}/api/processes/waits/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

        // then
        expect(response.status).to.equal(400);
        expect((await response.json()).error.message).to.match(/__proto__|prototype/);
        expect((await served.call('GET', '/health')).status).to.equal(200);
      });
    }

    it('should refuse such variables on job completion, message publication, signal broadcast and set variables', async () => {
      // given
      const { id } = await engine.start('waits', { variables: { orderId: 'A-1' } });
      const [job] = (await (await served.call('POST', '/api/jobs/activate', { body: { type: 'work', worker: 'spec' } })).json()).jobs;
      const hostile = JSON.parse('{"__proto__":{"polluted":1}}');

      // when
      const answers = await Promise.all([
        served.call('POST', `/api/jobs/${encodeURIComponent(job.key)}/complete`, { body: { variables: hostile } }),
        served.call('POST', '/api/messages', { body: { name: 'paid', correlationKey: 'A-1', variables: { nested: hostile } } }),
        served.call('POST', '/api/signals', { body: { name: 's', variables: hostile } }),
        served.call('PUT', `/api/instances/${id}/variables`, { body: { a: { b: hostile } } }),
      ]);

      // then
      expect(answers.map((r) => r.status)).to.deep.equal([400, 400, 400, 400]);
      expect((await engine.getInstance(id)).variables).to.deep.equal({ orderId: 'A-1' });
    });

    it('should refuse __proto__ keys that reach the engine API directly (an embedding application), naming the variable', async () => {
      // given: what JSON.parse makes of such a body, an own property named __proto__
      const hostile = JSON.parse('{"__proto__":{"polluted":1}}');
      const { id } = await engine.start('waits', { variables: { orderId: 'A-1' } });

      // when
      const refusals = await Promise.all([
        engine.start('waits', { variables: hostile }).catch((e: Error) => e.message),
        engine.start('waits', { variables: { order: { lines: [hostile] } } }).catch((e: Error) => e.message),
        engine.setVariables(id, { deep: { deeper: hostile } }).catch((e: Error) => e.message),
        engine.publishMessage({ name: 'paid', correlationKey: 'A-1', variables: { x: hostile } }).catch((e: Error) => e.message),
      ]);

      // then
      expect(refusals).to.deep.equal([
        "'__proto__' is not allowed as a variable name",
        "variable 'order' holds a key '__proto__', which is not allowed",
        "variable 'deep' holds a key '__proto__', which is not allowed",
        "variable 'x' holds a key '__proto__', which is not allowed",
      ]);
    });

    it('should keep a __proto__ key of a FEEL context out of the variable it becomes', async () => {
      // when
      const { id } = await engine.start('feelContext');

      // then
      const done = await until(engine, id, (view) => view.status === 'completed');
      expect(done.variables.built).to.deep.equal({ kept: 2 });
      expect(Object.getPrototypeOf(done.variables.built)).to.equal(Object.prototype);
    });
  });
});
