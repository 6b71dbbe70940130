/**
 * The SQLite file is checked before the store uses it, so that a damaged or
 * half-lost store is refused with a message naming the file and what to do,
 * instead of starting "healthy" and empty or failing on the first read:
 *
 * - a `-wal` file whose database file is gone (the main file was deleted):
 *   a new database there would silently drop everything in the WAL;
 * - a database file that existed, had been written to, and holds no schema,
 *   while no `-wal` file is beside it: after a crash the schema and the data
 *   were in the WAL, and the WAL was deleted;
 * - `PRAGMA quick_check` finds a malformed page (it reads every page once:
 *   about a second per few hundred MB, measured in the README).
 */
import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { StoreCorruptError } from '../errors.js';

export interface FileFacts {
  file: string;
  /** Size of the database file before it was opened; undefined when there was none. */
  size?: number;
  walExisted: boolean;
}

/** What is on disk before better-sqlite3 creates anything; refuses a WAL without its database. */
export function factsBeforeOpen(file: string): FileFacts {
  const walExisted = existsSync(`${file}-wal`);
  const size = existsSync(file) ? statSync(file).size : undefined;
  if (size === undefined && walExisted) {
    throw new StoreCorruptError(
      `${file}-wal exists but its database ${file} does not: the database file was lost. Restore ${file} from a backup, or move ${file}-wal (and ${file}-shm) away to start with an empty store`,
      { file },
    );
  }
  return { file, size, walExisted };
}

/** Refuses a file whose schema was lost with its WAL, and one with malformed pages. */
export function checkOpenedFile(db: Database.Database, facts: FileFacts): void {
  if (facts.file === ':memory:' || facts.file === '') return;
  const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length) {
    throw new StoreCorruptError(
      `${facts.file} is damaged (${problems.slice(0, 3).join('; ')}): restore it from a backup, or move it away to start with an empty store (sqlite3's .recover may save some of its data)`,
      { file: facts.file, problems: problems.slice(0, 10) },
    );
  }
  const wasWritten = (facts.size ?? 0) > 0;
  if (wasWritten && !facts.walExisted && !hasTables(db)) {
    throw new StoreCorruptError(
      `${facts.file} was written to but holds no tables, and no ${facts.file}-wal is beside it: the data was most likely in a WAL file that was deleted. Restore the -wal file or the database from a backup, or delete ${facts.file} to start with an empty store`,
      { file: facts.file },
    );
  }
}

/** SQLite's own "malformed" and "not a database" errors on opening, as a StoreCorruptError naming the file. */
export function damaged(error: unknown, file: string): StoreCorruptError | undefined {
  const code = (error as { code?: string }).code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') return undefined;
  return new StoreCorruptError(`${file} is damaged (${(error as Error).message}): restore it from a backup, or move it away to start with an empty store`, {
    file,
  });
}

/** Looked at inside a write lock, so that another process creating the schema right now is waited for. */
function hasTables(db: Database.Database): boolean {
  return db.transaction(() => (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n > 0).immediate();
}
