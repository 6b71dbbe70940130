/** The behaviour of every element type; the mapped type makes a missing one a compile error. */
import type { ElementModel, ElementOfType, ElementType } from '../../model/types.js';
import { adHocSubProcess } from './adhoc.js';
import type { Behaviour } from './behaviour.js';
import { businessRuleTask } from './businessRuleTask.js';
import { callActivity } from './callActivity.js';
import { boundaryEvent, endEvent, eventBasedGateway, intermediateCatchEvent, intermediateThrowEvent, receiveTask, startEvent } from './events.js';
import { exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways.js';
import { jobTask } from './jobs.js';
import { subProcess } from './subProcess.js';
import { manualTask, scriptTask, task } from './tasks.js';
import { userTask } from './userTask.js';

const BEHAVIOURS: { [T in ElementType]: Behaviour<ElementOfType<T>> } = {
  startEvent,
  endEvent,
  intermediateThrowEvent,
  task,
  manualTask,
  serviceTask: jobTask,
  sendTask: jobTask,
  userTask,
  scriptTask,
  businessRuleTask,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  subProcess,
  adHocSubProcess,
  eventBasedGateway,
  intermediateCatchEvent,
  boundaryEvent,
  receiveTask,
  callActivity,
};

/** The behaviour of the element's type, which takes that element. */
export function behaviourOf(element: ElementModel): Behaviour {
  // TypeScript cannot relate the entry to the element's own type; the mapped table above guarantees it.
  return BEHAVIOURS[element.type] as Behaviour;
}
