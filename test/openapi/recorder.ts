/**
 * A mocha root hook plugin (.mocharc.json `require`): while the suite runs,
 * every answer that a test gets with `fetch` from a server on this machine
 * is checked against the OpenAPI document (./check.ts), and the run fails
 * at its end, listing each answer that the document does not describe
 * (an undocumented status, content type or field) with the test that got
 * it. Answers to paths or methods the document lacks (unknown routes, 405,
 * a test's own router) are not checked; the specs check those themselves.
 *
 * A copy of each answer is read beside the test's own reading, so nothing
 * changes for the test. A focused run with `--no-config` leaves this out.
 */
import { answerOf, OpenApiChecker } from './check.js';

interface Violation {
  test: string;
  answer: string;
  problems: string[];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** How long the end of the run waits for copies still being read (a long poll the test abandoned, a server it closed). */
const SETTLE_MS = 2_000;

const checker = new OpenApiChecker();
const violations: Violation[] = [];
const pending = new Set<Promise<void>>();
let checked = 0;
let currentTest = '(outside a test)';
let originalFetch: typeof fetch | undefined;

function record(method: string, url: URL, response: Response): void {
  const test = currentTest;
  const copy = response.clone();
  const reading = answerOf(method, url.pathname + url.search, copy)
    .then((answer) => {
      const problems = checker.check(answer);
      if (!problems) return;
      checked++;
      if (problems.length) violations.push({ test, answer: `${answer.method} ${url.pathname}${url.search} -> ${answer.status}`, problems });
    })
    .catch(() => undefined) // the test aborted the request or closed the server before the body came: nothing to check
    .finally(() => pending.delete(reading));
  pending.add(reading);
}

function recordingFetch(original: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await original(input, init);
    try {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      if (LOCAL_HOSTS.has(url.hostname) && method !== 'HEAD') record(method, url, response);
    } catch {
      // not a URL this recorder understands: leave the answer alone
    }
    return response;
  };
}

export const mochaHooks = {
  beforeAll(): void {
    originalFetch = globalThis.fetch;
    globalThis.fetch = recordingFetch(originalFetch);
  },
  beforeEach(this: Mocha.Context): void {
    currentTest = this.currentTest?.fullTitle() ?? currentTest;
  },
  async afterAll(): Promise<void> {
    await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
    if (originalFetch) globalThis.fetch = originalFetch;
    if (!violations.length) return;
    const lines = violations.map((v) => `- ${v.answer} in "${v.test}":\n    ${v.problems.join('\n    ')}`);
    throw new Error(
      `${violations.length} of ${checked} answers the tests got do not match the OpenAPI document (server/openapi): ` +
        `document them there, or fix the route.\n${lines.join('\n')}`,
    );
  },
};
