/**
 * One time format on the wire: ISO 8601 strings. The engine's records keep
 * epoch milliseconds (its clock); the routes turn them into text here, on
 * their way out.
 */
import type { ActivatedJob, HistoryEvent, UserTask } from '../../engine/index.js';

export const isoTime = (ms: number): string => new Date(ms).toISOString();

export const historyEventOnWire = (event: HistoryEvent) => ({ ...event, at: isoTime(event.at) });

export const userTaskOnWire = <T extends Pick<UserTask, 'createdAt'>>(task: T) => ({ ...task, createdAt: isoTime(task.createdAt) });

export const jobOnWire = (job: ActivatedJob) => ({ ...job, deadline: isoTime(job.deadline) });

export const lockOnWire = <T extends { deadline: number }>(lock: T) => ({ ...lock, deadline: isoTime(lock.deadline) });
