/**
 * `startableBy` holds for every way a caller can start an instance: a
 * message or signal published by a caller outside the groups starts no
 * instance of a restricted process (now, or later from the buffer), while
 * open processes still start.
 */
import { expect } from 'chai';
import { call, serveNewEngine, type TestServer } from '../server/serve.js';
import { fixture } from '../helpers.js';

const CLERK = { name: 'carl', roles: ['operator'], groups: ['clerks'] };
const TREASURER = { name: 'tess', roles: ['operator'], groups: ['treasury'] };
const ADMIN = { name: 'root', roles: ['admin'], groups: [] };

describe('startableBy on message and signal start events', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await serveNewEngine({ identities: true });
    await server.engine.deploy({ name: 'startable-by.bpmn', xml: fixture(import.meta.url, 'startable-by.bpmn'), startableBy: ['treasury'] });
    await server.engine.deploy({ name: 'open-start.bpmn', xml: fixture(import.meta.url, 'open-start.bpmn') });
  });
  afterEach(() => server.stop());

  const processesStarted = async () => (await server.engine.queryInstances()).items.map((i) => i.processId).sort();

  it('should not start a restricted process for a message published by a caller outside its groups, and start the open one', async () => {
    // when
    const response = await call(server.base, 'POST', '/api/messages', { name: 'go', correlationKey: 'k-1', timeToLive: 60_000 }, CLERK);

    // then
    expect(response.status).to.equal(200);
    expect((await response.json()).instanceIds).to.have.length(1);
    expect(await processesStarted()).to.deep.equal(['notice']);
  });

  it('should not start the restricted process later from the buffer either, when its instance with that key ends', async () => {
    // given: the clerk's message is buffered while a payout with its key runs
    const payout = await server.engine.start('payout', { businessKey: 'k-2' });
    await call(server.base, 'POST', '/api/messages', { name: 'go', correlationKey: 'k-2', timeToLive: 60_000 }, CLERK);

    // when: the running payout ends, so a buffered message for its key may start the next one
    await server.engine.cancel(payout.id);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the buffer is looked at in the background

    // then: only the payout started directly, and the open process
    expect(await processesStarted()).to.deep.equal(['notice', 'payout']);
  });

  it('should start both for a caller in the groups, and for an admin', async () => {
    // when
    await call(server.base, 'POST', '/api/messages', { name: 'go', correlationKey: 'k-3' }, TREASURER);
    await call(server.base, 'POST', '/api/messages', { name: 'go', correlationKey: 'k-4' }, ADMIN);

    // then
    expect(await processesStarted()).to.deep.equal(['notice', 'notice', 'payout', 'payout']);
  });

  it('should not start a restricted process for a signal broadcast by a caller outside its groups', async () => {
    // when
    const outsider = await call(server.base, 'POST', '/api/signals', { name: 'go' }, CLERK);
    const member = await call(server.base, 'POST', '/api/signals', { name: 'go' }, TREASURER);

    // then
    expect([outsider.status, member.status]).to.deep.equal([200, 200]);
    expect((await outsider.json()).instanceIds).to.have.length(1);
    expect((await member.json()).instanceIds).to.have.length(2);
    expect(await processesStarted()).to.deep.equal(['notice', 'notice', 'payout']);
  });
});
