/**
 * DMN's range relations that feelin leaves unimplemented (it fails every
 * call): `overlaps before`, `overlaps after`, `finishes`, `finished by`,
 * `during`, `starts`, `started by`, `coincides`, each for a point and a
 * range or for two ranges, as DMN 1.3 (10.3.2.3.x) defines them. A range
 * with an open end (`< 5`) or incomparable values gives null.
 */
import { evaluate, isRange, type FeelRange } from 'feelin';
import { builtin, type Builtins } from './define.js';

class Incomparable extends Error {}

/** `a < b` and `a = b` with FEEL's comparison (numbers, strings, temporals); throws Incomparable otherwise. */
function compare(a: unknown, b: unknown, operator: '<' | '='): boolean {
  if (a === null || a === undefined || b === null || b === undefined) throw new Incomparable();
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) {
    return operator === '<' ? a < b : a === b;
  }
  const { value } = evaluate(`a ${operator} b`, { a, b });
  if (typeof value !== 'boolean') throw new Incomparable();
  return value;
}

const lt = (a: unknown, b: unknown) => compare(a, b, '<');
const eq = (a: unknown, b: unknown) => compare(a, b, '=');

interface Bounds {
  start: unknown;
  end: unknown;
  si: boolean;
  ei: boolean;
}

const bounds = (r: FeelRange): Bounds => ({ start: r.start, end: r.end, si: r['start included'], ei: r['end included'] });

/** A relation defined for a point and a range, a range and a point, or two ranges; null for anything else. */
function relation(
  params: [string, string],
  cases: {
    pointRange?: (p: unknown, r: Bounds) => boolean;
    rangePoint?: (r: Bounds, p: unknown) => boolean;
    pointPoint?: (a: unknown, b: unknown) => boolean;
    rangeRange: (a: Bounds, b: Bounds) => boolean;
  },
) {
  return builtin(params, (a: unknown, b: unknown) => {
    try {
      if (isRange(a) && isRange(b)) return cases.rangeRange(bounds(a), bounds(b));
      if (isRange(b) && !isRange(a) && cases.pointRange) return cases.pointRange(a, bounds(b));
      if (isRange(a) && !isRange(b) && cases.rangePoint) return cases.rangePoint(bounds(a), b);
      if (!isRange(a) && !isRange(b) && cases.pointPoint) return cases.pointPoint(a, b);
      return null;
    } catch (err) {
      if (err instanceof Incomparable) return null;
      throw err;
    }
  });
}

export const rangeBuiltins: Builtins = {
  'overlaps before': relation(['range1', 'range2'], {
    rangeRange: (r1, r2) =>
      (lt(r1.start, r2.start) || (eq(r1.start, r2.start) && r1.si && !r2.si)) &&
      (lt(r2.start, r1.end) || (eq(r1.end, r2.start) && r1.ei && r2.si)) &&
      (lt(r1.end, r2.end) || (eq(r1.end, r2.end) && (!r1.ei || r2.ei))),
  }),
  'overlaps after': relation(['range1', 'range2'], {
    rangeRange: (r1, r2) =>
      (lt(r2.start, r1.start) || (eq(r2.start, r1.start) && r2.si && !r1.si)) &&
      (lt(r1.start, r2.end) || (eq(r2.end, r1.start) && r2.ei && r1.si)) &&
      (lt(r2.end, r1.end) || (eq(r2.end, r1.end) && (!r2.ei || r1.ei))),
  }),
  finishes: relation(['point', 'range'], {
    pointRange: (p, r) => r.ei && eq(r.end, p),
    rangeRange: (r1, r2) => r1.ei === r2.ei && eq(r1.end, r2.end) && (lt(r2.start, r1.start) || (eq(r1.start, r2.start) && (!r1.si || r2.si))),
  }),
  'finished by': relation(['range', 'point'], {
    rangePoint: (r, p) => r.ei && eq(r.end, p),
    rangeRange: (r1, r2) => r1.ei === r2.ei && eq(r1.end, r2.end) && (lt(r1.start, r2.start) || (eq(r1.start, r2.start) && (r1.si || !r2.si))),
  }),
  during: relation(['point', 'range'], {
    pointRange: (p, r) => (lt(r.start, p) && lt(p, r.end)) || (eq(r.start, p) && r.si) || (eq(r.end, p) && r.ei),
    rangeRange: (r1, r2) =>
      (lt(r2.start, r1.start) || (eq(r2.start, r1.start) && (r2.si || !r1.si))) && (lt(r1.end, r2.end) || (eq(r1.end, r2.end) && (r2.ei || !r1.ei))),
  }),
  starts: relation(['point', 'range'], {
    pointRange: (p, r) => r.si && eq(r.start, p),
    rangeRange: (r1, r2) => eq(r1.start, r2.start) && r1.si === r2.si && (lt(r1.end, r2.end) || (eq(r1.end, r2.end) && (!r1.ei || r2.ei))),
  }),
  'started by': relation(['range', 'point'], {
    rangePoint: (r, p) => r.si && eq(r.start, p),
    rangeRange: (r1, r2) => eq(r1.start, r2.start) && r1.si === r2.si && (lt(r2.end, r1.end) || (eq(r2.end, r1.end) && (!r2.ei || r1.ei))),
  }),
  coincides: relation(['point1', 'point2'], {
    pointPoint: (a, b) => eq(a, b),
    rangeRange: (r1, r2) => eq(r1.start, r2.start) && r1.si === r2.si && eq(r1.end, r2.end) && r1.ei === r2.ei,
  }),
};
