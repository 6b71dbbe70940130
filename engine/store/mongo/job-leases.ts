/**
 * Job leases as MongoDB operations, for the MongoDB store: which jobs a
 * worker may take (due, of its types, free or with a lease that ran out),
 * the lease it sets, and the condition every later report on the job must
 * meet (still held by that owner). The adapter takes jobs one at a time with
 * findOneAndUpdate on `dueFilter` (the filter and the update in one atomic
 * step, so two engine processes never take the same job), up to `max`. A
 * lease that runs out makes the job available again: delivery is
 * at-least-once, and a report from a worker that lost its lease matches
 * nothing (`heldBy`), so it cannot complete a job someone else holds.
 */
import type { AcquireJobsRequest } from '../store.js';
import type { MongoFilter } from './instance-queries.js';

export interface JobLeaseFields {
  _id: string;
  type: string;
  dueAt: number;
  lockOwner?: string;
  lockExpiresAt?: number;
}

/** The jobs the request may take, oldest due first (then by key, as the SQLite store orders them). */
export function dueFilter(request: AcquireJobsRequest): { filter: MongoFilter; sort: { dueAt: 1; _id: 1 } } {
  return {
    filter: {
      type: { $in: request.types },
      dueAt: { $lte: request.now },
      // A holder without an expiry holds nothing, as in the other stores.
      $or: [{ lockOwner: { $exists: false } }, { lockExpiresAt: { $exists: false } }, { lockExpiresAt: { $lte: request.now } }],
    },
    sort: { dueAt: 1, _id: 1 },
  };
}

/** What taking a job writes: the owner and until when. */
export function leaseUpdate(request: AcquireJobsRequest): { $set: { lockOwner: string; lockExpiresAt: number } } {
  return { $set: { lockOwner: request.owner, lockExpiresAt: request.now + request.lockMs } };
}

/** A report on a job (complete, fail, extend) applies only while its owner still holds it. */
export function heldBy(key: string, owner: string): MongoFilter {
  return { _id: { $eq: key }, lockOwner: { $eq: owner } };
}
