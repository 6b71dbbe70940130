import { expect } from 'chai';
import { until, waitsInUserTask } from '../helpers.js';
import { call, serveNewEngine, type TestServer } from './serve.js';

describe('REST API: POST /api/instances/:id/ad-hoc-activities/:tokenId/activation', () => {
  let server: TestServer;
  const activate = (id: string, tokenId: string, body: unknown) =>
    call(server.base, 'POST', `/api/instances/${id}/ad-hoc-activities/${tokenId}/activation`, body);

  beforeEach(async () => {
    server = await serveNewEngine({ deploy: ['../runtime/adhoc-completion.bpmn'] });
  });

  afterEach(() => server.stop());

  /** A firstAnswer instance waiting in its ad-hoc sub-process at askA and askB; the sub-process's token. */
  async function started(): Promise<{ id: string; tokenId: string }> {
    const { id } = await server.engine.start('firstAnswer');
    const view = await until(server.engine, id, (v) => waitsInUserTask('askA')(v) && waitsInUserTask('askB')(v));
    return { id, tokenId: view.activeElements.find((e) => e.elementId === 'firstAnswerAsk')!.tokenId };
  }

  it('should activate the elements named, with their local variables, and answer with the instance', async () => {
    // given
    const { id, tokenId } = await started();

    // when
    const response = await activate(id, tokenId, { elements: [{ elementId: 'askC', variables: { question: 'size?' } }] });

    // then
    expect(response.status).to.equal(200);
    const instance = await response.json();
    expect(instance.activeElements.map((e: { elementId: string }) => e.elementId)).to.include('askC');
    const task = (await server.engine.userTasks({ instanceId: id })).find((t) => t.elementId === 'askC')!;
    expect((await server.engine.getUserTask(task.id)).variables).to.include({ question: 'size?' });
  });

  it('should answer 400 naming an element it cannot activate, 404 for an unknown token and 400 for a malformed body', async () => {
    // given
    const { id, tokenId } = await started();

    // when
    const unknownElement = await activate(id, tokenId, { elements: [{ elementId: 'firstAnswerEnd' }] });
    const unknownToken = await activate(id, 'nope', { elements: [{ elementId: 'askC' }] });
    const empty = await activate(id, tokenId, { elements: [] });
    const badVariables = await activate(id, tokenId, { elements: [{ elementId: 'askC', variables: [1] }] });

    // then
    expect(unknownElement.status).to.equal(400);
    expect((await unknownElement.json()).error.message).to.include("'firstAnswerEnd' is not an element that ad-hoc sub-process 'firstAnswerAsk' can activate");
    expect(unknownToken.status).to.equal(404);
    expect(empty.status).to.equal(400);
    expect(badVariables.status).to.equal(400);
    expect((await badVariables.json()).error.message).to.include('elements[0].variables');
    expect((await server.engine.userTasks({ instanceId: id })).map((t) => t.elementId).sort()).to.deep.equal(['askA', 'askB']);
  });

  it('should refuse a variable named __proto__ with 400, activating nothing', async () => {
    // given
    const { id, tokenId } = await started();

    // when
    const response = await call(
      server.base,
      'POST',
      `/api/instances/${id}/ad-hoc-activities/${tokenId}/activation`,
      JSON.parse('{"elements":[{"elementId":"askC","variables":{"__proto__":{"admin":true}}}]}'),
    );

    // then
    expect(response.status).to.equal(400);
    expect((await server.engine.userTasks({ instanceId: id })).map((t) => t.elementId).sort()).to.deep.equal(['askA', 'askB']);
  });
});
