/** The behaviour of every element type; the mapped type makes a missing one a compile error. */
import type { ElementType } from '../../model/types.js';
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

export const BEHAVIOURS: Record<ElementType, Behaviour> = {
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
