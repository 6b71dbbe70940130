import { expect } from 'chai';
import { ConflictError } from '../../../engine/errors.js';
import type { DecisionRecord, Store } from '../../../engine/store/store.js';
import { type ContractContext, rejectionOf } from './factories.js';

function aDecision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  const decisionId = overrides.decisionId ?? 'discount';
  const version = overrides.version ?? 1;
  return {
    key: `${decisionId}:${version}`,
    decisionId,
    version,
    name: 'Discount',
    requirementsId: 'pricing',
    hash: `hash-${decisionId}-${version}`,
    resourceName: 'pricing.dmn',
    xml: `<definitions id="pricing-${version}"/>`,
    graph: {
      id: 'pricing',
      decisions: {
        [decisionId]: { id: decisionId, variable: decisionId, requires: [], logic: { kind: 'literal', expression: { kind: 'feel', source: '1', names: [] } } },
      },
    },
    deployedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function decisionsContract(ctx: ContractContext): void {
  describe('decisions', () => {
    let store: Store;

    beforeEach(() => {
      store = ctx.store;
    });

    it('should return an inserted decision by its key, with its graph', async () => {
      // given
      const decision = aDecision({ deployedBy: 'ops' });

      // when
      await store.insertDecision(decision);

      // then
      expect(await store.getDecision('discount:1')).to.deep.equal(decision);
      expect(await store.getDecision('discount:2')).to.equal(undefined);
    });

    it('should refuse a second decision with the same id and version', async () => {
      // given
      await store.insertDecision(aDecision());

      // when
      const error = await rejectionOf(store.insertDecision(aDecision({ hash: 'other' })));

      // then
      expect(error).to.be.instanceOf(ConflictError);
    });

    it('should find the latest version of a decision', async () => {
      // given
      await store.insertDecision(aDecision({ version: 2 }));
      await store.insertDecision(aDecision({ version: 1 }));
      await store.insertDecision(aDecision({ decisionId: 'other', version: 7 }));

      // when
      const latest = await store.latestDecision('discount');

      // then
      expect(latest?.key).to.equal('discount:2');
      expect(await store.latestDecision('nope')).to.equal(undefined);
    });

    it('should list decisions without XML and graph, by decision id and version', async () => {
      // given
      await store.insertDecision(aDecision({ version: 2 }));
      await store.insertDecision(aDecision({ decisionId: 'alpha' }));
      const first = aDecision({ version: 1 });
      delete first.name;
      await store.insertDecision(first);

      // when
      const all = await store.queryDecisions({});
      const one = await store.queryDecisions({ decisionId: 'discount' });

      // then
      expect(all.map((d) => d.key)).to.deep.equal(['alpha:1', 'discount:1', 'discount:2']);
      expect(one.map((d) => d.key)).to.deep.equal(['discount:1', 'discount:2']);
      expect(one[0]).not.to.have.property('name');
      expect(one[0]).not.to.have.property('xml');
      expect(one[0]).not.to.have.property('graph');
    });
  });
}
