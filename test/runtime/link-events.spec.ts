import { expect } from 'chai';
import { Engine, ValidationError } from '../../engine/index.js';
import { deployAndStart, elementsWith, fixture, until, userTaskAt, waitsInUserTask } from '../helpers.js';

const here = import.meta.url;

async function deployError(engine: Engine, file: string): Promise<ValidationError> {
  try {
    await engine.deploy({ name: file, xml: fixture(here, file) });
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`${file} deployed, but a ValidationError was expected`);
}

describe('link events', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ jobs: { pollIntervalMs: 10 } });
  });

  afterEach(() => engine.close());

  it('should jump from a link throw event to the link catch event of the same name in the same scope', async () => {
    // when
    const { id } = await deployAndStart(engine, here, 'link-events.bpmn', 'linked');
    const after = await until(engine, id, waitsInUserTask('innerTask'));

    // then
    expect(after.variables).to.deep.equal({ step: 1 });
    expect(after.activeElements.map((e) => e.elementId)).to.have.members(['section', 'innerTask']);
    expect(await elementsWith(engine, id, 'element.activated')).to.deep.equal([
      'start',
      'prepare',
      'goToPartTwo',
      'fromPartOne',
      'section',
      'sectionStart',
      'innerJump',
      'innerLanding',
      'innerTask',
    ]);
    expect(await elementsWith(engine, id, 'element.completed')).to.include.members(['goToPartTwo', 'fromPartOne', 'innerJump', 'innerLanding']);
  });

  it('should keep each link name to its own scope and complete the process through both jumps', async () => {
    // given
    const { id } = await deployAndStart(engine, here, 'link-events.bpmn', 'linked');
    await until(engine, id, waitsInUserTask('innerTask'));

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'innerTask')).id);
    await until(engine, id, waitsInUserTask('finish'));
    await engine.completeUserTask((await userTaskAt(engine, id, 'finish')).id);

    // then
    const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    expect(done.activeElements).to.be.empty;
    const activated = await elementsWith(engine, id, 'element.activated');
    expect(activated.filter((e) => e === 'fromPartOne' || e === 'innerLanding')).to.deep.equal(['fromPartOne', 'innerLanding']);
  });

  it('should loop back through a link to an earlier point of the flow', async () => {
    // given
    const { id } = await deployAndStart(engine, here, 'link-events.bpmn', 'retryLoop');
    await until(engine, id, waitsInUserTask('attempt'));

    // when
    await engine.completeUserTask((await userTaskAt(engine, id, 'attempt')).id, { ok: false });
    await until(engine, id, (v) => waitsInUserTask('attempt')(v) && v.variables.ok === false);
    await engine.completeUserTask((await userTaskAt(engine, id, 'attempt')).id, { ok: true });

    // then
    await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
    const activated = await elementsWith(engine, id, 'element.activated');
    expect(activated.filter((e) => e === 'attempt')).to.have.length(2);
    expect(activated.filter((e) => e === 'retry')).to.have.length(1);
  });

  it('should refuse at deploy a link throw event with no link catch event of its name in its scope', async () => {
    // when
    const error = await deployError(engine, 'link-events-no-catch.bpmn');

    // then
    expect(error.problems).to.have.length(1);
    expect(error.problems[0]).to.include({ processId: 'dangling', elementId: 'jump' });
    expect(error.problems[0].message).to.contain("'nowhere'").and.contain('found 0');
    expect(await engine.definitions()).to.be.empty;
  });

  it('should refuse at deploy a link throw event with two link catch events of its name', async () => {
    // when
    const error = await deployError(engine, 'link-events-two-catches.bpmn');

    // then
    expect(error.problems).to.have.length(1);
    expect(error.problems[0]).to.include({ processId: 'ambiguous', elementId: 'jump' });
    expect(error.problems[0].message).to.contain("'twice'").and.contain('found 2');
  });
});
