/**
 * What `npm start` does with the engine's background errors (those no
 * request is waiting for): logs them, with secret configuration values taken
 * out of the message. A refused WAL sync (StoreSyncError) is fatal: the
 * store already refuses every write, and what was committed since the last
 * good sync may not be on disk, so the server exits for its supervisor to
 * start it again on the file, which SQLite then recovers from what is on
 * disk (PostgreSQL does the same after a failed fsync).
 */
import type { Logger } from 'pino';
import type { StoreSyncError } from '../engine/index.js';

/** By its code rather than its class, which a second copy of the engine's modules would not share. */
function isStoreSyncFailure(error: unknown): error is StoreSyncError {
  return (error as StoreSyncError | undefined)?.code === 'STORE_SYNC_FAILED';
}

export function backgroundErrorHandler(
  logger: Pick<Logger, 'error' | 'fatal'>,
  redact: (text: string) => string,
  exit: (code: number) => void = (code) => process.exit(code),
): (error: unknown) => void {
  return (error) => {
    const err = { message: redact(String((error as Error)?.message ?? error)), type: (error as Error)?.name };
    if (isStoreSyncFailure(error)) {
      logger.fatal({ err }, 'the disk refused a write of the store: exiting, start the server again to recover from the file');
      exit(1);
      return;
    }
    logger.error({ err }, 'background error');
  };
}
