/**
 * Factories and helpers of the Store contract: small, valid records that a
 * test overrides only where it matters, and the context the sections share.
 */
import { expect } from 'chai';
import type { ProcessModel } from '../../../engine/model/types.js';
import type { Effects, HistoryEvent, JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../../../engine/runtime/records.js';
import type { InstanceState } from '../../../engine/runtime/state.js';
import type { DefinitionRecord, Store } from '../../../engine/store/store.js';

export const NOW = 1_700_000_000_000;

function model(processId: string): ProcessModel {
  return {
    id: processId,
    startEventId: 'start',
    eventStartIds: [],
    eventSubProcesses: {},
    elements: {
      start: { id: 'start', type: 'startEvent', scopeId: processId, incoming: [], outgoing: ['f1'], inputs: [], outputs: [], interrupting: true },
      end: { id: 'end', type: 'endEvent', scopeId: processId, incoming: ['f1'], outgoing: [], inputs: [], outputs: [], terminate: false },
    },
    flows: { f1: { id: 'f1', sourceRef: 'start', targetRef: 'end' } },
  };
}

export function aDefinition(overrides: Partial<DefinitionRecord> = {}): DefinitionRecord {
  const processId = overrides.processId ?? 'order';
  const version = overrides.version ?? 1;
  return {
    key: `${processId}:${version}`,
    processId,
    version,
    name: 'Order',
    hash: `hash-${processId}-${version}`,
    resourceName: `${processId}.bpmn`,
    xml: `<definitions id="${processId}-${version}"/>`,
    model: model(processId),
    deployedAt: NOW,
    ...overrides,
  };
}

export function anInstance(overrides: Partial<InstanceState> = {}): InstanceState {
  const processId = overrides.processId ?? 'order';
  return {
    id: 'i-1',
    definitionKey: `${processId}:1`,
    processId,
    version: 1,
    status: 'active',
    rev: 1,
    startedAt: NOW,
    scopes: { root: { id: 'root', elementId: processId, variables: { total: 42, items: ['a', 'b'] } } },
    tokens: { t1: { id: 't1', scopeId: 'root', elementId: 'charge', status: 'waiting', jobKey: 'i-1:j1', arrivedAt: 1 } },
    incidents: [],
    subscriptions: {},
    sequence: 3,
    ...overrides,
  };
}

/** The same instance one step later: rev + 1 and a visible change. */
export function nextRev(state: InstanceState, changes: Partial<InstanceState> = {}): InstanceState {
  return { ...structuredClone(state), rev: state.rev + 1, sequence: state.sequence + 1, ...changes };
}

export function aJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    key: 'i-1:j1',
    instanceId: 'i-1',
    definitionKey: 'order:1',
    processId: 'order',
    elementId: 'charge',
    tokenId: 't1',
    type: 'charge-card',
    retries: 3,
    headers: { channel: 'web' },
    variables: { total: 42 },
    dueAt: NOW,
    createdAt: NOW,
    ...overrides,
  };
}

export function aUserTask(overrides: Partial<UserTaskRecord> = {}): UserTaskRecord {
  return {
    id: 'i-1:u1',
    instanceId: 'i-1',
    definitionKey: 'order:1',
    processId: 'order',
    elementId: 'approve',
    tokenId: 't1',
    name: 'Approve order',
    candidateGroups: [],
    candidateUsers: [],
    createdAt: NOW,
    ...overrides,
  };
}

export function anEvent(overrides: Partial<HistoryEvent> = {}): HistoryEvent {
  return { type: 'element.activated', instanceId: 'i-1', processId: 'order', at: NOW, elementId: 'start', ...overrides };
}

/** An instance waiting for message 'payment' with correlation key 'order-1'. */
export function aSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    key: 'i-1:s1',
    kind: 'message',
    name: 'payment',
    correlationKey: 'order-1',
    instanceId: 'i-1',
    definitionKey: 'order:1',
    processId: 'order',
    elementId: 'wait-payment',
    createdAt: NOW,
    ...overrides,
  };
}

/** An instance waiting for signal 'stop' (signals have no correlation key). */
export function aSignalSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  const { correlationKey: _none, ...subscription } = aSubscription({ key: 'i-1:s2', kind: 'signal', name: 'stop', elementId: 'wait-stop' });
  return { ...subscription, ...overrides };
}

/** The message start event of process 'order': no instance, no correlation key. */
export function aStartSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    key: 'order:1:start',
    kind: 'message',
    name: 'payment',
    instanceId: '',
    definitionKey: 'order:1',
    processId: 'order',
    elementId: 'start',
    createdAt: NOW,
    ...overrides,
  };
}

/** A start-timer job of process 'order': an internal job with no instance. */
export function aStartTimer(overrides: Partial<JobRecord> = {}): JobRecord {
  return aJob({
    key: 'order:1:timer',
    instanceId: '',
    elementId: 'start',
    tokenId: '',
    type: 'baton:timer',
    headers: {},
    variables: {},
    payload: { cycle: 'R/PT1H' },
    ...overrides,
  });
}

/** Message 'payment' for correlation key 'order-1', alive for a minute. */
export function aMessage(overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: 'm-1',
    name: 'payment',
    correlationKey: 'order-1',
    variables: { paid: 42 },
    publishedAt: NOW,
    expiresAt: NOW + 60_000,
    correlatedProcesses: [],
    ...overrides,
  };
}

export function effects(overrides: Partial<Effects> = {}): Effects {
  return {
    createJobs: [],
    deleteJobs: [],
    createUserTasks: [],
    deleteUserTasks: [],
    createSubscriptions: [],
    deleteSubscriptions: [],
    events: [],
    ...overrides,
  };
}

/** Resolves to the error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail('expected the promise to be rejected');
}

export const keys = (records: Array<{ key: string }>) => records.map((r) => r.key);
export const ids = (records: Array<{ id: string }>) => records.map((r) => r.id);
export const sortedIds = (records: Array<{ id: string }>) => ids(records).sort();

/** Set by the suite before each test: the fresh store the sections run against. */
export interface ContractContext {
  store: Store;
}
