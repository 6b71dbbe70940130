import { expect } from 'chai';
import { pino } from 'pino';
import { Engine } from '../../engine/index.js';
import type { ApiKey } from '../../server/auth.js';
import { serve, type Served } from './serve.js';

const OPERATOR: ApiKey = { key: 'operator-key-00000001', name: 'ops', roles: ['operator'], groups: [] };

describe('request logs', () => {
  let engine: Engine;
  let api: Served;
  let lines: Array<Record<string, unknown>>;

  beforeEach(async () => {
    engine = await Engine.open();
    lines = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    api = await serve(engine, { logger, apiKeys: [OPERATOR] });
  });

  afterEach(async () => {
    await api.close();
    await engine.close();
  });

  it('should log one structured line per request with the route, status, duration and caller', async () => {
    // when
    await api.call('GET', '/api/instances/i-42', { key: OPERATOR.key });

    // then
    const [line] = lines.filter((l) => l.msg === 'request');
    expect(line).to.include({ method: 'GET', route: '/api/instances/:id', path: '/api/instances/i-42', status: 404, caller: 'ops' });
    expect(line.durationMs).to.be.a('number');
  });

  it('should log neither the key, nor the body, nor the query string', async () => {
    // when
    await api.call('GET', '/api/instances?businessKey=q-1', { key: OPERATOR.key });
    await api.call('POST', '/api/messages', { key: OPERATOR.key, body: { name: 'paid', variables: { card: '4111-1111' } } });
    await api.call('POST', '/api/messages', { key: 'wrong-key-but-secret-1', body: { name: 'paid' } });

    // then
    const text = JSON.stringify(lines);
    expect(lines.filter((l) => l.msg === 'request').map((l) => l.status)).to.deep.equal([200, 200, 401]);
    for (const secret of [OPERATOR.key, 'wrong-key-but-secret-1', '4111-1111', 'q-1']) expect(text).not.to.include(secret);
  });
});
