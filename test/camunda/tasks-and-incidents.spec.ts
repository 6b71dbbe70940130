import { expect } from 'chai';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import { Engine } from '../../engine/index.js';
import { fixture, hasIncident, until } from '../helpers.js';
import { serve, type Served } from '../server/serve.js';
import { camundaClient } from './clients.js';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('Camunda 8 API: user tasks and incidents with the official client', () => {
  let engine: Engine;
  let served: Served;
  let camunda: CamundaClient;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
    await engine.deploy({ name: 'review.bpmn', xml: fixture(import.meta.url, 'review.bpmn') });
    served = await serve(engine);
    camunda = camundaClient(served.base);
  });

  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  it('should find, assign, unassign and complete a user task', async () => {
    // given
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'review' as never, variables: { orderId: 'R-1' } });

    // when
    const found = await camunda.searchUserTasks({ filter: { processInstanceKey } }, NOW);
    const [task] = found.items;
    await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'maria' });
    const assigned = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, NOW);
    await camunda.unassignUserTask({ userTaskKey: task.userTaskKey });
    const unassigned = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, NOW);
    await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });

    // then
    expect(found.items).to.have.length(1);
    expect(task).to.include({ elementId: 'approve', name: 'Approve', state: 'CREATED', processDefinitionId: 'review', processInstanceKey });
    expect(task.candidateGroups).to.deep.equal(['managers']);
    expect(assigned.assignee).to.equal('maria');
    expect(unassigned.assignee).to.equal(null);
    const id = (await engine.idOfNumericKey(processInstanceKey))!.id;
    expect((await until(engine, id, (view) => view.activeElements.some((e) => e.elementId === 'notify'))).variables).to.include({ approved: true });
  });

  it('should find the incident of a job out of retries and resolve it, so the job can be done', async () => {
    // given
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'review' as never });
    const [task] = (await camunda.searchUserTasks({ filter: { processInstanceKey } }, NOW)).items;
    await camunda.completeUserTask({ userTaskKey: task.userTaskKey });
    const activate = () => camunda.activateJobs({ type: 'notify', timeout: 30_000, maxJobsToActivate: 1, worker: 'spec', requestTimeout: 2_000 });
    const [job] = (await activate()).jobs;
    await camunda.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'mail server down' });
    const id = (await engine.idOfNumericKey(processInstanceKey))!.id;
    await until(engine, id, hasIncident);

    // when
    const incidents = await camunda.searchIncidents({ filter: { processInstanceKey } }, NOW);
    await camunda.resolveIncident({ incidentKey: incidents.items[0].incidentKey });
    const [again] = (await activate()).jobs;
    await camunda.completeJob({ jobKey: again.jobKey });

    // then
    expect(incidents.items).to.have.length(1);
    expect(incidents.items[0]).to.include({
      errorType: 'JOB_NO_RETRIES',
      elementId: 'notify',
      jobKey: job.jobKey,
      state: 'ACTIVE',
    });
    expect(incidents.items[0].errorMessage).to.contain('mail server down');
    await until(engine, id, (view) => view.status === 'completed');
  });
});
