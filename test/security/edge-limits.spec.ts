/**
 * Bounds at the edge: deep JSON, XML with too many attributes or too deep a
 * nesting are clear 4xx answers naming the limit, never a 500 or a stalled
 * server; nesting below the limit deploys in time that grows with it.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine, LimitError } from '../../engine/index.js';
import { MAX_XML_ATTRIBUTES, MAX_XML_DEPTH } from '../../engine/model/xml-shape.js';
import { serve, type Served } from '../server/serve.js';

const approval = () => readFile(new URL('../server/approval.bpmn', import.meta.url), 'utf8');

/** A process with `depth` sub-processes, each inside the one before. */
function nestedSubProcesses(depth: number): string {
  let inner = '';
  for (let i = depth; i >= 1; i--) inner = `<bpmn:subProcess id="sp${i}"><bpmn:startEvent id="st${i}"/>${inner}</bpmn:subProcess>`;
  return `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="deep${depth}" isExecutable="true"><bpmn:startEvent id="start"/>${inner}</bpmn:process></bpmn:definitions>`;
}

describe('limits at the edge', () => {
  let engine: Engine;
  let served: Served;

  beforeEach(async () => {
    engine = await Engine.open();
    served = await serve(engine);
    await engine.deploy({ name: 'approval.bpmn', xml: await approval() });
  });
  afterEach(async () => {
    await served.close();
    await engine.close();
  });

  it('should answer 400 naming the limit for a JSON body nested 5,000 levels deep, and stay healthy', async () => {
    // given
    const body = `{"variables":{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;

    // when
    const response = await fetch(`${served.base}/api/processes/approval/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    // then
    expect(response.status).to.equal(400);
    expect((await response.json()).error.message).to.equal('the JSON body nests lists and objects more than 128 levels deep');
    expect((await served.call('GET', '/health')).status).to.equal(200);
  });

  it('should refuse a variable nested more than 100 levels deep in the engine API too', async () => {
    // given
    const deep = JSON.parse(`${'['.repeat(5_000)}${']'.repeat(5_000)}`);

    // when
    const error = await engine.start('approval', { variables: { deep } }).catch((e: unknown) => e);

    // then
    expect(error).to.be.instanceOf(LimitError);
    expect((error as Error).message).to.equal("variable 'deep' nests lists and contexts more than 100 levels deep");
  });

  it('should answer 413 naming the limit for XML with 200,000 attributes on one element, quickly', async () => {
    // given
    const attributes = Array.from({ length: 200_000 }, (_, i) => `a${i}="x"`).join(' ');
    const xml = (await approval()).replace('<bpmn:process id="approval"', `<bpmn:process ${attributes} id="approval"`);
    const started = performance.now();

    // when
    const response = await served.call('POST', '/api/deployments', { body: xml });

    // then
    expect(response.status).to.equal(413);
    expect((await response.json()).error.message).to.match(
      new RegExp(`has 200003 attributes; a BPMN document may have at most ${MAX_XML_ATTRIBUTES} on one element`),
    );
    expect(performance.now() - started).to.be.below(2_000);
  });

  it('should answer 413 naming the limit for 3,000 nested sub-processes', async () => {
    // when
    const response = await served.call('POST', '/api/deployments', { body: nestedSubProcesses(3_000) });

    // then
    expect(response.status).to.equal(413);
    expect((await response.json()).error.message).to.contain(`more than ${MAX_XML_DEPTH} levels deep`);
  });

  it('should deploy sub-processes nested just below the limit, in time that grows with the nesting', async () => {
    // given
    const time = async (depth: number) => {
      const started = performance.now();
      await engine.deploy({ name: `deep${depth}.bpmn`, xml: nestedSubProcesses(depth) });
      return performance.now() - started;
    };
    await time(10); // warm-up

    // when
    const shallow = await time(48);
    const deep = await time(194);

    // then: four times the nesting, well under sixteen times the time (not quadratic), and fast
    expect(deep).to.be.below(2_000);
    expect(deep).to.be.below(Math.max(16 * shallow, 1_000));
  });
});
