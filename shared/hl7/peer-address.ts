/**
 * IP addresses and CIDR blocks as the HL7 listener's allow-list spells them
 * (`10.20.4.17`, `10.20.4.0/24`, `fd00:20::/64`). Parsed here, in shared/
 * and without node:net, so the config schema can name a bad entry; the
 * listener matches with node:net's BlockList.
 */
export type IpFamily = 'ipv4' | 'ipv6';

export function ipFamily(address: string): IpFamily | null {
  if (isIpv4(address)) return 'ipv4';
  if (isIpv6(address)) return 'ipv6';
  return null;
}

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.length > 45) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const all = halves.flatMap(groups);
  // An IPv4 tail (::ffff:10.1.2.3) counts as two groups.
  const last = all.at(-1);
  const tailIsV4 = last !== undefined && last.includes('.');
  if (tailIsV4 && !isIpv4(last)) return false;
  const hexGroups = tailIsV4 ? all.slice(0, -1) : all;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (tailIsV4 ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

export interface PeerPattern {
  family: IpFamily;
  address: string;
  /** Prefix length; the full length for a single address. */
  prefix: number;
}

/** `address` or `address/prefix`; null when it is neither. */
export function parsePeerPattern(text: string): PeerPattern | null {
  const [address, prefixText, extra] = text.trim().split('/');
  if (address === undefined || extra !== undefined) return null;
  const family = ipFamily(address);
  if (family === null) return null;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { family, address, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { family, address, prefix: Number(prefixText) };
}

/** The bind address is this machine only: plain MLLP there reaches no one else. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true;
  return isIpv4(h) && h.startsWith('127.');
}
