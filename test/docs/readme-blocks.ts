/**
 * The shell examples of README.md, in document order, with the heading
 * each sits under. A block is run by the docs test when it calls the API
 * (`curl` or `npx baton`); a `<!-- docs-test: skip <reason> -->` line right
 * before a block leaves it out, and the test prints that reason.
 */

export interface ShellBlock {
  heading: string;
  line: number;
  code: string;
  /** Why the docs test does not run it; undefined: it runs. */
  skip?: string;
}

const FENCE = /^```(sh|bash|shell)\s*$/;

export function shellBlocks(readme: string): ShellBlock[] {
  const lines = readme.split('\n');
  const blocks: ShellBlock[] = [];
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const header = /^#{1,4} (.+)$/.exec(lines[i]);
    if (header) heading = header[1];
    if (!FENCE.test(lines[i])) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md line ${i + 1}: the code block is not closed`);
    const code = lines.slice(i + 1, end).join('\n');
    const marker = /^<!-- docs-test: skip (.+) -->$/.exec(lines[i - 1] ?? '') ?? /^<!-- docs-test: skip (.+) -->$/.exec(lines[i - 2] ?? '');
    const callsTheApi = /(^|\s)(curl|npx baton)\s/m.test(code);
    blocks.push({ heading, line: i + 1, code, skip: marker?.[1] ?? (callsTheApi ? undefined : 'it does not call the API') });
    i = end;
  }
  return blocks;
}
