/**
 * Deploy-time checks aligned with Zeebe's validators: what Zeebe accepts is
 * accepted, what it refuses is refused with the element's id, and a refused
 * element does not make its neighbours look broken.
 */
import { expect } from 'chai';
import { Engine, ValidationError, type ValidationProblem } from '../../engine/index.js';
import { escapeFormBodies } from '../../engine/model/form-bodies.js';
import { deployAndStart, fixture, userTaskAt, waitsInUserTask, until } from '../helpers.js';

const here = import.meta.url;

describe("deploy-time checks as Zeebe's", () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
  });

  afterEach(() => engine.close());

  async function problemsOf(file: string): Promise<ValidationProblem[]> {
    const error = await engine.deploy({ name: file, xml: fixture(here, file) }).then(
      () => expect.fail(`${file} should have been refused`),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ValidationError);
    return (error as ValidationError).problems;
  }

  const byElement = (problems: ValidationProblem[]) => problems.map((p) => [p.elementId, p.message] as const);

  describe('a default flow with a condition', () => {
    it('should deploy, and take the default flow when no other condition holds even though its own is false', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'zeebe-default-flow-condition.bpmn', 'routing', { variables: { priority: 'medium' } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.status).to.equal('completed');
      const ended = (await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId);
      expect(ended).to.include('standard').and.not.include('express');
    });

    it('should still take a flow whose condition holds before the default', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'zeebe-default-flow-condition.bpmn', 'routing', { variables: { priority: 'high' } });

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      const ended = (await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId);
      expect(ended).to.include('express').and.not.include('standard');
    });
  });

  describe('an embedded form (zeebe:userTaskForm)', () => {
    it('should deploy a form whose JSON carries unescaped HTML such as <br />, and keep the text as written', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'zeebe-form-with-html.bpmn', 'greeting');

      // then
      await until(engine, id, waitsInUserTask('greet'));
      const task = await userTaskAt(engine, id, 'greet');
      expect(JSON.parse(task.formBody!).components[0].text).to.equal('Hello<br />world');
    });

    it('should refuse an empty form, and an output mapping whose source is fixed text', async () => {
      // when
      const problems = await problemsOf('zeebe-form-and-mapping.bpmn');

      // then
      expect(byElement(problems)).to.have.length(2);
      expect(problems.find((p) => p.elementId === 'emptyForm')?.message).to.match(/has no content/);
      expect(problems.find((p) => p.elementId === 'ask')?.message).to.match(/output mapping 'answer'.*expression starting with '='/);
    });

    it('should escape markup in form bodies in linear time, whatever the document holds', () => {
      // given
      const unclosed = '<zeebe:userTaskForm id="f">'.repeat(50_000);
      const many = '<zeebe:userTaskForm id="f">a<b/></zeebe:userTaskForm>'.repeat(50_000);
      const started = performance.now();

      // when
      const untouched = escapeFormBodies(unclosed);
      const escaped = escapeFormBodies(many);

      // then
      expect(performance.now() - started).to.be.below(1_000);
      expect(untouched).to.equal(unclosed);
      expect(escaped).to.equal('<zeebe:userTaskForm id="f">a&lt;b/></zeebe:userTaskForm>'.repeat(50_000));
      expect(escapeFormBodies('<zeebe:userTaskForm id="f"/><x>y</x>')).to.equal('<zeebe:userTaskForm id="f"/><x>y</x>');
      expect(escapeFormBodies('<zeebe:userTaskForm><![CDATA[a<b>]]></zeebe:userTaskForm>')).to.equal(
        '<zeebe:userTaskForm><![CDATA[a<b>]]></zeebe:userTaskForm>',
      );
    });
  });

  describe('message catch events', () => {
    it('should refuse every message catch without a correlation key expression, but not a message start event', async () => {
      // when
      const problems = await problemsOf('zeebe-message-catch-keys.bpmn');

      // then
      expect(problems.map((p) => p.elementId).sort()).to.deep.equal(['paid', 'question', 'shipped']);
      expect(problems.find((p) => p.elementId === 'paid')?.message).to.match(/needs a correlation key/);
      expect(problems.find((p) => p.elementId === 'question')?.message).to.match(/needs a correlation key/);
      expect(problems.find((p) => p.elementId === 'shipped')?.message).to.match(/'orderId' is fixed text.*'='/);
    });
  });

  describe('compensation throw events', () => {
    it('should refuse waitForCompletion="false" on an intermediate throw and an end event', async () => {
      // when
      const problems = await problemsOf('zeebe-compensation-no-wait.bpmn');

      // then
      expect(problems.map((p) => p.elementId)).to.deep.equal(['undo', 'undone']);
      expect(problems[0].message).to.match(/waitForCompletion="false" is not supported/);
    });
  });

  describe('inclusive gateways', () => {
    it('should refuse an outgoing flow without a condition that is not the default flow', async () => {
      // when
      const problems = await problemsOf('zeebe-inclusive-without-condition.bpmn');

      // then
      expect(byElement(problems)).to.deep.equal([['channels', "the outgoing flow 'toMail' has no condition and is not the default flow"]]);
    });
  });

  describe('a refused element', () => {
    it('should be the only problem: the gateway whose only flow leads into it is not reported as well', async () => {
      // when
      const problems = await problemsOf('zeebe-refused-neighbour.bpmn');

      // then
      expect(byElement(problems)).to.deep.equal([['rules', 'transaction sub-processes are not supported yet']]);
    });
  });
});
