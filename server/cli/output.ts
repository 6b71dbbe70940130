/**
 * What a person reads: a line per result, or a table for a list. `--json`
 * prints the API's answer instead, for scripts (jq and the like).
 */

type Row = Record<string, unknown>;

/** Columns of a table: header and how to read the cell from an item. */
export type Columns = Array<[header: string, cell: (item: Row) => unknown]>;

/** A plain text table, columns padded to their widest cell. */
export function table(items: Row[], columns: Columns, next?: string): string {
  if (!items.length) return '(none)';
  const cells = items.map((item) => columns.map(([, cell]) => text(cell(item))));
  const headers = columns.map(([header]) => header);
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [line(headers), ...cells.map(line)];
  if (next) lines.push(`(more: --after ${next})`);
  return lines.join('\n');
}

/** A list page as the API answers it: `{ items, next? }`. */
export function page(answer: unknown, columns: Columns): string {
  const { items = [], next } = (answer ?? {}) as { items?: Row[]; next?: string };
  return table(items, columns, next);
}

export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.replace(/\s+/g, ' ');
  if (Array.isArray(value)) return value.map(text).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export const field =
  (name: string) =>
  (item: Row): unknown =>
    item[name];
