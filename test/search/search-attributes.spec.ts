import { expect } from 'chai';
import { Engine, InvalidArgumentError, ValidationError } from '../../engine/index.js';
import { compileBpmn } from '../../engine/model/compile.js';
import { fixture } from '../helpers.js';

const xml = fixture(import.meta.url, 'order-search.bpmn');

describe('search attributes', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ store: 'memory', jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'order-search.bpmn', xml });
  });

  afterEach(async () => {
    await engine.close();
  });

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id).sort();

  it('should read the declared names from the zeebe:properties entry of the process', async () => {
    // when
    const { processes } = await compileBpmn(xml);

    // then
    expect(processes[0].searchAttributes).to.deep.equal(['orderId', 'total', 'customer.tier']);
  });

  it('should refuse a diagram declaring a name that is not a variable name or dotted path', async () => {
    // when
    const error = await compileBpmn(fixture(import.meta.url, 'bad-attributes.bpmn')).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.message)).to.deep.equal([
      "baton:searchAttributes: 'order id' is not a variable name or dotted path (letters, digits and _, at most 128 characters)",
      "baton:searchAttributes: 'x..y' is not a variable name or dotted path (letters, digits and _, at most 128 characters)",
    ]);
  });

  it('should find instances by the values of their root scope, dotted paths included', async () => {
    // given
    const gold = await engine.start('order', { variables: { orderId: 'A-1', total: 42, customer: { tier: 'gold' } } });
    const silver = await engine.start('order', { variables: { orderId: 'A-2', total: 7, customer: { tier: 'silver' } } });
    await engine.start('order', { variables: { orderId: 'B-1', total: 'a lot' } });

    // when
    const page = await engine.queryInstances({ processId: 'order', where: { and: [{ total: { gt: 5 } }, { orderId: { prefix: 'A-' } }] } });
    const tiers = await engine.queryInstances({ where: { 'customer.tier': { in: ['gold', 'bronze'] } } });

    // then
    expect(ids(page)).to.deep.equal([gold.id, silver.id].sort());
    expect(ids(tiers)).to.deep.equal([gold.id]);
  });

  it('should index the values each step leaves, until the instance ends', async () => {
    // given
    const { id } = await engine.start('order', { variables: { orderId: 'A-1', total: 10 } });
    await engine.setVariables(id, { total: 99 });
    expect(ids(await engine.queryInstances({ where: { total: 99 } }))).to.deep.equal([id]);

    // when
    const [review] = await engine.userTasks({ instanceId: id });
    await engine.completeUserTask(review.id, { total: 100 });

    // then
    expect(ids(await engine.queryInstances({ where: { total: 99 } }))).to.deep.equal([]);
    expect(ids(await engine.queryInstances({ status: 'completed', where: { total: { gte: 100 } } }))).to.deep.equal([id]);
  });

  it('should refuse a filter on an attribute the process does not declare, naming those it does', async () => {
    // when
    const error = await engine.queryInstances({ processId: 'order', where: { totl: { gt: 1 } } }).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.equal("where: process 'order' has no search attribute 'totl'; its search attributes are orderId, total, customer.tier");
  });

  it('should find instances of one version and started in a time range', async () => {
    // given
    const first = await engine.start('order', { variables: { total: 1 } });
    await engine.deploy({ name: 'order-search.bpmn', xml: xml.replace('name="Review"', 'name="Review again"') });
    const second = await engine.start('order', { variables: { total: 1 } });

    // when
    const v2 = await engine.queryInstances({ processId: 'order', version: 2 });
    const fromNow = await engine.queryInstances({ startedAfter: Date.parse(second.startedAt) });

    // then
    expect(ids(v2)).to.deep.equal([second.id]);
    expect(ids(fromNow)).to.include(second.id);
    expect(ids(await engine.queryInstances({ startedBefore: Date.parse(first.startedAt) }))).to.deep.equal([]);
    const error = await engine.queryInstances({ version: 2 }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('version needs a processId: versions are numbered per process');
  });
});
