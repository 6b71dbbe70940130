/**
 * A step's commit on MongoDB: the instance with its rev check, its jobs,
 * user tasks, subscriptions, retargets and history written by one
 * multi-document transaction, so that a crash or a lost race leaves all of
 * it or none. The rev check is the update's filter: a step computed from a
 * state another process has moved on from matches nothing, and the whole
 * transaction is dropped (ConflictError). Two transactions writing the same
 * instance at once conflict inside MongoDB (a transient WriteConflict); the
 * driver retries the loser, whose filter then no longer matches.
 */
import type mongoose from 'mongoose';
import { ConflictError } from '../../errors.js';
import type { Effects } from '../../runtime/records.js';
import type { InstanceState } from '../../runtime/state.js';
import { isDuplicateKey, type Collections, type InstanceDoc } from './connection.js';
import { jobDoc, subscriptionDoc, userTaskDoc } from './documents.js';
import { instanceFields } from './instance-queries.js';

type Session = mongoose.mongo.ClientSession;

/** Which of the optional indexed fields an instance document drops when the state no longer has them. */
const OPTIONAL_FIELDS = ['businessKey', 'parentInstanceId', 'endedAt'] as const;

/**
 * The step's documents, made before anything is awaited: a caller that changes
 * its state or effects after calling commit cannot change what is written.
 */
export function stepDocuments(state: InstanceState, effects: Effects) {
  const { _id, ...fields } = instanceFields(state);
  return {
    instance: { _id, fields, doc: { ...fields, rev: state.rev, body: JSON.stringify(state) }, keepAttributes: !state.searchAttributes },
    ended: state.status !== 'active',
    deleteJobs: [...effects.deleteJobs],
    jobs: effects.createJobs.map(jobDoc),
    deleteUserTasks: [...effects.deleteUserTasks],
    userTasks: effects.createUserTasks.map((task) => (seq: number) => userTaskDoc(task, seq)),
    deleteSubscriptions: [...effects.deleteSubscriptions],
    subscriptions: effects.createSubscriptions.map(subscriptionDoc),
    retarget: (effects.retarget ?? []).map((r) => ({ ...r })),
    history: effects.events.length
      ? { _id: `${state.id}/${state.rev}`, instanceId: state.id, rev: state.rev, body: JSON.stringify(effects.events) }
      : undefined,
  };
}

export type StepDocuments = ReturnType<typeof stepDocuments>;

/** `firstSeq`: the number of the step's first new user task (taken before the transaction, see ./mongo-store.ts). */
export async function writeStep(c: Collections, session: Session, step: StepDocuments, firstSeq: number): Promise<void> {
  await writeInstance(c, session, step.instance);
  const id = step.instance._id;
  if (step.ended) await c.secrets.deleteOne({ _id: id }, { session });
  if (step.deleteJobs.length) await c.jobs.deleteMany({ _id: { $in: step.deleteJobs } }, { session });
  if (step.jobs.length) {
    await c.jobs.bulkWrite(
      step.jobs.map((job) => ({ replaceOne: { filter: { _id: job._id }, replacement: job, upsert: true } })),
      { session, ordered: true },
    );
  }
  if (step.deleteUserTasks.length) await c.user_tasks.deleteMany({ _id: { $in: step.deleteUserTasks } }, { session });
  if (step.userTasks.length) {
    const tasks = step.userTasks.map((at, i) => at(firstSeq + i));
    await c.user_tasks.bulkWrite(
      tasks.map((task) => ({ replaceOne: { filter: { _id: task._id }, replacement: task, upsert: true } })),
      { session, ordered: true },
    );
  }
  if (step.deleteSubscriptions.length) await c.subscriptions.deleteMany({ _id: { $in: step.deleteSubscriptions } }, { session });
  if (step.subscriptions.length) {
    await c.subscriptions.bulkWrite(
      step.subscriptions.map((s) => ({ replaceOne: { filter: { _id: s._id }, replacement: s, upsert: true } })),
      { session, ordered: true },
    );
  }
  for (const { kind, key, definitionKey, elementId } of step.retarget) {
    const target = kind === 'job' ? c.jobs : kind === 'userTask' ? c.user_tasks : c.subscriptions;
    await (target as Collections['jobs']).updateOne({ _id: key }, { $set: { definitionKey, elementId } }, { session });
  }
  if (step.history) await c.history.insertOne(step.history, { session });
}

async function writeInstance(c: Collections, session: Session, { _id, fields, doc, keepAttributes }: StepDocuments['instance']): Promise<void> {
  if (doc.rev === 1) {
    try {
      await c.instances.insertOne({ _id, ...doc }, { session });
      return;
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError(`instance ${_id} exists already`);
      throw error;
    }
  }
  // No search attributes on the state leaves the stored ones as they were, as in the other stores.
  const set: Partial<InstanceDoc> = { ...doc };
  if (keepAttributes) delete set.attrs;
  const unset: Record<string, ''> = Object.fromEntries(OPTIONAL_FIELDS.filter((field) => fields[field] === undefined).map((field) => [field, '']));
  const result = await c.instances.updateOne({ _id, rev: doc.rev - 1 }, Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set }, { session });
  if (result.matchedCount === 0) {
    const stored = await c.instances.findOne({ _id }, { projection: { rev: 1 }, session });
    throw new ConflictError(`instance ${_id} is at rev ${stored?.rev ?? 0}, not ${doc.rev - 1}`);
  }
}
