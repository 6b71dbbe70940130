/** What the engine API returns for an instance: a read-only view, not the internal state document. */
import type { ProcessModel } from '../model/types.js';
import { ROOT_SCOPE, type InstanceState, type InstanceStatus, type TokenStatus } from '../runtime/state.js';

export interface ActiveElement {
  elementId: string;
  elementType: string;
  tokenId: string;
  status: TokenStatus;
  jobKey?: string;
  userTaskId?: string;
  /** A call activity: the child instance it started and waits for. */
  childInstanceId?: string;
  /** An inner instance of a multi-instance activity: its place in the collection, from 1 (its body has none). */
  loopCounter?: number;
}

export interface IncidentView {
  id: string;
  elementId: string;
  kind: string;
  message: string;
  createdAt: string;
  jobKey?: string;
}

export interface InstanceView {
  id: string;
  processId: string;
  version: number;
  definitionKey: string;
  businessKey?: string;
  /** Set when a call activity started this instance: the calling instance. */
  parentInstanceId?: string;
  /** The call activity in the calling instance that started this one. */
  parentElementId?: string;
  status: InstanceStatus;
  /** The root scope's variables. */
  variables: Record<string, unknown>;
  activeElements: ActiveElement[];
  incidents: IncidentView[];
  startedAt: string;
  endedAt?: string;
}

export function instanceView(state: InstanceState, model?: ProcessModel): InstanceView {
  return {
    id: state.id,
    processId: state.processId,
    version: state.version,
    definitionKey: state.definitionKey,
    businessKey: state.businessKey,
    parentInstanceId: state.parent?.instanceId,
    parentElementId: state.parent?.elementId,
    status: state.status,
    variables: state.scopes[ROOT_SCOPE]?.variables ?? {},
    activeElements: Object.values(state.tokens).map((token) => ({
      elementId: token.elementId,
      elementType: model?.elements[token.elementId]?.type ?? 'unknown',
      tokenId: token.id,
      status: token.status,
      jobKey: token.jobKey,
      userTaskId: token.userTaskId,
      childInstanceId: token.childInstanceId,
      loopCounter: token.loopCounter,
    })),
    incidents: state.incidents.map((incident) => ({
      id: incident.id,
      elementId: incident.elementId,
      kind: incident.kind,
      message: incident.message,
      createdAt: new Date(incident.createdAt).toISOString(),
      jobKey: incident.jobKey,
    })),
    startedAt: new Date(state.startedAt).toISOString(),
    endedAt: state.endedAt === undefined ? undefined : new Date(state.endedAt).toISOString(),
  };
}

/** One variable scope of an instance: the root, or an active element's own (input mappings, a sub-process, local variables). */
export interface ScopeView {
  id: string;
  /** The process id for the root scope, else the element that opened it. */
  elementId: string;
  /** The enclosing scope; none for the root. */
  parentId?: string;
  /** The active element (`activeElements[].tokenId`) whose scope this is; none for the root. */
  tokenId?: string;
  variables: Record<string, unknown>;
}

/** Every scope of the instance, outermost first. */
export function scopeViews(state: InstanceState): ScopeView[] {
  const scopes = Object.values(state.scopes);
  const depth = (id: string | undefined): number => (id && state.scopes[id] ? 1 + depth(state.scopes[id].parentId) : 0);
  return scopes
    .map((scope) => ({ id: scope.id, elementId: scope.elementId, parentId: scope.parentId, tokenId: scope.ownerTokenId, variables: scope.variables }))
    .sort((a, b) => depth(a.id) - depth(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
