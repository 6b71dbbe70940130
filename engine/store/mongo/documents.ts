/**
 * Records as the MongoDB store's documents and back (./schemas.ts): the
 * fields the store queries or changes in place are document fields, the
 * rest one JSON `body`. Reading merges the fields over the body, so a field
 * changed in place (a lease, an assignee, a migration's new element) wins.
 * Pure functions, no mongoose.
 */
import type { DecisionGraph } from '../../dmn/types.js';
import type { ProcessModel } from '../../model/types.js';
import type { JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../../runtime/records.js';
import type { DecisionInfo, DecisionRecord, DefinitionInfo, DefinitionRecord } from '../store.js';
import { userTaskFields, type UserTaskFields } from './user-task-queries.js';

/** Leaves out undefined fields: MongoDB would store them as null. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

export interface DefinitionDoc extends Omit<DefinitionInfo, 'key'> {
  _id: string;
  xml: string;
  body: string;
}

export function definitionDoc({ key, xml, model, ...info }: DefinitionRecord): DefinitionDoc {
  return defined({ _id: key, ...info, xml, body: JSON.stringify(model) });
}

export function definitionInfo({ _id, xml: _xml, body: _body, ...info }: DefinitionDoc): DefinitionInfo {
  return { key: _id, ...info };
}

export function definitionRecord(doc: DefinitionDoc): DefinitionRecord {
  return { ...definitionInfo(doc), xml: doc.xml, model: JSON.parse(doc.body) as ProcessModel };
}

/** Every field but the XML and the body: what lists read. */
export const INFO_PROJECTION = { xml: 0, body: 0 } as const;

export interface DecisionDoc extends Omit<DecisionInfo, 'key'> {
  _id: string;
  xml: string;
  body: string;
}

export function decisionDoc({ key, xml, graph, ...info }: DecisionRecord): DecisionDoc {
  return defined({ _id: key, ...info, xml, body: JSON.stringify(graph) });
}

export function decisionInfo({ _id, xml: _xml, body: _body, ...info }: DecisionDoc): DecisionInfo {
  return { key: _id, ...info };
}

export function decisionRecord(doc: DecisionDoc): DecisionRecord {
  return { ...decisionInfo(doc), xml: doc.xml, graph: JSON.parse(doc.body) as DecisionGraph };
}

/** The job fields that are changed in place: leases, failures, a migration's retarget. */
type JobFieldName = 'instanceId' | 'processId' | 'definitionKey' | 'elementId' | 'type' | 'dueAt' | 'retries' | 'errorMessage' | 'lockOwner' | 'lockExpiresAt';

export type JobDoc = Pick<JobRecord, JobFieldName> & { _id: string; body: string };

export function jobDoc(job: JobRecord): JobDoc {
  const { key, instanceId, processId, definitionKey, elementId, type, dueAt, retries, errorMessage, lockOwner, lockExpiresAt, ...rest } = job;
  return defined({
    _id: key,
    instanceId,
    processId,
    definitionKey,
    elementId,
    type,
    dueAt,
    retries,
    errorMessage,
    lockOwner,
    lockExpiresAt,
    body: JSON.stringify(rest),
  });
}

export function jobRecord({ _id, body, ...fields }: JobDoc): JobRecord {
  return { key: _id, ...(JSON.parse(body) as Omit<JobRecord, 'key' | JobFieldName>), ...fields };
}

export type UserTaskDoc = UserTaskFields & Pick<UserTaskRecord, 'definitionKey' | 'elementId'> & { body: string };

export function userTaskDoc(task: UserTaskRecord, seq: number): UserTaskDoc {
  const { id: _id, instanceId: _i, processId: _p, definitionKey, elementId, assignee: _a, candidateGroups: _g, candidateUsers: _u, ...rest } = task;
  return defined({ ...userTaskFields(task, seq), definitionKey, elementId, body: JSON.stringify(rest) });
}

export function userTaskRecord({ _id, seq: _seq, body, ...fields }: UserTaskDoc): UserTaskRecord {
  return { id: _id, ...(JSON.parse(body) as Omit<UserTaskRecord, 'id'>), ...fields };
}

export type SubscriptionDoc = Omit<SubscriptionRecord, 'key'> & { _id: string };

export function subscriptionDoc({ key, ...rest }: SubscriptionRecord): SubscriptionDoc {
  return defined({ _id: key, ...rest });
}

export function subscriptionRecord({ _id, ...rest }: SubscriptionDoc): SubscriptionRecord {
  return { key: _id, ...rest };
}

export type MessageDoc = Omit<MessageRecord, 'id' | 'variables'> & { _id: string; expireAt: Date; body: string };

export function messageDoc({ id, variables, ...rest }: MessageRecord): MessageDoc {
  // A message that never expires (or past what a Date holds) gets the latest date the TTL index can keep.
  const expireAt = new Date(Math.min(rest.expiresAt, 8.64e15));
  return defined({ _id: id, ...rest, correlatedProcesses: [...new Set(rest.correlatedProcesses)], expireAt, body: JSON.stringify(variables) });
}

export function messageRecord({ _id, expireAt: _expireAt, body, ...rest }: MessageDoc): MessageRecord {
  return { id: _id, ...rest, variables: JSON.parse(body) as Record<string, unknown> };
}
