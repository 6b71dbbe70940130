/**
 * Conformance over the OMG BPMN MIWG reference models.
 *
 * Reference models: OMG BPMN Model Interchange Working Group (BPMN MIWG), CC BY 3.0
 * (https://github.com/bpmn-miwg/bpmn-miwg-test-suite, Reference/; see shared/conformance/miwg/LICENSE.txt).
 *
 * Every file either deploys and its processes run from their none start event
 * to an end or a wait state (or an incident that names its element), or is
 * refused with a ValidationError whose every problem names its element or
 * process: never an unhandled exception. Files with processes not marked
 * executable get a second pass with every process forced executable.
 * `MIWG_WRITE=1` writes the results table to RESULTS.md beside this spec.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine, MemoryStore, ValidationError, type DeployResult, type Job } from '../../engine/index.js';
import { countOf, elementsWith, until, userTaskAt, waitsAt, waitsInUserTask } from '../helpers.js';
import { exercise, forceExecutable, processTags, type FileResult } from './miwg-exercise.js';
import { consoleReport, resultsMarkdown } from './miwg-report.js';

/** shared/ sits beside the project directory, in a working tree and in CI's fresh clone alike. */
const MIWG = new URL('../../../shared/conformance/miwg/', import.meta.url);
const RESULTS = new URL('RESULTS.md', import.meta.url);
const available = existsSync(MIWG);
const files = available
  ? readdirSync(MIWG)
      .filter((f) => f.endsWith('.bpmn'))
      .sort()
  : [];
const read = (file: string) => readFileSync(new URL(file, MIWG), 'utf8');
const withNonExecutable = files.filter((file) => processTags(read(file)).some((p) => !p.executable));

/** The clock stands still unless a spec moves it: timers are scheduled but never come due by themselves. */
const NOW = Date.UTC(2025, 0, 6, 9);
const DAY = 24 * 3600 * 1000;

const RESTING = ['completed', 'terminated', 'waits', 'incident', 'not started', 'start refused'];

