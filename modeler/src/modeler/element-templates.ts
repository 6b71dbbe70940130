/**
 * Element templates (Camunda's format, Zeebe bindings) in the modeler: the
 * templates connector runtimes registered (GET /api/connectors/templates)
 * and those bundled at build time (connectors/templates/*.json). A
 * "Template" section above the properties panel offers the templates that
 * apply to the selected element; applying one sets its element type, task
 * type, input mappings and task headers, and marks the element with
 * zeebe:modelerTemplate; the template's visible fields are then edited
 * there, each writing to its binding. The Zeebe properties panel below
 * shows and edits the same values.
 *
 * A small subset of the element-templates support of bpmn-js-element-templates
 * (not a dependency here): bindings zeebe:taskDefinition (type, retries),
 * zeebe:input, zeebe:output, zeebe:taskHeader and property; no conditions.
 */
import bundled from 'bundled-templates';
import type Modeler from 'bpmn-js/lib/Modeler';
import { is } from 'bpmn-js/lib/util/ModelUtil';
import type { Api } from '../api.js';
import { h, notifyError } from '../ui.js';
import type { ElementTemplate, TemplateProperty } from './template-types.js';

export type { ElementTemplate };

// bpmn-js services, typed as far as this file uses them.
type Shape = { id: string; type: string; businessObject: ModdleElement; labelTarget?: unknown };
type ModdleElement = { $type: string; get(name: string): any; set(name: string, value: unknown): void; [key: string]: any };
interface Services {
  moddle: { create(type: string, attributes?: Record<string, unknown>): ModdleElement };
  modeling: {
    updateProperties(element: Shape, properties: Record<string, unknown>): void;
    updateModdleProperties(element: Shape, target: ModdleElement, properties: Record<string, unknown>): void;
  };
  bpmnReplace: { replaceElement(element: Shape, target: { type: string }): Shape };
  selection: { get(): Shape[]; select(element: Shape): void };
  eventBus: { on(event: string, callback: (event: any) => void): void };
}

