/** Parameters several resources declare alike. */
import { MAX_PAGE } from '../../engine/index.js';
import type { Parameter } from './route.js';

export const processIdParam: Parameter = { description: 'The process id (the `id` of the BPMN process).', schema: { type: 'string', minLength: 1 } };
export const versionParam: Parameter = { description: 'The version number.', schema: { type: 'integer', minimum: 1 } };

/** `limit` and `after` of a paged list. */
export const pageParams: Record<string, Parameter> = {
  limit: { description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 } },
  after: { description: "Cursor: a page's `next`." },
};

export interface PageQuery {
  limit?: number;
  after?: string;
}
