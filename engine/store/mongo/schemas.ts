/**
 * The MongoDB store's collections as mongoose schemas: the fields the store
 * filters, sorts or updates are typed fields with the indexes of
 * ./indexes.ts; what the engine only reads back whole (instance state, job
 * variables, a definition's model) is one JSON text in `body`, so that keys
 * a diagram chooses (`$where`, `a.b`, `__proto__`) are never field names
 * and a value comes back exactly as it went in (no BSON conversions).
 *
 * The store writes through the driver collections (the documents are
 * already in their stored form, so mongoose's casting would add nothing);
 * the models serve to create the collections and their indexes.
 */
import mongoose, { Schema } from 'mongoose';
import {
  ACTIVITY_INDEXES,
  DECISION_INDEXES,
  DEFINITION_INDEXES,
  HISTORY_INDEXES,
  INSTANCE_INDEXES,
  JOB_INDEXES,
  MESSAGE_INDEXES,
  NUMERIC_KEY_INDEXES,
  SUBSCRIPTION_INDEXES,
  USER_TASK_INDEXES,
  type IndexPlan,
} from './indexes.js';

const text = { type: String, required: true };
const optionalText = { type: String };
const number = { type: Number, required: true };
const optionalNumber = { type: Number };
const texts = { type: [String], default: undefined };

function schema(fields: Record<string, unknown>, indexes: readonly IndexPlan[]): Schema {
  // versionKey off: documents are written by the store, not by mongoose documents.
  const built = new Schema({ _id: text, ...fields }, { versionKey: false, autoIndex: false, autoCreate: false, strict: true });
  for (const { keys, options } of indexes) built.index(keys, options ?? {});
  return built;
}

/** Collection name -> schema. */
export const SCHEMAS = {
  definitions: schema(
    {
      processId: text,
      version: number,
      name: optionalText,
      hash: text,
      resourceName: text,
      deployedAt: number,
      deployedBy: optionalText,
      description: optionalText,
      tags: texts,
      startableBy: texts,
      suspended: { type: Boolean },
      deletedAt: optionalNumber,
      environment: optionalText,
      xml: text,
      /** The compiled model, JSON. */
      body: text,
    },
    DEFINITION_INDEXES,
  ),
  decisions: schema(
    {
      decisionId: text,
      version: number,
      name: optionalText,
      requirementsId: text,
      hash: text,
      resourceName: text,
      deployedAt: number,
      deployedBy: optionalText,
      xml: text,
      /** The compiled decision graph, JSON. */
      body: text,
    },
    DECISION_INDEXES,
  ),
  instances: schema(
    {
      rev: number,
      processId: text,
      definitionKey: text,
      status: text,
      businessKey: optionalText,
      parentInstanceId: optionalText,
      incidentCount: number,
      startedAt: number,
      endedAt: optionalNumber,
      attrs: { type: [{ _id: false, n: text, t: optionalText, v: optionalNumber }], default: undefined },
      /** The whole InstanceState, JSON. */
      body: text,
    },
    INSTANCE_INDEXES,
  ),
  history: schema({ instanceId: text, rev: number, /** The step's events, JSON. */ body: text }, HISTORY_INDEXES),
  jobs: schema(
    {
      instanceId: { type: String },
      processId: text,
      definitionKey: text,
      elementId: text,
      type: text,
      dueAt: number,
      retries: number,
      errorMessage: optionalText,
      lockOwner: optionalText,
      lockExpiresAt: optionalNumber,
      /** The rest of the JobRecord, JSON. */
      body: text,
    },
    JOB_INDEXES,
  ),
  user_tasks: schema(
    {
      seq: number,
      instanceId: text,
      processId: text,
      definitionKey: text,
      elementId: text,
      assignee: optionalText,
      candidateGroups: texts,
      candidateUsers: texts,
      /** The rest of the UserTaskRecord, JSON. */
      body: text,
    },
    USER_TASK_INDEXES,
  ),
  subscriptions: schema(
    {
      kind: text,
      name: text,
      correlationKey: optionalText,
      instanceId: { type: String },
      definitionKey: text,
      processId: text,
      elementId: text,
      createdAt: number,
    },
    SUBSCRIPTION_INDEXES,
  ),
  messages: schema(
    {
      name: text,
      correlationKey: { type: String },
      publishedAt: number,
      expiresAt: number,
      /** expiresAt as a date, for the TTL index. */
      expireAt: { type: Date, required: true },
      correlatedProcesses: texts,
      publisherGroups: texts,
      /** The message's variables, JSON. */
      body: text,
    },
    MESSAGE_INDEXES,
  ),
  secrets: schema({ sealed: text }, []),
  numeric_keys: schema({ kind: text, id: text }, NUMERIC_KEY_INDEXES),
  counters: schema({ value: number }, []),
  activity_minutes: schema({ minute: number, processId: text, started: number, completed: number, incidents: number }, ACTIVITY_INDEXES),
  element_durations: schema({ processId: text, elementId: text, count: number, totalMs: number, maxMs: number }, []),
} as const;

export type CollectionName = keyof typeof SCHEMAS;

/** Creates every collection (transactions cannot create them on older servers) and its indexes; safe to run again. */
export async function ensureCollections(connection: mongoose.Connection): Promise<void> {
  // All collections at once: a round trip each, and every engine (and every test) opens a store.
  await Promise.all(
    Object.entries(SCHEMAS).map(async ([name, definition]) => {
      const model = connection.models[name] ?? connection.model(name, definition, name);
      await model.createCollection();
      await model.createIndexes();
    }),
  );
}
