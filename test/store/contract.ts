/**
 * The Store contract: every adapter registers this suite and must pass it
 * unchanged. Each test gets a fresh, empty store from `makeStore`; the store
 * is closed and `cleanup` called after each test. The sections live in
 * ./contract/, one concern per file.
 */
import type { Store } from '../../engine/store/store.js';
import { commitContract } from './contract/commit.js';
import { copiesContract } from './contract/copies.js';
import { definitionMetadataContract } from './contract/definition-metadata.js';
import { decisionsContract } from './contract/decisions.js';
import { definitionsContract } from './contract/definitions.js';
import type { ContractContext } from './contract/factories.js';
import { instanceQueriesContract } from './contract/instance-queries.js';
import { jobsContract } from './contract/jobs.js';
import { messagesContract } from './contract/messages.js';
import { subscriptionsContract } from './contract/subscriptions.js';
import { userTasksContract } from './contract/user-tasks.js';
import { searchAttributesContract } from './contract/search-attributes.js';
import { retargetContract } from './contract/retarget.js';
import { environmentsContract } from './contract/environments.js';
import { retentionContract } from './contract/retention.js';
import { numericKeysContract } from './contract/numeric-keys.js';
import { statsContract } from './contract/stats.js';

export {
  aDefinition,
  aJob,
  aMessage,
  anEvent,
  anInstance,
  aSignalSubscription,
  aStartSubscription,
  aStartTimer,
  aSubscription,
  aUserTask,
  effects,
} from './contract/factories.js';

export function storeContract(name: string, makeStore: () => Promise<Store> | Store, cleanup?: () => Promise<void> | void): void {
  describe(`Store contract: ${name}`, () => {
    const ctx = {} as ContractContext;

    beforeEach(async () => {
      ctx.store = await makeStore();
    });

    afterEach(async () => {
      await ctx.store.close();
      await cleanup?.();
    });

    definitionsContract(ctx);
    definitionMetadataContract(ctx);
    decisionsContract(ctx);
    commitContract(ctx);
    jobsContract(ctx);
    userTasksContract(ctx);
    subscriptionsContract(ctx);
    messagesContract(ctx);
    instanceQueriesContract(ctx);
    searchAttributesContract(ctx);
    retargetContract(ctx);
    environmentsContract(ctx);
    copiesContract(ctx);
    retentionContract(ctx);
    numericKeysContract(ctx);
    statsContract(ctx);
  });
}
