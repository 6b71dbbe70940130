import { expect } from 'chai';
import { Engine, type InstanceView, type Job } from '../../engine/index.js';
import { countOf, deployAndStart, elementsWith, hasIncident, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

const waitingAt = (view: InstanceView, elementId: string) => view.activeElements.filter((e) => e.elementId === elementId && e.status === 'waiting').length;

describe('inclusive gateway', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  describe('split', () => {
    it('should take every flow whose condition holds', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'claims', { variables: { injury: true, damage: true } });
      const view = await until(engine, id, (v) => waitsInUserTask('medicalReview')(v) && waitsAt('assessDamage')(v));

      // then
      expect(view.activeElements.map((e) => e.elementId)).to.have.members(['medicalReview', 'assessDamage']);
    });

    it('should take the default flow when no condition holds', async () => {
      // given
      engine.handle('settle', () => ({ settled: true }));

      // when
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'claims', { variables: { injury: false, damage: false } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables.settled).to.equal(true);
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed).to.include.members(['basicCheck', 'join', 'settle']);
      expect(completed).not.to.include.oneOf(['medicalReview', 'assessDamage']);
    });

    it('should raise an incident when no condition holds and there is no default flow', async () => {
      // when
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'repairs', { variables: { needsParts: false, needsPaint: false } });
      const stuck = await until(engine, id, hasIncident);

      // then
      expect(stuck.status).to.equal('active');
      expect(stuck.incidents[0]).to.include({ elementId: 'repairSplit', kind: 'noFlow' });
    });
  });

  describe('join', () => {
    it('should not fire while a taken branch is still busy, however long it takes', async () => {
      // given
      const settles: Job[] = [];
      engine.handle('assess-damage', () => ({ damageAssessed: true }));
      engine.handle('settle', (job) => void settles.push(job));
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'claims', { variables: { injury: true, damage: true } });

      // when
      const held = await until(engine, id, (v) => waitsAt('join')(v) && waitsInUserTask('medicalReview')(v) && v.variables.damageAssessed === true);

      // then
      expect(held.status).to.equal('active');
      expect(settles).to.be.empty;
      expect(await elementsWith(engine, id, 'element.activated')).not.to.include('join');

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'medicalReview')).id, { medicalOk: true });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(settles).to.have.length(1);
      expect(settles[0].variables).to.include({ damageAssessed: true, medicalOk: true });
      expect(done.activeElements).to.be.empty;
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'join')).to.equal(1);
      expect(completed.indexOf('join')).to.be.greaterThan(completed.indexOf('medicalReview'));
    });

    it('should wait only for the branches that were taken', async () => {
      // given
      engine.handle('assess-damage', () => ({ damageAssessed: true }));
      engine.handle('settle', () => ({ settled: true }));

      // when
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'claims', { variables: { injury: false, damage: true } });
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(done.variables).to.include({ damageAssessed: true, settled: true });
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed).not.to.include.oneOf(['medicalReview', 'basicCheck']);
      expect(countOf(completed, 'join')).to.equal(1);
    });

    it('should wait for a token that loops back before the join', async () => {
      // given
      const deliveries: Job[] = [];
      engine.handle('paint', (job) => ({ coats: Number(job.variables.coats) + 1 }));
      engine.handle('deliver', (job) => void deliveries.push(job));

      // when
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'repairs', { variables: { needsParts: true, needsPaint: true, coats: 0 } });
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

      // then
      expect(deliveries).to.have.length(1);
      expect(deliveries[0].variables.coats).to.equal(3);
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'paint')).to.equal(3);
      expect(countOf(completed, 'repairJoin')).to.equal(1);
      expect(completed.indexOf('repairJoin')).to.be.greaterThan(completed.lastIndexOf('paint'));
      expect(completed.indexOf('repairJoin')).to.be.greaterThan(completed.indexOf('orderParts'));
    });

    it('should not be blocked by a token whose path bypasses the join', async () => {
      // given
      let firstDays = 0;
      engine.handle('create-account', () => ({ accountCreated: true }));
      engine.handle('first-day', () => void firstDays++);
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'onboarding', {
        variables: { account: true, laptop: true, welcomeParty: true, mentor: false },
      });
      await until(engine, id, (v) => waitsAt('onboardingJoin')(v) && waitsInUserTask('orderLaptop')(v) && waitsInUserTask('welcome')(v));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'orderLaptop')).id);
      const joined = await until(engine, id, (v) => v.activeElements.length === 1);

      // then
      expect(firstDays).to.equal(1);
      expect(joined.status).to.equal('active');
      expect(joined.activeElements[0].elementId).to.equal('welcome');

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'welcome')).id);

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(firstDays).to.equal(1);
    });

    it('should wait for a token that can still reach it and fire as soon as that token turns away', async () => {
      // given
      let firstDays = 0;
      engine.handle('create-account', () => ({ accountCreated: true }));
      engine.handle('first-day', () => void firstDays++);
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'onboarding', {
        variables: { account: true, laptop: true, welcomeParty: false, mentor: true },
      });
      await until(engine, id, (v) => waitsAt('onboardingJoin')(v) && waitsInUserTask('orderLaptop')(v) && waitsInUserTask('findMentor')(v));
      await engine.completeUserTask((await userTaskAt(engine, id, 'orderLaptop')).id);

      // when
      const held = await engine.getInstance(id);

      // then
      expect(waitingAt(held, 'onboardingJoin')).to.equal(2);
      expect(firstDays).to.equal(0);

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'findMentor')).id, { mentorName: null });

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(firstDays).to.equal(1);
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(completed).to.include('noMentor');
      expect(completed.indexOf('onboardingJoin')).to.be.greaterThan(completed.indexOf('findMentor'));
    });

    it('should merge a token that reaches it late into the same firing', async () => {
      // given
      let firstDays = 0;
      engine.handle('create-account', () => ({ accountCreated: true }));
      engine.handle('first-day', () => void firstDays++);
      const { id } = await deployAndStart(engine, here, 'inclusive-gateway.bpmn', 'onboarding', {
        variables: { account: true, laptop: false, welcomeParty: false, mentor: true },
      });
      await until(engine, id, (v) => waitsAt('onboardingJoin')(v) && waitsInUserTask('findMentor')(v));

      // when
      await engine.completeUserTask((await userTaskAt(engine, id, 'findMentor')).id, { mentorName: 'Grace' });

      // then
      await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(firstDays).to.equal(1);
      const completed = await elementsWith(engine, id, 'element.completed');
      expect(countOf(completed, 'onboardingJoin')).to.equal(1);
      expect(completed).not.to.include('noMentor');
    });
  });
});
