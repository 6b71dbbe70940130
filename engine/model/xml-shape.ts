/**
 * Bounds on the shape of a BPMN document, checked in one linear pass before
 * the XML reader sees it: the reader and the compiler recurse along the
 * nesting and build an object per attribute, so a document nested thousands
 * of levels deep or with a hundred thousand attributes on one element would
 * exhaust the stack or take seconds. Real diagrams stay far below these.
 */
import { LimitError } from '../errors.js';

/** Elements inside elements: a process nested this deep in sub-processes is far past any real diagram. */
export const MAX_XML_DEPTH = 200;
/** Attributes on one element (BPMN elements carry a handful; Zeebe extensions a few more). */
export const MAX_XML_ATTRIBUTES = 256;

export function checkXmlShape(xml: string): void {
  let depth = 0;
  for (let at = xml.indexOf('<'); at >= 0 && at < xml.length; at = xml.indexOf('<', at)) {
    const skip = skipUnlessStartTag(xml, at);
    if (skip !== undefined) {
      if (skip.closes) depth--;
      at = skip.next;
      continue;
    }
    let quote = '';
    let attributes = 0;
    let end = at + 1;
    for (; end < xml.length; end++) {
      const c = xml[end];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '=') attributes++;
      else if (c === '>') break;
    }
    if (attributes > MAX_XML_ATTRIBUTES) {
      throw new LimitError(
        `an element at line ${lineOf(xml, at)} has ${attributes} attributes; a BPMN document may have at most ${MAX_XML_ATTRIBUTES} on one element`,
        {
          limit: MAX_XML_ATTRIBUTES,
          line: lineOf(xml, at),
        },
      );
    }
    if (xml[end - 1] !== '/' && ++depth > MAX_XML_DEPTH) {
      throw new LimitError(`the document nests elements more than ${MAX_XML_DEPTH} levels deep (line ${lineOf(xml, at)})`, {
        limit: MAX_XML_DEPTH,
        line: lineOf(xml, at),
      });
    }
    at = end + 1;
  }
}

/** Comments, CDATA, declarations and end tags: where the scan goes on, and whether an element closed. */
function skipUnlessStartTag(xml: string, at: number): { next: number; closes?: boolean } | undefined {
  const past = (marker: string) => {
    const found = xml.indexOf(marker, at);
    return found < 0 ? xml.length : found + marker.length;
  };
  if (xml.startsWith('<!--', at)) return { next: past('-->') };
  if (xml.startsWith('<![CDATA[', at)) return { next: past(']]>') };
  if (xml[at + 1] === '?' || xml[at + 1] === '!') return { next: past('>') };
  if (xml[at + 1] === '/') return { next: past('>'), closes: true };
  return undefined;
}

function lineOf(xml: string, at: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i >= 0 && i < at; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}
