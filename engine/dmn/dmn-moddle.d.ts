// dmn-moddle publishes no types; its elements have the shape of bpmn-moddle's (../model/bpmn-moddle.d.ts).
declare module 'dmn-moddle' {
  import type { ParseResult } from 'bpmn-moddle';

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
