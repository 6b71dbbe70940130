/**
 * Messages and signals from outside (and signals thrown by events).
 *
 * A published message goes to the oldest waiting subscription of each
 * process (at most one instance per process), then to message start events
 * of processes it did not reach, and stays buffered for its time to live:
 * a subscription that opens later takes it. A claim in the store makes
 * "once per process" hold across engine processes.
 *
 * As in Zeebe, a message start event starts no instance for a correlation
 * key while an instance of the process with that business key is active;
 * the message stays buffered, and when that instance ends, the oldest such
 * buffered message starts the next one.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { startableState } from '../definitions/definitions.js';
import type { Deployments, ResolvedDefinition } from '../definitions/deployments.js';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { MessageRecord, SubscriptionRecord } from '../runtime/records.js';
import { startTriggersOf } from '../definitions/start-triggers.js';
import type { Steps } from '../instances/steps.js';
import type { Store } from '../store/store.js';

export interface PublishMessage {
  name: string;
  correlationKey?: string | number;
  variables?: Record<string, unknown>;
  /** How long an uncorrelated message waits for a subscription, in ms (default one hour, as Zeebe). */
  timeToLive?: number;
  /** Publishing the same id again is a no-op. */
  messageId?: string;
  /**
   * The groups of the caller who publishes, when it is no admin: message
   * start events of versions with `startableBy` start an instance only when
   * one of these groups is in it (now, or later from the buffer). Waiting
   * instances are reached regardless. Left out, the caller may start any.
   */
  callerGroups?: string[];
}

export interface PublishResult {
  messageId: string;
  /** True when a message with this id had been published before: nothing was done. */
  duplicate: boolean;
  /** Instances the message went to, started ones included. */
  instanceIds: string[];
}

export interface BroadcastSignal {
  name: string;
  variables?: Record<string, unknown>;
  /** As for messages: signal start events of versions the caller may not start (`startableBy`) start nothing. */
  callerGroups?: string[];
}

export const DEFAULT_MESSAGE_TTL_MS = 60 * 60 * 1000;

/** How often (by the engine clock) a publish first removes the messages whose time to live has passed. */
const EXPIRED_SWEEP_INTERVAL_MS = 60 * 1000;

