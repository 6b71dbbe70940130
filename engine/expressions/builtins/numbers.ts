/**
 * `random number()`, and the rounding functions with Camunda's one-argument
 * form (`round up(5.5)` is 6): the scale defaults to 0, the rest is feelin's.
 */
import { evaluate, FeelFunction } from 'feelin';
import { randomBytes } from 'node:crypto';
import { builtin, type Builtins } from './define.js';

/** A uniformly distributed number in [0, 1) with 53 random bits. */
function randomNumber(): number {
  const bytes = randomBytes(8);
  const high = bytes.readUInt32BE(0) >>> 5; // 27 bits
  const low = bytes.readUInt32BE(4) >>> 6; // 26 bits
  return (high * 2 ** 26 + low) / 2 ** 53;
}

/** feelin's own built-in of that name (a built-in's name evaluates to the function). */
function feelinBuiltin(name: string): FeelFunction {
  const fn = evaluate(name, {}).value as ((...args: unknown[]) => unknown) & { $args: string[] };
  return new FeelFunction(fn, fn.$args);
}

function withDefaultScale(name: string): FeelFunction {
  const original = feelinBuiltin(name);
  return builtin(['n', 'scale'], (n: unknown, scale: unknown) => original.fn(n, scale ?? 0));
}

export const numberBuiltins: Builtins = {
  'random number': builtin([], randomNumber),
  'round up': withDefaultScale('round up'),
  'round down': withDefaultScale('round down'),
  'round half up': withDefaultScale('round half up'),
  'round half down': withDefaultScale('round half down'),
};
