/**
 * DMN XML -> moddle definitions (dmn-moddle, DMN 1.3, with Zeebe's
 * extension). Files written against DMN 1.2, 1.4 or 1.5 read as 1.3: the
 * elements Baton evaluates are the same in each. The same guards as for
 * BPMN apply: no DTD entities, a bounded nesting and attribute count.
 */
import { createRequire } from 'node:module';
import { DmnModdle } from 'dmn-moddle';
import type { ModdleElement, ParseWarning } from 'bpmn-moddle';
import { DmnParseError, XmlParseError } from '../errors.js';
import { describeModdleError } from '../model/parse.js';
import { checkXmlShape } from '../model/xml-shape.js';

const require = createRequire(import.meta.url);
const zeebe = require('zeebe-dmn-moddle/resources/zeebe.json') as Record<string, unknown>;

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const OTHER_VERSIONS = [
  'http://www.omg.org/spec/DMN/20180521/MODEL/',
  'https://www.omg.org/spec/DMN/20211108/MODEL/',
  'https://www.omg.org/spec/DMN/20230324/MODEL/',
];
/** The diagram interchange namespaces (the DRD's shapes) of the same versions, read as 1.3's. */
const DMNDI13 = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';
const OTHER_DMNDI = [
  'http://www.omg.org/spec/DMN/20180521/DMNDI/',
  'https://www.omg.org/spec/DMN/20211108/DMNDI/',
  'https://www.omg.org/spec/DMN/20230324/DMNDI/',
];

/** Whether a file is DMN (by its root element's namespace), so one deployment can hold both kinds. */
export function isDmn(name: string | undefined, xml: string): boolean {
  if (name?.toLowerCase().endsWith('.dmn')) return true;
  if (name?.toLowerCase().endsWith('.bpmn')) return false;
  return [DMN13, ...OTHER_VERSIONS].some((ns) => xml.slice(0, 4096).includes(ns));
}

export async function parseDmn(xml: string): Promise<{ definitions: ModdleElement; warnings: ParseWarning[] }> {
  if (typeof xml !== 'string' || !xml.trim()) throw new DmnParseError('the DMN document is empty');
  if (/<!ENTITY/i.test(xml)) throw new DmnParseError('DTD entity declarations are not accepted in DMN documents');
  try {
    checkXmlShape(xml);
  } catch (err) {
    // The shape check is shared with BPMN: its parse errors are this file's.
    if (err instanceof XmlParseError && !(err instanceof DmnParseError)) throw new DmnParseError(err.message, err.line, err.column, err.elementId);
    throw err;
  }
  let text = xml;
  for (const ns of OTHER_VERSIONS) text = text.split(ns).join(DMN13);
  for (const ns of OTHER_DMNDI) text = text.split(ns).join(DMNDI13);
  const moddle = new DmnModdle({ zeebe });
  try {
    const { rootElement, warnings } = await moddle.fromXML(text, 'dmn:Definitions');
    if (rootElement?.$type !== 'dmn:Definitions') throw new DmnParseError('the document has no DMN <definitions> root element');
    return { definitions: rootElement, warnings };
  } catch (err) {
    if (err instanceof DmnParseError) throw err;
    const { message, line, column } = describeModdleError(err as Error, xml);
    throw new DmnParseError(message, line, column);
  }
}
