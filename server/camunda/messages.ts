/**
 * Messages and signals on the Camunda 8 API. A publication is buffered for
 * `timeToLive` as with /api; a correlation reaches a waiting instance (or
 * starts one) now or answers 404, and is not buffered.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../engine/index.js';
import { route } from '../api/route.js';
import { callerGroups } from '../routes/definitions.js';
import { keyOf } from './keys.js';
import { DEFAULT_TENANT, MessageCorrelationRequest, MessagePublicationRequest, SignalBroadcastRequest } from './schemas.js';

const tags = ['Camunda 8: messages and signals'];

interface Publication {
  name: string;
  correlationKey?: string;
  timeToLive?: number;
  messageId?: string;
  variables?: Record<string, unknown> | null;
}

export const camundaMessageRoutes = [
  route<Publication>({
    method: 'POST',
    path: '/v2/messages/publication',
    roles: ['operator'],
    operationId: 'camunda.publishMessage',
    tags,
    summary: 'Publish a message',
    body: { schema: MessagePublicationRequest },
    responses: { '200': { description: 'The message key.' } },
    handler: async (ctx, { body }, { engine }) => {
      const result = await engine.publishMessage({
        name: body.name,
        correlationKey: body.correlationKey ?? '',
        timeToLive: body.timeToLive,
        messageId: body.messageId,
        variables: body.variables ?? {},
        callerGroups: callerGroups(ctx),
      });
      return { tenantId: DEFAULT_TENANT, messageKey: await keyOf(engine, 'message', result.messageId) };
    },
  }),
  route<Omit<Publication, 'timeToLive' | 'messageId'>>({
    method: 'POST',
    path: '/v2/messages/correlation',
    roles: ['operator'],
    operationId: 'camunda.correlateMessage',
    tags,
    summary: 'Correlate a message to a waiting instance or a message start event, now',
    body: { schema: MessageCorrelationRequest },
    responses: { '200': { description: 'The message key and the instance it reached.' } },
    handler: async (ctx, { body }, { engine }) => {
      const correlationKey = body.correlationKey ?? '';
      const result = await engine.publishMessage({
        name: body.name,
        correlationKey,
        timeToLive: 0,
        variables: body.variables ?? {},
        callerGroups: callerGroups(ctx),
      });
      const [instanceId] = result.instanceIds;
      if (instanceId === undefined) {
        throw new NotFoundError(`no instance waits for message '${body.name.slice(0, 256)}' with correlation key '${correlationKey.slice(0, 256)}'`);
      }
      return {
        tenantId: DEFAULT_TENANT,
        messageKey: await keyOf(engine, 'message', result.messageId),
        processInstanceKey: await keyOf(engine, 'instance', instanceId),
      };
    },
  }),
  route<{ signalName: string; variables?: Record<string, unknown> | null }>({
    method: 'POST',
    path: '/v2/signals/broadcast',
    roles: ['operator'],
    operationId: 'camunda.broadcastSignal',
    tags,
    summary: 'Broadcast a signal',
    body: { schema: SignalBroadcastRequest },
    responses: { '200': { description: 'The signal key.' } },
    handler: async (ctx, { body }, { engine }) => {
      await engine.broadcastSignal({ name: body.signalName, variables: body.variables ?? {}, callerGroups: callerGroups(ctx) });
      // A broadcast is an event of its own: each gets a new key.
      return { tenantId: DEFAULT_TENANT, signalKey: await keyOf(engine, 'signal', randomUUID()) };
    },
  }),
];
