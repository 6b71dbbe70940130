/**
 * A filter as a parameterised SQL condition on `instances.id` over the
 * `search_attributes(instance_id, name, value_text, value_number)` table.
 * Attribute names and values are always bound parameters; the SQL text
 * depends only on the shape of the filter. Same semantics as ./predicate.ts.
 */
import { indexedValue } from './attributes.js';
import type { SearchFilter } from './filter.js';

export interface SqlCondition {
  sql: string;
  params: Array<string | number>;
}

const COMPARISON: Record<string, string> = { eq: '=', ne: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function filterToSql(filter: SearchFilter): SqlCondition {
  if (filter.op === 'and' || filter.op === 'or') {
    const parts = filter.filters.map(filterToSql);
    return { sql: `(${parts.map((p) => p.sql).join(` ${filter.op.toUpperCase()} `)})`, params: parts.flatMap((p) => p.params) };
  }
  const select = 'SELECT instance_id FROM search_attributes WHERE name = ?';
  if (filter.op === 'in') {
    const cells = filter.values.map(indexedValue);
    const texts = cells.flatMap((c) => (c.text === undefined ? [] : [c.text]));
    const numbers = cells.flatMap((c) => (c.number === undefined ? [] : [c.number]));
    const alternatives: string[] = [];
    const params: Array<string | number> = [filter.attribute];
    if (texts.length) {
      alternatives.push('value_text IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(texts));
    }
    if (numbers.length) {
      alternatives.push('value_number IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(numbers));
    }
    return { sql: `id IN (${select} AND (${alternatives.join(' OR ')}))`, params };
  }
  const cell = indexedValue(filter.value);
  const column = cell.number === undefined ? 'value_text' : 'value_number';
  const operand = cell.number ?? cell.text!;
  if (filter.op === 'prefix') {
    // The range start lets the (name, value_text) index narrow the scan; substr decides.
    return { sql: `id IN (${select} AND value_text >= ? AND substr(value_text, 1, length(?)) = ?)`, params: [filter.attribute, operand, operand, operand] };
  }
  const sql = `id ${filter.op === 'ne' ? 'NOT IN' : 'IN'} (${select} AND ${column} ${COMPARISON[filter.op]} ?)`;
  return { sql, params: [filter.attribute, operand] };
}
