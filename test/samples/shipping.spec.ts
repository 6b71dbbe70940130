import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import { undrawn } from './diagram.js';

const bpmn = new URL('../../samples/shipping.bpmn', import.meta.url);
const dmn = new URL('../../samples/shipping.dmn', import.meta.url);

describe('The shipping sample (a business rule task and its DMN)', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open();
    await engine.deployFiles([
      { name: 'shipping.dmn', xml: await readFile(dmn, 'utf8') },
      { name: 'shipping.bpmn', xml: await readFile(bpmn, 'utf8') },
    ]);
  });

  afterEach(() => engine.close());

  it('should draw every element', async () => {
    expect(await undrawn(await readFile(bpmn, 'utf8'))).to.deep.equal({ missing: [], dangling: [], warnings: [] });
  });

  for (const [weight, country, carrier, total] of [
    [0.5, 'DE', 'Post', 11.6],
    [5, 'DE', 'DHL', 15.49],
    [5, 'FR', 'UPS', 25],
    [30, 'DE', 'Freight', 89],
  ] as const) {
    it(`should ship ${weight} kg to ${country} with ${carrier}`, async () => {
      // when
      const { id } = await engine.start('shipping', { variables: { amount: 10, weight, country } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.shipping).to.deep.include({ carrier });
      expect(done.variables.total).to.be.closeTo(total, 1e-9);
    });
  }
});
