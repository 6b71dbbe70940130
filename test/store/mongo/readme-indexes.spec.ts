/** The README's index table of the MongoDB store lists every index the store creates, and nothing else. */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import * as plans from '../../../engine/store/mongo/indexes.js';

const BY_COLLECTION: Record<string, readonly plans.IndexPlan[]> = {
  instances: plans.INSTANCE_INDEXES,
  history: plans.HISTORY_INDEXES,
  jobs: plans.JOB_INDEXES,
  user_tasks: plans.USER_TASK_INDEXES,
  subscriptions: plans.SUBSCRIPTION_INDEXES,
  messages: plans.MESSAGE_INDEXES,
  definitions: plans.DEFINITION_INDEXES,
  decisions: plans.DECISION_INDEXES,
  numeric_keys: plans.NUMERIC_KEY_INDEXES,
  activity_minutes: plans.ACTIVITY_INDEXES,
};

describe('README: the MongoDB store index table', () => {
  it('should list each index of the plans with its collection and fields', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Collections and indexes'), readme.indexOf('### Sharding'));
    const listed = [...section.matchAll(/^\| `(\w+)` \| `([^`]+)` \|/gm)].map(([, collection, fields]) => `${collection}: ${fields}`);
    const planned = Object.entries(BY_COLLECTION).flatMap(([collection, list]) => list.map((plan) => `${collection}: ${Object.keys(plan.keys).join(', ')}`));
    expect(listed).to.deep.equal(planned);
  });
});
