/**
 * Request validation against a route's declared schemas (ajv, JSON Schema
 * 2020-12 as OpenAPI 3.1 reads it). Each route's schemas are compiled once,
 * when the first app mounts it. A request that does not fit answers 400
 * INVALID_ARGUMENT with `details.pointer`, the JSON pointer of the problem
 * (`/elements/0/elementId` in the body, `query/limit`, `path/version`), and
 * a message that names the field.
 */
import type { Context } from 'koa';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats, { type FormatsPlugin } from 'ajv-formats';
import { HttpError } from '../errors.js';
import type { Schema } from '../openapi/build.js';
import { schemas } from '../openapi/schemas.js';
import type { Input, Parameter, RouteSpec } from './route.js';

type AnyInput = Input<unknown, Record<string, unknown>, Record<string, unknown>>;

const COMPONENTS_ID = 'baton-api';

// verbose: errors carry their schema, so a message can say the range a number must be in.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, verbose: true });
(formats as unknown as FormatsPlugin)(ajv);
ajv.addSchema({ $id: COMPONENTS_ID, $defs: localRefs(schemas) });

/** `#/components/schemas/X` -> `baton-api#/$defs/X`: the component schemas as one JSON Schema document. */
function localRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`)) as T;
}

const compiled = new WeakMap<RouteSpec, (ctx: Context) => AnyInput>();

/** The route's validator, compiled the first time it is asked for. */
export function requestValidator(spec: RouteSpec): (ctx: Context) => AnyInput {
  let validator = compiled.get(spec);
  if (!validator) {
    validator = compile(spec);
    compiled.set(spec, validator);
  }
  return validator;
}

function compile(spec: RouteSpec): (ctx: Context) => AnyInput {
  const body = spec.body && ajv.compile(localRefs(spec.body.schema));
  const params = parameterValidator('path', spec.params ?? {}, true);
  const query = parameterValidator('query', spec.query ?? {}, false);
  return (ctx) => ({
    params: params(ctx.params ?? {}),
    query: query(ctx.query),
    body: body ? check(body, emptyAsObject(ctx.request.body), 'body') : ctx.request.body,
  });
}

/** An absent JSON body is an empty object. */
function emptyAsObject(body: unknown): unknown {
  return body === undefined || body === null || body === '' ? {} : body;
}

type Where = 'body' | 'query' | 'path';

function check<T>(validate: ValidateFunction, value: T, where: Where): T {
  if (validate(value)) return value;
  const { pointer, message } = describe(validate.errors![0], where);
  throw new HttpError(400, 'INVALID_ARGUMENT', message, { pointer });
}

/** Validates declared parameters after converting their text to the schema's type; a route that declares query parameters refuses others. */
function parameterValidator(
  where: Where,
  declared: Record<string, Parameter>,
  allRequired: boolean,
): (raw: Record<string, unknown>) => Record<string, unknown> {
  const entries = Object.entries(declared).map(
    ([name, parameter]) => [name, parameter.content ? { type: 'string' } : (parameter.schema ?? { type: 'string' })] as const,
  );
  const required = Object.entries(declared)
    .filter(([, parameter]) => allRequired || parameter.required)
    .map(([name]) => name);
  const validate = ajv.compile(localRefs({ type: 'object', properties: Object.fromEntries(entries), required }));
  const known = new Set(Object.keys(declared));
  return (raw) => {
    // Routes that declare their query refuse a parameter they do not know (a typo such as `statsu` would otherwise filter nothing).
    if (where === 'query' && known.size) {
      const unknown = Object.keys(raw).find((name) => !known.has(name));
      if (unknown !== undefined) {
        const hint = `known: ${[...known].join(', ')}`;
        throw new HttpError(400, 'INVALID_ARGUMENT', `'${unknown.slice(0, 64)}' is not a query parameter of this endpoint (${hint})`, {
          pointer: `query/${escape(unknown.slice(0, 64))}`,
        });
      }
    }
    const values: Record<string, unknown> = {};
    for (const [name, schema] of entries) {
      const value = raw[name];
      if (value === undefined || value === '') continue;
      if (Array.isArray(value) && !admits(schema, 'array')) {
        throw new HttpError(400, 'INVALID_ARGUMENT', `give ${name} once`, { pointer: `${where}/${name}` });
      }
      values[name] = typeof value === 'string' ? fromText(value, schema) : value;
    }
    return check(validate, values, where);
  };
}

function admits(schema: Schema, type: string): boolean {
  return schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));
}

/** Whole numbers and booleans as their values; anything else stays text, for the schema to refuse. */
function fromText(text: string, schema: Schema): unknown {
  if (admits(schema, 'integer') && /^-?\d{1,15}$/.test(text)) return Number(text);
  if (admits(schema, 'boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The pointer and a message naming the field, in the project's words rather than ajv's. */
function describe(error: ErrorObject, where: Where): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  const child = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const path = error.instancePath + (child === undefined ? '' : `/${escape(child)}`);
  const pointer = where === 'body' ? path : `${where}/${path.slice(1)}`;
  const name = where === 'body' ? fieldName(path) : path.slice(1);
  const parent = where === 'body' ? fieldName(error.instancePath) : `the ${where === 'path' ? 'path' : 'query'}`;
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        pointer,
        message: `'${child}' is not a field of ${parent}: leave it out (known: ${Object.keys((schema.properties as object) ?? {}).join(', ') || 'none'})`,
      };
    case 'required':
      return { pointer, message: `${name} is required` };
    case 'type':
    case 'minimum':
    case 'maximum':
      return { pointer, message: `${name} must be ${kindOf(schema)}` };
    case 'minLength':
      return { pointer, message: params.limit === 1 ? `${name} must not be empty` : `${name} must be at least ${params.limit} characters long` };
    case 'maxLength':
      return { pointer, message: `${name} must be at most ${params.limit} characters long` };
    case 'enum':
      return { pointer, message: `${name} must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { pointer, message: `${name} ${error.message}` };
  }
}

/** What a value of this schema is, in words: 'a whole number from 1 to 1000', 'text', 'a JSON object'. */
function kindOf(schema: Record<string, unknown>): string {
  const { minimum: min, maximum: max } = schema;
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : max !== undefined
          ? ` of at most ${max}`
          : '';
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const words = types.map((type) =>
    type === 'integer' ? `a whole number${range}` : type === 'number' ? `a number${range}` : (TYPE_WORDS[String(type)] ?? String(type)),
  );
  return words.join(' or ') || 'valid';
}

const TYPE_WORDS: Record<string, string> = { string: 'text', boolean: 'true or false', object: 'a JSON object', array: 'a list', null: 'null' };

/** '/elements/0/elementId' -> 'elements[0].elementId'; the root is the request body. */
function fieldName(pointer: string): string {
  if (!pointer) return 'the request body';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

function escape(part: string): string {
  return part.replaceAll('~', '~0').replaceAll('/', '~1');
}
