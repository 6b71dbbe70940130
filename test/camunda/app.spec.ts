import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import { Engine } from '../../engine/index.js';
import { until } from '../helpers.js';
import { serve, type Served } from '../server/serve.js';
import { camundaClient } from './clients.js';

const file = (name: string) => fileURLToPath(new URL(name, import.meta.url));

describe('Camunda 8 API: an app built with the official client', () => {
  let engine: Engine;
  let served: Served;
  let camunda: CamundaClient;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    served = await serve(engine);
    camunda = camundaClient(served.base);
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  it('should deploy BPMN files and give each process definition a numeric key', async () => {
    // when
    const deployment = await camunda.deployResourcesFromFiles([file('payment.bpmn'), file('order.bpmn')]);

    // then
    expect(deployment.deploymentKey).to.match(/^\d+$/);
    const processes = deployment.deployments.map((d) => d.processDefinition).map((p) => p && `${p.processDefinitionId}:${p.processDefinitionVersion}`);
    expect(processes).to.have.members(['payment:1', 'quick:1', 'order:1']);
  });

  it('should start an instance and wait for its end with awaitCompletion, fetching the variables asked for', async () => {
    // given
    await camunda.deployResourcesFromFiles([file('payment.bpmn')]);

    // when
    const result = await camunda.createProcessInstance({
      processDefinitionId: 'quick' as never,
      variables: { a: 1, b: 2 },
      awaitCompletion: true,
      fetchVariables: ['a'],
    });

    // then
    expect(result).to.deep.include({ processDefinitionId: 'quick', processDefinitionVersion: 1, tenantId: '<default>', variables: { a: 1 } });
    const instance = await camunda.getProcessInstance({ processInstanceKey: result.processInstanceKey }, { consistency: { waitUpToMs: 0 } });
    expect(instance).to.include({ state: 'COMPLETED', processDefinitionName: 'Quick', hasIncident: false });
  });

  it('should correlate a published message to the instance waiting for it', async () => {
    // given
    await camunda.deployResourcesFromFiles([file('payment.bpmn')]);
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'payment' as never, variables: { orderId: 'P-1' } });

    // when
    const correlated = await camunda.correlateMessage({ name: 'payment-received', correlationKey: 'P-1', variables: { amount: 12 } });

    // then
    expect(correlated.processInstanceKey).to.equal(processInstanceKey);
    const id = (await engine.idOfNumericKey(processInstanceKey))!.id;
    expect((await until(engine, id, (view) => view.status === 'completed')).variables).to.include({ amount: 12 });
  });

  it('should buffer a published message for an instance that starts waiting later, and answer 404 to a correlation nobody waits for', async () => {
    // given
    await camunda.deployResourcesFromFiles([file('payment.bpmn')]);
    const published = await camunda.publishMessage({ name: 'payment-received', correlationKey: 'P-2', timeToLive: 60_000 });

    // when
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'payment' as never, variables: { orderId: 'P-2' } });
    const nobody = await served.call('POST', '/v2/messages/correlation', { body: { name: 'payment-received', correlationKey: 'P-404' } });

    // then
    expect(published.messageKey).to.match(/^\d+$/);
    const id = (await engine.idOfNumericKey(processInstanceKey))!.id;
    await until(engine, id, (view) => view.status === 'completed');
    expect(nobody.status).to.equal(404);
  });

  it('should cancel an instance and find it among the terminated ones', async () => {
    // given
    await camunda.deployResourcesFromFiles([file('payment.bpmn')]);
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'payment' as never, variables: { orderId: 'P-3' } });
    await camunda.createProcessInstance({ processDefinitionId: 'payment' as never, variables: { orderId: 'P-4' } });

    // when
    await camunda.cancelProcessInstance({ processInstanceKey });
    const terminated = await camunda.searchProcessInstances({ filter: { state: 'TERMINATED' } }, { consistency: { waitUpToMs: 0 } });
    const active = await camunda.searchProcessInstances(
      { filter: { processDefinitionId: 'payment' as never, state: 'ACTIVE' } },
      { consistency: { waitUpToMs: 0 } },
    );

    // then
    expect(terminated.items.map((i) => i.processInstanceKey)).to.deep.equal([processInstanceKey]);
    expect(active.items).to.have.length(1);
    expect(active.page.totalItems).to.equal(1);
  });

  it('should answer the topology, license and status probes', async () => {
    // when
    const topology = await camunda.getTopology();
    const license = await camunda.getLicense();
    const status = await served.call('GET', '/v2/status');

    // then
    expect(topology).to.include({ clusterSize: 1, partitionsCount: 1 });
    expect(license).to.include({ validLicense: false });
    expect(status.status).to.equal(204);
  });
});
