import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Engine, Store } from '../../engine/index.js';
import { TestClock, countOf, elementsWith, eventually, openEngine, until, userTaskAt, waitsInUserTask } from '../helpers.js';
import { undrawn } from './diagram.js';

const sample = new URL('../../samples/loan-approval.bpmn', import.meta.url);
const DAY = 24 * 3600 * 1000;

describe('The loan approval sample (samples/loan-approval.bpmn)', () => {
  let store: Store;
  let engine: Engine;
  let clock: TestClock;
  /** The reminders sent, with the day they went out. */
  let reminders: string[];

  beforeEach(async () => {
    clock = new TestClock('2026-05-04T09:00:00Z');
    ({ store, engine } = await openEngine({ clock, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } }));
    reminders = [];
    // A scoring service: a simple rule on income and the amount asked for.
    engine.handle('score-applicant', (job) => {
      const { income, amount } = job.variables as { income: number; amount: number };
      return { score: Math.min(850, Math.round(300 + (income / amount) * 200)) };
    });
    engine.handle('send-reminder', (job) => {
      reminders.push(`${new Date(clock.now()).toISOString().slice(0, 10)} ${job.variables.applicant}`);
    });
    await engine.deploy({ name: 'loan-approval.bpmn', xml: await readFile(sample, 'utf8') });
  });

  afterEach(() => engine.close());

  it('should reject an application whose score is too low without asking an officer', async () => {
    // when
    const { id } = await engine.start('loan-approval', { variables: { applicant: 'Bob', income: 20_000, amount: 50_000 } });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables).to.deep.equal({ applicant: 'Bob', income: 20_000, amount: 50_000, score: 380 });
    expect(await elementsWith(engine, id, 'element.completed')).to.include('applicationRejected').and.not.include('approveLoan');
    expect(await engine.userTasks({ instanceId: id })).to.be.empty;
  });

  it('should ask the loan officers, remind them once a day three times while the task stays open, and approve', async () => {
    // given
    const { id } = await engine.start('loan-approval', { variables: { applicant: 'Ann', income: 90_000, amount: 60_000 } });
    await until(engine, id, waitsInUserTask('approveLoan'));
    const task = await userTaskAt(engine, id, 'approveLoan');
    expect(task.candidateGroups).to.deep.equal(['loan-officers']);
    expect(Date.parse(task.dueDate!)).to.equal(Date.parse('2026-05-07T09:00:00Z'));

    // when: four days pass, one at a time
    for (let day = 1; day <= 3; day++) {
      clock.advance(DAY);
      await eventually(() => reminders.length === day);
    }
    clock.advance(DAY);
    // Time passes on purpose: the engine gets polls enough to send a fourth reminder, which it must not.
    await new Promise((resolve) => setTimeout(resolve, 100));

    // then: three reminders, the task still open
    expect(reminders).to.deep.equal(['2026-05-05 Ann', '2026-05-06 Ann', '2026-05-07 Ann']);
    expect((await userTaskAt(engine, id, 'approveLoan')).id).to.equal(task.id);

    // when
    await engine.completeUserTask(task.id, { approved: true });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables).to.deep.equal({ applicant: 'Ann', income: 90_000, amount: 60_000, score: 600, approved: true });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed).to.include('loanApproved').and.not.include('loanRejected');
    expect(countOf(completed, 'reminderSent')).to.equal(3);
    expect(await store.nextJobDueAt(['baton:timer'], clock.now() + 365 * DAY)).to.equal(undefined);
  });

  it('should end rejected when the officer declines', async () => {
    // given
    const { id } = await engine.start('loan-approval', { variables: { applicant: 'Cy', income: 120_000, amount: 40_000 } });
    await until(engine, id, waitsInUserTask('approveLoan'));

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'approveLoan')).id, { approved: false });
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });

    // then
    expect(done.variables).to.include({ score: 850, approved: false });
    expect(await elementsWith(engine, id, 'element.completed')).to.include('loanRejected').and.not.include('loanApproved');
    expect(reminders).to.be.empty;
  });

  it('should carry a diagram shape or edge for every element, so that it opens in bpmn-js and Camunda Modeler', async () => {
    // when
    const result = await undrawn(await readFile(sample, 'utf8'));

    // then
    expect(result).to.deep.equal({ missing: [], dangling: [], warnings: [] });
  });
});
