import { expect } from 'chai';
import { BpmnParseError, Engine, NotFoundError, ValidationError } from '../../engine/index.js';
import { fixture } from '../helpers.js';

const here = import.meta.url;

async function deployError(engine: Engine, file: string): Promise<unknown> {
  return engine.deploy({ name: file, xml: fixture(here, file) }).then(
    () => expect.fail(`${file} should have been refused`),
    (error: unknown) => error,
  );
}

describe('BPMN import and validation', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open();
  });

  afterEach(() => engine.close());

  describe('malformed XML', () => {
    it('should be refused with a BpmnParseError at the line and column of the fault', async () => {
      // given
      const lines = fixture(here, 'malformed.bpmn').split('\n');
      const line = lines.findIndex((l) => l.includes('</bpmn:process>')) + 1;
      const column = lines[line - 1].indexOf('</bpmn:process>') + 1;

      // when
      const error = await deployError(engine, 'malformed.bpmn');

      // then
      expect(error).to.be.instanceOf(BpmnParseError);
      expect(error).to.include({ line, column });
      expect((error as Error).message)
        .to.contain(`line ${line}, column ${column}`)
        .and.contain('closing tag mismatch');
    });

    it('should point at the end of a truncated document', async () => {
      // given
      const lines = fixture(here, 'truncated.bpmn').trimEnd().split('\n');

      // when
      const error = await deployError(engine, 'truncated.bpmn');

      // then
      expect(error).to.be.instanceOf(BpmnParseError);
      expect(error).to.include({ line: lines.length, column: lines[lines.length - 1].length + 1 });
      expect((error as Error).message).to.contain('unexpected end of file');
    });

    it('should refuse a document that is not BPMN', async () => {
      // when
      const error = await engine.deploy({ name: 'note.txt', xml: 'just some notes' }).then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(BpmnParseError);
      expect(error).to.include({ line: 1, column: 1 });
    });
  });

  describe('an executable process with several problems', () => {
    const expected: Array<[elementId: string, message: RegExp]> = [
      ['chargeTimeout', /invalid timeDuration 'PT1 hour'/],
      ['fraudCheck', /call activity needs a zeebe:calledElement with a process id/],
      ['approveItems', /output collection needs an output element/],
      ['decide', /'toReview' has no condition and is not the default flow/],
      ['charge', /zeebe:taskDefinition with a type/],
      ['pay', /no type/],
      ['toPay', /FEEL syntax error.*amount </],
      ['review', /input mapping 'claimAmount'.*FEEL syntax error/],
      ['toNowhere', /points nowhere/],
    ];

    it('should be refused with one ValidationError that lists every problem with its element id', async () => {
      // when
      const error = await deployError(engine, 'many-problems.bpmn');

      // then
      expect(error).to.be.instanceOf(ValidationError);
      const { problems } = error as ValidationError;
      for (const [elementId, message] of expected) {
        const found = problems.filter((p) => p.elementId === elementId);
        expect(found, `a problem for '${elementId}'`).not.to.be.empty;
        expect(found.map((p) => p.message).join(' | '), elementId).to.match(message);
        expect((error as Error).message).to.contain(`- ${elementId}: `);
      }
      expect(problems.every((p) => p.processId === 'claimHandling')).to.equal(true);
    });

    it('should not report follow-on problems for elements and flows already reported', async () => {
      // when
      const { problems } = (await deployError(engine, 'many-problems.bpmn')) as ValidationError;

      // then
      const ids = new Set(expected.map(([elementId]) => elementId));
      expect(problems.map((p) => p.elementId).filter((id) => !ids.has(id!))).to.deep.equal([]);
      expect(problems.filter((p) => p.elementId === 'toPay')).to.have.length(1);
    });

    it('should deploy nothing of the file', async () => {
      // given
      await deployError(engine, 'many-problems.bpmn');

      // when
      const error = await engine.start('claimHandling').then(
        () => undefined,
        (e: unknown) => e,
      );

      // then
      expect(error).to.be.instanceOf(NotFoundError);
    });
  });

  describe('executable and non-executable processes', () => {
    it('should deploy the executable process and report the other one as skipped', async () => {
      // when
      const result = await engine.deploy({ name: 'mixed-executable.bpmn', xml: fixture(here, 'mixed-executable.bpmn') });

      // then
      expect(result.processes.map((p) => p.processId)).to.deep.equal(['shop']);
      expect(result.skipped).to.have.length(1);
      expect(result.skipped[0]).to.include({ id: 'customer', name: 'Customer' });
      expect(result.skipped[0].reason).to.contain('isExecutable');
      const error = await engine.start('customer').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(NotFoundError);
      const shop = await engine.start('shop');
      expect((await engine.waitFor(shop.id, 'completed', { timeoutMs: 2_000 })).status).to.equal('completed');
    });

    it('should refuse a file without any executable process', async () => {
      // when
      const error = await deployError(engine, 'no-executable.bpmn');

      // then
      expect(error).to.be.instanceOf(ValidationError);
      const { problems } = error as ValidationError;
      expect(problems).to.have.length(1);
      expect(problems[0].message).to.contain('no executable process');
    });
  });
});
