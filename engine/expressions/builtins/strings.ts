/**
 * Camunda's string functions that feelin lacks, and `string join` with
 * Camunda's prefix/suffix overload. Everything here runs in time linear in
 * its input except `extract`, a regular expression, which the cost
 * classifier (../cost.ts) sends to the isolated worker.
 */
import { randomUUID } from 'node:crypto';
import { builtin, isList, isString, type Builtins } from './define.js';

/** Java's String.trim: code points up to U+0020 count as space. */
const isJavaSpace = (code: number) => code <= 0x20;
/** Java's Character.isWhitespace, used by Camunda's `is blank`. */
const isWhitespace = (code: number) =>
  (code >= 0x09 && code <= 0x0d) ||
  (code >= 0x1c && code <= 0x20) ||
  code === 0x1680 ||
  (code >= 0x2000 && code <= 0x2006) ||
  (code >= 0x2008 && code <= 0x200a) ||
  code === 0x2028 ||
  code === 0x2029 ||
  code === 0x205f ||
  code === 0x3000;

/** Trims by index (a regular expression anchored at the end is quadratic on a long run of spaces). */
function trimWith(text: string, isSpace: (code: number) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(value: unknown): string | null {
  if (!isString(value) || value.length % 4 !== 0 || !BASE64.test(value)) return null;
  return Buffer.from(value, 'base64').toString('utf8');
}

function extract(text: unknown, pattern: unknown): string[] | null {
  if (!isString(text) || !isString(pattern)) return null;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'gu');
  } catch {
    return null;
  }
  return Array.from(text.matchAll(regex), (match) => match[0]);
}

/** Joins strings, skipping nulls; any other item makes the result null (Camunda's rule). */
function join(list: unknown, delimiter: unknown = null, prefix: unknown = null, suffix: unknown = null): string | null {
  if (!isList(list)) return null;
  const optional = [delimiter, prefix, suffix];
  if (optional.some((part) => part !== null && part !== undefined && !isString(part))) return null;
  const items: string[] = [];
  for (const item of list) {
    if (item === null || item === undefined) continue;
    if (!isString(item)) return null;
    items.push(item);
  }
  const text = (part: unknown) => (isString(part) ? part : '');
  return text(prefix) + items.join(text(delimiter)) + text(suffix);
}

export const stringBuiltins: Builtins = {
  trim: builtin(['string'], (text: unknown) => (isString(text) ? trimWith(text, isJavaSpace) : null)),
  'is blank': builtin(['string'], (text: unknown) => (isString(text) ? trimWith(text, isWhitespace).length === 0 : null)),
  'to base64': builtin(['value'], (value: unknown) => (isString(value) ? Buffer.from(value, 'utf8').toString('base64') : null)),
  'from base64': builtin(['value'], fromBase64),
  extract: builtin(['string', 'pattern'], extract),
  uuid: builtin([], () => randomUUID()),
  'string join': builtin(['list', 'delimiter', 'prefix', 'suffix'], join),
};
