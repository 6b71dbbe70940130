/**
 * Which FEEL expressions may run on the engine's main thread. An expression
 * is "linear" when its evaluation takes time and memory in proportion to
 * the size of its inputs (which the variable limits bound): comparisons,
 * arithmetic, paths, contexts, lists, `if`, and the built-in functions below.
 * Anything that can iterate without such a bound — `for` (ranges), `some` /
 * `every`, function definitions (recursion), a filter inside a filter,
 * regular expressions (catastrophic backtracking), quadratic list functions,
 * or a function we do not know — makes the expression "unbounded", and the
 * steps of a diagram that holds one run in an isolated worker with a hard
 * time and memory budget (../budget/).
 */
import { parseExpression } from 'feelin';
import { PARSE_CONTEXT } from './builtins/registry.js';

/**
 * Built-ins whose cost is at most linear (n log n for the sorting ones) in
 * their arguments' size and whose result is no larger than that. Left out:
 * regular expressions (`matches`, `replace`, `split`, `extract`), joins and
 * anything else whose output can be much larger than its input (`string join`
 * repeats its delimiter and affixes), and feelin's pairwise ones
 * (`distinct values`, `union`: equality scans over complex values).
 */
const LINEAR_FUNCTIONS = new Set([
  // conversion and temporal
  'not',
  'string',
  'number',
  'date',
  'time',
  'date and time',
  'duration',
  'years and months duration',
  'now',
  'today',
  'day of week',
  'day of year',
  'week of year',
  'month of year',
  'last day of month',
  'to json',
  'from json',
  // numbers
  'abs',
  'floor',
  'ceiling',
  'decimal',
  'round up',
  'round down',
  'round half up',
  'round half down',
  'modulo',
  'sqrt',
  'log',
  'exp',
  'odd',
  'even',
  'random number',
  // strings (no regular expressions, no joins that multiply a delimiter)
  'string length',
  'upper case',
  'lower case',
  'substring',
  'substring before',
  'substring after',
  'contains',
  'starts with',
  'ends with',
  'trim',
  'is blank',
  'to base64',
  'from base64',
  'uuid',
  // lists (`duplicate values` keys each item once: linear)
  'count',
  'min',
  'max',
  'sum',
  'mean',
  'median',
  'stddev',
  'mode',
  'product',
  'all',
  'any',
  'and',
  'or',
  'sublist',
  'append',
  'concatenate',
  'insert before',
  'remove',
  'reverse',
  'index of',
  'list contains',
  'flatten',
  'is empty',
  'duplicate values',
  'partition',
  // contexts and values
  'get value',
  'get entries',
  'context put',
  'context merge',
  'context',
  'is defined',
  'get or else',
  'is',
  'assert',
  'fromAi',
  // ranges (a few comparisons each)
  'before',
  'after',
  'meets',
  'met by',
  'overlaps',
  'overlaps before',
  'overlaps after',
  'finishes',
  'finished by',
  'includes',
  'during',
  'starts',
  'started by',
  'coincides',
]);

/** Node types whose evaluation can repeat without a bound the inputs set. */
const UNBOUNDED_NODES = new Set(['ForExpression', 'QuantifiedExpression', 'FunctionDefinition']);

/** Whether `source` (FEEL without the leading `=`) is linear in its inputs; false when in doubt (or when it does not parse). */
export function isLinearFeel(source: string): boolean {
  let linear = true;
  let filterDepth = 0;
  try {
    parseExpression(source, PARSE_CONTEXT, undefined).iterate({
      enter(node) {
        if (!linear) return false;
        if (UNBOUNDED_NODES.has(node.name)) linear = false;
        else if (node.name === 'FunctionInvocation') {
          const name = node.node.firstChild;
          const text = name ? source.slice(name.from, name.to).replace(/\s+/g, ' ').trim() : '';
          // A function called inside a filter runs once per item: n calls over n items.
          if (filterDepth > 0 || !LINEAR_FUNCTIONS.has(text)) linear = false;
        } else if (node.name === 'FilterExpression') {
          if (filterDepth > 0) linear = false;
          filterDepth++;
        }
        return linear ? undefined : false;
      },
      leave(node) {
        if (node.name === 'FilterExpression') filterDepth--;
      },
    });
  } catch {
    return false;
  }
  return linear;
}
