import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { fixture } from '../helpers.js';

const T0 = 1_700_000_000_000;

describe('Engine: task-type discovery', () => {
  let engine: Engine;
  const clock = {
    at: T0,
    now() {
      return this.at;
    },
  };

  beforeEach(async () => {
    clock.at = T0;
    engine = await Engine.open({ clock, jobs: { pollIntervalMs: 10 } });
  });

  afterEach(async () => {
    await engine.close();
  });

  it('should list handlers, polled types and the types deployed diagrams use, flagging those no one serves', async () => {
    // given
    engine.handle('charge-card', async () => ({}));
    await engine.deploy({ name: 'task-types.bpmn', xml: fixture(import.meta.url, 'task-types.bpmn') });
    await engine.deploy({ name: 'external-jobs.bpmn', xml: fixture(import.meta.url, 'external-jobs.bpmn') });
    clock.at = T0 + 1_000;
    await engine.activateJobs({ type: 'notify-customer', worker: 'mailer-1', maxJobs: 1, lockMs: 1_000 });
    await engine.activateJobs({ type: 'pdf-render', worker: 'renderer', maxJobs: 1, lockMs: 1_000 });

    // when
    const types = await engine.taskTypes();

    // then
    expect(types.connectors).to.deep.equal(['io.camunda:http-json:1']);
    expect(types.items).to.deep.equal([
      {
        type: 'charge-card',
        handler: true,
        worker: undefined,
        usedBy: [
          { processId: 'payment', version: 1, elementIds: ['charge'] },
          { processId: 'shipping', version: 1, elementIds: ['chargeShipping'] },
        ],
        unserved: false,
      },
      { type: 'legacy-print', handler: false, worker: undefined, usedBy: [{ processId: 'shipping', version: 1, elementIds: ['label'] }], unserved: true },
      {
        type: 'notify-customer',
        handler: false,
        worker: { name: 'mailer-1', lastPolledAt: new Date(T0 + 1_000).toISOString(), waiting: 0 },
        usedBy: [{ processId: 'shipping', version: 1, elementIds: ['notify', 'done'] }],
        unserved: false,
      },
      {
        type: 'pdf-render',
        handler: false,
        worker: { name: 'renderer', lastPolledAt: new Date(T0 + 1_000).toISOString(), waiting: 0 },
        usedBy: [],
        unserved: false,
      },
    ]);
    expect(types.dynamic).to.deep.equal([{ processId: 'shipping', version: 1, elementId: 'ship', expression: '=carrier + "-booking"' }]);
  });

  it('should read only the latest version of each process', async () => {
    // given
    const xml = fixture(import.meta.url, 'task-types.bpmn');
    await engine.deploy({ name: 'task-types.bpmn', xml });

    // when
    await engine.deploy({ name: 'task-types.bpmn', xml: xml.replace('legacy-print', 'print-label') });

    // then
    const types = (await engine.taskTypes()).items.map((t) => t.type);
    expect(types).to.include('print-label').and.not.include('legacy-print');
    expect((await engine.taskTypes()).items.find((t) => t.type === 'print-label')?.usedBy).to.deep.equal([
      { processId: 'shipping', version: 2, elementIds: ['label'] },
    ]);
  });

  it('should count a worker as serving its type only while it polled in the last 10 minutes', async () => {
    // given
    await engine.deploy({ name: 'external-jobs.bpmn', xml: fixture(import.meta.url, 'external-jobs.bpmn') });
    await engine.activateJobs({ type: 'charge-card', worker: 'payments-1', maxJobs: 1, lockMs: 1_000 });
    const unserved = async () => (await engine.taskTypes()).items.find((t) => t.type === 'charge-card')?.unserved;

    // when
    clock.at = T0 + 10 * 60_000;
    const atTenMinutes = await unserved();
    clock.at += 1;

    // then
    expect(atTenMinutes).to.equal(false);
    expect(await unserved()).to.equal(true);
  });
});
