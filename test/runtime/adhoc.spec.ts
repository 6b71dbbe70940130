import { expect } from 'chai';
import { BpmnError, ConflictError, Engine, InvalidArgumentError, LimitError, MemoryStore, NotFoundError, ValidationError } from '../../engine/index.js';
import { completeTaskAt, deployAndStart, elementsWith, fixture, hasIncident, openTasks, until, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('ad-hoc sub-process', () => {
  let engine: Engine;
  /** What each agent call saw as the tool results so far. */
  let agentSaw: unknown[];
  let tools: string[];

  beforeEach(async () => {
    engine = await Engine.open({ store: new MemoryStore(), jobs: { pollIntervalMs: 10, retryBackoffMs: 0 }, limits: { variableBytes: 64 * 1024 } });
    agentSaw = [];
    tools = [];
  });

  afterEach(() => engine.close());

  /** An agent that asks for `plan[n]` on its n-th call (nothing once the plan is done); each tool answers with its name. */
  function agentWith(plan: unknown[]): void {
    engine.handle('agent', (job) => {
      agentSaw.push(job.variables.toolCallResults ?? null);
      return { toolCalls: plan[agentSaw.length - 1] ?? [] };
    });
    for (const type of ['lookup-order', 'check-stock', 'refund', 'confirm-refund']) {
      engine.handle(type, () => {
        tools.push(type);
        return { tool: type, toolCallResult: `${type} done` };
      });
    }
  }

  describe('AI-agent style: tools chosen by a variable', () => {
    it('should activate the elements whose ids the collection names, collect each path, and complete when they are done', async () => {
      // given
      agentWith([['lookupOrder', 'checkStock']]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then: the second agent call sees both results; the tool not asked for never ran
      expect(after.status).to.equal('completed');
      expect(tools).to.have.members(['lookup-order', 'check-stock']);
      expect(agentSaw[0]).to.equal(null);
      expect(agentSaw[1]).to.have.deep.members([
        { tool: 'lookup-order', content: 'lookup-order done' },
        { tool: 'check-stock', content: 'check-stock done' },
      ]);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('refund');
    });

    it('should run a path of connected elements to its end as one path, and an element named twice twice', async () => {
      // given
      agentWith([['refund', 'lookupOrder', 'lookupOrder']]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      await until(engine, id, (v) => v.status !== 'active');

      // then: three paths end, so three results
      expect(tools.filter((t) => t === 'lookup-order')).to.have.length(2);
      expect(tools.indexOf('refund')).to.be.lessThan(tools.indexOf('confirm-refund'));
      expect(agentSaw[1]).to.have.length(3);
      expect(agentSaw[1]).to.deep.include({ tool: 'confirm-refund', content: 'confirm-refund done' });
    });

    it('should raise an incident naming an id that is no element it can activate, and activate once resolved', async () => {
      // given: `confirmRefund` has an incoming flow, `deleteEverything` does not exist
      agentWith([['lookupOrder', 'confirmRefund', 'deleteEverything']]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents.map((i) => i.elementId)).to.deep.equal(['tools']);
      expect(failed.incidents[0].message).to.equal(
        "active elements collection of 'tools' ('=toolCalls') names 'confirmRefund', 'deleteEverything', not an element of the ad-hoc sub-process it can activate (lookupOrder, checkStock, refund)",
      );
      expect(tools).to.deep.equal([]);

      // when
      await engine.setVariables(id, { toolCalls: ['checkStock'] });
      await engine.resolveIncident(id, failed.incidents[0].id);
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then
      expect(after.status).to.equal('completed');
      expect(tools).to.deep.equal(['check-stock']);
    });

    it('should raise an incident when the collection is not a list of ids', async () => {
      // given
      agentWith([[1, 2]]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents.map((i) => i.message)).to.deep.equal([
        "active elements collection of 'tools' ('=toolCalls') evaluated to a list, not a list of element ids",
      ]);
    });

    it('should hold a huge collection of unknown ids to an incident with a short message, not a crash', async () => {
      // given: 900 distinct made-up ids
      agentWith([Array.from({ length: 900 }, (_, i) => `tool-${i}`)]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents).to.have.length(1);
      expect(failed.incidents[0].message).to.match(/names 900 ids, among them 'tool-0', .*'tool-9', not an element/);
      expect(failed.incidents[0].message.length).to.be.lessThan(600);
    });

    it('should hold a collection of more than 1,000 ids to an incident, starting nothing', async () => {
      // given
      agentWith([Array.from({ length: 1_001 }, () => 'lookupOrder')]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents.map((i) => i.message)).to.deep.equal([
        "active elements collection of 'tools' ('=toolCalls') names 1001 elements; one activation may start at most 1000",
      ]);
      expect(tools).to.deep.equal([]);
    });

    it('should hold a collection larger than a variable may be to an incident (limits.variableBytes)', async () => {
      // given: the list is built by the expression itself, past the 64 KiB limit of this engine
      const xml = fixture(here, 'adhoc-agent.bpmn').replace(
        'activeElementsCollection="=toolCalls"',
        'activeElementsCollection="=for i in 1..20000 return &quot;lookupOrder&quot;"',
      );
      agentWith([['lookupOrder']]);
      await engine.deploy({ name: 'adhoc-agent.bpmn', xml });

      // when
      const { id } = await engine.start('aiAgent');
      const failed = await until(engine, id, hasIncident);

      // then
      expect(failed.incidents.map((i) => i.elementId)).to.deep.equal(['tools']);
      expect(failed.incidents[0].message).to.include('limits.variableBytes');
      expect(tools).to.deep.equal([]);
    });
  });

  describe('completion condition', () => {
    it('should complete as soon as the condition holds, withdrawing what still runs inside', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'adhoc-completion.bpmn', 'firstAnswer');
      await until(engine, id, (v) => waitsInUserTask('askA')(v) && waitsInUserTask('askB')(v));

      // when
      await completeTaskAt(engine, id, 'askA', { answer: 'yes' });
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then
      expect(after.status).to.equal('completed');
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal(['askB']);
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('askC');
    });

    it('should wait for what still runs inside when cancelRemainingInstances is false', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'adhoc-completion-wait.bpmn', 'everyAnswer');
      await until(engine, id, (v) => waitsInUserTask('askA')(v) && waitsInUserTask('askB')(v));

      // when
      await completeTaskAt(engine, id, 'askA', { answer: 'yes' });
      const waiting = await until(engine, id, (v) => !waitsInUserTask('askA')(v));

      // then
      expect(waiting.status).to.equal('active');
      expect(await openTasks(engine, id)).to.deep.equal(['askB']);

      // when
      await completeTaskAt(engine, id, 'askB');
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then
      expect(after.status).to.equal('completed');
      expect(await elementsWith(engine, id, 'element.terminated')).to.deep.equal([]);
    });

    it('should stay active, as in Zeebe, when everything inside completed and the condition never held', async () => {
      // given
      const { id } = await deployAndStart(engine, here, 'adhoc-completion.bpmn', 'firstAnswer');
      await until(engine, id, (v) => waitsInUserTask('askA')(v) && waitsInUserTask('askB')(v));

      // when
      await completeTaskAt(engine, id, 'askA');
      await completeTaskAt(engine, id, 'askB');
      const after = await until(engine, id, (v) => v.activeElements.length === 1);

      // then
      expect(after.status).to.equal('active');
      expect(after.activeElements.map((e) => e.elementId)).to.deep.equal(['firstAnswerAsk']);
    });
  });

  describe('variables', () => {
    it('should keep what the inner elements write inside, and hand out the output collection and output mappings only', async () => {
      // given
      agentWith([['lookupOrder']]);

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then: `tool` and `toolCallResult` were written by the tool, inside; only the collection came out
      expect(after.variables).to.have.property('toolCallResults');
      expect(after.variables).not.to.have.any.keys('tool', 'toolCallResult');
    });

    it('should apply input mappings before reading the collection, and output mappings on completion', async () => {
      // given
      engine.handle('pick-shelf', () => ({ picked: ['soap'] }));

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-boundary.bpmn', 'pickItems', { variables: { items: ['pickShelf'] } });
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then
      expect(after.status).to.equal('completed');
      expect(after.variables).to.deep.equal({ items: ['pickShelf'], pickedItems: ['soap'] });
    });

    it('should update a variable that an outer scope already has', async () => {
      // given
      engine.handle('pick-shelf', () => ({ items: 'changed inside' }));

      // when
      const { id } = await deployAndStart(engine, here, 'adhoc-boundary.bpmn', 'pickItems', { variables: { items: ['pickShelf'] } });
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then
      expect(after.variables.items).to.equal('changed inside');
    });
  });

  it('should let an error boundary event on the ad-hoc sub-process catch an error thrown inside, withdrawing the rest', async () => {
    // given
    let release = () => undefined as void;
    engine.handle('pick-shelf', () => new Promise<void>((resolve) => (release = resolve)).then(() => ({})));
    engine.handle('pick-cold', () => {
      throw new BpmnError('OUT_OF_STOCK', 'no ice cream');
    });

    // when
    const { id } = await deployAndStart(engine, here, 'adhoc-boundary.bpmn', 'pickItems', { variables: { items: ['pickShelf', 'pickCold'] } });
    const after = await until(engine, id, (v) => v.status !== 'active');

    // then
    expect(after.status).to.equal('completed');
    expect(await elementsWith(engine, id, 'element.completed')).to.include('refunded');
    expect(await elementsWith(engine, id, 'element.terminated')).to.include('pickShelf');
    release();
  });

  describe('activation through the API (engine.activateAdHocElements)', () => {
    /** The firstAnswer instance once askA and askB completed without an answer: the sub-process waits, empty. */
    async function emptyAdHoc(): Promise<{ id: string; tokenId: string }> {
      const { id } = await deployAndStart(engine, here, 'adhoc-completion.bpmn', 'firstAnswer');
      await until(engine, id, (v) => waitsInUserTask('askA')(v) && waitsInUserTask('askB')(v));
      await completeTaskAt(engine, id, 'askA');
      await completeTaskAt(engine, id, 'askB');
      const waiting = await until(engine, id, (v) => v.activeElements.length === 1);
      return { id, tokenId: waiting.activeElements[0].tokenId };
    }

    it('should start each element named, with variables local to it, and let the completion condition end it', async () => {
      // given
      const { id, tokenId } = await emptyAdHoc();

      // when
      await engine.activateAdHocElements(id, tokenId, [{ elementId: 'askC', variables: { question: 'which colour?' } }]);
      const task = (await engine.userTasks({ instanceId: id }))[0];

      // then
      expect(task.elementId).to.equal('askC');
      expect((await engine.getUserTask(task.id)).variables).to.include({ question: 'which colour?' });

      // when
      await completeTaskAt(engine, id, 'askC', { answer: 'blue' });
      const after = await until(engine, id, (v) => v.status !== 'active');

      // then: completed by the condition; the answer and the local question stayed inside
      expect(after.status).to.equal('completed');
      expect(after.variables).not.to.have.any.keys('answer', 'question');
    });

    it('should refuse ids it cannot activate, naming them, and activate nothing', async () => {
      // given
      const { id, tokenId } = await emptyAdHoc();

      // when
      const error = await engine.activateAdHocElements(id, tokenId, [{ elementId: 'askC' }, { elementId: 'firstAnswerEnd' }]).catch((e: unknown) => e);

      // then
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect((error as Error).message).to.equal("'firstAnswerEnd' is not an element that ad-hoc sub-process 'firstAnswerAsk' can activate (askA, askB, askC)");
      expect(await openTasks(engine, id)).to.deep.equal([]);
    });

    it('should refuse more than 1,000 elements in one activation, and variables over the limit of one call together', async () => {
      // given
      const { id, tokenId } = await emptyAdHoc();
      const big = { text: 'x'.repeat(60 * 1024) };

      // when
      const tooMany = await engine
        .activateAdHocElements(
          id,
          tokenId,
          Array.from({ length: 1001 }, () => ({ elementId: 'askC' })),
        )
        .catch((e: unknown) => e);
      const tooBig = await engine
        .activateAdHocElements(
          id,
          tokenId,
          Array.from({ length: 80 }, () => ({ elementId: 'askC', variables: big })),
        )
        .catch((e: unknown) => e);

      // then
      expect(tooMany).to.be.instanceOf(InvalidArgumentError);
      expect((tooMany as Error).message).to.equal('1001 elements named; one activation may start at most 1000');
      expect(tooBig).to.be.instanceOf(LimitError);
      expect(await openTasks(engine, id)).to.deep.equal([]);
    });

    it('should answer NotFound for a token that is no ad-hoc sub-process, and Conflict while it has an incident', async () => {
      // given
      agentWith([['nothingLikeThis']]);
      const { id } = await deployAndStart(engine, here, 'adhoc-agent.bpmn', 'aiAgent');
      const failed = await until(engine, id, hasIncident);
      const tools = failed.activeElements.find((e) => e.elementId === 'tools')!;

      // when
      const notFound = await engine.activateAdHocElements(id, 'no-such-token', [{ elementId: 'lookupOrder' }]).catch((e: unknown) => e);
      const conflict = await engine.activateAdHocElements(id, tools.tokenId, [{ elementId: 'lookupOrder' }]).catch((e: unknown) => e);

      // then
      expect(notFound).to.be.instanceOf(NotFoundError);
      expect(conflict).to.be.instanceOf(ConflictError);
    });
  });

  it('should refuse at deploy the job-worker variant and start or end events inside, naming the elements', async () => {
    // when
    const error = await engine.deploy({ name: 'adhoc-refused.bpmn', xml: fixture(here, 'adhoc-refused.bpmn') }).then(
      () => undefined,
      (e: unknown) => e,
    );

    // then
    expect(error).to.be.instanceOf(ValidationError);
    const problems = (error as ValidationError).problems.map((p) => [p.elementId, p.message]);
    expect(problems).to.deep.include([
      'agentByWorker',
      'an ad-hoc sub-process run by a job worker (zeebe:taskDefinition on the sub-process, as the AI Agent connector does) is not supported; remove the task definition to let the engine activate its elements from zeebe:adHoc activeElementsCollection',
    ]);
    expect(problems).to.deep.include(['withEvents', 'an ad-hoc sub-process cannot contain start or end events; found innerStart, innerEnd']);
    expect(problems).to.deep.include(['withEvents', 'an ad-hoc sub-process needs at least one activity']);
  });
});
