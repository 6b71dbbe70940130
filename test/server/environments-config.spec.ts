import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../server/config.js';

describe('server configuration: environments', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-env-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should have no environments by default', () => {
    expect(readConfig({}).environments).to.deep.equal({});
  });

  it('should read the environments of the BATON_CONFIG file, BATON_ENVIRONMENTS replacing those of the same name', async () => {
    // given
    const file = join(dir, 'baton.json');
    await writeFile(file, JSON.stringify({ environments: { dev: { values: { API_URL: 'file-dev' } }, prod: { values: { API_URL: 'file-prod' } } } }));

    // when
    const config = readConfig({ BATON_CONFIG: file, BATON_ENVIRONMENTS: JSON.stringify({ prod: { values: { API_URL: 'env-prod' }, promotesTo: 'archive' } }) });

    // then
    expect(config.environments).to.deep.equal({
      dev: { values: { API_URL: 'file-dev' } },
      prod: { values: { API_URL: 'env-prod' }, promotesTo: 'archive' },
    });
  });

  it('should refuse BATON_ENVIRONMENTS that is not JSON or not a valid configuration, saying what to fix', () => {
    expect(() => readConfig({ BATON_ENVIRONMENTS: '{dev:' })).to.throw(/^BATON_ENVIRONMENTS is not valid JSON/);
    expect(() => readConfig({ BATON_ENVIRONMENTS: '{"dev":{"values":{"URL":1}}}' })).to.throw('BATON_ENVIRONMENTS.dev.values.URL must be text');
  });
});
