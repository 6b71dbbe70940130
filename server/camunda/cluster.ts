/**
 * What the clients ask of the cluster: its topology (one broker, one
 * partition: Baton is one engine), its license (none: Baton is not a
 * Camunda product) and its status (204 while it serves).
 */
import { route } from '../api/route.js';

const tags = ['Camunda 8: cluster'];

/** The Camunda version whose REST API Baton's /v2 follows. */
export const GATEWAY_VERSION = '8.8.0';

export const camundaClusterRoutes = [
  route({
    method: 'GET',
    path: '/v2/topology',
    roles: ['viewer', 'deployer', 'operator', 'worker', 'user'],
    operationId: 'camunda.getTopology',
    tags,
    summary: 'The cluster topology: one broker with one partition',
    responses: { '200': { description: 'The topology.' } },
    handler: (ctx) => ({
      brokers: [
        {
          nodeId: 0,
          host: ctx.hostname || 'localhost',
          port: Number(ctx.URL.port) || 8080,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: GATEWAY_VERSION,
        },
      ],
      clusterId: null,
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
      lastCompletedChangeId: '-1',
    }),
  }),
  route({
    method: 'GET',
    path: '/v2/license',
    roles: ['viewer', 'deployer', 'operator', 'worker', 'user'],
    operationId: 'camunda.getLicense',
    tags,
    summary: 'The license: none (Baton is not licensed by Camunda)',
    responses: { '200': { description: 'The license status.' } },
    handler: () => ({ validLicense: false, licenseType: 'unknown', isCommercial: false, expiresAt: null }),
  }),
  route({
    method: 'GET',
    path: '/v2/status',
    roles: 'public',
    operationId: 'camunda.getStatus',
    tags,
    summary: 'Whether the engine serves: 204',
    responses: { '204': { description: 'Serving.' } },
    handler: (ctx) => {
      ctx.status = 204;
    },
  }),
];