export class Correlation {
  /** Correlations started by commits, not by a caller: `idle` waits for them. */
  private readonly background = new Set<Promise<unknown>>();
  private lastSweep = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly steps: Steps,
    private readonly deployments: Deployments,
    private readonly clock: Clock,
    private readonly newId: () => string,
    /**
     * Receives what one target of a message or signal refused (an instance
     * that cannot start, a step that failed): the others are reached all the
     * same, and there is no caller who could act on it.
     */
    private readonly report: (error: unknown) => void,
  ) {}

  async publish(request: PublishMessage, variables: Record<string, unknown>): Promise<PublishResult> {
    if (typeof request.name !== 'string' || !request.name) throw new InvalidArgumentError('a message needs a name');
    const key = request.correlationKey;
    if (key !== undefined && key !== null && typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) {
      throw new InvalidArgumentError('correlationKey must be a string or a number');
    }
    if (request.messageId !== undefined && (typeof request.messageId !== 'string' || !request.messageId)) {
      throw new InvalidArgumentError('messageId must be a non-empty string');
    }
    const ttl = request.timeToLive ?? DEFAULT_MESSAGE_TTL_MS;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw new InvalidArgumentError('timeToLive must be a number of milliseconds, 0 or more');
    // Pickups of buffered messages that earlier commits set off finish first (one round, not until idle):
    // otherwise, on a store that answers over the network, one could take this message and its instance
    // would be missing from the answer of the publish that made it.
    await Promise.allSettled([...this.background]);
    const now = this.clock.now();
    await this.sweepExpired(now);
    const message: MessageRecord = {
      id: request.messageId ?? randomUUID(),
      name: request.name,
      correlationKey: String(key ?? ''),
      variables,
      publishedAt: now,
      expiresAt: now + ttl,
      correlatedProcesses: [],
      ...(request.callerGroups ? { publisherGroups: [...request.callerGroups] } : {}),
    };
    if (!(await this.store.insertMessage(message))) return { messageId: message.id, duplicate: true, instanceIds: [] };
    const instanceIds: string[] = [];
    const subscriptions = await this.store.findSubscriptions({
      kind: 'message',
      name: message.name,
      correlationKey: message.correlationKey,
      startEvents: false,
    });
    for (const [processId, candidates] of byProcess(subscriptions)) {
      const instanceId = await this.deliver(message, processId, candidates);
      if (instanceId) instanceIds.push(instanceId);
    }
    const starts = await this.store.findSubscriptions({ kind: 'message', name: message.name, startEvents: true });
    for (const start of starts) {
      const instanceId = await this.startByMessage(message, start);
      if (instanceId) instanceIds.push(instanceId);
    }
    return { messageId: message.id, duplicate: false, instanceIds };
  }

  /** Runs correlation work that a commit set off, so that `idle` can wait for it. */
  inBackground(work: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const running: Promise<unknown> = work()
      .catch(onError)
      .finally(() => this.background.delete(running));
    this.background.add(running);
  }

  /** Waits until no background correlation runs (those it sets off included). */
  async idle(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  /**
   * An instance with a business key ended: a message buffered for a message
   * start event of its process, with that key as correlation key, may now
   * start the next instance (the oldest such message does).
   */
  async instanceEnded(processId: string, businessKey: string): Promise<void> {
    // Every version of the process may have been deleted meanwhile: then there is no start event to look at.
    const definition = await this.deployments.resolve(processId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (!definition) return;
    const now = this.clock.now();
    const starts = startTriggersOf(definition.key, definition.model, now).subscriptions.filter((s) => s.kind === 'message');
    const candidates: Array<{ message: MessageRecord; start: SubscriptionRecord }> = [];
    for (const start of starts) {
      for (const message of await this.store.findMessages({ name: start.name, correlationKey: businessKey, now })) {
        if (!message.correlatedProcesses.includes(processId)) candidates.push({ message, start });
      }
    }
    candidates.sort((a, b) => a.message.publishedAt - b.message.publishedAt);
    for (const { message, start } of candidates) {
      if (await this.startByMessage(message, start)) return;
    }
  }

  /** Subscriptions opened by a step: buffered messages they are waiting for are handed to them. */
  async subscriptionsOpened(records: SubscriptionRecord[]): Promise<void> {
    const now = this.clock.now();
    for (const subscription of records) {
      if (subscription.kind !== 'message') continue;
      const messages = await this.store.findMessages({ name: subscription.name, correlationKey: subscription.correlationKey ?? '', now });
      for (const message of messages) {
        if (message.correlatedProcesses.includes(subscription.processId)) continue;
        if (await this.deliver(message, subscription.processId, [subscription])) break;
      }
    }
  }

  /** Claims the message for the process, then offers it to each candidate until one takes it. */
  private async deliver(message: MessageRecord, processId: string, candidates: SubscriptionRecord[]): Promise<string | undefined> {
    if (!(await this.store.claimMessage(message.id, processId))) return undefined;
    for (const subscription of candidates) {
      if (await this.occurred(subscription, message.variables)) return subscription.instanceId;
    }
    await this.store.releaseMessage(message.id, processId);
    return undefined;
  }

  /** A message start event starts an instance, unless one started by the same correlation key is still active. */
  private async startByMessage(message: MessageRecord, start: SubscriptionRecord): Promise<string | undefined> {
    if (message.correlationKey) {
      const running = await this.store.queryInstances({ processId: start.processId, businessKey: message.correlationKey, status: 'active', limit: 1 });
      if (running.length) return undefined;
    }
    if ((await startableState(this.store, start.definitionKey, message.publisherGroups)) !== 'active') return undefined;
    if (!(await this.store.claimMessage(message.id, start.processId))) return undefined;
    const started = await this.startAt(start, message.variables, message.correlationKey || undefined);
    if (!started) await this.store.releaseMessage(message.id, start.processId);
    return started;
  }

  /** Every subscription of the signal: waiting instances and signal start events. */
  async broadcast(signal: BroadcastSignal, variables: Record<string, unknown>): Promise<string[]> {
    if (typeof signal.name !== 'string' || !signal.name) throw new InvalidArgumentError('a signal needs a name');
    const reached: string[] = [];
    for (const subscription of await this.store.findSubscriptions({ kind: 'signal', name: signal.name })) {
      if (subscription.instanceId) {
        if (await this.occurred(subscription, variables)) reached.push(subscription.instanceId);
        continue;
      }
      if ((await startableState(this.store, subscription.definitionKey, signal.callerGroups)) !== 'active') continue;
      const started = await this.startAt(subscription, variables);
      if (started) reached.push(started);
    }
    return [...new Set(reached)];
  }

  /** Delivers the event to an instance's subscription; false when it was gone (or the step failed, which is reported). */
  private async occurred(subscription: SubscriptionRecord, variables: Record<string, unknown>): Promise<boolean> {
    try {
      return await this.steps.apply(subscription.instanceId, { type: 'eventOccurred', subscriptionId: subscription.key, variables });
    } catch (error) {
      if (!(error instanceof NotFoundError)) this.report(error);
      return false;
    }
  }

  /**
   * Starts an instance at a message or signal start event, of the version
   * the start subscription belongs to. An instance that cannot start (an
   * event sub-process that cannot subscribe) is reported, not thrown, so
   * that the other targets are reached; resolves with undefined then.
   */
  private async startAt(start: SubscriptionRecord, variables: Record<string, unknown>, businessKey?: string): Promise<string | undefined> {
    // A suspended version's start events are passed by (a message stays buffered for its time to live).
    if ((await startableState(this.store, start.definitionKey)) !== 'active') return undefined;
    try {
      const state = await this.steps.start({
        id: this.newId(),
        definition: await this.definitionOf(start),
        variables,
        businessKey,
        startEventId: start.elementId,
      });
      return state.id;
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private definitionOf(start: SubscriptionRecord): Promise<ResolvedDefinition> {
    const version = Number(start.definitionKey.slice(start.definitionKey.lastIndexOf(':') + 1));
    return this.deployments.resolve(start.processId, Number.isInteger(version) ? version : undefined);
  }

  /** Now and then, messages whose time to live has passed are removed (their ids may then be published again, as in Zeebe). */
  private async sweepExpired(now: number): Promise<void> {
    if (now - this.lastSweep < EXPIRED_SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    await this.store.deleteExpiredMessages(now);
  }
}

/** Subscriptions grouped by process, each group oldest first (the store's order). */
function byProcess(subscriptions: SubscriptionRecord[]): Map<string, SubscriptionRecord[]> {
  const groups = new Map<string, SubscriptionRecord[]>();
  for (const subscription of subscriptions) {
    const group = groups.get(subscription.processId) ?? [];
    group.push(subscription);
    groups.set(subscription.processId, group);
  }
  return groups;
}
