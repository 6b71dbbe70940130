/** What the engine API returns for an instance: a read-only view, not the internal state document. */
import type { ProcessModel } from './model/types.js';
import { ROOT_SCOPE, type InstanceState, type InstanceStatus, type TokenStatus } from './runtime/state.js';

export interface ActiveElement {
  elementId: string;
  elementType: string;
  tokenId: string;
  status: TokenStatus;
  jobKey?: string;
  userTaskId?: string;
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
    status: state.status,
    variables: state.scopes[ROOT_SCOPE]?.variables ?? {},
    activeElements: Object.values(state.tokens).map((token) => ({
      elementId: token.elementId,
      elementType: model?.elements[token.elementId]?.type ?? 'unknown',
      tokenId: token.id,
      status: token.status,
      jobKey: token.jobKey,
      userTaskId: token.userTaskId,
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
