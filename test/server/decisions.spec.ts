import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { call, serveNewEngine, type TestServer } from './serve.js';

const dish = readFileSync(new URL('../dmn/dish.dmn', import.meta.url), 'utf8');
const dinner = readFileSync(new URL('../runtime/business-rule-latest.bpmn', import.meta.url), 'utf8');

describe('REST API: decisions', () => {
  let server: TestServer;
  const get = (path: string) => call(server.base, 'GET', path);
  const post = (path: string, body: unknown = {}) => call(server.base, 'POST', path, body);

  async function deploy(files: Record<string, string>): Promise<Response> {
    const form = new FormData();
    for (const [name, xml] of Object.entries(files)) form.append('files', new Blob([xml], { type: 'application/xml' }), name);
    return fetch(`${server.base}/api/deployments`, { method: 'POST', body: form });
  }

  beforeEach(async () => {
    server = await serveNewEngine();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('should deploy a .dmn file with a .bpmn file in one deployment and list its decisions', async () => {
    // when
    const deployed = await (await deploy({ 'dish.dmn': dish, 'dinner.bpmn': dinner })).json();
    const list = await (await get('/api/decisions')).json();
    const latest = await (await get('/api/decisions/dish')).json();

    // then
    expect(deployed.processes.map((p: { key: string }) => p.key)).to.deep.equal(['dinner:1']);
    expect(deployed.decisions.map((d: { key: string }) => d.key)).to.deep.equal(['season:1', 'dish:1']);
    expect(list.items.map((d: { key: string }) => d.key)).to.deep.equal(['dish:1', 'season:1']);
    expect(latest).to.include({ key: 'dish:1', decisionId: 'dish', version: 1, requirementsId: 'dish-decisions', resourceName: 'dish.dmn', latest: true });
  });

  it('should evaluate a decision with the variables given, answering each decision evaluated', async () => {
    // given
    await deploy({ 'dish.dmn': dish });

    // when
    const answer = await post('/api/decisions/dish/evaluate', { variables: { month: 12, guests: 12 } });

    // then
    expect(answer.status).to.equal(200);
    const result = await answer.json();
    expect(result).to.include({ decisionId: 'dish', decisionKey: 'dish:1', version: 1, output: 'Stew' });
    expect(result.evaluated.map((d: { decisionId: string }) => d.decisionId)).to.deep.equal(['season', 'dish']);
  });

  it('should answer 400 naming the decision and rule when the evaluation fails', async () => {
    // given: two rules match 8 guests in winter
    await deploy({ 'dish.dmn': dish.replace('<text>&gt; 8</text>', '<text>&gt;= 8</text>') });

    // when
    const answer = await post('/api/decisions/dish/evaluate', { variables: { month: 1, guests: 8 } });

    // then
    expect(answer.status).to.equal(400);
    const { error } = await answer.json();
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.match(/^decision 'dish:1': rules 'winter-few' \(#1\), 'winter-many' \(#2\) all match/);
    expect(error.details).to.deep.equal({ decisionId: 'dish', ruleId: 'winter-many' });
  });

  it('should answer 422 listing the problems of a .dmn file, each naming its element and file', async () => {
    // when
    const answer = await deploy({ 'cycle.dmn': readFileSync(new URL('../dmn/drg-cycle.dmn', import.meta.url), 'utf8') });

    // then
    expect(answer.status).to.equal(422);
    const { error } = await answer.json();
    expect(error.details.problems[0]).to.include({ resource: 'cycle.dmn', elementId: 'a' });
  });

  it('should answer 400 DMN_PARSE_ERROR with the line and column for a .dmn file that is not well-formed XML', async () => {
    // when
    const broken = dish.replace('</decisionTable>', '</decisionTabel>');
    const answer = await fetch(`${server.base}/api/deployments?name=dish.dmn`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: broken,
    });

    // then
    expect(answer.status).to.equal(400);
    const { error } = await answer.json();
    expect(error.code).to.equal('DMN_PARSE_ERROR');
    expect(error.details.line).to.be.a('number');
    expect(error.details.column).to.be.a('number');
    expect((await (await get('/api/decisions')).json()).items).to.deep.equal([]);
  });

  it('should check a .dmn file without storing it (dryRun): its decisions, or its problems on their elements', async () => {
    // when
    const dry = (xml: string) =>
      fetch(`${server.base}/api/deployments?dryRun=true&name=dish.dmn`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml }).then(
        (r) => r.json(),
      );
    const good = await dry(dish);
    const cycle = await dry(readFileSync(new URL('../dmn/drg-cycle.dmn', import.meta.url), 'utf8'));
    const broken = await dry(dish.replace('</decisionTable>', '</decisionTabel>'));

    // then
    expect(good).to.deep.equal({
      processes: [],
      decisions: [
        { decisionId: 'season', name: 'Season' },
        { decisionId: 'dish', name: 'Dish' },
      ],
      skipped: [],
      problems: [],
    });
    expect(cycle.problems[0]).to.include({ elementId: 'a' });
    expect(broken.problems[0].line).to.be.a('number');
    expect((await (await get('/api/decisions')).json()).items).to.deep.equal([]);
  });

  it('should refuse variables named __proto__ and answer 404 for an unknown decision', async () => {
    // given
    await deploy({ 'dish.dmn': dish });

    // when
    const proto = await call(server.base, 'POST', '/api/decisions/dish/evaluate', JSON.parse('{"variables": {"__proto__": {"month": 1}}}'));
    const unknown = await post('/api/decisions/nothing/evaluate', {});

    // then
    expect(proto.status).to.equal(400);
    expect(unknown.status).to.equal(404);
  });
});
