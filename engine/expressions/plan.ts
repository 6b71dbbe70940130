/**
 * How an expression is handed to feelin. FEEL keeps functions and variables
 * apart (Camunda resolves `count(items)` to the built-in even when a
 * variable `count` exists), but feelin looks both up in one context where a
 * variable wins. So the plan lists the names read as variables and the
 * built-ins called; where a called built-in shares its name with a
 * variable of the same expression, the call is renamed (`count builtin`)
 * in the source feelin runs, and the built-in is bound under that name.
 */
import { evaluate, parseExpression } from 'feelin';
import { BUILTINS, PARSE_CONTEXT } from './builtins/registry.js';

export interface Plan {
  /** The source feelin runs: the expression, with calls renamed where a variable has the function's name. */
  source: string;
  /** Names the expression reads as variables. */
  variables: string[];
  /** [name in the context, built-in's name] for each built-in that must be bound in the context. */
  functions: [string, string][];
  /** The function a built-in's name stands for. */
  builtin(name: string): unknown;
}

interface Call {
  name: string;
  from: number;
  to: number;
}

/** Names as feelin joins them: the words of a name separated by single spaces. */
const nameOf = (text: string) => text.trim().split(/\s+/).join(' ');

/** The variables an expression reads, the functions it calls by name, and the position of its first syntax error (-1 when none). */
export function readNames(source: string): { variables: string[]; calls: Call[]; errorAt: number } {
  const variables = new Set<string>();
  const calls: Call[] = [];
  let errorAt = -1;
  parseExpression(source, PARSE_CONTEXT, undefined).iterate({
    enter(node) {
      if (node.type.isError && errorAt < 0) errorAt = node.from;
      if (node.name !== 'VariableName') return;
      const name = nameOf(source.slice(node.from, node.to));
      const parent = node.node.parent;
      const called = parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from && parent.firstChild.to === node.to;
      if (called) calls.push({ name, from: node.from, to: node.to });
      else variables.add(name);
    },
  });
  return { variables: [...variables], calls, errorAt };
}

/** Built-ins of feelin's own, found by name (a built-in's name evaluates to the function). */
const feelinBuiltins = new Map<string, unknown>();

function feelinBuiltin(name: string): unknown {
  if (!feelinBuiltins.has(name)) {
    if (feelinBuiltins.size > 1_000) feelinBuiltins.clear();
    let fn: unknown = null;
    try {
      const { value } = evaluate(name, {});
      fn = typeof value === 'function' ? value : null;
    } catch {
      fn = null;
    }
    feelinBuiltins.set(name, fn);
  }
  return feelinBuiltins.get(name);
}

const builtin = (name: string): unknown => BUILTINS.get(name) ?? feelinBuiltin(name);

/** Clock functions are bound to the engine's time (./feel.ts), so they are always put in the context. */
const ALWAYS_BOUND = new Set(['now', 'today']);

function makePlan(expression: string): Plan | null {
  const { variables, calls, errorAt } = readNames(expression);
  if (errorAt >= 0) return null;
  const taken = new Set([...variables, ...calls.map((call) => call.name)]);
  const aliases = new Map<string, string>();
  const functions = new Map<string, string>();
  const renamed: Call[] = [];
  for (const call of calls) {
    if (!builtin(call.name)) continue; // a function the expression defines itself, or none at all
    if (variables.includes(call.name)) {
      let alias = aliases.get(call.name);
      if (!alias) {
        alias = `${call.name} builtin`;
        while (taken.has(alias)) alias += ' builtin';
        taken.add(alias);
        aliases.set(call.name, alias);
      }
      functions.set(alias, call.name);
      renamed.push({ ...call, name: alias });
    } else if (BUILTINS.has(call.name) || ALWAYS_BOUND.has(call.name)) {
      functions.set(call.name, call.name);
    }
  }
  let source = expression;
  for (const call of renamed.sort((a, b) => b.from - a.from)) source = source.slice(0, call.from) + call.name + source.slice(call.to);
  return { source, variables, functions: [...functions], builtin };
}

const CAPACITY = 5_000;
const plans = new Map<string, Plan | null>();

/** The plan of an expression (FEEL without the leading `=`), made once per source; null when it does not parse. */
export function planOf(expression: string): Plan | null {
  let plan = plans.get(expression);
  if (plan === undefined) {
    try {
      plan = makePlan(expression);
    } catch {
      plan = null;
    }
    plans.set(expression, plan);
    if (plans.size > CAPACITY) plans.delete(plans.keys().next().value!);
  }
  return plan;
}

/** Constructors feelin's parser resolves itself: a call to one is never a variable. */
const PARSER_BUILTINS = new Set(['date', 'time', 'date and time', 'duration', 'years and months duration']);

/** Whether `name` is a built-in function, feelin's or Baton's. */
export const isBuiltin = (name: string): boolean => PARSER_BUILTINS.has(name) || Boolean(builtin(name));
