/**
 * A stand-in MongoDB for the specs of the MongoDB store on machines without
 * one: a TCP server speaking MongoDB's wire protocol (OP_QUERY for the
 * handshake, OP_MSG after it) to the real driver under mongoose, holding
 * collections in memory and evaluating filters, updates, projections and
 * sorts with mingo. It announces itself as the primary of a one-node replica
 * set (or as a standalone server, to test the refusal).
 *
 * What it checks: that the adapter's commands, filters, updates, sessions
 * and transactions are well formed and mean what the contract suite
 * expects. What it does not: MongoDB's own guarantees. Transactions here
 * apply their writes at once and undo them on abort; others read a document
 * an open transaction wrote as it was before (read committed, not a
 * snapshot); writing it makes another transaction fail with a transient
 * WriteConflict and makes a write outside transactions wait, as in MongoDB.
 * Unique indexes are enforced; other indexes are recorded, not used.
 */
import { createServer, type Server, type Socket } from 'node:net';
import mongoose from 'mongoose';
import { Aggregator, Query, find, update } from 'mingo';

const { BSON } = mongoose.mongo;
type Doc = Record<string, unknown>;

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** A write outside transactions met a document an open transaction holds: the command runs again once it is free. */
class Busy extends Error {}

class CommandError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly codeName: string,
    readonly labels: string[] = [],
  ) {
    super(message);
  }
}

export interface IndexSpec {
  name: string;
  key: Record<string, number>;
  unique?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
}

let collections = 0;

class Collection {
  /** Tells apart collections of the same name in different databases. */
  readonly key = ++collections;
  readonly docs = new Map<string, Doc>();
  readonly indexes: IndexSpec[] = [{ name: '_id_', key: { _id: 1 }, unique: true }];
}

interface Transaction {
  /** `collection key` -> the document before the transaction first wrote it (undefined: it did not exist). */
  undo: Map<string, { collection: Collection; id: string; before: Doc | undefined }>;
  aborted: boolean;
}

const idKey = (id: unknown): string => JSON.stringify(BSON.EJSON.serialize({ id }));
const clone = (doc: Doc): Doc => BSON.deserialize(BSON.serialize(doc));

export interface WireDoubleOptions {
  /** Answer the handshake as a standalone server (no replica set, no transactions). */
  standalone?: boolean;
}

export class MongoWireDouble {
  private readonly databases = new Map<string, Map<string, Collection>>();
  /** Open transactions by session id and transaction number. */
  private readonly transactions = new Map<string, Transaction>();
  /** `collection key` of a document -> the transaction that wrote it and has not ended. */
  private readonly owners = new Map<string, { transaction: Transaction; collection: Collection; id: string; before: Doc | undefined }>();
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private port = 0;