export function offerElementTemplates(api: Api, modeler: Modeler, panel: HTMLElement): { refresh(): Promise<void>; templates(): ElementTemplate[] } {
  const service = <K extends keyof Services>(name: K) => modeler.get<Services[K]>(name);
  let templates: ElementTemplate[] = [...bundled];
  const section = h('section', { class: 'element-templates', id: 'element-templates', 'aria-label': 'Element template', hidden: true });
  panel.prepend(section);

  const selected = (): Shape | undefined => {
    const [element, ...more] = service('selection').get();
    return element && !more.length && !element.labelTarget ? element : undefined;
  };
  const applicable = (element: Shape) => templates.filter((t) => (t.appliesTo ?? []).some((type) => is(element, type)));
  const templateOf = (element: Shape) => {
    const id = element.businessObject.get('zeebe:modelerTemplate');
    const version = element.businessObject.get('zeebe:modelerTemplateVersion');
    return id ? (templates.find((t) => t.id === id && (version === undefined || t.version === version)) ?? templates.find((t) => t.id === id)) : undefined;
  };

  function render(): void {
    const element = selected();
    const offered = element ? applicable(element) : [];
    const current = element && templateOf(element);
    section.hidden = !element || (!offered.length && !current);
    if (!element || section.hidden) return section.replaceChildren();
    const select = h(
      'select',
      { id: 'template-select', 'aria-label': 'Template' },
      h('option', { value: '' }, '— choose a template —'),
      ...offered.map((t, index) =>
        h('option', { value: String(index), selected: t === current }, `${t.name}${t.version === undefined ? '' : ` (v${t.version})`}`),
      ),
    );
    const apply = h(
      'button',
      {
        id: 'template-apply',
        type: 'button',
        onclick: () => {
          const template = offered[Number(select.value)];
          if (select.value === '' || !template) return;
          try {
            service('selection').select(applyTemplate(element, template));
          } catch (error) {
            notifyError(`The template ${template.name} could not be applied`, error);
          }
          render();
        },
      },
      'Apply',
    );
    section.replaceChildren(
      h('h3', {}, 'Template'),
      h('div', { class: 'template-choice' }, select, apply),
      ...(current ? [h('p', { class: 'template-description' }, current.description ?? current.name), ...fields(element, current)] : []),
    );
  }

  /** Sets what the template binds on the element (replaced by its elementType first when it has another type); returns the element. */
  function applyTemplate(original: Shape, template: ElementTemplate): Shape {
    let element = original;
    const wanted = template.elementType?.value;
    if (wanted && element.type !== wanted) element = service('bpmnReplace').replaceElement(element, { type: wanted });
    const moddle = service('moddle');
    const bo = element.businessObject;
    const properties = template.properties ?? [];
    const ours = new Set(['zeebe:TaskDefinition', 'zeebe:IoMapping', 'zeebe:TaskHeaders']);
    const kept = ((bo.get('extensionElements')?.get('values') ?? []) as ModdleElement[]).filter((value) => !ours.has(value.$type));
    const values: ModdleElement[] = [...kept];
    const extensionElements = moddle.create('bpmn:ExtensionElements', { values });
    const text = (p: TemplateProperty) => (p.value === undefined ? '' : String(p.value));

    const definition = properties.filter((p) => p.binding.type.startsWith('zeebe:taskDefinition'));
    if (definition.length) {
      const attributes: Record<string, unknown> = {};
      for (const p of definition) attributes[p.binding.property ?? p.binding.type.split(':')[2] ?? 'type'] = text(p);
      values.push(moddle.create('zeebe:TaskDefinition', attributes));
    }
    const inputs = properties.filter((p) => p.binding.type === 'zeebe:input' && (p.value !== undefined || !p.optional));
    const outputs = properties.filter((p) => p.binding.type === 'zeebe:output' && p.value !== undefined);
    if (inputs.length || outputs.length) {
      values.push(
        moddle.create('zeebe:IoMapping', {
          inputParameters: inputs.map((p) => moddle.create('zeebe:Input', { source: text(p), target: p.binding.name })),
          outputParameters: outputs.map((p) => moddle.create('zeebe:Output', { source: p.binding.source, target: text(p) })),
        }),
      );
    }
    const headers = properties.filter((p) => p.binding.type === 'zeebe:taskHeader' && p.value !== undefined);
    if (headers.length)
      values.push(moddle.create('zeebe:TaskHeaders', { values: headers.map((p) => moddle.create('zeebe:Header', { key: p.binding.key, value: text(p) })) }));
    for (const value of values) value.$parent = extensionElements;

    const attributes: Record<string, unknown> = { extensionElements, 'zeebe:modelerTemplate': template.id, 'zeebe:modelerTemplateVersion': template.version };
    for (const p of properties) if (p.binding.type === 'property' && p.binding.name && p.value !== undefined) attributes[p.binding.name] = p.value;
    service('modeling').updateProperties(element, attributes);
    return element;
  }

  /** An input per visible template property, showing the element's value and writing to its binding. */
  function fields(element: Shape, template: ElementTemplate): HTMLElement[] {
    return (template.properties ?? [])
      .filter((p) => p.type !== 'Hidden' && p.label && ['zeebe:input', 'zeebe:taskHeader', 'property'].includes(p.binding.type))
      .map((p, index) => {
        const id = `template-field-${index}`;
        const value = read(element, p);
        const onchange = (event: Event) => write(element, p, (event.target as HTMLInputElement | HTMLSelectElement).value);
        const control =
          p.type === 'Dropdown'
            ? h(
                'select',
                { id, onchange, 'data-binding': bindingName(p) },
                ...(p.choices ?? []).map((c) => h('option', { value: c.value, selected: c.value === value }, c.name)),
              )
            : p.type === 'Text'
              ? h('textarea', { id, onchange, 'data-binding': bindingName(p) }, value)
              : h('input', { id, type: 'text', value, onchange, 'data-binding': bindingName(p) });
        return h('div', { class: 'template-field' }, h('label', { for: id, title: p.description ?? '' }, p.label!), control);
      });
  }

  function read(element: Shape, p: TemplateProperty): string {
    const bo = element.businessObject;
    if (p.binding.type === 'property') return String(bo.get(p.binding.name!) ?? '');
    const found = bindingTarget(element, p);
    return String((p.binding.type === 'zeebe:input' ? found?.get('source') : found?.get('value')) ?? '');
  }

  function write(element: Shape, p: TemplateProperty, value: string): void {
    const modeling = service('modeling');
    if (p.binding.type === 'property') return modeling.updateProperties(element, { [p.binding.name!]: value });
    const found = bindingTarget(element, p);
    if (found) return modeling.updateModdleProperties(element, found, p.binding.type === 'zeebe:input' ? { source: value } : { value });
    // Not on the element (an optional input, or removed in the panel below): apply the template again with this value.
    const template = templateOf(element);
    if (template) applyTemplate(element, { ...template, properties: template.properties?.map((q) => (q === p ? { ...q, value } : q)) });
  }

  function bindingTarget(element: Shape, p: TemplateProperty): ModdleElement | undefined {
    const values = (element.businessObject.get('extensionElements')?.get('values') ?? []) as ModdleElement[];
    if (p.binding.type === 'zeebe:input') {
      const mapping = values.find((v) => v.$type === 'zeebe:IoMapping');
      return (mapping?.get('inputParameters') as ModdleElement[] | undefined)?.find((input) => input.get('target') === p.binding.name);
    }
    const headers = values.find((v) => v.$type === 'zeebe:TaskHeaders');
    return (headers?.get('values') as ModdleElement[] | undefined)?.find((header) => header.get('key') === p.binding.key);
  }

  const eventBus = service('eventBus');
  eventBus.on('selection.changed', render);
  eventBus.on('import.done', render);
  eventBus.on('commandStack.changed', () => {
    if (!section.contains(document.activeElement)) render();
  });

  return {
    templates: () => templates,
    async refresh() {
      let served: ElementTemplate[] = [];
      try {
        served = await api.connectorTemplates();
      } catch {
        // Templates from the server are an offer: a key without access to them gets the bundled ones only.
      }
      const key = (t: ElementTemplate) => `${t.id}@${t.version ?? ''}`;
      const known = new Set(served.map(key));
      templates = [...served, ...bundled.filter((t) => !known.has(key(t)))];
      render();
    },
  };
}

function bindingName(p: TemplateProperty): string {
  return `${p.binding.type}:${p.binding.name ?? p.binding.key ?? p.binding.property ?? ''}`;
}
