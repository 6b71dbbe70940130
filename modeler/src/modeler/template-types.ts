/** Element templates (Camunda's JSON format) as the modeler reads them: the fields element-templates.ts uses. */

export interface TemplateBinding {
  type: string;
  name?: string;
  key?: string;
  property?: string;
  source?: string;
}

export interface TemplateProperty {
  id?: string;
  label?: string;
  description?: string;
  type?: string;
  value?: unknown;
  optional?: boolean;
  choices?: Array<{ name: string; value: string }>;
  binding: TemplateBinding;
}

export interface ElementTemplate {
  id: string;
  name: string;
  version?: number;
  description?: string;
  appliesTo?: string[];
  elementType?: { value: string };
  properties?: TemplateProperty[];
}
