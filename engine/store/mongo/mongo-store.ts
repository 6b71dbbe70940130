/**
 * The MongoDB store: the Store contract on a replica set or a sharded
 * cluster, for several engine processes on one store. A step is one
 * transaction (./commit.ts); everything else is a single-document atomic
 * operation: a job is leased by findOneAndUpdate, reports on it match only
 * while its lease holder still holds it, a message claim is a conditional
 * $push, an assignment a conditional update, secrets a compare-and-set.
 * Dashboard counters are $inc upserts written right after the step's
 * transaction, outside it, so that concurrent steps never conflict on a hot
 * counter document (a crash between the two loses that step's count, never
 * the step). Every value a caller passes into a filter is compared with
 * `$eq`, so that an object where a string belongs (`{ $ne: null }`) is a
 * value to match, never an operator.
 */
import type mongoose from 'mongoose';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Effects, HistoryEvent, JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../../runtime/records.js';
import type { InstanceState } from '../../runtime/state.js';
import type {
  AcquireJobsRequest,
  DecisionInfo,
  DecisionRecord,
  DefinitionInfo,
  DefinitionPatch,
  DefinitionQuery,
  DefinitionRecord,
  InstanceQuery,
  JobFailure,
  MessageQuery,
  PurgeRequest,
  SealedSecrets,
  StartTriggers,
  Store,
  SubscriptionQuery,
  UserTaskPage,
  UserTaskPageQuery,
  UserTaskQuery,
} from '../store.js';
import { FIRST_NUMERIC_KEY } from '../store.js';
import { assignmentConflict, pageLimit } from '../queries.js';
import { commitStats, type ActivityMinute, type ElementDuration, type VersionLoad } from '../stats.js';
import { stepDocuments, writeStep } from './commit.js';
import { connect, isDuplicateKey, nextSeq, type Collections, type MongoStoreOptions } from './connection.js';
import {
  INFO_PROJECTION,
  decisionDoc,
  decisionInfo,
  decisionRecord,
  definitionDoc,
  definitionInfo,
  definitionRecord,
  jobDoc,
  jobRecord,
  messageDoc,
  messageRecord,
  subscriptionDoc,
  subscriptionRecord,
  userTaskRecord,
  type UserTaskDoc,
} from './documents.js';
import { instanceQuery } from './instance-queries.js';
import { dueFilter, heldBy, leaseUpdate } from './job-leases.js';
import { purgeFilter } from './purge.js';
import { MongoStats } from './stats.js';
import { userTaskQuery } from './user-task-queries.js';

const TRANSACTION = { writeConcern: { w: 'majority' as const }, readConcern: { level: 'snapshot' as const } };
const RELEASE = { $unset: { lockOwner: '' as const, lockExpiresAt: '' as const } };

export class MongoStore implements Store {
  private readonly stats: MongoStats;

  private constructor(
    private readonly connection: mongoose.Connection,
    private readonly c: Collections,
  ) {
    this.stats = new MongoStats(c);
  }

  /** Connects, refuses a server without transactions, creates the collections and indexes. */
  static async open(url: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
    const { connection, collections } = await connect(url, options);
    return new MongoStore(connection, collections);
  }

  /** Runs `work` as one transaction; the driver retries it on a transient error (a write conflict, an election). */
  private async transaction<T>(work: (session: mongoose.mongo.ClientSession) => Promise<T>): Promise<T> {
    const session = this.connection.getClient().startSession();
    try {
      return await session.withTransaction(work, TRANSACTION);
    } finally {
      await session.endSession();
    }
  }

  async insertDefinition(definition: DefinitionRecord): Promise<void> {
    try {
      await this.c.definitions.insertOne(definitionDoc(definition));
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError(`process '${definition.processId}' already has version ${definition.version}`);
      throw error;
    }
  }

  async getDefinition(key: string): Promise<DefinitionRecord | undefined> {
    const doc = await this.c.definitions.findOne({ _id: { $eq: key } });
    return doc ? definitionRecord(doc) : undefined;
  }

