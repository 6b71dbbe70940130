/**
 * Instance ids that sort by creation time (the UUID version 7 layout of
 * RFC 9562: 48 bits of Unix milliseconds, then random bits). Stores index
 * instances by id: ids that grow with time are appended at the end of those
 * indexes instead of landing on a random page, so a store with a million
 * instances takes a new one without reading old pages back into the cache.
 * The random part (74 bits) keeps ids of one millisecond, and of several
 * engine processes, apart.
 */
import { randomFillSync } from 'node:crypto';

// Random bytes are drawn from the system a pool at a time: one call per id cost as much as the rest of a memory-store step.
const POOL_BYTES = 4096;
const ID_BYTES = 10;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

export function timeOrderedId(now: number = Date.now()): string {
  if (used + ID_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + ID_BYTES);
  used += ID_BYTES;
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  // version 7 in the 13th digit, variant 10xx in the 17th
  const variant = ((parseInt(hex[3], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex.slice(0, 3)}-${variant}${hex.slice(4, 7)}-${hex.slice(7, 19)}`;
}
