import { expect } from 'chai';
import { Engine, ValidationError } from '../../engine/index.js';
import { fixture, hasIncident, until } from '../helpers.js';

const here = import.meta.url;
const dish = fixture(here, 'dish.dmn');

describe('business rule task', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  it('should evaluate the latest version of the decision into the result variable', async () => {
    // given
    await engine.deployFiles([
      { name: 'dish.dmn', xml: dish },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-latest.bpmn') },
    ]);

    // when
    const { id } = await engine.start('dinner', { variables: { month: 12, guests: 4 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.meal).to.equal('Roastbeef');
  });

  it('should take a new version of the decision in the next instance', async () => {
    // given
    await engine.deployFiles([
      { name: 'dish.dmn', xml: dish },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-latest.bpmn') },
    ]);
    const { decisions } = await engine.deploy({ name: 'dish.dmn', xml: dish.replace('"Roastbeef"', '"Goulash"') });

    // when
    const { id } = await engine.start('dinner', { variables: { month: 12, guests: 4 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(decisions?.map((d) => [d.key, d.created])).to.deep.equal([
      ['season:2', true],
      ['dish:2', true],
    ]);
    expect(done.variables.meal).to.equal('Goulash');
  });

  it('should record the evaluated decisions, with the matched rules, in the history', async () => {
    // given
    await engine.deployFiles([
      { name: 'dish.dmn', xml: dish },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-latest.bpmn') },
    ]);

    // when
    const { id } = await engine.start('dinner', { variables: { month: 7, guests: 2 } });
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    const evaluated = (await engine.history(id)).find((e) => e.type === 'decision.evaluated');
    expect(evaluated?.elementId).to.equal('decide');
    expect(evaluated?.decision).to.deep.equal({
      decisionKey: 'dish:1',
      decisionId: 'dish',
      version: 1,
      evaluated: [
        { decisionId: 'season', decisionName: 'Season', decisionType: 'literalExpression', output: 'Summer' },
        {
          decisionId: 'dish',
          decisionName: 'Dish',
          decisionType: 'decisionTable',
          matchedRules: [{ ruleId: 'summer', ruleIndex: 3, outputs: { dish: 'Light salad' } }],
          output: 'Light salad',
        },
      ],
    });
  });

  it('should find the decision by a FEEL decision id', async () => {
    // given
    await engine.deployFiles([
      { name: 'dish.dmn', xml: dish },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-expression.bpmn') },
    ]);

    // when
    const { id } = await engine.start('dinner-by-expression', { variables: { decisionToUse: 'season', month: 1 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.meal).to.equal('Winter');
  });

  it('should keep the version deployed with the process for the deployment binding', async () => {
    // given
    await engine.deployFiles([
      { name: 'dish.dmn', xml: dish },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-deployment.bpmn') },
    ]);
    await engine.deploy({ name: 'dish.dmn', xml: dish.replace('"Roastbeef"', '"Goulash"') });

    // when
    const { id } = await engine.start('dinner-bound', { variables: { month: 12, guests: 4 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.meal).to.equal('Roastbeef');
  });

  it('should refuse the deployment binding when the deployment holds no such decision', async () => {
    // when
    const error = await engine.deploy({ name: 'dinner.bpmn', xml: fixture(here, 'business-rule-deployment.bpmn') }).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).problems[0]).to.include({ elementId: 'decide' });
    expect((error as ValidationError).problems[0].message).to.match(/no decision 'dish'/);
  });

  it('should refuse a called decision without a result variable, naming the element', async () => {
    // when
    const error = await engine.deploy({ name: 'dinner.bpmn', xml: fixture(here, 'business-rule-refused.bpmn') }).catch((e: unknown) => e);

    // then
    expect((error as ValidationError).problems).to.deep.include({
      processId: 'dinner-refused',
      elementId: 'decide',
      message: 'zeebe:calledDecision has no result variable',
    });
  });

  it('should raise an incident naming the decision and rule when evaluation fails, and go on once resolved', async () => {
    // given: two rules match for 8 guests in winter
    await engine.deployFiles([
      { name: 'dish.dmn', xml: dish.replace('<text>&gt; 8</text>', '<text>&gt;= 8</text>') },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-latest.bpmn') },
    ]);

    // when
    const { id } = await engine.start('dinner', { variables: { month: 1, guests: 8 } });
    const stuck = await until(engine, id, hasIncident);

    // then
    expect(stuck.incidents[0].elementId).to.equal('decide');
    expect(stuck.incidents[0].message).to.match(/^decision 'dish:1': rules 'winter-few' \(#1\), 'winter-many' \(#2\) all match/);

    // when: a fixed version is deployed and the incident resolved
    await engine.deploy({ name: 'dish.dmn', xml: dish });
    await engine.resolveIncident(id, stuck.incidents[0].id);
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.meal).to.equal('Roastbeef');
  });

  it('should raise an incident when no decision with the id is deployed', async () => {
    // given
    await engine.deploy({ name: 'dinner.bpmn', xml: fixture(here, 'business-rule-latest.bpmn') });

    // when
    const { id } = await engine.start('dinner', { variables: {} });
    const stuck = await until(engine, id, hasIncident);

    // then
    expect(stuck.incidents[0].message).to.equal("no decision 'dish' is deployed");
  });

  it('should make a runaway expression in a decision an incident naming the budget, not a hang', async function () {
    this.timeout(30_000);
    // given: a literal expression that would run for hours
    const runaway = dish.replace(
      /<literalExpression id="season-expression">[\s\S]*?<\/literalExpression>/,
      '<literalExpression id="season-expression"><text>count(for a in 1..100000000 return a)</text></literalExpression>',
    );
    await engine.close();
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 }, budget: { stepMs: 1_000, memoryMb: 128 } });
    await engine.deployFiles([
      { name: 'dish.dmn', xml: runaway },
      { name: 'dinner.bpmn', xml: fixture(here, 'business-rule-latest.bpmn') },
    ]);

    // when
    const { id } = await engine.start('dinner', { variables: { month: 1, guests: 2 } });
    const stuck = await until(engine, id, hasIncident, 10_000);

    // then
    expect(stuck.incidents.map((i) => i.elementId)).to.deep.equal(['decide']);
    expect(stuck.incidents[0].message).to.match(/(step budget of 1000 ms|memory budget of 128 MB)/);
  });

  it('should hand the work to a job worker when the task has a task definition', async () => {
    // given
    engine.handle('choose-dish', (job) => ({ meal: `soup for ${String(job.variables.guests)}` }));

    // when
    await engine.deploy({ name: 'dinner.bpmn', xml: fixture(here, 'business-rule-job.bpmn') });
    const { id } = await engine.start('dinner-by-worker', { variables: { guests: 3 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables.meal).to.equal('soup for 3');
  });
});
