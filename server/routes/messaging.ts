/** Messages and signals: publish a message, broadcast a signal. */
import { route } from '../api/route.js';
import { jsonResponse, ref } from '../openapi/build.js';
import { callerGroups } from './definitions.js';

const tags = ['Messages and signals'];

interface PublishBody {
  name: string;
  correlationKey?: string | number;
  variables?: Record<string, unknown>;
  timeToLive?: number;
  messageId?: string;
}

interface SignalBody {
  name: string;
  variables?: Record<string, unknown>;
}

export const messagingRoutes = [
  route<PublishBody>({
    method: 'POST',
    path: '/api/messages',
    roles: ['operator'],
    operationId: 'publishMessage',
    tags,
    summary: 'Publish a message',
    description:
      'Correlates it by name and correlation key to the instance of each process that has waited longest, starts instances at message start events, ' +
      'and keeps it for `timeToLive` for subscriptions that open later.',
    body: { schema: ref('PublishMessageRequest') },
    responses: { '200': jsonResponse('Where the message went.', ref('PublishResult')) },
    handler: (ctx, { body }, { engine }) => engine.publishMessage({ ...body, variables: body.variables ?? {}, callerGroups: callerGroups(ctx) }),
  }),
  route<SignalBody>({
    method: 'POST',
    path: '/api/signals',
    roles: ['operator'],
    operationId: 'broadcastSignal',
    tags,
    summary: 'Broadcast a signal',
    description: 'Every instance waiting for it and every signal start event receive it. Signals are not kept.',
    body: { schema: ref('BroadcastSignalRequest') },
    responses: { '200': jsonResponse('The instances it reached or started.', ref('SignalResult')) },
    handler: (ctx, { body }, { engine }) => engine.broadcastSignal({ name: body.name, variables: body.variables ?? {}, callerGroups: callerGroups(ctx) }),
  }),
];
