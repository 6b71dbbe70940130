/**
 * Camunda's functions on any value: null checks, assertions, and the
 * `fromAi` marker of AI-agent tool definitions.
 */
import { builtin, type Builtins } from './define.js';

/**
 * Thrown by `assert` when its condition does not hold: unlike every other
 * failure in FEEL it ends the evaluation, and the element gets an incident
 * with the message (as in Zeebe).
 */
export class FeelAssertionError extends Error {}

const present = (value: unknown) => value !== null && value !== undefined;

export const valueBuiltins: Builtins = {
  // Since Camunda 8.3 `is defined(null)` is false, like a missing variable.
  'is defined': builtin(['value'], (...args: unknown[]) => (args.length === 1 ? present(args[0]) : null)),
  'get or else': builtin(['value', 'default'], (value: unknown, fallback: unknown) => (present(value) ? value : present(fallback) ? fallback : null)),
  assert: builtin(['value', 'condition', 'cause'], (value: unknown, condition: unknown, cause: unknown) => {
    if (condition === true) return present(value) ? value : null;
    throw new FeelAssertionError(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
  }),
  // Returns the value unchanged; the other parameters describe it to an AI integration.
  fromAi: builtin(['value', 'description', 'type', 'schema', 'options'], (value: unknown) => (present(value) ? value : null)),
};
