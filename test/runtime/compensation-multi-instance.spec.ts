/** Compensation inside multi-instance activities: each completed inner instance is compensated (as in Zeebe). */
import { expect } from 'chai';
import { Engine } from '../../engine/index.js';
import { deployAndStart, openEngine } from '../helpers.js';

describe('compensation of a multi-instance activity', () => {
  let engine: Engine;

  beforeEach(async () => {
    ({ engine } = await openEngine());
  });
  afterEach(() => engine.close());

  it('should run the compensation handler once for each completed inner instance, with its own input element', async () => {
    // given
    const cancelled: unknown[] = [];
    engine.handle('book', async () => ({}));
    engine.handle('cancel-flight', async (job) => {
      cancelled.push(job.variables.flight);
      return {};
    });

    // when
    const { id } = await deployAndStart(engine, import.meta.url, 'compensation-multi-instance.bpmn', 'bookEach', {
      variables: { flights: ['LH1', 'LH2', 'LH3'] },
    });

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 5_000 });
    expect([...cancelled].sort()).to.deep.equal(['LH1', 'LH2', 'LH3']);
  });

  it('should compensate the runs of a sequential multi-instance activity latest first', async () => {
    // given
    const cancelled: unknown[] = [];
    engine.handle('book', async () => ({}));
    engine.handle('cancel-flight', async (job) => {
      cancelled.push(job.variables.flight);
      return {};
    });

    // when
    const { id } = await deployAndStart(engine, import.meta.url, 'compensation-multi-instance.bpmn', 'bookInTurn', {
      variables: { flights: ['LH1', 'LH2', 'LH3'] },
    });

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 5_000 });
    expect(cancelled).to.deep.equal(['LH3', 'LH2', 'LH1']);
  });
});
