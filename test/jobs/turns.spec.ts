import { expect } from 'chai';
import { yieldWhenDue } from '../../engine/jobs/turns.js';

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('giving the event loop a turn (engine/jobs/turns.ts)', () => {
  it('should let every chain of work that yields go on within about one run, not one run per other waiter', async () => {
    // given: twenty chains of 1 ms jobs, each yielding when due, as the worker's jobs do
    const gaps: number[] = [];
    const until = performance.now() + 400;
    const chain = async (): Promise<void> => {
      let last = performance.now();
      while (performance.now() < until) {
        await yieldWhenDue();
        const now = performance.now();
        gaps.push(now - last);
        busyFor(1);
        last = performance.now();
      }
    };

    // when
    await Promise.all(Array.from({ length: 20 }, chain));

    // then: a waiter resumes after the one shared run (10 ms) and the others' single jobs, never twenty runs (200 ms)
    expect(Math.max(...gaps)).to.be.lessThan(80);
  });

  it('should still give timers a turn while work keeps coming', async () => {
    // given
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);

    // when: 100 ms of 1 ms jobs in one chain
    const until = performance.now() + 100;
    while (performance.now() < until && !timerRan) {
      await yieldWhenDue();
      busyFor(1);
    }

    // then
    expect(timerRan).to.equal(true);
  });
});
