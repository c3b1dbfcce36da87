import { describe, expect, it } from 'vitest';
import { detectIpAddresses, isIpv6 } from '../src/pii/ip-address.js';

const found = (text: string, includeReserved = false) =>
  detectIpAddresses(text, { includeReserved }).map((s) => text.slice(s.start, s.end));

describe('detectIpAddresses', () => {
  it('finds IPv4 with ports, CIDR suffixes and labels around it', () => {
    expect(found('from 84.17.203.9 at noon.')).toEqual(['84.17.203.9']);
    expect(found('listen 10.0.0.5:8080, route 172.16.0.0/12')).toEqual(['10.0.0.5', '172.16.0.0']);
    expect(found('IP:192.168.1.20')).toEqual(['192.168.1.20']);
  });

  it('finds IPv6 in full, compressed, bracketed and IPv4-mapped forms', () => {
    expect(found('addr 2a02:8108:1fc0:7a00::3b1')).toEqual(['2a02:8108:1fc0:7a00::3b1']);
    expect(found('http://[fe80::1ff:fe23:4567:890a]:80/')).toEqual(['fe80::1ff:fe23:4567:890a']);
    expect(found('2001:4860:4860:0000:0000:0000:0000:8888')).toEqual([
      '2001:4860:4860:0000:0000:0000:0000:8888',
    ]);
    expect(found('mapped ::ffff:84.17.203.9')).toEqual(['::ffff:84.17.203.9']);
  });

  it('rejects invalid addresses and look-alikes', () => {
    for (const text of [
      '256.1.1.1',
      '01.2.3.4',
      'version 10.4.7.1',
      'v1.2.3.4',
      'Section 4.2.1.3',
      'OID 1.3.6.1.4.1.2620',
      'build 10.0.19045.3693',
      'time 12:30:45',
      'MAC 00:1A:2B:3C:4D:5E',
      'std::vector and a::b and abc::def',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
    ])
      expect(found(text), text).toEqual([]);
    expect(isIpv6('1::2::3')).toBe(false);
    expect(isIpv6('::ffff:1.2.3.4')).toBe(true);
  });

  it('skips loopback, unspecified and documentation ranges unless asked', () => {
    const text = '127.0.0.1 0.0.0.0 192.0.2.7 198.51.100.3 203.0.113.9 ::1 2001:db8::42';
    expect(found(text)).toEqual([]);
    expect(found(text, true)).toEqual([
      '127.0.0.1',
      '0.0.0.0',
      '192.0.2.7',
      '198.51.100.3',
      '203.0.113.9',
      '2001:db8::42',
    ]);
  });
});
