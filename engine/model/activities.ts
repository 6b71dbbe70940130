/** Reads what activities can carry besides their work: called elements and loops. */
import type { ModdleElement } from 'bpmn-moddle';
import { extension, feelField, valueField, type Report } from './extensions.js';
import type { CalledElementDefinition, MultiInstanceDefinition, StandardLoopDefinition } from './types.js';

export function readCalledElement(element: ModdleElement, report: Report): CalledElementDefinition | undefined {
  const called = extension(element, 'zeebe:CalledElement');
  const processId = called?.processId ?? called?.processIdExpression;
  if (!processId) return void report('a call activity needs a zeebe:calledElement with a process id');
  const value = valueField(processId, 'called process id', report);
  if (called?.bindingType && !['latest', 'deployment'].includes(called.bindingType)) {
    report(`binding type '${called.bindingType}' is not supported (latest or deployment)`);
  }
  return (
    value && {
      processId: value,
      binding: called?.bindingType === 'deployment' ? 'deployment' : 'latest',
      propagateAllChildVariables: called?.propagateAllChildVariables !== false,
      propagateAllParentVariables: called?.propagateAllParentVariables !== false,
    }
  );
}

export function readMultiInstance(loop: ModdleElement, report: Report): MultiInstanceDefinition | undefined {
  const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
  const expression = (text: string | undefined, field: string) => (text?.trim() ? feelField(text, field, report) : undefined);
  const definition: MultiInstanceDefinition = {
    sequential: loop.isSequential === true,
    inputCollection: expression(zeebe?.inputCollection, 'input collection'),
    inputElement: zeebe?.inputElement || undefined,
    outputCollection: zeebe?.outputCollection || undefined,
    outputElement: expression(zeebe?.outputElement, 'output element'),
    completionCondition: expression(loop.completionCondition?.body, 'completion condition'),
    cardinality: expression(loop.loopCardinality?.body, 'loop cardinality'),
  };
  if (!definition.inputCollection && !definition.cardinality) {
    report('a multi-instance activity needs an input collection (zeebe:loopCharacteristics) or a loop cardinality');
  }
  if (definition.outputCollection && !definition.outputElement) report('an output collection needs an output element');
  return definition;
}

export function readStandardLoop(loop: ModdleElement, report: Report): StandardLoopDefinition {
  const body = loop.loopCondition?.body;
  const maximum = loop.loopMaximum === undefined ? undefined : Number(loop.loopMaximum);
  if (maximum !== undefined && (!Number.isInteger(maximum) || maximum < 0)) report(`loop maximum must be a whole number, not '${loop.loopMaximum}'`);
  const condition = body?.trim() ? feelField(body, 'loop condition', report) : undefined;
  if (!condition && maximum === undefined) report('a standard loop needs a loop condition or a loop maximum');
  return { condition, testBefore: loop.testBefore === true, maximum };
}
