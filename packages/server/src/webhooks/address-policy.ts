import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which addresses webhooks may reach. By default only globally routable ones: a requester must not be able
 * to make the server POST into its own network (loopback, private ranges, link-local and cloud metadata,
 * CGNAT, ULA, multicast, reserved), whatever spelling of the address it uses and whatever a name resolves
 * to. The operator may allow every address, or some ranges (MINGA_WEBHOOK_ALLOW_PRIVATE).
 */
export interface AddressPolicy {
  /** Why this literal address (IPv4 or IPv6, no brackets) may not be reached; null when it may. */
  refusal(address: string): string | null;
}

/** An address as 16 bytes; IPv4 in its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one table covers both. */
type Bytes = Uint8Array;
interface Range {
  bytes: Bytes;
  bits: number;
  why: string;
}

function v4Bytes(text: string): number[] | null {
  if (!isIPv4(text)) return null;
  return text.split('.').map(Number);
}

/** Parses an IPv4 or IPv6 literal (IPv6 may carry an embedded dotted quad and a zone); null otherwise. */
export function addressBytes(input: string): Bytes | null {
  const text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const out = new Uint8Array(16);
  const v4 = v4Bytes(text);
  if (v4) {
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(v4, 12);
    return out;
  }
  if (!isIPv6(text)) return null;
  let s = text;
  let tail: number[] | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail = v4Bytes(s.slice(lastColon + 1));
    if (!tail) return null;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8) return null;
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  });
  if (tail) out.set(tail, 12);
  return out;
}

function parseRange(cidr: string, why = 'allowed'): Range | null {
  const [address, bitsText] = cidr.trim().split('/');
  const bytes = addressBytes(address ?? '');
  if (!bytes) return null;
  const v4 = isIPv4(address ?? '');
  const max = v4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!/^\d{1,3}$/.test(bitsText ?? String(max)) || bits > max) return null;
  return { bytes, bits: v4 ? bits + 96 : bits, why };
}

function inRange(a: Bytes, r: Range): boolean {
  const full = r.bits >> 3;
  for (let i = 0; i < full; i++) if (a[i] !== r.bytes[i]) return false;
  const rem = r.bits & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return ((a[full] as number) & mask) === ((r.bytes[full] as number) & mask);
}

const BLOCKED: Range[] = (
  [
    ['0.0.0.0/8', 'a "this network" address'],
    ['10.0.0.0/8', 'a private address'],
    ['100.64.0.0/10', 'a carrier-grade NAT (CGNAT) address'],
    ['127.0.0.0/8', 'a loopback address'],
    ['169.254.0.0/16', 'a link-local address (cloud metadata lives here)'],
    ['172.16.0.0/12', 'a private address'],
    ['192.0.0.0/24', 'a reserved address'],
    ['192.0.2.0/24', 'a documentation address'],
    ['192.168.0.0/16', 'a private address'],
    ['198.18.0.0/15', 'a benchmarking address'],
    ['198.51.100.0/24', 'a documentation address'],
    ['203.0.113.0/24', 'a documentation address'],
    ['224.0.0.0/4', 'a multicast address'],
    ['240.0.0.0/4', 'a reserved or broadcast address'],
    ['::/96', 'an unspecified, loopback or IPv4-compatible IPv6 address'],
    ['::ffff:0:0:0/96', 'an IPv4-translated IPv6 address'],
    ['64:ff9b:1::/48', 'a local-use NAT64 address'],
    ['100::/64', 'a discard-only IPv6 address'],
    ['2001::/32', 'a Teredo IPv6 address'],
    ['2001:db8::/32', 'a documentation IPv6 address'],
    ['fc00::/7', 'a unique local (ULA) IPv6 address'],
    ['fe80::/10', 'a link-local IPv6 address'],
    ['fec0::/10', 'a site-local IPv6 address'],
    ['ff00::/8', 'a multicast IPv6 address'],
  ] as const
).map(([cidr, why]) => parseRange(cidr, why) as Range);

const mapped = (v4: Bytes): Bytes => {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(v4, 12);
  return out;
};

/** IPv6 forms that carry an IPv4 address to reach: NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
function embeddedV4(a: Bytes): Bytes | null {
  if (a[0] === 0x00 && a[1] === 0x64 && a[2] === 0xff && a[3] === 0x9b && a.subarray(4, 12).every((b) => b === 0)) return mapped(a.subarray(12, 16));
  if (a[0] === 0x20 && a[1] === 0x02) return mapped(a.subarray(2, 6));
  return null;
}

/** Parses MINGA_WEBHOOK_ALLOW_PRIVATE: unset (allow none), `true`/`all` (allow all), or a comma list of CIDRs. */
export function parseAllowList(value: string | undefined): 'all' | Range[] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === 'none') return [];
  if (text === 'true' || text === 'all' || text === '*') return 'all';
  return text.split(',').map((part) => {
    const range = parseRange(part);
    if (!range) throw new Error(`MINGA_WEBHOOK_ALLOW_PRIVATE: "${part.trim()}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, fd00::/8)`);
    return range;
  });
}

export function addressPolicy(allowPrivate: string | undefined): AddressPolicy {
  const allow = parseAllowList(allowPrivate);
  return {
    refusal(address: string): string | null {
      if (allow === 'all') return null;
      const bytes = addressBytes(address);
      if (!bytes) return `${address} is not an IP address`;
      const candidates = [bytes, embeddedV4(bytes)].filter((b): b is Bytes => b !== null);
      if (candidates.some((b) => allow.some((r) => inRange(b, r)))) return null;
      for (const b of candidates) {
        const hit = BLOCKED.find((r) => inRange(b, r));
        if (hit) return `${address} is ${hit.why}; set MINGA_WEBHOOK_ALLOW_PRIVATE to allow it`;
      }
      return null;
    },
  };
}