  constructor(private readonly options: WireDoubleOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    const set = this.options.standalone ? '' : '?replicaSet=rs0';
    return `mongodb://127.0.0.1:${this.port}/baton${set}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A database's collection, for specs that look at what was stored. */
  documents(database: string, collection: string): Doc[] {
    return [...(this.databases.get(database)?.get(collection)?.docs.values() ?? [])].map(clone);
  }

  /** A collection's indexes as createIndexes gave them. */
  indexes(database: string, collection: string): IndexSpec[] {
    return structuredClone(this.databases.get(database)?.get(collection)?.indexes ?? []);
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
        const message = buffered.subarray(0, buffered.readInt32LE(0));
        buffered = buffered.subarray(message.length);
        // One connection's requests in order, as a server answers them.
        queue = queue.then(() => this.answer(socket, message)).catch(() => void socket.destroy());
      }
    });
  }

  private async answer(socket: Socket, message: Buffer): Promise<void> {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    if (opCode === OP_QUERY) {
      let at = 20;
      at = message.indexOf(0, at) + 1 + 8; // collection name, skip, return
      const query = BSON.deserialize(message.subarray(at, at + message.readInt32LE(at)));
      const reply = await this.run('admin', query);
      const body = BSON.serialize(reply);
      const header = Buffer.alloc(36);
      header.writeInt32LE(36 + body.length, 0);
      header.writeInt32LE(requestId, 8);
      header.writeInt32LE(OP_REPLY, 12);
      header.writeInt32LE(1, 32);
      socket.write(Buffer.concat([header, body]));
      return;
    }
    if (opCode !== OP_MSG) throw new Error(`opcode ${opCode} is not spoken here`);
    const flags = message.readUInt32LE(16);
    const end = flags & 1 ? message.length - 4 : message.length;
    let command: Doc = {};
    for (let at = 20; at < end;) {
      const kind = message[at++];
      const size = message.readInt32LE(at);
      if (kind === 0) {
        command = { ...BSON.deserialize(message.subarray(at, at + size)), ...command };
      } else {
        const nameEnd = message.indexOf(0, at + 4);
        const name = message.toString('utf8', at + 4, nameEnd);
        const docs: Doc[] = [];
        for (let d = nameEnd + 1; d < at + size; d += message.readInt32LE(d)) docs.push(BSON.deserialize(message.subarray(d, d + message.readInt32LE(d))));
        command[name] = docs;
      }
      at += size;
    }
    const reply = await this.run(String(command.$db ?? 'admin'), command);
    if (flags & 2) return; // moreToCome: no answer wanted
    const body = BSON.serialize(reply);
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0);
    header.writeInt32LE(requestId, 8);
    header.writeInt32LE(OP_MSG, 12);
    socket.write(Buffer.concat([header, body]));
  }

  private async run(database: string, command: Doc): Promise<Doc> {
    const name = Object.keys(command)[0];
    const transaction = this.transactionOf(command);
    try {
      if (transaction?.aborted && name !== 'abortTransaction')
        throw new CommandError('Transaction has been aborted', 251, 'NoSuchTransaction', ['TransientTransactionError']);
      return { ...(await this.execute(database, name, command, transaction)), ok: 1 };
    } catch (error) {
      if (transaction && !transaction.aborted) this.end(transaction, false);
      if (error instanceof CommandError) return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, errorLabels: error.labels };
      return { ok: 0, errmsg: (error as Error).message, code: 8000, codeName: 'DoubleInternalError' };
    }
  }

  /** The command's transaction (started by its first command), or undefined outside one. */
  private transactionOf(command: Doc): Transaction | undefined {
    if (command.autocommit !== false || !command.lsid) return undefined;
    const id = `${idKey((command.lsid as Doc).id)}#${String(command.txnNumber)}`;
    let transaction = this.transactions.get(id);
    if (!transaction && command.startTransaction) {
      transaction = { undo: new Map(), aborted: false };
      this.transactions.set(id, transaction);
    }
    if (!transaction) throw new CommandError('no such transaction', 251, 'NoSuchTransaction', ['TransientTransactionError']);
    return transaction;
  }

  private end(transaction: Transaction, commit: boolean): void {
    for (const [key, { collection, id, before }] of transaction.undo) {
      if (!commit) {
        if (before) collection.docs.set(id, before);
        else collection.docs.delete(id);
      }
      this.owners.delete(key);
    }
    transaction.undo.clear();
    transaction.aborted = !commit;
    if (commit) for (const [id, t] of this.transactions) if (t === transaction) this.transactions.delete(id);
  }

  private collection(database: string, name: string, create = true): Collection {
    let named = this.databases.get(database);
    if (!named) this.databases.set(database, (named = new Map()));
    let collection = named.get(name);
    if (!collection && create) named.set(name, (collection = new Collection()));
    return collection ?? new Collection();
  }

