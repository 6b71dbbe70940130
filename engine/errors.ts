/**
 * Typed errors of the engine. The REST API maps each `code` to a status;
 * `details` carries structured data a client can act on.
 */
export class BatonError extends Error {
  readonly code: string = 'BATON_ERROR';
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Malformed XML: the line and column where parsing failed. */
export abstract class XmlParseError extends BatonError {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
    readonly elementId?: string,
  ) {
    super(message, { line, column, elementId });
  }
}

/** A BPMN file that is not well-formed BPMN XML. */
export class BpmnParseError extends XmlParseError {
  override readonly code = 'BPMN_PARSE_ERROR';
}

/** A DMN file that is not well-formed DMN XML. */
export class DmnParseError extends XmlParseError {
  override readonly code = 'DMN_PARSE_ERROR';
}

export interface ValidationProblem {
  /** The process the problem is in, when it belongs to one. */
  processId?: string;
  /** The BPMN element at fault. */
  elementId?: string;
  /** The file the problem is in, in a deployment of several files. */
  resource?: string;
  message: string;
}

/** A diagram that parses but cannot run: every problem found, each with its element id. */
export class ValidationError extends BatonError {
  override readonly code = 'VALIDATION_ERROR';
  /** `kind`: what was validated, for the message ('BPMN' diagrams, 'DMN' decisions, or a deployment of both). */
  constructor(
    readonly problems: ValidationProblem[],
    kind: 'BPMN' | 'DMN' | 'deployment' = 'BPMN',
  ) {
    super(
      `${kind} validation failed with ${problems.length} problem(s):\n` +
        problems.map((p) => `- ${p.elementId ?? p.processId ?? 'definitions'}: ${p.message}`).join('\n'),
      { problems },
    );
  }
}

export class NotFoundError extends BatonError {
  override readonly code = 'NOT_FOUND';
}

/** The state changed under the caller (a rev mismatch), or the request contradicts it. */
export class ConflictError extends BatonError {
  override readonly code = 'CONFLICT';
}

/** A size or count limit was exceeded. */
export class LimitError extends BatonError {
  override readonly code = 'LIMIT_EXCEEDED';
}

/** The store's file is damaged or half lost: the engine refuses to start on it (the message names the file and what to do). */
export class StoreCorruptError extends BatonError {
  override readonly code = 'STORE_CORRUPT';
}

/**
 * The disk did not confirm a write of the SQLite store (an fdatasync failed):
 * what was committed since the last good sync may be lost, so the store takes
 * no more writes until the engine is restarted on the file.
 */
export class StoreSyncError extends BatonError {
  override readonly code = 'STORE_SYNC_FAILED';
}

/** Input that is well-formed but not acceptable (bad variables, bad options). */
export class InvalidArgumentError extends BatonError {
  override readonly code = 'INVALID_ARGUMENT';
}

/** An instance cannot move to another version: `problems` names each active element that has no target, with the reason. */
export class MigrationError extends BatonError {
  override readonly code = 'MIGRATION_REFUSED';
  constructor(
    message: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${message}:\n${problems.map((p) => `- ${p.elementId ?? 'instance'}: ${p.message}`).join('\n')}`, { problems });
  }
}

/** A version cannot be promoted to an environment as it stands: `details.missing` lists the `env` names the target lacks. */
export class PromotionError extends BatonError {
  override readonly code = 'PROMOTION_REFUSED';
}

/** `waitFor` gave up before the instance reached the awaited status. */
export class TimeoutError extends BatonError {
  override readonly code = 'TIMEOUT';
}

/**
 * Thrown by a job handler to raise a BPMN error at its task: an error
 * boundary event or event sub-process catches it, else it is an incident.
 */
export class BpmnError extends BatonError {
  override readonly code = 'BPMN_ERROR';
  constructor(
    readonly errorCode: string,
    message?: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message ?? errorCode, { errorCode });
  }
}
