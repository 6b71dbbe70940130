/** Turns the `store` option of `Engine.open` into a Store adapter. */
import { InvalidArgumentError } from '../errors.js';
import { MemoryStore } from './memory.js';
import type { Store } from './store.js';
import type { SqliteStoreOptions } from './sqlite.js';

/** `'memory'`, `'sqlite:<file>'`, a MongoDB URL (`'mongodb://…'`, `'mongodb+srv://…'`), or an adapter the caller built. */
export type StoreOption = 'memory' | `sqlite:${string}` | `mongodb://${string}` | `mongodb+srv://${string}` | Store;

/** `sqlite`: how a `'sqlite:<file>'` store is opened (fsync policy, lock wait). */
export async function openStore(option: StoreOption = 'memory', sqlite: SqliteStoreOptions = {}): Promise<Store> {
  if (typeof option !== 'string') return option;
  if (option === 'memory') return new MemoryStore();
  if (option.startsWith('sqlite:')) {
    const file = option.slice('sqlite:'.length);
    if (!file) throw new InvalidArgumentError("the sqlite store needs a file: 'sqlite:./data/baton.db'");
    const { SqliteStore } = await import('./sqlite.js');
    return SqliteStore.open(file, sqlite);
  }
  if (/^mongodb(\+srv)?:\/\//.test(option)) {
    // Loaded only when asked for: mongoose stays out of a SQLite engine's start-up.
    const { MongoStore } = await import('./mongo/mongo-store.js');
    return MongoStore.open(option);
  }
  throw new InvalidArgumentError(`unknown store '${option.slice(0, 40)}': use 'memory', 'sqlite:<file>' or a 'mongodb://' URL`);
}
