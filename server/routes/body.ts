import { HttpError } from '../errors.js';

/** A JSON request body (or a field of one) that must be an object; an absent body counts as `{}`. */
export function jsonObject(value: unknown, field = 'request body'): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'INVALID_ARGUMENT', `the ${field} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}
