import { expect } from 'chai';
import { Engine, NotFoundError, type ActivatedJob } from '../../engine/index.js';
import type { Effects } from '../../engine/runtime/records.js';
import type { InstanceState } from '../../engine/runtime/state.js';
import { MemoryStore } from '../../engine/store/memory.js';
import { deployAndStart, until } from '../helpers.js';

const here = import.meta.url;

/** A memory store that counts commits and, when armed, holds the next one until released. */
class HeldStore extends MemoryStore {
  commits = 0;
  private gate?: Promise<void>;
  private held?: () => void;
  private release?: () => void;

  /** The next commit waits for `release()`; resolves once it has begun waiting. */
  holdNext(): Promise<void> {
    this.gate = new Promise((resolve) => (this.release = resolve));
    return new Promise((resolve) => (this.held = resolve));
  }

  releaseHeld(): void {
    this.release?.();
  }

  override async commit(state: InstanceState, effects: Effects): Promise<void> {
    this.commits++;
    const gate = this.gate;
    if (gate) {
      this.gate = undefined;
      this.held?.();
      await gate;
    }
    return super.commit(state, effects);
  }
}

describe('job completions of one instance that arrive together', () => {
  let store: HeldStore;
  let engine: Engine;

  beforeEach(async () => {
    store = new HeldStore();
    engine = await Engine.open({ store, limits: { instanceBytes: 16 * 1024 } });
  });

  afterEach(() => engine.close());

  async function startWithJobs(): Promise<{ id: string; jobs: Record<string, ActivatedJob> }> {
    const { id } = await deployAndStart(engine, here, 'completions-together.bpmn', 'fourAtOnce');
    await until(engine, id, (v) => v.activeElements.filter((e) => e.status === 'waiting').length === 4);
    const jobs: Record<string, ActivatedJob> = {};
    for (const task of ['a', 'b', 'c', 'd']) {
      [jobs[task]] = await engine.activateJobs({ type: `work-${task}`, worker: 'w', maxJobs: 1, lockMs: 60_000 });
    }
    return { id, jobs };
  }

  /** Completes `first` with its commit held, then the others while it is held, then lets it go. */
  async function completeBehindOne(first: [ActivatedJob, Record<string, unknown>], others: Array<[ActivatedJob, Record<string, unknown>]>) {
    const held = store.holdNext();
    const firstDone = engine.completeJob(first[0].key, first[1], { worker: 'w' });
    await held;
    const othersDone = others.map(([job, variables]) =>
      engine.completeJob(job.key, variables, { worker: 'w' }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    store.releaseHeld();
    await firstDone;
    return Promise.all(othersDone);
  }

  it('should apply the completions that queued behind a step in one step and one commit, each with its variables', async () => {
    // given
    const { id, jobs } = await startWithJobs();
    const before = store.commits;

    // when
    const outcomes = await completeBehindOne(
      [jobs.a, { a: 1 }],
      [
        [jobs.b, { route: 'x' }],
        [jobs.c, { c: 3 }],
        [jobs.d, { d: 4 }],
      ],
    );

    // then: a alone, then b, c and d together
    expect(outcomes).to.deep.equal([undefined, undefined, undefined]);
    expect(store.commits - before).to.equal(2);
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(done.variables).to.deep.equal({ a: 1, route: 'x', c: 3, d: 4 });
    const completed = (await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId);
    expect(completed.filter((e) => ['a', 'b', 'c', 'd'].includes(e ?? ''))).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(completed.filter((e) => e === 'join')).to.have.length(1);
  });

  it('should apply them one at a time, as separate steps would, when one of them raises an incident', async () => {
    // given
    const { id, jobs } = await startWithJobs();
    const before = store.commits;

    // when: b leaves without the route its gateway needs
    const outcomes = await completeBehindOne(
      [jobs.a, { a: 1 }],
      [
        [jobs.b, { route: 'none' }],
        [jobs.c, { c: 3 }],
        [jobs.d, { d: 4 }],
      ],
    );

    // then: the incident is b's gateway's alone; c and d completed in steps of their own
    expect(outcomes).to.deep.equal([undefined, undefined, undefined]);
    expect(store.commits - before).to.equal(4);
    const view = await engine.getInstance(id);
    expect(view.status).to.equal('active');
    expect(view.incidents.map((i) => i.elementId)).to.deep.equal(['route']);
    expect(view.variables).to.deep.equal({ a: 1, route: 'none', c: 3, d: 4 });
    const completed = (await engine.history(id)).filter((e) => e.type === 'element.completed').map((e) => e.elementId);
    expect(completed.filter((e) => ['a', 'b', 'c', 'd'].includes(e ?? ''))).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('should answer a completion that no longer applies as before, while the others in its step apply', async () => {
    // given
    const { id, jobs } = await startWithJobs();

    // when: c completed twice behind a's step
    const outcomes = await completeBehindOne(
      [jobs.a, { a: 1 }],
      [
        [jobs.c, { c: 3 }],
        [jobs.c, { c: 'again' }],
        [jobs.d, { d: 4 }],
      ],
    );

    // then
    expect(outcomes[0]).to.equal(undefined);
    expect(outcomes[1]).to.be.instanceOf(NotFoundError);
    expect(outcomes[2]).to.equal(undefined);
    const view = await engine.getInstance(id);
    expect(view.variables).to.deep.equal({ a: 1, c: 3, d: 4 });
    expect(view.activeElements.map((e) => e.elementId)).to.have.members(['b', 'join', 'join', 'join']);
  });

  it('should refuse only the completion that takes the variables over their limit, as separate steps would', async () => {
    // given: 16 KiB for the instance's variables
    const { id, jobs } = await startWithJobs();
    const tenKib = 'x'.repeat(10 * 1024);

    // when: two 10 KiB completions queue together behind a's step
    const outcomes = await completeBehindOne(
      [jobs.a, { a: 1 }],
      [
        [jobs.c, { c: tenKib }],
        [jobs.d, { d: tenKib }],
      ],
    );

    // then: c applied, d refused with the limit, as two steps of their own would have
    expect(outcomes[0]).to.equal(undefined);
    expect((outcomes[1] as Error).name).to.equal('LimitError');
    const view = await engine.getInstance(id);
    expect(Object.keys(view.variables).sort()).to.deep.equal(['a', 'c']);
    expect(view.activeElements.map((e) => e.elementId)).to.have.members(['b', 'd', 'join', 'join']);
  });

  it('should refuse a completion with a variable named __proto__ without touching the others queued with it', async () => {
    // given
    const { id, jobs } = await startWithJobs();
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;

    // when
    const outcomes = await completeBehindOne(
      [jobs.a, { a: 1 }],
      [
        [jobs.c, hostile],
        [jobs.d, { d: 4 }],
      ],
    );

    // then
    expect((outcomes[0] as Error).name).to.equal('InvalidArgumentError');
    expect((outcomes[0] as Error).message).to.match(/'__proto__' is not allowed as a variable name/);
    expect(outcomes[1]).to.equal(undefined);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    const view = await engine.getInstance(id);
    expect(Object.keys(view.variables).sort()).to.deep.equal(['a', 'd']);
    expect(view.activeElements.map((e) => e.elementId)).to.have.members(['b', 'c', 'join', 'join']);
  });
});
