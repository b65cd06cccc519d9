// Issue 9 item 7: ZHIPING_TRUST_PROXY is read strictly; nothing trusts forwarded headers by default.
import { describe, expect, it } from 'vitest';
import { parseTrustProxy, trustedProxyCheck } from '../../src/http/own-origin';

describe('ZHIPING_TRUST_PROXY', () => {
  it.each([undefined, '', ' ', '0', 'false', 'FALSE'])('trusts no proxy for %j', (v) => {
    expect(parseTrustProxy(v)).toBe(false);
  });

  it('reads a list of addresses, subnets and named ranges', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
  });

  it.each(['true', '1', '2', 'proxy.example', '10.0.0.0/8/1', '*'])('refuses %j, which would trust anyone', (v) => {
    expect(() => parseTrustProxy(v)).toThrow(/ZHIPING_TRUST_PROXY/);
  });
});

describe('trusted proxy check', () => {
  it('matches addresses, subnets, named ranges and IPv4-mapped peers', () => {
    const trusted = trustedProxyCheck(['10.0.0.0/8', '192.0.2.1', 'loopback']);
    expect(trusted('10.20.30.40')).toBe(true);
    expect(trusted('::ffff:10.1.1.1')).toBe(true);
    expect(trusted('192.0.2.1')).toBe(true);
    expect(trusted('127.0.0.1')).toBe(true);
    expect(trusted('::1')).toBe(true);
    expect(trusted('192.0.2.2')).toBe(false);
    expect(trusted(undefined)).toBe(false);
    expect(trustedProxyCheck(false)('127.0.0.1')).toBe(false);
  });
});
