/** Libraries the app bundles that ship no type declarations of their own. */
declare module '*.css';

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: import('didi').ModuleDeclaration;
  export const BpmnPropertiesProviderModule: import('didi').ModuleDeclaration;
  export const ZeebePropertiesProviderModule: import('didi').ModuleDeclaration;
  export const ZeebeTooltipProvider: unknown;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const ZeebeBehaviorsModule: import('didi').ModuleDeclaration;
  export default ZeebeBehaviorsModule;
}

declare module 'bpmn-js-bpmnlint' {
  const LintModule: import('didi').ModuleDeclaration;
  export default LintModule;
}

/** modeler/.bpmnlintrc, packed at build time by modeler/build.ts. */
declare module 'bpmnlint-config' {
  const config: {
    config: { rules: Record<string, string> };
    resolver: { resolveRule(pkg: string, name: string): unknown; resolveConfig(pkg: string, name: string): unknown };
  };
  export default config;
}

declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}

/** connectors/templates/*.json, bundled at build time by modeler/build.ts. */
declare module 'bundled-templates' {
  const templates: Array<import('./modeler/template-types.js').ElementTemplate>;
  export default templates;
}

/** dmn-js 17: the DMN modeler (DRD, decision table and literal expression editors), used by decisions/dmn-editor.ts. */
declare module 'dmn-js/lib/Modeler' {
  export interface DmnView {
    id: string;
    type: 'drd' | 'decisionTable' | 'literalExpression' | string;
    element: { id: string; name?: string };
  }
  export interface DmnViewer {
    get<T = unknown>(name: string): T;
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: Record<string, unknown>; drd?: Record<string, unknown> });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, callback: (event: unknown) => void): void;
    destroy(): void;
  }
}
