/**
 * Opening the MongoDB store's connection: write concern `majority`, a check
 * that the server can run multi-document transactions (a replica set or a
 * sharded cluster; a standalone server is refused with what to do), and the
 * collections with their indexes.
 */
import mongoose from 'mongoose';
import { InvalidArgumentError } from '../../errors.js';
import type { DecisionDoc, DefinitionDoc, JobDoc, MessageDoc, SubscriptionDoc, UserTaskDoc } from './documents.js';
import type { InstanceFields } from './instance-queries.js';
import { ensureCollections, type CollectionName } from './schemas.js';

export type Collection<T extends mongoose.mongo.Document> = mongoose.mongo.Collection<T>;

export type InstanceDoc = InstanceFields & { rev: number; body: string };
export interface HistoryDoc {
  _id: string;
  instanceId: string;
  rev: number;
  body: string;
}
export interface SecretDoc {
  _id: string;
  sealed: string;
}
export interface NumericKeyDoc {
  _id: string;
  kind: string;
  id: string;
}
export interface CounterDoc {
  _id: string;
  value: number;
}
export interface ActivityDoc {
  _id: string;
  minute: number;
  processId: string;
  started: number;
  completed: number;
  incidents: number;
}
export interface DurationDoc {
  _id: string;
  processId: string;
  elementId: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

/** The store's collections, typed, as the driver gives them. */
export interface Collections {
  definitions: Collection<DefinitionDoc>;
  decisions: Collection<DecisionDoc>;
  instances: Collection<InstanceDoc>;
  history: Collection<HistoryDoc>;
  jobs: Collection<JobDoc>;
  user_tasks: Collection<UserTaskDoc>;
  subscriptions: Collection<SubscriptionDoc>;
  messages: Collection<MessageDoc>;
  secrets: Collection<SecretDoc>;
  numeric_keys: Collection<NumericKeyDoc>;
  counters: Collection<CounterDoc>;
  activity_minutes: Collection<ActivityDoc>;
  element_durations: Collection<DurationDoc>;
}

export interface MongoStoreOptions {
  /** How long to look for a server before giving up (ms); default 10 s. */
  serverSelectionTimeoutMS?: number;
}

/** The database when the URL names none. */
export const DEFAULT_DATABASE = 'baton';

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

export async function connect(url: string, options: MongoStoreOptions = {}): Promise<{ connection: mongoose.Connection; collections: Collections }> {
  const named = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url)?.[1];
  const connection = mongoose.createConnection(url, {
    dbName: named ? undefined : DEFAULT_DATABASE,
    writeConcern: { w: 'majority' },
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new InvalidArgumentError(`cannot reach MongoDB at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  try {
    await requireTransactions(connection, url);
    await ensureCollections(connection);
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  const db = connection.db!;
  const collection = <T extends mongoose.mongo.Document>(name: CollectionName) => db.collection<T>(name);
  const collections: Collections = {
    definitions: collection('definitions'),
    decisions: collection('decisions'),
    instances: collection('instances'),
    history: collection('history'),
    jobs: collection('jobs'),
    user_tasks: collection('user_tasks'),
    subscriptions: collection('subscriptions'),
    messages: collection('messages'),
    secrets: collection('secrets'),
    numeric_keys: collection('numeric_keys'),
    counters: collection('counters'),
    activity_minutes: collection('activity_minutes'),
    element_durations: collection('element_durations'),
  };
  return { connection, collections };
}

/** A step is one multi-document transaction: only replica set members and mongos run them. */
async function requireTransactions(connection: mongoose.Connection, url: string): Promise<void> {
  const hello = await connection.db!.admin().command({ hello: 1 });
  if (hello.setName || hello.msg === 'isdbgrid') return;
  throw new InvalidArgumentError(
    `MongoDB at ${redactUrl(url)} is a standalone server, which cannot run transactions: ` +
      'Baton commits each step in one transaction, so it needs a replica set (a one-node one will do: ' +
      'start mongod with --replSet rs0, run rs.initiate() once, and add ?replicaSet=rs0 to the URL) or a sharded cluster',
  );
}

/** The duplicate key error of a unique index. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

/** Takes `count` numbers of a named sequence; resolves with the last. A single-document $inc: concurrent takers never get the same number. */
export async function nextSeq(c: Collections, name: string, count: number): Promise<number> {
  const counter = await c.counters.findOneAndUpdate({ _id: name }, { $inc: { value: count } }, { upsert: true, returnDocument: 'after' });
  return counter!.value;
}
