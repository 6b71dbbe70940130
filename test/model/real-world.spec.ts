/**
 * Diagrams as other tools write them, found by the BPMN MIWG conformance run
 * (test/conformance): what real files carry that a hand-made fixture does not.
 */
import { expect } from 'chai';
import { Engine, ValidationError, type Job } from '../../engine/index.js';
import { deployAndStart, fixture } from '../helpers.js';

const here = import.meta.url;

describe('diagrams as other tools write them', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
  });

  afterEach(() => engine.close());

  it('should deploy and run a document whose XML declaration names ISO-8859-1 (the text arrives decoded)', async () => {
    // given
    const xml = fixture(here, 'declared-latin1.bpmn');

    // when
    const { processes } = await engine.deploy({ name: 'declared-latin1.bpmn', xml });
    const { id } = await engine.start('latin1');

    // then
    expect(processes.map((p) => p.processId)).to.deep.equal(['latin1']);
    expect((await engine.waitFor(id, 'completed', { timeoutMs: 2_000 })).status).to.equal('completed');
  });

  it('should run message throw events without a message reference as jobs, as Zeebe does', async () => {
    // given
    const jobs: Job[] = [];
    engine.handle('notify-customer', (job) => void jobs.push(job));
    engine.handle('inform-operations', (job) => void jobs.push(job));

    // when
    const { id } = await deployAndStart(engine, here, 'message-throw-without-message.bpmn', 'notifying');

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(jobs.map((job) => [job.type, job.context.elementId])).to.deep.equal([
      ['notify-customer', 'notified'],
      ['inform-operations', 'informed'],
    ]);
  });

  it('should refuse a start event with an unsupported definition once, not also as a second none start event', async () => {
    // given
    const xml = fixture(here, 'refused-start-event.bpmn');

    // when
    const error = await engine.deploy({ name: 'refused-start-event.bpmn', xml }).then(
      () => undefined,
      (e: unknown) => e,
    );

    // then
    expect(error).to.be.instanceOf(ValidationError);
    const { problems } = error as ValidationError;
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ processId: 'twoStarts', elementId: 'conditionalStart' });
    expect(problems[0].message).to.match(/cannot be a conditional event/);
  });
});