  async findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined> {
    const doc = await this.c.definitions.findOne(
      { processId: { $eq: processId }, hash: { $eq: hash }, deletedAt: { $exists: false } },
      { sort: { version: 1 } },
    );
    return doc ? definitionRecord(doc) : undefined;
  }

  async latestDefinition(processId: string): Promise<DefinitionRecord | undefined> {
    const doc = await this.c.definitions.findOne({ processId: { $eq: processId }, deletedAt: { $exists: false } }, { sort: { version: -1 } });
    return doc ? definitionRecord(doc) : undefined;
  }

  async latestDefinitionKey(processId: string): Promise<string | undefined> {
    const doc = await this.c.definitions.findOne(
      { processId: { $eq: processId }, deletedAt: { $exists: false } },
      { sort: { version: -1 }, projection: { _id: 1 } },
    );
    return doc?._id;
  }

  async listDefinitions(): Promise<DefinitionRecord[]> {
    const docs = await this.c.definitions
      .find({ deletedAt: { $exists: false } })
      .sort({ processId: 1, version: 1 })
      .toArray();
    return docs.map(definitionRecord);
  }

  async queryDefinitions(query: DefinitionQuery): Promise<DefinitionInfo[]> {
    const filter = {
      ...(query.includeDeleted ? {} : { deletedAt: { $exists: false } }),
      ...(query.processId !== undefined ? { processId: { $eq: query.processId } } : {}),
      ...(query.key !== undefined ? { _id: { $eq: query.key } } : {}),
    };
    const docs = await this.c.definitions.find(filter, { projection: INFO_PROJECTION }).sort({ processId: 1, version: 1 }).toArray();
    return docs.map(definitionInfo);
  }

