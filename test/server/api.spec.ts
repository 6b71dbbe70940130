import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../../engine/index.js';
import { createApp } from '../../server/app.js';

const fixture = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

describe('REST API (minimal)', () => {
  let engine: Engine;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    engine = await Engine.open();
    engine.handle('approve', async (job) => ({ approved: (job.variables.amount as number) < 100 }));
    server = createApp({ engine, bodyLimit: '64kb' }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });

  const deploy = async (xml: string) =>
    fetch(`${base}/api/deployments?name=approval.bpmn`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('should deploy a diagram, start an instance and read it back completed', async () => {
    // given
    const deployed = await deploy(await fixture('approval.bpmn'));
    expect(deployed.status).to.equal(201);
    expect((await deployed.json()).processes[0]).to.include({ processId: 'approval', version: 1, key: 'approval:1' });

    // when
    const started = await post('/api/processes/approval/instances', { variables: { amount: 42 }, businessKey: 'A-1' });
    expect(started.status).to.equal(201);
    const { id } = await started.json();
    await engine.waitFor(id, 'completed', { timeoutMs: 5000 });

    // then
    const instance = await (await fetch(`${base}/api/instances/${id}`)).json();
    expect(instance).to.include({ id, status: 'completed', businessKey: 'A-1', processId: 'approval', version: 1 });
    expect(instance.variables).to.deep.equal({ amount: 42, approved: true });
    const list = await (await fetch(`${base}/api/processes`)).json();
    expect(list.items.map((p: { key: string }) => p.key)).to.deep.equal(['approval:1']);
  });

  it('should return the existing version with 200 when the same XML is deployed again', async () => {
    // given
    const xml = await fixture('approval.bpmn');
    await deploy(xml);

    // when
    const again = await deploy(xml);

    // then
    expect(again.status).to.equal(200);
    expect((await again.json()).processes[0]).to.include({ version: 1, created: false });
  });

  it('should answer malformed XML with 400 and the line and column', async () => {
    // when
    const response = await deploy('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<bpmn:process id="p">\n</bpmn:definitions>');

    // then
    expect(response.status).to.equal(400);
    const { error } = await response.json();
    expect(error.code).to.equal('BPMN_PARSE_ERROR');
    expect(error.details.line).to.equal(3);
    expect(error.details.column).to.be.a('number');
  });

  it('should answer a diagram that cannot run with 422 listing each problem by element id', async () => {
    // when
    const response = await deploy(await fixture('invalid.bpmn'));

    // then
    expect(response.status).to.equal(422);
    const { error } = await response.json();
    expect(error.code).to.equal('VALIDATION_ERROR');
    const elements = error.details.problems.map((p: { elementId: string }) => p.elementId);
    expect(elements).to.include.members(['task', 'split']);
    expect(await (await fetch(`${base}/api/processes`)).json()).to.deep.equal({ items: [] });
  });

  it('should answer 404 for an unknown process or instance, never a stack trace', async () => {
    // when
    const start = await post('/api/processes/nope/instances', {});
    const read = await fetch(`${base}/api/instances/missing`);

    // then
    expect(start.status).to.equal(404);
    expect(read.status).to.equal(404);
    const body = await read.text();
    expect(JSON.parse(body).error.code).to.equal('NOT_FOUND');
    expect(body).not.to.match(/at .*\.ts:\d+/);
  });

  it('should answer 413 for a body over the configured limit', async () => {
    // when
    const response = await deploy(`<x>${'a'.repeat(70 * 1024)}</x>`);

    // then
    expect(response.status).to.equal(413);
    expect((await response.json()).error.code).to.equal('LIMIT_EXCEEDED');
  });

  it('should answer 413 naming the variable that is over the variable size limit', async () => {
    // given
    await deploy(await fixture('approval.bpmn'));
    await engine.close();
    engine = await Engine.open({ limits: { variableBytes: 1024 } });
    await engine.deploy({ xml: await fixture('approval.bpmn') });
    await new Promise((resolve) => server.close(resolve));
    server = createApp({ engine }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // when
    const response = await post('/api/processes/approval/instances', { variables: { note: 'x'.repeat(2048) } });

    // then
    expect(response.status).to.equal(413);
    const { error } = await response.json();
    expect(error.details.variable).to.equal('note');
  });

  it('should answer 400 for variables that are not an object and 405 for a wrong method', async () => {
    // given
    await deploy(await fixture('approval.bpmn'));

    // when
    const badVariables = await post('/api/processes/approval/instances', { variables: [1, 2] });
    const wrongMethod = await fetch(`${base}/api/processes`, { method: 'DELETE' });

    // then
    expect(badVariables.status).to.equal(400);
    expect(wrongMethod.status).to.equal(405);
  });

  it('should report health', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok' });
  });
});
