/**
 * Every example in Camunda's FEEL built-in documentation (as packaged in
 * @camunda/feel-builtins) evaluated by Baton and compared with the
 * documented result, itself read as FEEL. Examples whose result is prose
 * ("error - if x is null") are covered by builtins.spec.ts instead.
 */
import { camundaBuiltins } from '@camunda/feel-builtins';
import { expect } from 'chai';
import { evaluateFeel, parseFeel } from '../../engine/expressions/feel.js';
import { isBuiltin } from '../../engine/expressions/plan.js';

/** Documented behaviour Baton does not have (yet); each is listed in the README's differences table. */
const KNOWN_DIFFERENCES = new Set([
  // feelin drops the zone id of a date-time written with an offset and a zone
  'date and time("2018-04-29T09:30:00+02:00[Europe/Berlin]")',
  // feelin keeps the days
  'years and months duration(date("2011-12-22"), date("2013-08-24"))',
  // `date and time(value, zone)` is resolved by feelin's parser, not through the context
  'date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")',
  'date and time(@"2020-07-31T14:27:30", "Z")',
]);

/** Results that change from call to call. */
const IMPURE = /^(now|today|random number|uuid)\(/;

interface Example {
  name: string;
  source: string;
  expected: string;
}

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function examples(): Example[] {
  const found: Example[] = [];
  for (const { name, info } of camundaBuiltins) {
    for (const [, block] of info.matchAll(/<code class="language-feel">([\s\S]*?)<\/code>/g)) {
      for (const chunk of decode(block).split(/\n\s*\n/)) {
        const lines = chunk.split('\n').filter((line) => line.trim());
        const source = lines
          .filter((line) => !line.trim().startsWith('//'))
          .join('\n')
          .trim();
        const expected = lines
          .find((line) => line.trim().startsWith('//'))
          ?.trim()
          .slice(2)
          .trim();
        // signatures ("trim(string: string): string") are not examples
        if (source && expected !== undefined && !/\)\s*:\s*[\w<>]+$/.test(source)) found.push({ name, source, expected });
      }
    }
  }
  return found;
}

function evaluate(source: string) {
  const parsed = parseFeel(source);
  return parsed.ok ? evaluateFeel(parsed.expression, () => undefined) : undefined;
}

describe('FEEL built-ins: Camunda documentation examples', () => {
  const all = examples();

  it('should know every function Camunda documents', () => {
    const unknown = [...new Set(camundaBuiltins.map((b) => b.name))].filter((name) => !isBuiltin(name));
    expect(unknown).to.deep.equal([]);
  });

  for (const { name, source, expected } of all) {
    const documented = evaluate(expected);
    if (!documented?.ok || IMPURE.test(source)) continue; // prose or a random result: see builtins.spec.ts
    if (KNOWN_DIFFERENCES.has(source)) {
      it(`should still differ from the documentation on ${source} (a known difference)`, () => {
        expect(evaluate(source)).not.to.deep.equal(documented);
      });
    } else {
      it(`should evaluate ${source} as documented for ${name}: ${expected}`, () => {
        expect(evaluate(source)).to.deep.equal(documented);
      });
    }
  }
});
