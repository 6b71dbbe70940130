/**
 * The numeric keys of Baton ids (Store.numericKey, for the Camunda 8
 * compatible API), as the SQLite store hands them out. A key never changes
 * once assigned and ids are never reused, so known keys are remembered (a
 * bounded map, emptied when full) in both directions, and assignments asked
 * for in one turn of the event loop are written in one transaction with one
 * sync: the API assigns several per request (instance, job, element), each
 * of which was a write and a sync of its own.
 */

const MAX_REMEMBERED = 50_000;

interface Wanted {
  kind: string;
  id: string;
  resolve(key: string): void;
  reject(error: unknown): void;
}

export class NumericKeys {
  private readonly keys = new Map<string, string>();
  private readonly ids = new Map<string, { kind: string; id: string }>();
  private wanted: Wanted[] = [];

  /** `write` assigns keys to the ids (those that have one keep it) and resolves with them, in order, once durable. */
  constructor(private readonly write: (wanted: Array<{ kind: string; id: string }>) => Promise<string[]>) {}

  keyOf(kind: string, id: string): string | undefined {
    return this.keys.get(nameOf(kind, id));
  }

  idOf(key: string): { kind: string; id: string } | undefined {
    return this.ids.get(key);
  }

  remember(kind: string, id: string, key: string): string {
    if (this.keys.size >= MAX_REMEMBERED) {
      this.keys.clear();
      this.ids.clear();
    }
    this.keys.set(nameOf(kind, id), key);
    this.ids.set(key, { kind, id });
    return key;
  }

  /** A key for an id that had none when looked up: written with the others asked for in this turn. */
  assign(kind: string, id: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.wanted.push({ kind, id, resolve, reject });
      if (this.wanted.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.wanted;
    this.wanted = [];
    try {
      const keys = await this.write(batch.map(({ kind, id }) => ({ kind, id })));
      batch.forEach((wanted, n) => wanted.resolve(this.remember(wanted.kind, wanted.id, keys[n])));
    } catch (error) {
      for (const wanted of batch) wanted.reject(error);
    }
  }
}

/** Kinds are the API's words, never containing a NUL. */
function nameOf(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}
