/**
 * Reads Zeebe extension elements (`zeebe:*` inside `bpmn:extensionElements`)
 * into the compiled model's normalised shapes. Problems are reported through
 * `report`, never thrown, so that one deploy lists all of them.
 */
import { readHeaders } from './safe-names.js';
import type { ModdleElement } from 'bpmn-moddle';
import { parseFeel, parseValueOrExpression } from '../expressions/feel.js';
import type { FeelExpression, JobDefinition, ScriptDefinition, UserTaskDefinition, ValueOrExpression, VariableMapping } from './types.js';

export type Report = (message: string) => void;

export function extension(element: ModdleElement, type: string): ModdleElement | undefined {
  return (element.extensionElements?.values as ModdleElement[] | undefined)?.find((v) => v.$type === type);
}

export function feelField(text: string, field: string, report: Report): FeelExpression | undefined {
  const parsed = parseFeel(text);
  if (!parsed.ok) report(`${field}: ${parsed.message}`);
  return parsed.ok ? parsed.expression : undefined;
}

export function valueField(text: string | undefined, field: string, report: Report): ValueOrExpression | undefined {
  if (text === undefined || text === '') return undefined;
  const parsed = parseValueOrExpression(text);
  if (!parsed.ok) report(`${field}: ${parsed.message}`);
  return parsed.ok ? parsed.value : undefined;
}

export function readJob(element: ModdleElement, report: Report): JobDefinition | undefined {
  const definition = extension(element, 'zeebe:TaskDefinition');
  if (!definition) return undefined;
  if (!definition.type) {
    report('zeebe:taskDefinition has no type');
    return undefined;
  }
  const type = valueField(definition.type, 'task type', report);
  const retries = valueField(definition.retries ?? '3', 'retries', report);
  if (retries?.kind === 'static' && !/^\d+$/.test(retries.value)) {
    report(`retries must be a whole number, not '${retries.value}'`);
  }
  const headers = readHeaders(extension(element, 'zeebe:TaskHeaders'), report);
  return type && retries ? { type, retries, headers } : undefined;
}

export function readMappings(element: ModdleElement, report: Report): { inputs: VariableMapping[]; outputs: VariableMapping[] } {
  const io = extension(element, 'zeebe:IoMapping');
  const read = (params: ModdleElement[] | undefined, kind: string): VariableMapping[] =>
    (params ?? []).flatMap((param) => {
      if (!param.target) {
        report(`${kind} mapping has no target`);
        return [];
      }
      const source = valueField(param.source ?? '=null', `${kind} mapping '${param.target}'`, report);
      return source ? [{ source, target: String(param.target) }] : [];
    });
  return { inputs: read(io?.inputParameters, 'input'), outputs: read(io?.outputParameters, 'output') };
}

export function readUserTask(element: ModdleElement, process: ModdleElement, report: Report): UserTaskDefinition {
  const assignment = extension(element, 'zeebe:AssignmentDefinition');
  const schedule = extension(element, 'zeebe:TaskSchedule');
  const form = extension(element, 'zeebe:FormDefinition');
  const definition: UserTaskDefinition = {
    assignee: valueField(assignment?.assignee, 'assignee', report),
    candidateGroups: valueField(assignment?.candidateGroups, 'candidate groups', report),
    candidateUsers: valueField(assignment?.candidateUsers, 'candidate users', report),
    dueDate: valueField(schedule?.dueDate, 'due date', report),
    followUpDate: valueField(schedule?.followUpDate, 'follow-up date', report),
    formKey: form?.formKey ?? form?.formId ?? form?.externalReference,
  };
  // Legacy embedded forms: formKey "camunda-forms:bpmn:<id>" names a zeebe:userTaskForm on the process.
  const embedded = /^camunda-forms:bpmn:(.+)$/.exec(definition.formKey ?? '')?.[1];
  if (embedded) {
    const forms = ((process.extensionElements?.values ?? []) as ModdleElement[]).filter((v) => v.$type === 'zeebe:UserTaskForm');
    const body = forms.find((f) => f.id === embedded)?.body;
    if (body === undefined) report(`form key '${definition.formKey}' names no zeebe:userTaskForm in the process`);
    else definition.formBody = body;
  }
  return definition;
}

export function readScript(element: ModdleElement, report: Report): ScriptDefinition | undefined {
  const script = extension(element, 'zeebe:Script');
  if (!script) return undefined;
  if (!script.resultVariable) report('zeebe:script has no result variable');
  const expression = feelField(script.expression ?? '', 'script', report);
  return expression && script.resultVariable ? { expression, resultVariable: script.resultVariable } : undefined;
}
