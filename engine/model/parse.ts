/**
 * XML -> moddle definitions, with the Zeebe extension namespace so that
 * Camunda Modeler files read unchanged. The SAX parser underneath never
 * resolves external entities, so a diagram cannot make the server read files.
 */
import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleElement, type ParseWarning } from 'bpmn-moddle';
import { BpmnParseError } from '../errors.js';
import { escapeFormBodies } from './form-bodies.js';
import { checkXmlShape } from './xml-shape.js';

const require = createRequire(import.meta.url);
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;

export interface ParsedDefinitions {
  definitions: ModdleElement;
  warnings: ParseWarning[];
}

/** moddle's warning about the encoding named in `<?xml ... encoding="..."?>`. */
const DECLARED_ENCODING = /^unsupported document encoding </;

export async function parseBpmn(xml: string): Promise<ParsedDefinitions> {
  if (typeof xml !== 'string' || !xml.trim()) throw new BpmnParseError('the BPMN document is empty');
  if (/<!ENTITY/i.test(xml)) throw new BpmnParseError('DTD entity declarations are not accepted in BPMN documents');
  checkXmlShape(xml);
  const moddle = new BpmnModdle({ zeebe });
  try {
    const { rootElement, warnings } = await moddle.fromXML(escapeFormBodies(xml), 'bpmn:Definitions');
    if (!rootElement || rootElement.$type !== 'bpmn:Definitions') {
      throw new BpmnParseError('the document has no <bpmn:definitions> root element');
    }
    // The document arrives already decoded (a string), so the encoding its XML declaration names
    // (ISO-8859-1 in many real diagrams) says nothing about how to read it: not a problem with the diagram.
    return { definitions: rootElement, warnings: warnings.filter((w) => !DECLARED_ENCODING.test(w.message)) };
  } catch (err) {
    if (err instanceof BpmnParseError) throw err;
    const { message, line, column } = describeModdleError(err as Error, xml);
    throw new BpmnParseError(message, line, column);
  }
}

/** moddle reports positions inside the message text: "...\n\tline: 3\n\tcolumn: 7\n\tnested error: ...". */
export function describeModdleError(err: Error, xml: string): { message: string; line?: number; column?: number } {
  const text = String(err.message ?? err);
  const nested = /nested error: (.*)/.exec(text)?.[1];
  const head = text.split('\n')[0].trim();
  // The SAX parser gives no usable position for a truncated document (line 0, a made-up column): it ends where the text ends.
  const { line, column } = nested === 'unexpected end of file' ? endOf(xml) : reportedPosition(text);
  return {
    message: `malformed BPMN XML: ${nested ? `${nested} (${head})` : head}` + (line ? ` at line ${line}, column ${column ?? 1}` : ''),
    line,
    column,
  };
}

/** The 1-based position moddle names in a message, if any. */
function reportedPosition(text: string): { line?: number; column?: number } {
  const line = /line: (\d+)/.exec(text)?.[1];
  const column = /column: (\d+)/.exec(text)?.[1];
  return { line: line === undefined ? undefined : Number(line) + 1, column: line === undefined ? undefined : Number(column ?? 0) + 1 };
}

/** Just after the last character of the document's content, 1-based. */
function endOf(xml: string): { line: number; column: number } {
  const lines = xml.trimEnd().split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Where a moddle warning names a position, as 1-based line and column. */
export function warningPosition(warning: ParseWarning): { line?: number; column?: number } {
  const line = /line: (\d+)/.exec(warning.message)?.[1];
  const column = /column: (\d+)/.exec(warning.message)?.[1];
  return { line: line ? Number(line) + 1 : undefined, column: column ? Number(column) + 1 : undefined };
}
