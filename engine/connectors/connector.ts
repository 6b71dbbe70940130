/**
 * A connector: a reusable job handler for one task type (the REST
 * connector `io.camunda:http-json:1`, …) together with the element template
 * that lets a modeler fill in its inputs. Served in the engine process as a
 * built-in, or out of process by the connector runtime.
 */
import type { JobHandler } from '../jobs/job.js';

/** A Camunda element template (https://unpkg.com/@camunda/zeebe-element-templates-json-schema), kept as JSON. */
export type ElementTemplate = Record<string, unknown> & { id: string; name: string; version?: number };

export interface Connector {
  /** The task type it serves. */
  type: string;
  /** Its element template, offered in the modeler's properties panel. */
  template: ElementTemplate;
  handler: JobHandler;
}
