import { expect } from 'chai';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import { Engine } from '../../engine/index.js';
import { fixture, until } from '../helpers.js';
import { serve, type Served } from '../server/serve.js';
import { camundaClient } from './clients.js';

const now = { consistency: { waitUpToMs: 0 } };

describe('Camunda 8 API: variables', () => {
  let engine: Engine;
  let served: Served;
  let camunda: CamundaClient;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'variables.bpmn', xml: fixture(import.meta.url, 'variables.bpmn') });
    served = await serve(engine);
    camunda = camundaClient(served.base);
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  /** An instance waiting at its service task inside the sub-process, and the job the worker holds. */
  async function waitingAtWork(variables: Record<string, unknown> = { amount: 5, note: 'first' }) {
    const instance = await camunda.createProcessInstance({ processDefinitionId: 'scoped' as never, variables });
    const { jobs } = await camunda.activateJobs({ type: 'work', worker: 'spec', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 2_000 });
    expect(jobs).to.have.length(1);
    return { instance, job: jobs[0] };
  }

  const search = (filter: Record<string, unknown>, page?: { limit?: number; after?: string }) =>
    camunda.searchVariables({ filter, ...(page ? { page } : {}) } as never, now);

  it('should set variables from the process instance scope, each where it already is or at the top', async () => {
    // given
    const { instance } = await waitingAtWork();

    // when
    await camunda.createElementInstanceVariables({ elementInstanceKey: instance.processInstanceKey as never, variables: { note: 'second', fresh: true } });

    // then
    const view = await engine.getInstance(await idOf(instance.processInstanceKey));
    expect(view.variables).to.deep.equal({ amount: 5, note: 'second', fresh: true });
  });

  it('should set local variables on the element of a job, visible in its scope only and gone when it completes', async () => {
    // given
    const { instance, job } = await waitingAtWork();

    // when
    await camunda.createElementInstanceVariables({ elementInstanceKey: job.elementInstanceKey, variables: { draft: 'x', amount: 99 }, local: true });

    // then: the task's own scope has them, the instance's does not change
    const local = await search({ processInstanceKey: instance.processInstanceKey, scopeKey: job.elementInstanceKey });
    expect(local.items.map((v) => [v.name, v.value]).sort()).to.deep.equal([
      ['amount', '99'],
      ['doubled', '10'],
      ['draft', '"x"'],
    ]);
    const root = await search({ processInstanceKey: instance.processInstanceKey, scopeKey: instance.processInstanceKey });
    expect(root.items.map((v) => [v.name, v.value])).to.deep.equal([
      ['amount', '5'],
      ['note', '"first"'],
    ]);

    // when the job completes, the element and its local variables end
    await camunda.completeJob({ jobKey: job.jobKey, variables: { done: true } });
    const ended = await until(engine, await idOf(instance.processInstanceKey), (view) => view.status === 'completed');
    expect(ended.variables).to.deep.equal({ amount: 5, note: 'first', done: true });
  });

  it('should propagate variables set on an element to the scope that has them, and new ones to the top', async () => {
    // given
    const { instance, job } = await waitingAtWork();

    // when
    await camunda.createElementInstanceVariables({ elementInstanceKey: job.elementInstanceKey, variables: { doubled: 11, note: 'changed', added: 1 } });

    // then: doubled lives in the task's input scope, note at the root, added goes to the top
    const all = await search({ processInstanceKey: instance.processInstanceKey });
    const where = Object.fromEntries(all.items.map((v) => [v.name, { value: v.value, root: v.scopeKey === instance.processInstanceKey }]));
    expect(where).to.deep.equal({
      amount: { value: '5', root: true },
      note: { value: '"changed"', root: true },
      added: { value: '1', root: true },
      doubled: { value: '11', root: false },
    });
  });

  it('should page through a search with the endCursor, filter by name, and get a variable by its key', async () => {
    // given
    const { instance } = await waitingAtWork({ amount: 5, a: 1, b: 2, c: 3 });

    const paging = camundaClient(served.base, { requests: 'none' });
    const search = (filter: Record<string, unknown>, page?: { limit?: number; after?: string }) =>
      paging.searchVariables({ filter, ...(page ? { page } : {}) } as never, now);

    // when
    const first = await search({ processInstanceKey: instance.processInstanceKey }, { limit: 2 });
    const second = await search({ processInstanceKey: instance.processInstanceKey }, { limit: 2, after: first.page.endCursor! });
    const third = await search({ processInstanceKey: instance.processInstanceKey }, { limit: 2, after: second.page.endCursor! });
    const named = await search({ processInstanceKey: instance.processInstanceKey, name: 'b' });

    // then: root variables by name, then the task's input variable
    expect([...first.items, ...second.items, ...third.items].map((v) => v.name)).to.deep.equal(['a', 'amount', 'b', 'c', 'doubled']);
    expect(first.page.totalItems).to.equal(5);
    expect(third.page.endCursor).to.equal(null);
    expect(named.items).to.have.length(1);
    expect(named.items[0]).to.deep.include({
      name: 'b',
      value: '2',
      isTruncated: false,
      tenantId: '<default>',
      processInstanceKey: instance.processInstanceKey,
    });
    const byKey = await camunda.getVariable({ variableKey: named.items[0].variableKey }, now);
    expect(byKey).to.deep.include({ name: 'b', value: '2', variableKey: named.items[0].variableKey });
    const again = await search({ variableKey: named.items[0].variableKey });
    expect(again.items.map((v) => v.name)).to.deep.equal(['b']);
  });

  it('should truncate long values in a search unless truncateValues is false', async () => {
    // given
    const long = 'x'.repeat(9000);
    const { instance } = await waitingAtWork({ amount: 1, long });

    // when
    const cut = await search({ processInstanceKey: instance.processInstanceKey, name: 'long' });
    const whole = await fetch(`${served.base}/v2/variables/search?truncateValues=false`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { processInstanceKey: instance.processInstanceKey, name: 'long' } }),
    }).then((r) => r.json() as Promise<{ items: Array<{ value: string; isTruncated: boolean }> }>);

    // then
    expect(cut.items[0].isTruncated).to.equal(true);
    expect(cut.items[0].value).to.have.length(8191);
    expect(whole.items[0]).to.deep.equal({ ...whole.items[0], isTruncated: false, value: JSON.stringify(long) });
  });

  describe('refusals', () => {
    const put = (key: string, body: unknown) =>
      fetch(`${served.base}/v2/element-instances/${key}/variables`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('should answer 400 ProblemDetail for an unknown field, variables that are not an object, and a __proto__ key', async () => {
      const { instance } = await waitingAtWork();
      for (const body of [{ variables: {}, extra: 1 }, { variables: [1] }, { variables: 'x' }]) {
        const response = await put(instance.processInstanceKey, body);
        expect(response.status, JSON.stringify(body)).to.equal(400);
        expect(await response.json()).to.include({ status: 400 });
      }
      const proto = await put(instance.processInstanceKey, JSON.parse('{"variables":{"__proto__":{"polluted":true}}}'));
      expect(proto.status).to.equal(400);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('should answer 404 for an unknown key, an ended instance and an element that has completed', async () => {
      const { instance, job } = await waitingAtWork();
      expect((await put('424242424242', { variables: { a: 1 } })).status).to.equal(404);
      await camunda.completeJob({ jobKey: job.jobKey, variables: {} });
      await until(engine, await idOf(instance.processInstanceKey), (view) => view.status === 'completed');
      const ended = await put(instance.processInstanceKey, { variables: { a: 1 } });
      expect(ended.status).to.equal(404);
      expect(((await ended.json()) as { detail: string }).detail).to.include('completed');
      expect((await put(job.elementInstanceKey, { variables: { a: 1 } })).status).to.equal(404);
    });

    it('should refuse a search that names no instance, and a cursor it did not give out', async () => {
      const none = await fetch(`${served.base}/v2/variables/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(none.status).to.equal(400);
      expect(((await none.json()) as { detail: string }).detail).to.include('processInstanceKey');
      const { instance } = await waitingAtWork();
      const bad = await fetch(`${served.base}/v2/variables/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter: { processInstanceKey: instance.processInstanceKey }, page: { after: 'zz' } }),
      });
      expect(bad.status).to.equal(400);
    });
  });

  async function idOf(key: string): Promise<string> {
    const found = await engine.idOfNumericKey(key);
    if (found?.kind !== 'instance') throw new Error(`${key} is no instance key`);
    return found.id;
  }
});
