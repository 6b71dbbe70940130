/**
 * Messages and signals from outside (and signals thrown by events).
 *
 * A published message goes to the oldest waiting subscription of each
 * process (at most one instance per process), then to message start events
 * of processes it did not reach, and stays buffered for its time to live:
 * a subscription that opens later takes it. A claim in the store makes
 * "once per process" hold across engine processes.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Deployments } from './deployments.js';
import { InvalidArgumentError } from './errors.js';
import type { MessageRecord, SubscriptionRecord } from './runtime/records.js';
import type { Steps } from './steps.js';
import type { Store } from './store/store.js';

export interface PublishMessage {
  name: string;
  correlationKey?: string | number;
  variables?: Record<string, unknown>;
  /** How long an uncorrelated message waits for a subscription, in ms (default one hour, as Zeebe). */
  timeToLive?: number;
  /** Publishing the same id again is a no-op. */
  messageId?: string;
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
}

export const DEFAULT_MESSAGE_TTL_MS = 60 * 60 * 1000;

export class Correlation {
  constructor(
    private readonly store: Store,
    private readonly steps: Steps,
    private readonly deployments: Deployments,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  async publish(request: PublishMessage, variables: Record<string, unknown>): Promise<PublishResult> {
    if (!request.name) throw new InvalidArgumentError('a message needs a name');
    const ttl = request.timeToLive ?? DEFAULT_MESSAGE_TTL_MS;
    if (!Number.isFinite(ttl) || ttl < 0) throw new InvalidArgumentError('timeToLive must be a number of milliseconds, 0 or more');
    const now = this.clock.now();
    const message: MessageRecord = {
      id: request.messageId ?? randomUUID(),
      name: request.name,
      correlationKey: String(request.correlationKey ?? ''),
      variables,
      publishedAt: now,
      expiresAt: now + ttl,
      correlatedProcesses: [],
    };
    if (!(await this.store.insertMessage(message))) return { messageId: message.id, duplicate: true, instanceIds: [] };
    const instanceIds: string[] = [];
    const subscriptions = await this.store.findSubscriptions({ kind: 'message', name: message.name, correlationKey: message.correlationKey, startEvents: false });
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
      const taken = await this.steps
        .apply(subscription.instanceId, { type: 'eventOccurred', subscriptionId: subscription.key, variables: message.variables })
        .catch(() => false);
      if (taken) return subscription.instanceId;
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
    if (!(await this.store.claimMessage(message.id, start.processId))) return undefined;
    const definition = await this.deployments.resolve(start.processId);
    const state = await this.steps.start({
      id: this.newId(),
      definition,
      variables: message.variables,
      businessKey: message.correlationKey || undefined,
      startEventId: start.elementId,
    });
    return state.id;
  }

  /** Every subscription of the signal: waiting instances and signal start events. */
  async broadcast(signal: BroadcastSignal, variables: Record<string, unknown>): Promise<string[]> {
    if (!signal.name) throw new InvalidArgumentError('a signal needs a name');
    const reached: string[] = [];
    for (const subscription of await this.store.findSubscriptions({ kind: 'signal', name: signal.name })) {
      if (subscription.instanceId) {
        const taken = await this.steps.apply(subscription.instanceId, { type: 'eventOccurred', subscriptionId: subscription.key, variables }).catch(() => false);
        if (taken) reached.push(subscription.instanceId);
        continue;
      }
      const definition = await this.deployments.resolve(subscription.processId);
      const state = await this.steps.start({ id: this.newId(), definition, variables, startEventId: subscription.elementId });
      reached.push(state.id);
    }
    return [...new Set(reached)];
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
