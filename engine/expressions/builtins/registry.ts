/**
 * The built-in functions Baton adds to feelin's, or replaces where Camunda's
 * differ (one file per family). They reach feelin as functions in the
 * evaluation context, so their names must also be known when an
 * expression is parsed (`get or else` holds the keyword `or`).
 */
import type { FeelFunction } from 'feelin';
import { connectorBuiltins } from './connectors.js';
import { contextBuiltins } from './contexts.js';
import { conversionBuiltins } from './conversion.js';
import { listBuiltins } from './lists.js';
import { numberBuiltins } from './numbers.js';
import { rangeBuiltins } from './ranges.js';
import { stringBuiltins } from './strings.js';
import { temporalBuiltins } from './temporal.js';
import { valueBuiltins } from './values.js';

export { FeelAssertionError } from './values.js';

export const BUILTINS: ReadonlyMap<string, FeelFunction> = new Map(
  Object.entries({
    ...valueBuiltins,
    ...stringBuiltins,
    ...listBuiltins,
    ...contextBuiltins,
    ...temporalBuiltins,
    ...conversionBuiltins,
    ...numberBuiltins,
    ...rangeBuiltins,
    ...connectorBuiltins,
  }),
);

/** What the parser must be told so that it reads every built-in's name as one name. */
export const PARSE_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze(Object.fromEntries([...BUILTINS.keys()].map((name) => [name, null])));

/** Built-ins whose result changes from call to call: results that use them are never remembered. */
export const IMPURE_FUNCTIONS: readonly string[] = ['now', 'today', 'uuid', 'random number'];
