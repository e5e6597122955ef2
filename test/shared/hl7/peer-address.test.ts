import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv6, isLoopbackHost, parsePeerPattern } from '../../../shared/hl7/peer-address';

/** The allow-list's spelling of addresses and CIDR blocks, checked against node:net, which matches them at run time. */
describe('peer addresses', () => {
  it('IPv4: four decimal octets, no leading zeros (which some tools read as octal)', () => {
    for (const ok of ['10.20.4.17', '0.0.0.0', '255.255.255.255', '127.0.0.1']) expect(isIpv4(ok), ok).toBe(true);
    for (const bad of ['10.20.4', '10.20.4.256', '010.20.4.17', '10.20.4.17.1', '10.20.4.x', ' 10.1.1.1', '']) expect(isIpv4(bad), bad).toBe(false);
  });

  it('IPv6: eight groups, or fewer with one ::, optionally ending in IPv4', () => {
    for (const ok of ['::1', '::', 'fd00:20::', 'fd00:20::4:17', '2001:db8:0:0:0:0:0:1', '::ffff:10.20.4.17', 'FD00::A']) expect(isIpv6(ok), ok).toBe(true);
    for (const bad of ['fd00::20::1', '2001:db8:0:0:0:0:0', '2001:db8:0:0:0:0:0:1:2', 'fd00:12345::', '::ffff:10.20.4.256', 'g::1', ':1']) expect(isIpv6(bad), bad).toBe(false);
  });

  it('patterns: an address or a CIDR block within the family’s length; node:net accepts every one we accept', () => {
    expect(parsePeerPattern('10.20.4.0/24')).toEqual({ family: 'ipv4', address: '10.20.4.0', prefix: 24 });
    expect(parsePeerPattern('10.20.4.17')).toEqual({ family: 'ipv4', address: '10.20.4.17', prefix: 32 });
    expect(parsePeerPattern('fd00:20::/64')).toEqual({ family: 'ipv6', address: 'fd00:20::', prefix: 64 });
    for (const bad of ['10.20.4.0/33', 'fd00::/129', '10.20.4.0/', '10.20.4.0/24/1', 'ward-gateway.local', '10.20.4.0/-1']) expect(parsePeerPattern(bad), bad).toBeNull();
    const list = new BlockList();
    for (const text of ['10.20.4.0/24', '10.20.5.9', 'fd00:20::/64']) {
      const p = parsePeerPattern(text)!;
      list.addSubnet(p.address, p.prefix, p.family);
    }
    expect(list.check('10.20.4.200', 'ipv4')).toBe(true);
    expect(list.check('10.20.5.9', 'ipv4')).toBe(true);
    expect(list.check('10.20.5.10', 'ipv4')).toBe(false);
    expect(list.check('fd00:20::77', 'ipv6')).toBe(true);
  });

  it('loopback bind addresses: only this machine can connect', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.20.4.15', 'ward-pc.local', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
