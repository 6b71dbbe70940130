import { expect } from 'chai';
import { ConflictError, Engine, MigrationError, NotFoundError } from '../../engine/index.js';
import { fixture, until } from '../helpers.js';

const HOUR = 3_600_000;

describe('migrating instances to another version', () => {
  let engine: Engine;
  let now: number;

  beforeEach(async () => {
    now = Date.parse('2026-05-01T10:00:00Z');
    engine = await Engine.open({ clock: { now: () => now }, jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'shipment.bpmn', xml: fixture(import.meta.url, 'shipment-v1.bpmn') });
  });

  afterEach(async () => {
    await engine.close();
  });

  const deployV2 = () => engine.deploy({ name: 'shipment.bpmn', xml: fixture(import.meta.url, 'shipment-v2.bpmn') });
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );

  it('should move a waiting user task to its mapped element, keeping the task, and go on in the new version', async () => {
    // given
    const { id } = await engine.start('shipment', { variables: { orderId: 'A-1' } });
    const [task] = await engine.userTasks({ instanceId: id });
    await deployV2();

    // when
    const migrated = await engine.migrateInstance(id, { targetVersion: 2, mapping: { review: 'check' } });

    // then
    expect(migrated).to.include({ version: 2, definitionKey: 'shipment:2', status: 'active' });
    expect(migrated.activeElements.map((e) => [e.elementId, e.userTaskId])).to.deep.equal([['check', task.id]]);
    const [moved] = await engine.userTasks({ instanceId: id });
    expect(moved).to.include({ id: task.id, elementId: 'check', definitionKey: 'shipment:2', assignee: 'ann' });
    expect((await engine.history(id)).map((e) => e.type)).to.include('instance.migrated');

    // when: the task completes, the instance takes the path of version 2
    engine.handle('ship', async () => ({ shipped: true }));
    await engine.completeUserTask(task.id);
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });

    // then
    expect(done.variables).to.deep.equal({ orderId: 'A-1', labelled: 'L-A-1', shipped: true });
  });

  it('should make boundary events that only the new version has listen', async () => {
    // given
    const { id } = await engine.start('shipment', { variables: { orderId: 'A-1' } });
    await deployV2();
    await engine.migrateInstance(id, { targetVersion: 2, mapping: { review: 'check' } });

    // when
    now += HOUR;

    // then
    const ended = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
    expect((await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId)).to.include('late');
    expect(ended.activeElements).to.deep.equal([]);
  });

  it('should keep the key of a job waiting for its worker, and let the worker complete it in the new version', async () => {
    // given: the instance waits at 'ship', which no one serves yet
    const { id } = await engine.start('shipment', { variables: { orderId: 'A-1' } });
    const [task] = await engine.userTasks({ instanceId: id });
    await engine.completeUserTask(task.id);
    const before = await until(engine, id, (v) => v.activeElements.some((e) => e.elementId === 'ship' && e.jobKey !== undefined));
    await deployV2();

    // when
    const migrated = await engine.migrateInstance(id, { targetVersion: 2 });
    engine.handle('ship', async (job) => ({ shippedBy: job.context.definitionKey }));

    // then
    expect(migrated.activeElements[0].jobKey).to.equal(before.activeElements[0].jobKey);
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
    expect(done.variables.shippedBy).to.equal('shipment:2');
  });

  it('should index the search attributes that the new version declares', async () => {
    // given
    const { id } = await engine.start('shipment', { variables: { orderId: 'A-7' } });
    await deployV2();

    // when
    await engine.migrateInstance(id, { targetVersion: 2, mapping: { review: 'check' } });

    // then
    const page = await engine.queryInstances({ processId: 'shipment', where: { orderId: 'A-7' } });
    expect(page.items.map((i) => i.id)).to.deep.equal([id]);
  });

  it('should refuse, moving nothing, when an active element has no target, naming it and the reason', async () => {
    // given
    const { id } = await engine.start('shipment', { variables: { orderId: 'A-1' } });
    await deployV2();

    // when
    const error = await errorOf(engine.migrateInstance(id, { targetVersion: 2 }));

    // then
    expect(error).to.be.instanceOf(MigrationError);
    expect((error as MigrationError).problems).to.deep.equal([{ elementId: 'review', message: "version 2 has no element 'review'; map it to one" }]);
    expect(await engine.getInstance(id)).to.include({ version: 1, definitionKey: 'shipment:1' });
    expect((await engine.userTasks({ instanceId: id }))[0]).to.include({ elementId: 'review', definitionKey: 'shipment:1' });
  });

  it('should refuse a target of another type, and a mapping that names what does not exist', async () => {
    // given
    const { id } = await engine.start('shipment', { variables: { orderId: 'A-1' } });
    await deployV2();

    // when
    const error = await errorOf(engine.migrateInstance(id, { targetVersion: 2, mapping: { review: 'ship', nowhere: 'check', end: 'gone' } }));

    // then
    expect((error as MigrationError).problems).to.deep.equal([
      { elementId: 'nowhere', message: "the mapping names 'nowhere', which the instance's version does not have" },
      { elementId: 'end', message: "the mapping leads to 'gone', which version 2 does not have" },
      { elementId: 'review', message: "it is a userTask, its target 'ship' is a serviceTask" },
    ]);
  });

  it('should move the tokens inside a sub-process with the sub-process, and refuse a target outside it', async () => {
    // given
    await engine.deploy({ name: 'nested.bpmn', xml: fixture(import.meta.url, 'nested-v1.bpmn') });
    const { id } = await engine.start('nested');
    await engine.deploy({ name: 'nested.bpmn', xml: fixture(import.meta.url, 'nested-v2.bpmn') });

    // when
    const outside = await errorOf(engine.migrateInstance(id, { targetVersion: 2, mapping: { handling: 'processing', work: 'work2' } }));
    const moved = await engine.migrateInstance(id, { targetVersion: 2, mapping: { handling: 'processing' } });

    // then
    expect((outside as MigrationError).problems).to.deep.equal([
      { elementId: 'work', message: "its target 'work2' is in 'nested', not in 'processing' where the token is" },
    ]);
    expect(moved.activeElements.map((e) => e.elementId).sort()).to.deep.equal(['processing', 'work']);
    const [task] = await engine.userTasks({ instanceId: id });
    await engine.completeUserTask(task.id);
    const [after] = await engine.userTasks({ instanceId: id });
    expect(after.elementId).to.equal('after');
  });

  it('should refuse instances inside a multi-instance activity, saying that it is not done yet', async () => {
    // given
    await engine.deploy({ name: 'batch.bpmn', xml: fixture(import.meta.url, 'batch-v1.bpmn') });
    await engine.deploy({ name: 'batch.bpmn', xml: fixture(import.meta.url, 'batch-v2.bpmn') });
    const { id } = await engine.start('batch', { variables: { items: [1, 2] }, version: 1 });

    // when
    const error = await errorOf(engine.migrateInstance(id, { targetVersion: 2 }));

    // then
    expect((error as MigrationError).problems).to.deep.equal([
      { elementId: 'each', message: 'instances inside multi-instance activities cannot be migrated yet' },
    ]);
  });

  it('should refuse to move an instance to a version of another environment', async () => {
    // given
    const { id } = await engine.start('shipment');
    await engine.deploy({ name: 'shipment.bpmn', xml: fixture(import.meta.url, 'shipment-v2.bpmn'), environment: 'staging' });

    // when
    const error = await errorOf(engine.migrateInstance(id, { targetVersion: 2, mapping: { review: 'check' } }));

    // then
    expect((error as MigrationError).problems).to.deep.equal([{ message: "version 2 belongs to environment 'staging', the instance's version to 'default'" }]);
  });

  it('should refuse an ended instance with a ConflictError and an unknown version with a NotFoundError', async () => {
    // given
    const { id } = await engine.start('shipment');
    await engine.cancel(id);

    // then
    expect(await errorOf(engine.migrateInstance(id, { targetVersion: 1 }))).to.be.instanceOf(ConflictError);
    const other = await engine.start('shipment');
    expect(await errorOf(engine.migrateInstance(other.id, { targetVersion: 9 }))).to.be.instanceOf(NotFoundError);
    expect(await errorOf(engine.migrateInstance('nobody', { targetVersion: 1 }))).to.be.instanceOf(NotFoundError);
  });
});
