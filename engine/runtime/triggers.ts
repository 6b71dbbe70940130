/** Everything that can move an instance: each step applies exactly one trigger. */
import type { AdHocActivation } from './behaviours/adhoc.js';
import type { ListenerResult } from './listeners.js';
import type { UserTaskRecord } from './records.js';

export type Variables = Record<string, unknown>;

export type Trigger =
  /** A new instance: at the none start event, or at `startEventId` (a message, signal or timer start event). */
  | { type: 'start'; variables: Variables; startEventId?: string }
  /** `result`: what a task listener's worker decided (./listeners.ts). */
  | { type: 'jobCompleted'; jobKey: string; variables: Variables; result?: ListenerResult }
  /** The job's last retry failed: the task gets an incident. */
  | { type: 'jobFailed'; jobKey: string; message: string }
  /** The job's worker raised a BPMN error: caught by an error boundary or event sub-process, else an incident. */
  | { type: 'jobError'; jobKey: string; errorCode: string; message: string; variables: Variables }
  /** `task`: the task as it is, for the headers of its completing listeners. */
  | { type: 'userTaskCompleted'; taskId: string; variables: Variables; task?: UserTaskRecord }
  /**
   * Variables set from outside. Without `tokenId`, from the root scope; with it, from that active element's scope.
   * `local` sets them in that scope itself; otherwise each goes to the nearest enclosing scope that has it (else the top one).
   */
  | { type: 'setVariables'; variables: Variables; tokenId?: string; local?: boolean }
  | { type: 'resolveIncident'; incidentId: string; retries?: number }
  | { type: 'cancel' }
  /** Activates elements inside the waiting ad-hoc sub-process that `tokenId` is (./behaviours/adhoc.ts). */
  | { type: 'adHocActivate'; tokenId: string; elements: AdHocActivation[] }
  /** A timer job of a subscription came due. */
  | { type: 'timerFired'; jobKey: string }
  /** A message or signal reached a subscription. */
  | { type: 'eventOccurred'; subscriptionId: string; variables: Variables }
  /** From a child instance: it completed. */
  | { type: 'childCompleted'; childInstanceId: string; variables: Variables }
  /** From a child instance: a BPMN error it did not catch. */
  | { type: 'childError'; childInstanceId: string; errorCode: string; message: string; variables: Variables; origin: ErrorOrigin }
  /** To the instance that threw an error: no calling process caught it either, so the thrower gets the incident. */
  /** From a child instance: an escalation it did not catch, for the call activity's boundary events. */
  | { type: 'childEscalation'; childInstanceId: string; escalationCode: string; variables: Variables }
  | { type: 'errorUncaught'; tokenId: string; elementId: string; errorCode: string; message: string }
  /** The child instance could not be started, or ended without completing. */
  | { type: 'childFailed'; childInstanceId: string; message: string };

/** Where an error that went up to the calling processes was thrown: the instance, the waiting token and its element. */
export interface ErrorOrigin {
  instanceId: string;
  tokenId: string;
  elementId: string;
}
