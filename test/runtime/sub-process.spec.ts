import { expect } from 'chai';
import { Engine, type Job } from '../../engine/index.js';
import { deployAndStart, elementsWith, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

describe('embedded sub-process', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { retryBackoffMs: 0 } });
  });

  afterEach(() => engine.close());

  const trip = { destination: 'Lisbon', nights: 3 };

  it('should give the inside its own scope with the input mappings as local variables', async () => {
    // given
    const jobs: Job[] = [];
    engine.handle('book-hotel', (job) => void jobs.push(job));

    // when
    const { id } = await deployAndStart(engine, here, 'sub-process.bpmn', 'travel', { variables: { trip, status: 'new' } });
    const inside = await until(engine, id, waitsInUserTask('confirm'));

    // then
    expect(jobs[0].variables).to.deep.equal({ trip, status: 'pending', city: 'Lisbon', attempts: 0 });
    expect(inside.variables).to.deep.equal({ trip, status: 'new' });
    expect((await userTaskAt(engine, id, 'confirm')).assignee).to.equal('Lisbon-desk');
    expect(inside.activeElements.map((e) => e.elementId)).to.have.members(['booking', 'confirm']);
  });

  it('should keep the local variables from the parent once it completes and write back its output mappings', async () => {
    // given
    engine.handle('book-hotel', () => ({ attempts: 1 }));
    const { id } = await deployAndStart(engine, here, 'sub-process.bpmn', 'travel', { variables: { trip } });
    await until(engine, id, waitsInUserTask('confirm'));

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'confirm')).id);
    const after = await until(engine, id, waitsInUserTask('review'));

    // then
    expect(after.variables).to.deep.equal({ trip, bookingAttempts: 1, bookingStatus: 'pending' });
    expect(after.variables).not.to.have.any.keys('city', 'attempts', 'status');
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed.indexOf('booking')).to.be.greaterThan(completed.indexOf('booked'));
  });

  it('should propagate job variables to the nearest scope that has them, else to the root', async () => {
    // given
    engine.handle('book-hotel', () => ({
      status: 'booked', // local to the sub-process (input mapping)
      trip: { ...trip, hotel: 'Alfama Inn' }, // exists in the root scope
      confirmation: 'H-17', // exists nowhere
    }));
    const { id } = await deployAndStart(engine, here, 'sub-process.bpmn', 'travel', { variables: { trip, status: 'new' } });

    // when
    const inside = await until(engine, id, waitsInUserTask('confirm'));
    await engine.completeUserTask((await userTaskAt(engine, id, 'confirm')).id);
    const after = await until(engine, id, waitsInUserTask('review'));

    // then
    expect(inside.variables).to.deep.equal({ trip: { ...trip, hotel: 'Alfama Inn' }, status: 'new', confirmation: 'H-17' });
    expect(after.variables).to.deep.equal({
      trip: { ...trip, hotel: 'Alfama Inn' },
      status: 'new',
      confirmation: 'H-17',
      bookingAttempts: 0,
      bookingStatus: 'booked',
    });
  });

  it('should complete only when every token inside has ended', async () => {
    // given
    engine.handle('print-tickets', () => ({ tickets: 2 }));
    const { id } = await deployAndStart(engine, here, 'sub-process.bpmn', 'packing');
    const half = await until(engine, id, (v) => waitsInUserTask('packClothes')(v) && v.variables.tickets === 2);
    expect(half.status).to.equal('active');
    expect(waitsAt('pack')(half)).to.equal(true);
    expect(await elementsWith(engine, id, 'element.completed'))
      .to.include('ticketsPacked')
      .and.not.include('pack');

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'packClothes')).id);

    // then
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(done.variables).to.deep.equal({ tickets: 2 });
    const completed = await elementsWith(engine, id, 'element.completed');
    expect(completed.filter((e) => e === 'pack')).to.have.length(1);
    expect(completed.indexOf('pack')).to.be.greaterThan(completed.indexOf('clothesPacked'));
    expect(completed[completed.length - 1]).to.equal('ready');
  });
});
