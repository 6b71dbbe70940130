/**
 * Checks an HTTP answer against the OpenAPI document (server/openapi):
 * the operation is found by method and path, its status must be documented,
 * the content type must be one the document names, and a JSON body must
 * validate against that response's schema (ajv, JSON Schema 2020-12 as
 * OpenAPI 3.1 uses it). Used by test/server/openapi.spec.ts and by the
 * recorder (./recorder.ts) that checks the answers of the whole suite.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { openApiDocument, type OpenApiDocument } from '../../server/openapi/document.js';

/** An answer as a test saw it; `body` is parsed JSON for JSON answers, else the text. */
export interface Answer {
  method: string;
  /** The request path, with or without a query. */
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

export interface OperationRef {
  /** As the document writes it: `/api/instances/{id}`. */
  path: string;
  method: string;
  operationId: string;
}

type Found = { operation: OperationRef } | { operation?: undefined };

const SCHEMA_ID = 'baton-openapi';

/** An ajv for the document's schemas: strict, so a mistake in a schema fails loudly instead of accepting anything. */
export function schemaValidator(document: OpenApiDocument = openApiDocument): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  (formats as unknown as FormatsPlugin)(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, $defs: localRefs(document.components.schemas) });
  return ajv;
}

/** `#/components/schemas/X` -> `baton-openapi#/$defs/X`: the component schemas become one JSON Schema document. */
function localRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${SCHEMA_ID}#/$defs/`));
}

export class OpenApiChecker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ path: string; segments: string[]; literals: number }>;

  constructor(readonly document: OpenApiDocument = openApiDocument) {
    this.ajv = schemaValidator(document);
    this.templates = Object.keys(document.paths).map((path) => {
      const segments = path.split('/');
      return { path, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
    });
  }

  /** The documented operation for a method and a concrete path; none for a path the document does not have (an unknown route) or a method it lacks (405). */
  find(method: string, path: string): Found {
    const segments = path
      .split('?')[0]
      .replace(/(.)\/$/, '$1')
      .split('/');
    const matches = this.templates.filter(
      (t) => t.segments.length === segments.length && t.segments.every((s, i) => (s.startsWith('{') ? segments[i] !== '' : s === segments[i])),
    );
    const template = matches.sort((a, b) => b.literals - a.literals)[0];
    const operation = template && this.document.paths[template.path][method.toLowerCase()];
    return operation ? { operation: { path: template.path, method: method.toUpperCase(), operationId: operation.operationId } } : {};
  }

  /** What is wrong with the answer ([] when it matches); undefined when the document has no such operation. */
  check(answer: Answer): string[] | undefined {
    const { operation } = this.find(answer.method, answer.path);
    if (!operation) return undefined;
    const responses = this.document.paths[operation.path][operation.method.toLowerCase()].responses;
    // `default` covers only the 500 that every operation may give.
    const documented = responses[String(answer.status)] ?? (answer.status === 500 ? responses.default : undefined);
    if (!documented) return [`status ${answer.status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const response = this.resolve(documented) as { content?: Record<string, { schema?: unknown }> };
    const mediaTypes = Object.keys(response.content ?? {});
    if (!mediaTypes.length) {
      return answer.body === undefined || answer.body === '' ? [] : [`status ${answer.status} is documented without a body, but one was sent`];
    }
    const essence = answer.contentType?.split(';')[0].trim().toLowerCase();
    if (!essence || !mediaTypes.includes(essence)) return [`content type '${answer.contentType}' is not documented (documented: ${mediaTypes.join(', ')})`];
    if (essence !== 'application/json') return [];
    const validate = this.validator(`${operation.method} ${operation.path} ${answer.status}`, response.content![essence].schema);
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `body${e.instancePath} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  }

  private resolve(value: unknown): unknown {
    const pointer = (value as { $ref?: string }).$ref;
    if (!pointer) return value;
    return pointer
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], this.document);
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(localRefs(schema as object));
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** Reads a fetch Response as an Answer (the body is consumed: pass a clone to keep the original readable). */
export async function answerOf(method: string, path: string, response: Response): Promise<Answer> {
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  let body: unknown = text === '' ? undefined : text;
  if (text !== '' && contentType?.toLowerCase().includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text; // not JSON after all: the schema check reports it
    }
  }
  return { method: method.toUpperCase(), path, status: response.status, contentType, body };
}
