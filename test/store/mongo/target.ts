/**
 * Which MongoDB the MongoDB specs run against: MONGODB_URL when set, else a
 * `mongod` on the PATH started for the run as a one-node replica set in a
 * temporary directory (never downloaded), else none, with the reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';

export type MongoTarget = { url: string; stop: () => Promise<void> } | { skip: string };

let started: Promise<MongoTarget> | undefined;

/** The same target for every spec of a run; the started mongod is stopped when the run exits. */
export function reachableMongo(): Promise<MongoTarget> {
  started ??= find();
  return started;
}

/** The URL with another database name: a fresh database per test or engine. */
export function withDatabase(url: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!match) throw new Error(`not a MongoDB URL: ${url}`);
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

/** Why no real MongoDB can be used, decided without starting anything (for registering suites); undefined when one can. */
export function whyNoMongo(): string | undefined {
  if (process.env.MONGODB_URL || mongodPath()) return undefined;
  return 'no MongoDB is reachable: MONGODB_URL is not set and no mongod is on the PATH';
}

function mongodPath(): string {
  return spawnSync('sh', ['-c', 'command -v mongod'], { encoding: 'utf8' }).stdout.trim();
}

async function find(): Promise<MongoTarget> {
  if (process.env.MONGODB_URL) return { url: process.env.MONGODB_URL, stop: async () => undefined };
  const mongod = mongodPath();
  if (!mongod) return { skip: whyNoMongo()! };
  return startReplicaSet(mongod);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startReplicaSet(mongod: string): Promise<MongoTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-mongod-'));
  const port = await freePort();
  const child: ChildProcess = spawn(mongod, ['--replSet', 'rs0', '--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dir, '--quiet'], {
    stdio: 'ignore',
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => child.kill('SIGKILL'));
  const host = `127.0.0.1:${port}`;
  const direct = await connectWithin(`mongodb://${host}/?directConnection=true`, 20_000);
  try {
    await direct.db!.admin().command({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host }] } });
    for (let i = 0; i < 200 && !(await direct.db!.admin().command({ hello: 1 })).isWritablePrimary; i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await direct.close();
  }
  return { url: `mongodb://${host}/baton?replicaSet=rs0`, stop };
}

async function connectWithin(url: string, ms: number): Promise<mongoose.Connection> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await mongoose.createConnection(url, { serverSelectionTimeoutMS: 1000 }).asPromise();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
