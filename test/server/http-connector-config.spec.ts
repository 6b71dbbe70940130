import { expect } from 'chai';
import { readConfig } from '../../server/config.js';

describe('server configuration: the REST connector', () => {
  it('should turn the REST connector on with the default egress policy when nothing is set', () => {
    // when
    const { connectors } = readConfig({});

    // then
    expect(connectors).to.deep.equal({ http: { http: { allow: undefined, deny: undefined }, maxResponseBytes: undefined } });
  });

  it('should read BATON_HTTP_ALLOW, BATON_HTTP_DENY and BATON_HTTP_MAX_RESPONSE_BYTES as comma-separated lists and a number', () => {
    // when
    const { connectors } = readConfig({
      BATON_HTTP_ALLOW: '127.0.0.1, *.internal.example',
      BATON_HTTP_DENY: '10.0.0.0/8,fd00::/8',
      BATON_HTTP_MAX_RESPONSE_BYTES: '2048',
    });

    // then
    expect(connectors).to.deep.equal({
      http: { http: { allow: ['127.0.0.1', '*.internal.example'], deny: ['10.0.0.0/8', 'fd00::/8'] }, maxResponseBytes: 2048 },
    });
  });

  it('should turn the REST connector off with BATON_HTTP_CONNECTOR=off', () => {
    // then
    expect(readConfig({ BATON_HTTP_CONNECTOR: 'off' }).connectors).to.deep.equal({ http: false });
  });

  it('should refuse an entry that is neither a host nor an address, naming its variable', () => {
    // then
    expect(() => readConfig({ BATON_HTTP_DENY: '10.0.0.0/40' })).to.throw("BATON_HTTP_DENY: '10.0.0.0/40' is not an address or CIDR");
    expect(() => readConfig({ BATON_HTTP_MAX_RESPONSE_BYTES: '-1' })).to.throw('BATON_HTTP_MAX_RESPONSE_BYTES must be a positive whole number');
    expect(() => readConfig({ BATON_HTTP_CONNECTOR: 'maybe' })).to.throw("BATON_HTTP_CONNECTOR must be 'on' or 'off'");
  });
});