describe('OMG BPMN MIWG reference models (BPMN MIWG, CC BY 3.0)', function () {
  const asIs: FileResult[] = [];
  const forced: FileResult[] = [];
  let engine: Engine | undefined;
  let store: MemoryStore;
  let offset = 0;

  const open = async (): Promise<Engine> => {
    store = new MemoryStore();
    offset = 0;
    engine = await Engine.open({ store, clock: { now: () => NOW + offset }, jobs: { pollIntervalMs: 10, retryBackoffMs: 0 } });
    return engine;
  };

  before(function () {
    if (available) return;
    console.log(
      `      MIWG conformance skipped: the reference models are not at ${fileURLToPath(MIWG)} ` +
        '(they live in shared/conformance/miwg/ beside the project directory).',
    );
    this.skip();
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  after(() => {
    if (!asIs.length) return;
    console.log(`\n${consoleReport(asIs, forced, process.env.MIWG_VERBOSE === '1')}\n`);
    const complete = asIs.length === files.length && forced.length === withNonExecutable.length;
    if (!complete) return;
    const markdown = resultsMarkdown(asIs, forced);
    if (process.env.MIWG_WRITE === '1') {
      writeFileSync(RESULTS, markdown);
      console.log(`Wrote ${fileURLToPath(RESULTS)}`);
    } else if (!existsSync(RESULTS) || readFileSync(RESULTS, 'utf8') !== markdown) {
      console.log('test/conformance/RESULTS.md differs from this run: regenerate it with MIWG_WRITE=1 (see test/conformance/README.md).');
    }
  });

  it('should go through all 21 reference models', () => {
    expect(files).to.have.length(21);
  });

  describe('as published', () => {
    for (const file of files) {
      it(`${file}: should deploy and run, or be refused naming the element, never throw`, async () => {
        // given
        const xml = read(file);

        // when
        const result = await exercise(await open(), store, file, file, xml);
        asIs.push(result);

        // then
        expectConformance(result, xml);
        if (result.outcome === 'no executable process') expect(processTags(xml).some((p) => p.executable)).to.equal(false);
      });
    }
  });

  describe('forced executable (every process marked isExecutable="true" in a copy)', () => {
    for (const file of withNonExecutable) {
      it(`${file}: should deploy and run, or be refused naming the element, never throw`, async () => {
        // given
        const xml = forceExecutable(read(file));
        expect(processTags(xml).every((p) => p.executable)).to.equal(true);

        // when
        const result = await exercise(await open(), store, `${file} (forced executable)`, file, xml);
        forced.push(result);

        // then
        expectConformance(result, xml);
        expect(result.outcome).not.to.equal('no executable process');
      });
    }
  });

  describe('C.9.1 Document Request (Camunda 8, Zeebe extensions) from start to end', () => {
    const emails: Job[] = [];
    let id: string;

    beforeEach(async () => {
      emails.length = 0;
      const engine = await open();
      engine.handle('email', (job) => void emails.push(job));
      await engine.deploy({ name: 'C.9.1.bpmn', xml: read('C.9.1.bpmn') });
      ({ id } = await engine.start('requestDocument_en', { variables: { documentReferenceId: 'DOC-1' } }));
      await until(engine, id, waitsAt('ReceiveTask_WaitForDocument'));
    });

    it('should request the document and complete when the answer arrives', async () => {
      // when
      await engine!.publishMessage({ name: 'MESSAGE_documentReceived', correlationKey: 'DOC-1', variables: { document: 'passport.pdf' } });

      // then
      const done = await engine!.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ documentReferenceId: 'DOC-1', document: 'passport.pdf' });
      expect(await elementsWith(engine!, id, 'element.completed')).to.include.members([
        'SendTask_RequestDocument',
        'ReceiveTask_WaitForDocument',
        'EndEvent_GotDocument',
      ]);
      expect(emails.map((job) => job.context.elementId)).to.deep.equal(['SendTask_RequestDocument']);
    });

    it('should send a reminder on each of six days and, after a week without answer, have the customer called', async () => {
      // given
      const reminded = async () => countOf(await elementsWith(engine!, id, 'element.completed'), 'EndEvent_ReminderSent');
      for (let day = 1; day <= 6; day++) {
        offset += DAY;
        await until(engine!, id, () => emails.length === 1 + day);
        await until(engine!, id, waitsAt('ReceiveTask_WaitForDocument'));
      }

      // when
      offset += DAY;
      await until(engine!, id, waitsInUserTask('UserTask_CallCustomer'));
      await engine!.completeUserTask((await userTaskAt(engine!, id, 'UserTask_CallCustomer')).id);

      // then
      await engine!.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(await reminded()).to.equal(6);
      expect(emails.filter((job) => job.context.elementId === 'SendTask_SendReminderEmail')).to.have.length(6);
      const completed = await elementsWith(engine!, id, 'element.completed');
      expect(completed).to.include.members(['BoundaryEvent_2', 'UserTask_CallCustomer', 'EndEvent_TalkedToCustomer']);
      expect(completed).not.to.include('ReceiveTask_WaitForDocument');
    });
  });
});

function expectConformance(result: FileResult, xml: string): void {
  if (result.outcome === 'deployed') return expectDeployedAndRun(result);
  expect(result.problems).not.to.be.empty;
  for (const problem of result.outcome === 'refused' ? result.problems : []) {
    const named = problem.elementId ?? problem.processId;
    expect(named, `a problem names no element or process: ${problem.message}`).to.be.a('string').and.not.be.empty;
    expect(xml, `the problem names '${named}', which is no id in the file`).to.include(`id="${named}"`);
  }
  // Deploying the same file again is refused the same way.
  expect(result.again).to.be.instanceOf(ValidationError);
  expect((result.again as ValidationError).problems).to.deep.equal(result.problems);
}

function expectDeployedAndRun(result: FileResult): void {
  const first = result.first!;
  const again = result.again as DeployResult;
  expect(first.processes).not.to.be.empty;
  expect(first.processes.every((p) => p.created)).to.equal(true);
  // The same XML again returns the versions it made, creating none.
  expect(again.processes).to.deep.equal(first.processes.map((p) => ({ ...p, created: false })));
  for (const run of result.runs) {
    expect(run.rest, `${run.processId}: ${run.summary}`).to.be.oneOf(RESTING);
    for (const incident of run.view?.incidents ?? []) {
      expect(run.model.elements, `incident names no element of the process: ${incident.message}`).to.have.property(incident.elementId);
    }
    if (run.rest === 'waits') expect(run.waits).not.to.be.empty;
    if (run.refusal) {
      const named = Object.keys(run.model.elements).filter((id) => run.refusal!.message.includes(`'${id}'`));
      expect(named, `the refused start names no element of the process: ${run.refusal.message}`).not.to.be.empty;
    }
  }
}
