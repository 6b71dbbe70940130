import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../engine/store/open.js';
import type { SqliteStore } from '../../engine/store/sqlite.js';
import { isLoopback, readConfig, readRetention } from '../../server/config.js';

const admin = { key: 'admin-key-00000000001', name: 'root', roles: ['admin'] };

describe('server configuration', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should read no keys and listen on 127.0.0.1 by default', () => {
    // when
    const config = readConfig({});

    // then
    expect(config).to.include({ host: '127.0.0.1', port: 8080 });
    expect(config.apiKeys).to.deep.equal([]);
  });

  it('should take the store from MONGODB_URL when set, refusing what is no MongoDB URL without echoing its password', () => {
    expect(readConfig({}).mongodbUrl).to.equal(undefined);
    const url = 'mongodb://db1:27017,db2:27017/baton?replicaSet=rs0';
    expect(readConfig({ MONGODB_URL: ` ${url} ` }).mongodbUrl).to.equal(url);
    expect(readConfig({ MONGODB_URL: 'mongodb+srv://cluster0.example.net/baton' }).mongodbUrl).to.equal('mongodb+srv://cluster0.example.net/baton');
    expect(() => readConfig({ MONGODB_URL: 'postgres://baton:s3cret@db/baton' })).to.throw(
      "MONGODB_URL must be a MongoDB connection string (mongodb://host:27017/baton?replicaSet=rs0), not 'postgres://***@db/baton'",
    );
  });

  it('should commit SQLite with synchronous FULL unless BATON_SQLITE_SYNCHRONOUS says NORMAL, and refuse anything else', async () => {
    expect(readConfig({}).sqliteSynchronous).to.equal('FULL');
    expect(readConfig({ BATON_SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous).to.equal('NORMAL');
    expect(() => readConfig({ BATON_SQLITE_SYNCHRONOUS: 'off' })).to.throw("BATON_SQLITE_SYNCHRONOUS must be FULL or NORMAL, not 'off'");
    // and the store opens with it
    const store = (await openStore(`sqlite:${join(dir, 'baton.db')}`, { synchronous: 'NORMAL' })) as SqliteStore;
    expect(store.settings().synchronous).to.equal('NORMAL');
    await store.close();
  });

  it('should read API keys from BATON_API_KEYS and from the BATON_CONFIG file', async () => {
    // given
    const file = join(dir, 'baton.json');
    await writeFile(file, JSON.stringify({ apiKeys: [{ key: 'user-key-000000000001', name: 'alice', roles: ['user'], groups: ['finance'] }] }));

    // when
    const config = readConfig({ BATON_API_KEYS: JSON.stringify([admin]), BATON_CONFIG: file });

    // then
    expect(config.apiKeys).to.deep.equal([
      { ...admin, groups: [] },
      { key: 'user-key-000000000001', name: 'alice', roles: ['user'], groups: ['finance'] },
    ]);
  });

  it('should refuse to listen on a non-loopback HOST without keys, and allow it with keys', () => {
    // then
    expect(() => readConfig({ HOST: '0.0.0.0' })).to.throw(/HOST=0\.0\.0\.0 would open the API to the network without authentication/);
    expect(readConfig({ HOST: '0.0.0.0', BATON_API_KEYS: JSON.stringify([admin]) }).host).to.equal('0.0.0.0');
    expect(readConfig({ HOST: 'localhost' }).host).to.equal('localhost');
  });

  it('should know the loopback addresses', () => {
    // then
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1'].map(isLoopback)).to.deep.equal([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.com'].map(isLoopback)).to.deep.equal([false, false, false, false, false]);
  });

  it('should say what is wrong with a key', () => {
    // then
    const bad = (keys: unknown) => () => readConfig({ BATON_API_KEYS: JSON.stringify(keys) });
    expect(() => readConfig({ BATON_API_KEYS: '[{' })).to.throw(/BATON_API_KEYS is not valid JSON/);
    expect(bad({ key: 'x' })).to.throw(/must be a JSON array/);
    expect(bad([{ ...admin, key: 'short' }])).to.throw(/BATON_API_KEYS\[0\]\.key \(of 'root'\) must be a string of at least 16 characters/);
    expect(bad([{ ...admin, roles: ['superuser'] }])).to.throw(/roles \(of 'root'\) must be a non-empty list of admin, deployer/);
    expect(bad([{ ...admin, roles: [] }])).to.throw(/roles/);
    expect(bad([{ ...admin, name: '' }])).to.throw(/name must be a non-empty string/);
    expect(bad([{ ...admin, groups: 'finance' }])).to.throw(/groups \(of 'root'\)/);
    expect(bad([admin, { ...admin, name: 'again' }])).to.throw(/the API key of 'again' is configured twice/);
  });

  it('should say when the BATON_CONFIG file cannot be read or is not JSON', async () => {
    // given
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ apiKeys: [] }');

    // then
    expect(() => readConfig({ BATON_CONFIG: join(dir, 'missing.json') })).to.throw(/BATON_CONFIG names .*missing\.json, which cannot be read/);
    expect(() => readConfig({ BATON_CONFIG: file })).to.throw(/BATON_CONFIG \(.*broken\.json\) is not valid JSON/);
  });

  it('should read the retention days from BATON_RETENTION_DAYS, leaving the default when it is unset', () => {
    expect(readConfig({ BATON_RETENTION_DAYS: '7' }).retention).to.deep.equal({ days: 7 });
    expect(readRetention({ BATON_RETENTION_DAYS: '0' })).to.deep.equal({ days: 0 });
    expect(readRetention({ BATON_RETENTION_DAYS: '0.5' })).to.deep.equal({ days: 0.5 });
    expect(readConfig({}).retention).to.deep.equal({});
  });

  it('should refuse a BATON_RETENTION_DAYS that is not a number of days, naming the variable', () => {
    expect(() => readRetention({ BATON_RETENTION_DAYS: 'a month' })).to.throw(
      "BATON_RETENTION_DAYS must be a number of days, 0 or more (0 keeps ended instances for ever), not 'a month'",
    );
    expect(() => readRetention({ BATON_RETENTION_DAYS: '-1' })).to.throw(/BATON_RETENTION_DAYS/);
    expect(() => readRetention({ BATON_RETENTION_DAYS: 'Infinity' })).to.throw(/BATON_RETENTION_DAYS/);
  });
});