  private async execute(database: string, name: string, command: Doc, transaction: Transaction | undefined): Promise<Doc> {
    const target = (): Collection => this.collection(database, String(command[name]));
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return this.hello();
      case 'ping':
      case 'endSessions':
      case 'killCursors':
        return {};
      case 'buildInfo':
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0] };
      case 'create': {
        const exists = this.databases.get(database)?.has(String(command.create));
        if (exists) throw new CommandError(`Collection ${database}.${String(command.create)} already exists.`, 48, 'NamespaceExists');
        target();
        return {};
      }
      case 'createIndexes': {
        const collection = target();
        for (const spec of command.indexes as IndexSpec[]) {
          if (!collection.indexes.some((i) => i.name === spec.name)) collection.indexes.push(spec);
        }
        return { numIndexesBefore: 1, numIndexesAfter: collection.indexes.length, createdCollectionAutomatically: false };
      }
      case 'listIndexes':
        return this.cursor(
          database,
          String(command.listIndexes),
          target().indexes.map((i) => ({ v: 2, ...i })),
        );
      case 'dropDatabase':
        this.databases.delete(database);
        return {};
      case 'insert':
        return this.insert(target(), command.documents as Doc[], transaction);
      case 'update':
        return this.update(target(), command.updates as Doc[], transaction);
      case 'delete':
        return this.remove(target(), command.deletes as Doc[], transaction);
      case 'find':
        return this.cursor(database, String(command.find), this.find(target(), command, transaction));
      case 'aggregate': {
        const docs = this.visible(target(), transaction);
        return this.cursor(database, String(command.aggregate), new Aggregator(command.pipeline as Doc[]).run(docs) as Doc[]);
      }
      case 'findAndModify':
        return this.findAndModify(target(), command, transaction);
      case 'commitTransaction':
        if (transaction) this.end(transaction, true);
        return {};
      case 'abortTransaction':
        if (transaction && !transaction.aborted) this.end(transaction, false);
        return {};
      default:
        throw new CommandError(`no such command: '${name}'`, 59, 'CommandNotFound');
    }
  }

  private hello(): Doc {
    const me = `127.0.0.1:${this.port}`;
    const set = this.options.standalone
      ? {}
      : { setName: 'rs0', setVersion: 1, hosts: [me], primary: me, me, electionId: new BSON.ObjectId('7fffffff0000000000000001') };
    return {
      helloOk: true,
      isWritablePrimary: true,
      ismaster: true,
      ...set,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: 1,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
    };
  }

  private cursor(database: string, collection: string, docs: Doc[]): Doc {
    return { cursor: { id: BSON.Long.fromNumber(0), ns: `${database}.${collection}`, firstBatch: docs } };
  }

  private find(collection: Collection, command: Doc, transaction: Transaction | undefined): Doc[] {
    const cursor = find(this.visible(collection, transaction), (command.filter as Doc) ?? {}, command.projection as Doc | undefined);
    if (command.sort) cursor.sort(command.sort as Record<string, 1 | -1>);
    if (command.skip) cursor.skip(Number(command.skip));
    if (command.limit) cursor.limit(Math.abs(Number(command.limit)));
    return cursor.all().map((doc) => clone(doc as Doc));
  }

  /** The document's key, after checking that no other open transaction holds it. */
  private hold(collection: Collection, id: string, transaction: Transaction | undefined): string {
    const key = `${collection.key}:${id}`;
    const owner = this.owners.get(key)?.transaction;
    if (owner && owner !== transaction) {
      if (transaction) throw new CommandError('Write conflict during plan execution', 112, 'WriteConflict', ['TransientTransactionError']);
      // Outside a transaction a write waits for the one holding the document, as in MongoDB.
      throw new Busy();
    }
    return key;
  }

  /** The documents as `transaction` (or a read outside transactions) sees them: others' uncommitted writes as they were before. */
  private visible(collection: Collection, transaction: Transaction | undefined): Doc[] {
    const view = new Map(collection.docs);
    for (const owned of this.owners.values()) {
      if (owned.collection !== collection || owned.transaction === transaction) continue;
      if (owned.before) view.set(owned.id, owned.before);
      else view.delete(owned.id);
    }
    return [...view.values()];
  }

  /** Writes (or deletes, with undefined) one document, in the transaction's undo log when there is one. */
  private async write(collection: Collection, id: string, doc: Doc | undefined, transaction: Transaction | undefined): Promise<void> {
    const key = this.hold(collection, id, transaction);
    if (doc) this.checkUnique(collection, id, doc);
    if (transaction && !transaction.undo.has(key)) {
      const entry = { collection, id, before: collection.docs.get(id) };
      transaction.undo.set(key, entry);
      this.owners.set(key, { transaction, ...entry });
    }
    if (doc) collection.docs.set(id, doc);
    else collection.docs.delete(id);
  }

  private checkUnique(collection: Collection, id: string, doc: Doc): void {
    for (const index of collection.indexes) {
      if (!index.unique || index.name === '_id_') continue;
      if (index.partialFilterExpression && !new Query(index.partialFilterExpression).test(doc)) continue;
      const tuple = (d: Doc) => JSON.stringify(Object.keys(index.key).map((field) => d[field] ?? null));
      const mine = tuple(doc);
      for (const [otherId, other] of collection.docs) {
        if (otherId !== id && tuple(other) === mine)
          throw new CommandError(`E11000 duplicate key error index: ${index.name} dup key: ${mine}`, 11000, 'DuplicateKey');
      }
    }
  }

  private async insert(collection: Collection, documents: Doc[], transaction: Transaction | undefined): Promise<Doc> {
    let n = 0;
    for (const [index, doc] of documents.entries()) {
      const id = idKey(doc._id);
      this.hold(collection, id, transaction);
      if (collection.docs.has(id)) {
        const writeErrors = [{ index, code: 11000, errmsg: `E11000 duplicate key error collection dup key: { _id: ${id} }` }];
        if (transaction) throw new CommandError(writeErrors[0].errmsg, 11000, 'DuplicateKey');
        return { n, writeErrors };
      }
      try {
        await this.write(collection, id, clone(doc), transaction);
      } catch (error) {
        if (transaction || !(error instanceof CommandError) || error.code !== 11000) throw error;
        return { n, writeErrors: [{ index, code: 11000, errmsg: error.message }] };
      }
      n++;
    }
    return { n };
  }

  private matching(collection: Collection, transaction: Transaction | undefined, filter: Doc, sort?: Doc): Doc[] {
    const cursor = find(this.visible(collection, transaction), filter);
    if (sort) cursor.sort(sort as Record<string, 1 | -1>);
    return cursor.all() as Doc[];
  }

  /** Applies an update document or a replacement; resolves with the new document, or undefined when nothing changed. */
  private applied(doc: Doc, u: Doc, inserting: boolean): Doc {
    const next = clone(doc);
    if (!Object.keys(u).some((k) => k.startsWith('$'))) return { _id: doc._id, ...clone(u) };
    const { $setOnInsert, ...modifier } = u as Record<string, Doc>;
    if (Object.keys(modifier).length) update(next, modifier);
    if (inserting && $setOnInsert) update(next, { $set: $setOnInsert });
    return next;
  }

  /** The document an upsert starts from: the filter's equality conditions. */
  private seed(filter: Doc): Doc {
    const seeded: Doc = {};
    for (const [field, value] of Object.entries(filter)) {
      if (field.startsWith('$')) continue;
      const operators = value !== null && typeof value === 'object' && Object.keys(value).some((x) => x.startsWith('$'));
      if (!operators) seeded[field] = value;
      else if (Object.keys(value as Doc).length === 1 && '$eq' in (value as Doc)) seeded[field] = (value as Doc).$eq;
    }
    return seeded;
  }

  private async update(collection: Collection, updates: Doc[], transaction: Transaction | undefined): Promise<Doc> {
    let n = 0;
    let nModified = 0;
    const upserted: Doc[] = [];
    for (const [index, { q, u, upsert, multi }] of updates.entries() as IterableIterator<[number, { q: Doc; u: Doc; upsert?: boolean; multi?: boolean }]>) {
      const found = this.matching(collection, transaction, q);
      const targets = multi ? found : found.slice(0, 1);
      for (const doc of targets) {
        const next = this.applied(doc, u, false);
        n++;
        if (JSON.stringify(BSON.EJSON.serialize(next)) !== JSON.stringify(BSON.EJSON.serialize(doc))) {
          await this.write(collection, idKey(doc._id), next, transaction);
          nModified++;
        }
      }
      if (!targets.length && upsert) {
        const doc = this.applied(this.seed(q), u, true);
        doc._id ??= new BSON.ObjectId();
        try {
          await this.write(collection, idKey(doc._id), doc, transaction);
        } catch (error) {
          if (transaction || !(error instanceof CommandError) || error.code !== 11000) throw error;
          return { n, nModified, writeErrors: [{ index, code: 11000, errmsg: error.message }] };
        }
        n++;
        upserted.push({ index, _id: doc._id });
      }
    }
    return { n, nModified, ...(upserted.length ? { upserted } : {}) };
  }

  private async remove(collection: Collection, deletes: Doc[], transaction: Transaction | undefined): Promise<Doc> {
    let n = 0;
    for (const { q, limit } of deletes as Array<{ q: Doc; limit: number }>) {
      const found = this.matching(collection, transaction, q);
      for (const doc of limit === 1 ? found.slice(0, 1) : found) {
        await this.write(collection, idKey(doc._id), undefined, transaction);
        n++;
      }
    }
    return { n };
  }

  private async findAndModify(collection: Collection, command: Doc, transaction: Transaction | undefined): Promise<Doc> {
    const filter = (command.query as Doc) ?? {};
    const [doc] = this.matching(collection, transaction, filter, command.sort as Doc | undefined);
    const project = (value: Doc | undefined) => (value && command.fields ? (find([value], {}, command.fields as Doc).all()[0] as Doc) : value);
    if (command.remove) {
      if (doc) await this.write(collection, idKey(doc._id), undefined, transaction);
      return { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc) ?? null };
    }
    const u = command.update as Doc;
    if (doc) {
      const next = this.applied(doc, u, false);
      await this.write(collection, idKey(doc._id), next, transaction);
      return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(command.new ? next : doc) ?? null };
    }
    if (!command.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
    const inserted = this.applied(this.seed(filter), u, true);
    inserted._id ??= new BSON.ObjectId();
    await this.write(collection, idKey(inserted._id), inserted, transaction);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id }, value: command.new ? (project(inserted) ?? null) : null };
  }
}
