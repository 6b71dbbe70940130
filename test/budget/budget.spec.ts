/**
 * Steps under a budget: a hostile or careless diagram ends as an incident on
 * its own instance, and the engine goes on with the others.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../engine/index.js';
import { fixture, hasIncident, nextStart, openEngine, until } from '../helpers.js';

const BUDGET = { stepMs: 1_000, memoryMb: 128 };

describe('step budget', function () {
  this.timeout(30_000);
  let engine: Engine;

  beforeEach(async () => {
    ({ engine } = await openEngine({ budget: BUDGET }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });
  });
  afterEach(() => engine.close());

  it('should stop an expression that never finishes with an incident naming the element and the budget', async () => {
    // given
    const { id } = await engine.start('rangeBomb', { variables: { n: 100_000_000 } });

    // then
    const stuck = await until(engine, id, hasIncident, 10_000);
    expect(stuck.incidents).to.have.length(1);
    expect(stuck.incidents[0].elementId).to.equal('countAll');
    expect(stuck.incidents[0].message).to.match(/(step budget of 1000 ms|memory budget of 128 MB)/);
  });

  it('should stop an expression that fills the heap with an incident naming the memory budget, the engine going on', async () => {
    // given: time enough, little memory
    await engine.close();
    ({ engine } = await openEngine({ budget: { stepMs: 60_000, memoryMb: 64 } }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });

    // when
    const { id } = await engine.start('rangeBomb', { variables: { n: 100_000_000 } });

    // then
    const stuck = await until(engine, id, hasIncident, 20_000);
    expect(stuck.incidents[0].message).to.equal("script (result 'total'): ran out of the step memory budget of 64 MB (budget.memoryMb)");
    const small = await engine.start('rangeBomb', { variables: { n: 3 } });
    expect((await until(engine, small.id, (view) => view.status === 'completed')).variables.total).to.equal(3);
  });

  it('should run the same expression to its end when its input is small, and again after the incident is resolved with a smaller input', async () => {
    // given
    const { id } = await engine.start('rangeBomb', { variables: { n: 100_000_000 } });
    const stuck = await until(engine, id, hasIncident, 10_000);

    // when
    await engine.setVariables(id, { n: 1_000 });
    await engine.resolveIncident(id, stuck.incidents[0].id);

    // then
    const done = await until(engine, id, (view) => view.status === 'completed');
    expect(done.variables.total).to.equal(1_000);
  });

  it('should keep other instances moving while a step overruns', async () => {
    // given
    const bomb = await engine.start('rangeBomb', { variables: { n: 100_000_000 } });
    const started = performance.now();

    // when
    const small = await engine.start('rangeBomb', { variables: { n: 10 } });
    const ticked = await new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - started), 50));

    // then: the small instance was not held up behind the bomb on this thread, and a timer fired on time
    expect(ticked).to.be.below(500);
    await until(engine, bomb.id, hasIncident, 10_000);
    expect((await until(engine, small.id, (view) => view.status === 'completed', 10_000)).variables.total).to.equal(10);
  });

  it('should stop a sequential multi-instance over 100,000 items with an incident', async () => {
    // given: limits that let the collection itself through
    await engine.close();
    ({ engine } = await openEngine({ budget: BUDGET, limits: { variableBytes: 2 ** 21, instanceBytes: 2 ** 23 } }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });

    // when
    const { id } = await engine.start('sequentialMany', { variables: { items: 100_000 } });

    // then
    const stuck = await until(engine, id, hasIncident, 10_000);
    expect(stuck.incidents[0].elementId).to.equal('each');
    expect(stuck.incidents[0].message).to.match(/(ran over the step budget of 1000 ms|recorded 20000 history events)/);
  });

  it('should finish in a worker thread a step of linear expressions that outgrows its slice on the main thread', async () => {
    // given: a slice no real step fits in, and a step budget that a loaded CI machine (two cores, other suites) still meets
    await engine.close();
    ({ engine } = await openEngine({ budget: { ...BUDGET, sliceMs: 1, stepMs: 15_000 } }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });
    const items = Array.from({ length: 2_000 }, (_, i) => i);

    // when
    const { id } = await engine.start('fanOut', { variables: { items } });

    // then
    const done = await until(engine, id, (view) => view.status === 'completed', 25_000);
    expect(done.variables.results).to.deep.equal(items.map((i) => i * 2));
  });

  it('should run every step in a worker thread with isolation always, with the same outcome', async () => {
    // given
    await engine.close();
    ({ engine } = await openEngine({ budget: { ...BUDGET, isolation: 'always' } }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });

    // when
    const { id } = await engine.start('fanOut', { variables: { items: [1, 2, 3] } });

    // then
    expect((await until(engine, id, (view) => view.status === 'completed', 10_000)).variables.results).to.deep.equal([2, 4, 6]);
  });

  it('should stop a loop without a wait state with an incident', async () => {
    // when
    const { id } = await engine.start('tightLoop', { variables: { i: 0 } });

    // then
    const stuck = await until(engine, id, hasIncident, 10_000);
    expect(stuck.incidents[0].message).to.match(/(without reaching a wait state|step budget)/);
  });

  it('should let timers and a cancel through while a handler that answers at once keeps a job loop going', async () => {
    // given
    let calls = 0;
    engine.handle('spin', async () => {
      calls++;
      return {};
    });
    const { id } = await engine.start('jobLoop');

    // when
    const late = await new Promise<number>((resolve) => {
      const asked = performance.now();
      setTimeout(() => resolve(performance.now() - asked), 20);
    });
    await engine.cancel(id);

    // then
    expect(late).to.be.below(200);
    expect(calls).to.be.above(1);
    expect((await engine.getInstance(id)).status).to.equal('cancelled');
  });

  it('should refuse an input collection larger than a variable may be, with an incident', async () => {
    // when
    const { id } = await engine.start('sequentialMany', { variables: { items: 100_000 } });

    // then
    const stuck = await until(engine, id, hasIncident, 10_000);
    expect(stuck.incidents[0].elementId).to.equal('each');
    expect(stuck.incidents[0].message).to.match(/input collection.*limits\.variableBytes/);
  });

  it('should hold a script result to the variable limit: a string doubled in a loop becomes an incident naming the variable', async () => {
    // given
    await engine.close();
    ({ engine } = await openEngine({ budget: BUDGET, limits: { variableBytes: 64 * 1024 } }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });

    // when
    const { id } = await engine.start('doubling', { variables: { text: 'ab' } });

    // then
    const stuck = await until(engine, id, hasIncident);
    expect(stuck.incidents[0].elementId).to.equal('double');
    expect(stuck.incidents[0].message).to.match(/'text'.*at most 65536/);
    expect(JSON.stringify(stuck.variables.text).length).to.be.below(64 * 1024);
  });

  it('should hold output mappings to the instance limit: the mapping that crosses it becomes the incident', async () => {
    // given
    await engine.close();
    ({ engine } = await openEngine({ budget: BUDGET, limits: { variableBytes: 64 * 1024, instanceBytes: 200 * 1024 } }));
    await engine.deploy({ name: 'hostile.bpmn', xml: fixture(import.meta.url, 'hostile.bpmn') });

    // when: each copy is within the variable limit, four of them are not within the instance's
    const { id } = await engine.start('manyOutputs', { variables: { blob: 'x'.repeat(60 * 1024) } });

    // then
    const stuck = await until(engine, id, hasIncident);
    expect(stuck.incidents[0].elementId).to.equal('copy');
    expect(stuck.incidents[0].message).to.match(/output mapping 'copy\d'.*limits\.instanceBytes/);
  });
});

describe('step budget across a restart', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'baton-budget-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should turn an overdue timer start into one instance with an incident, and not fire it again at the next start', async () => {
    // given
    const store = `sqlite:${path.join(dir, 'baton.db')}` as const;
    let engine = await Engine.open({ store, budget: BUDGET });
    const started = nextStart(engine, 'timerBomb', 10_000);
    await engine.deploy({ name: 'timer-bomb.bpmn', xml: fixture(import.meta.url, 'timer-bomb.bpmn') });
    const first = [await started];
    await until(engine, first[0], hasIncident, 10_000);
    await engine.close();

    // when
    engine = await Engine.open({ store, budget: BUDGET });
    // Time passes on purpose: long enough for the timer start to fire again if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // then
    const after = (await engine.queryInstances({ processId: 'timerBomb' })).items.map((item) => item.id);
    expect(after).to.deep.equal(first);
    const view = await engine.getInstance(first[0]);
    expect(view.incidents[0].elementId).to.equal('bomb');
    await engine.close();
  });
});
