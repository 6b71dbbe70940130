/** Messages and signals (server/routes/messages.ts, signals.ts). */
import { errors, jsonBody, jsonResponse, operation, ref, type Paths } from '../build.js';

export const messagingPaths: Paths = {
  '/api/messages': {
    post: operation(['operator'], {
      operationId: 'publishMessage',
      tags: ['Messages and signals'],
      summary: 'Publish a message',
      description:
        'Correlates it by name and correlation key to the instance of each process that has waited longest, starts instances at message start events, ' +
        'and keeps it for `timeToLive` for subscriptions that open later.',
      requestBody: jsonBody(ref('PublishMessageRequest')),
      responses: { '200': jsonResponse('Where the message went.', ref('PublishResult')), ...errors(400, 413) },
    }),
  },
  '/api/signals': {
    post: operation(['operator'], {
      operationId: 'broadcastSignal',
      tags: ['Messages and signals'],
      summary: 'Broadcast a signal',
      description: 'Every instance waiting for it and every signal start event receive it. Signals are not kept.',
      requestBody: jsonBody(ref('BroadcastSignalRequest')),
      responses: { '200': jsonResponse('The instances it reached or started.', ref('SignalResult')), ...errors(400, 413) },
    }),
  },
};
