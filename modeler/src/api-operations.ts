/**
 * The JSON an operation of the REST API takes and gives, by its operationId,
 * read from the generated types (./generated/api-types.ts). A client method
 * typed `Promise<Answer<'getInstance'>>` follows the OpenAPI document when it
 * changes: regenerate, and the compiler points at the code to fix.
 */
import type { components, operations } from './generated/api-types.js';

export type Schemas = components['schemas'];
export type OperationId = keyof operations;

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : R extends { 202: infer A } ? A : never;
type AnswerOf<Op extends OperationId> = Json<Success<operations[Op]['responses']>>;
type BodyOf<Op extends OperationId> = Json<NonNullable<operations[Op]['requestBody']>>;
type IsNever<T> = [T] extends [never] ? true : false;

// An operation without a JSON answer (or body) would type it as `never`, which the compiler lets code use
// as anything: such operations are not accepted below, so a text answer or a dropped body is a compile error.
type AnsweringJson = { [Op in OperationId]: IsNever<AnswerOf<Op>> extends true ? never : Op }[OperationId];
type TakingJson = { [Op in OperationId]: IsNever<BodyOf<Op>> extends true ? never : Op }[OperationId];

/** The body of the operation's success answer (200, 201 or 202). */
export type Answer<Op extends AnsweringJson> = AnswerOf<Op>;
/** The JSON request body the operation takes. */
export type Body<Op extends TakingJson> = BodyOf<Op>;
/** The query parameters the operation takes. */
export type Query<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;
