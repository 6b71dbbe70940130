import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { serve, type Served } from './serve.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

const KEYS: ApiKey[] = [
  { key: 'deployer-key-00000001', name: 'ci', roles: ['deployer'], groups: [] },
  { key: 'viewer-key-0000000001', name: 'dashboard', roles: ['viewer'], groups: [] },
];

describe('REST API: POST /api/deployments?dryRun=true', () => {
  let engine: Engine;
  let api: Served;

  beforeEach(async () => {
    engine = await Engine.open();
    api = await serve(engine, { apiKeys: KEYS });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  const dryRun = async (xml: string, key = KEYS[0].key) => api.call('POST', '/api/deployments?dryRun=true', { key, body: xml });

  it('should compile a valid diagram, list its processes and store nothing', async () => {
    // when
    const response = await dryRun(await fixture('approval.bpmn'));

    // then
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ processes: [{ processId: 'approval', name: 'Approval' }], skipped: [], problems: [] });
    expect(await engine.definitions()).to.deep.equal([]);
  });

  it('should answer 200 with every problem and the element it names when the engine refuses the diagram', async () => {
    // when
    const response = await dryRun(await fixture('invalid.bpmn'));

    // then
    expect(response.status).to.equal(200);
    const body = await response.json();
    expect(body.processes).to.deep.equal([]);
    expect(body.problems.map((p: { elementId?: string }) => p.elementId)).to.include.members(['task', 'split']);
    expect(body.problems.every((p: { message: unknown }) => typeof p.message === 'string' && p.message)).to.equal(true);
    expect(await engine.definitions()).to.deep.equal([]);
  });

  it('should report malformed XML as a problem with its line', async () => {
    // when
    const response = await dryRun('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<bpmn:process id="p">\n</bpmn:definitions>');

    // then
    expect(response.status).to.equal(200);
    const { problems } = await response.json();
    expect(problems).to.have.length(1);
    expect(problems[0].message).to.be.a('string').and.not.be.empty;
  });

  it('should report a file without an executable process as a problem', async () => {
    // given
    const xml = (await fixture('approval.bpmn')).replace('isExecutable="true"', 'isExecutable="false"');

    // when
    const body = await (await dryRun(xml)).json();

    // then
    expect(body.problems).to.have.length(1);
    expect(body.problems[0].message).to.match(/no executable process/);
  });

  it('should still deploy for real without dryRun', async () => {
    // when
    const response = await api.call('POST', '/api/deployments?dryRun=false', { key: KEYS[0].key, body: await fixture('approval.bpmn') });

    // then
    expect(response.status).to.equal(201);
    expect((await engine.definitions()).map((d) => d.key)).to.deep.equal(['approval:1']);
  });

  it('should refuse a viewer key with 403, as a deploy', async () => {
    // when
    const response = await dryRun(await fixture('approval.bpmn'), KEYS[1].key);

    // then
    expect(response.status).to.equal(403);
  });
});