  async updateDefinition(key: string, patch: DefinitionPatch): Promise<boolean> {
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) $unset[field] = '';
      else if (value !== undefined) $set[field] = value;
    }
    const filter = { _id: { $eq: key }, deletedAt: { $exists: false } };
    if (!Object.keys($set).length && !Object.keys($unset).length) return (await this.c.definitions.countDocuments(filter, { limit: 1 })) > 0;
    const result = await this.c.definitions.updateOne(filter, {
      ...(Object.keys($set).length ? { $set } : {}),
      ...(Object.keys($unset).length ? { $unset } : {}),
    });
    return result.matchedCount > 0;
  }

  async insertDecision(decision: DecisionRecord): Promise<void> {
    try {
      await this.c.decisions.insertOne(decisionDoc(decision));
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError(`decision '${decision.decisionId}' already has version ${decision.version}`);
      throw error;
    }
  }

  async getDecision(key: string): Promise<DecisionRecord | undefined> {
    const doc = await this.c.decisions.findOne({ _id: { $eq: key } });
    return doc ? decisionRecord(doc) : undefined;
  }

  async latestDecision(decisionId: string): Promise<DecisionRecord | undefined> {
    const doc = await this.c.decisions.findOne({ decisionId: { $eq: decisionId } }, { sort: { version: -1 } });
    return doc ? decisionRecord(doc) : undefined;
  }

  async queryDecisions(query: { decisionId?: string }): Promise<DecisionInfo[]> {
    const filter = query.decisionId !== undefined ? { decisionId: { $eq: query.decisionId } } : {};
    const docs = await this.c.decisions.find(filter, { projection: INFO_PROJECTION }).sort({ decisionId: 1, version: 1 }).toArray();
    return docs.map(decisionInfo);
  }

  async getInstance(id: string): Promise<InstanceState | undefined> {
    const doc = await this.c.instances.findOne({ _id: { $eq: id } }, { projection: { body: 1 } });
    return doc ? (JSON.parse(doc.body) as InstanceState) : undefined;
  }

  async putInstanceSecrets(instanceId: string, sealed: string | undefined): Promise<void> {
    if (sealed === undefined) await this.c.secrets.deleteOne({ _id: { $eq: instanceId } });
    else await this.c.secrets.updateOne({ _id: { $eq: instanceId } }, { $set: { sealed } }, { upsert: true });
  }

  async updateInstanceSecrets(instanceId: string, change: (sealed: string | undefined) => string | undefined): Promise<void> {
    // Compare-and-set: a write matches only what was read, else read again.
    for (;;) {
      const stored = (await this.c.secrets.findOne({ _id: { $eq: instanceId } }))?.sealed;
      const next = change(stored);
      if (next === stored) return;
      if (next === undefined) {
        if ((await this.c.secrets.deleteOne({ _id: { $eq: instanceId }, sealed: { $eq: stored } })).deletedCount) return;
      } else if (stored === undefined) {
        try {
          await this.c.secrets.insertOne({ _id: instanceId, sealed: next });
          return;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      } else if ((await this.c.secrets.updateOne({ _id: { $eq: instanceId }, sealed: { $eq: stored } }, { $set: { sealed: next } })).matchedCount) {
        return;
      }
    }
  }

  async instanceSecretsChain(instanceId: string): Promise<SealedSecrets[]> {
    const chain: SealedSecrets[] = [];
    const seen = new Set<string>();
    for (let id: string | undefined = instanceId; id && !seen.has(id);) {
      seen.add(id);
      const secret = await this.c.secrets.findOne({ _id: { $eq: id } });
      if (secret) chain.unshift({ instanceId: id, sealed: secret.sealed });
      id = (await this.c.instances.findOne({ _id: { $eq: id } }, { projection: { parentInstanceId: 1 } }))?.parentInstanceId;
    }
    return chain;
  }

  async commit(state: InstanceState, effects: Effects): Promise<void> {
    const step = stepDocuments(state, effects);
    const stats = commitStats(state, effects);
    // User task numbers are taken before the transaction: inside it, one counter document would make every
    // step that creates a task conflict with every other. The price: numbers follow creation, not commit
    // order, so a task page read between two such commits can miss the later-committing task until a reload.
    const seqs = step.userTasks.length ? await nextSeq(this.c, 'userTask', step.userTasks.length) : 0;
    await this.transaction((session) => writeStep(this.c, session, step, seqs - step.userTasks.length + 1));
    // The step is committed: a failing counter write (an election) loses a dashboard count, never fails the step.
    await this.stats.add(stats).catch(() => undefined);
  }

  async queryInstances(query: InstanceQuery): Promise<InstanceState[]> {
    const { filter, sort, limit } = instanceQuery(query);
    const docs = await this.c.instances
      .find(filter, { projection: { body: 1 } })
      .sort(sort)
      .limit(limit)
      .toArray();
    return docs.map((doc) => JSON.parse(doc.body) as InstanceState);
  }

  async acquireJobs(request: AcquireJobsRequest): Promise<JobRecord[]> {
    const { filter, sort } = dueFilter(request);
    const acquired: JobRecord[] = [];
    // One job per findOneAndUpdate: each take is atomic, so two engines never lease the same job.
    while (acquired.length < request.max) {
      const doc = await this.c.jobs.findOneAndUpdate(filter, leaseUpdate(request), { sort, returnDocument: 'after' });
      if (!doc) break;
      acquired.push(jobRecord(doc));
    }
    return acquired;
  }

  async getJob(key: string): Promise<JobRecord | undefined> {
    const doc = await this.c.jobs.findOne({ _id: { $eq: key } });
    return doc ? jobRecord(doc) : undefined;
  }

  async deleteJob(key: string, owner: string): Promise<boolean> {
    return (await this.c.jobs.deleteOne(heldBy(key, owner))).deletedCount > 0;
  }

  async failJob(key: string, owner: string, failure: JobFailure): Promise<boolean> {
    const { retries, dueAt, errorMessage } = failure;
    return (await this.c.jobs.updateOne(heldBy(key, owner), { $set: { retries, dueAt, errorMessage }, ...RELEASE })).matchedCount > 0;
  }

  async extendJobLease(key: string, owner: string, until: number): Promise<boolean> {
    return (await this.c.jobs.updateOne(heldBy(key, owner), { $set: { lockExpiresAt: until } })).matchedCount > 0;
  }

  async rescheduleJob(key: string, owner: string, dueAt: number): Promise<boolean> {
    return (await this.c.jobs.updateOne(heldBy(key, owner), { $set: { dueAt }, ...RELEASE })).matchedCount > 0;
  }

  async nextJobDueAt(types: string[], now: number): Promise<number | undefined> {
    const type = { $in: types };
    const [free, held] = await Promise.all([
      this.c.jobs.findOne(
        { type, $or: [{ lockOwner: { $exists: false } }, { lockExpiresAt: { $exists: false } }, { lockExpiresAt: { $lte: now } }] },
        { sort: { dueAt: 1 }, projection: { dueAt: 1 } },
      ),
      this.c.jobs.findOne({ type, lockExpiresAt: { $gt: now } }, { sort: { lockExpiresAt: 1 }, projection: { lockExpiresAt: 1 } }),
    ]);
    const times = [free?.dueAt, held?.lockExpiresAt].filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  async getUserTask(id: string): Promise<UserTaskRecord | undefined> {
    const doc = await this.c.user_tasks.findOne({ _id: { $eq: id } });
    return doc ? userTaskRecord(doc) : undefined;
  }

  async queryUserTasks(query: UserTaskQuery): Promise<UserTaskRecord[]> {
    const { filter, sort } = userTaskQuery(query);
    return (await this.c.user_tasks.find(filter).sort(sort).toArray()).map(userTaskRecord);
  }

  async pageUserTasks(query: UserTaskPageQuery): Promise<UserTaskPage> {
    const { filter, sort, limit } = userTaskQuery(query);
    const docs = await this.c.user_tasks
      .find(filter)
      .sort(sort)
      .limit(limit + 1)
      .toArray();
    const page = docs.slice(0, limit);
    return docs.length > limit ? { items: page.map(userTaskRecord), next: String(page[page.length - 1].seq) } : { items: page.map(userTaskRecord) };
  }

  async assignUserTask(id: string, assignee: string | undefined, ifAssignee?: Array<string | null>): Promise<UserTaskRecord> {
    // null in $in also matches a task without the field: no assignee.
    const filter: mongoose.mongo.Filter<UserTaskDoc> = ifAssignee ? { _id: { $eq: id }, assignee: { $in: ifAssignee as string[] } } : { _id: { $eq: id } };
    const update = assignee === undefined ? { $unset: { assignee: '' as const } } : { $set: { assignee } };
    const doc = await this.c.user_tasks.findOneAndUpdate(filter, update, { returnDocument: 'after' });
    if (doc) return userTaskRecord(doc);
    const stored = await this.c.user_tasks.findOne({ _id: { $eq: id } }, { projection: { assignee: 1 } });
    if (!stored) throw new NotFoundError(`no open user task '${id}'`);
    throw assignmentConflict(id, stored.assignee);
  }

  async findSubscriptions(query: SubscriptionQuery): Promise<SubscriptionRecord[]> {
    const conditions: Array<Record<string, unknown>> = [{ kind: { $eq: query.kind }, name: { $eq: query.name } }];
    // A start-event subscription (instanceId '') matches any correlation key.
    if (query.correlationKey !== undefined) conditions.push({ $or: [{ instanceId: '' }, { correlationKey: { $eq: query.correlationKey } }] });
    if (query.startEvents !== undefined) conditions.push({ instanceId: query.startEvents ? '' : { $ne: '' } });
    const docs = await this.c.subscriptions.find({ $and: conditions }).sort({ createdAt: 1, _id: 1 }).toArray();
    return docs.map(subscriptionRecord);
  }

  async replaceStartTriggers(processId: string, triggers: StartTriggers): Promise<void> {
    const subscriptions = triggers.subscriptions.map(subscriptionDoc);
    const jobs = triggers.jobs.map(jobDoc);
    await this.transaction(async (session) => {
      // A document per process that every replacement writes: two at once conflict and run one after the other,
      // instead of each deleting nothing and both inserting (a first deploy on two servers).
      await this.c.counters.updateOne({ _id: { $eq: `startTriggers/${processId}` } }, { $inc: { value: 1 } }, { upsert: true, session });
      await this.c.subscriptions.deleteMany({ processId: { $eq: processId }, instanceId: '' }, { session });
      await this.c.jobs.deleteMany({ processId: { $eq: processId }, instanceId: '' }, { session });
      if (subscriptions.length) await this.c.subscriptions.insertMany(subscriptions, { session });
      if (jobs.length) await this.c.jobs.insertMany(jobs, { session });
    });
  }

  async insertMessage(message: MessageRecord): Promise<boolean> {
    try {
      await this.c.messages.insertOne(messageDoc(message));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const doc = await this.c.messages.findOne({ _id: { $eq: id } });
    return doc ? messageRecord(doc) : undefined;
  }

  async findMessages(query: MessageQuery): Promise<MessageRecord[]> {
    const filter = { name: { $eq: query.name }, correlationKey: { $eq: query.correlationKey }, expiresAt: { $gt: query.now } };
    return (await this.c.messages.find(filter).sort({ publishedAt: 1, _id: 1 }).toArray()).map(messageRecord);
  }

  async claimMessage(id: string, processId: string): Promise<boolean> {
    const result = await this.c.messages.updateOne(
      { _id: { $eq: id }, correlatedProcesses: { $ne: processId } },
      { $push: { correlatedProcesses: processId } },
    );
    return result.modifiedCount > 0;
  }

  async releaseMessage(id: string, processId: string): Promise<void> {
    await this.c.messages.updateOne({ _id: { $eq: id } }, { $pull: { correlatedProcesses: processId } });
  }

  async deleteExpiredMessages(now: number): Promise<number> {
    return (await this.c.messages.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    const steps = await this.c.history
      .find({ instanceId: { $eq: instanceId } })
      .sort({ rev: 1 })
      .toArray();
    return steps.flatMap((step) => JSON.parse(step.body) as HistoryEvent[]);
  }

  async numericKey(kind: string, id: string): Promise<string> {
    for (;;) {
      const known = await this.c.numeric_keys.findOne({ kind: { $eq: kind }, id: { $eq: id } });
      if (known) return known._id;
      const key = String(FIRST_NUMERIC_KEY + (await nextSeq(this.c, 'numericKey', 1)) - 1);
      try {
        await this.c.numeric_keys.insertOne({ _id: key, kind, id });
        return key;
      } catch (error) {
        // Another process gave this id a key first: read it (the number taken is skipped).
        if (!isDuplicateKey(error)) throw error;
      }
    }
  }

  async idOfNumericKey(key: string): Promise<{ kind: string; id: string } | undefined> {
    const doc = await this.c.numeric_keys.findOne({ _id: { $eq: key } });
    return doc ? { kind: doc.kind, id: doc.id } : undefined;
  }

  activity(since: number): Promise<ActivityMinute[]> {
    return this.stats.activity(since);
  }

  versionLoad(): Promise<VersionLoad[]> {
    return this.stats.versionLoad();
  }

  slowestElements(limit: number): Promise<ElementDuration[]> {
    return this.stats.slowestElements(pageLimit(limit));
  }

  async purgeEndedInstances(request: PurgeRequest): Promise<string[]> {
    const due = purgeFilter(request);
    if (!due) return [];
    return this.transaction(async (session) => {
      const docs = await this.c.instances
        .find(due.filter, { projection: { _id: 1 }, session })
        .sort(due.sort)
        .limit(due.limit)
        .toArray();
      const ids = docs.map((doc) => doc._id);
      if (!ids.length) return [];
      const ofThem = { instanceId: { $in: ids } };
      await this.c.history.deleteMany(ofThem, { session });
      await this.c.jobs.deleteMany(ofThem, { session });
      await this.c.user_tasks.deleteMany(ofThem, { session });
      await this.c.subscriptions.deleteMany(ofThem, { session });
      await this.c.secrets.deleteMany({ _id: { $in: ids } }, { session });
      await this.c.instances.deleteMany({ _id: { $in: ids } }, { session });
      return ids;
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
