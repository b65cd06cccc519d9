// Which proxies may speak for the client (X-Forwarded-For/-Host/-Proto), and the origin the server
// gives in links it prints (the certificate's QR code). Issue 9 item 7: with `trustProxy: true` any
// client could put its own host into a certificate and its own address into the audit log.
import net from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * Fastify's trustProxy: false (trust no one) or the proxies' addresses/subnets. No hop count: it
 * cannot check who the nearest peer is (Fastify 5 treats a number as "trust no one" for that reason).
 */
export type TrustProxy = false | string[];

/** proxy-addr's names for address ranges, accepted beside addresses and CIDR subnets. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * ZHIPING_TRUST_PROXY: unset, empty, `0` or `false` → trust no proxy; otherwise a comma-separated
 * list of the reverse proxies' addresses or subnets (`127.0.0.1`, `10.0.0.0/8`, `loopback`). Anything
 * else (`true`, a hop count) stops the start: it would let any client forge the headers.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/');
    const ok = NAMED_RANGES.has(entry) || (extra === undefined && net.isIP(addr) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits)));
    if (!ok) {
      throw new Error(`ZHIPING_TRUST_PROXY 无法识别「${entry}」：请写反向代理的地址或网段（如 127.0.0.1,10.0.0.0/8），不支持 true 或层数`);
    }
  }
  return list;
}

const RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** The same trust as Fastify's, as a test of one peer address (is this connection our proxy?). */
export function trustedProxyCheck(trust: TrustProxy): (address: string | undefined) => boolean {
  if (trust === false) return () => false;
  const list = new net.BlockList();
  for (const entry of trust.flatMap((e) => RANGES[e] ?? [e])) {
    const [addr, bits] = entry.split('/');
    const type = net.isIPv6(addr) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return (address) => {
    if (!address) return false;
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (v4) return list.check(v4, 'ipv4');
    return list.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
  };
}

/**
 * The origin for links the server prints: ZHIPING_PUBLIC_URL when set; else, behind a trusted proxy,
 * the host and scheme it forwarded (or the Host it passed on); else the address and port this connection actually reached on
 * the server — never the client's `Host` header, which anyone can set.
 */
export function ownOrigin(req: FastifyRequest, publicUrl = process.env.ZHIPING_PUBLIC_URL): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  // Fastify takes X-Forwarded-Host/-Proto only from a trusted peer, but Host from anyone.
  if (req.server.isTrustedProxy(req.socket.remoteAddress)) return `${req.protocol}://${req.host}`;
  const listening = req.server.server.address();
  let addr = req.socket.localAddress ?? (listening && typeof listening === 'object' ? listening.address : undefined) ?? '127.0.0.1';
  const port = req.socket.localPort ?? (listening && typeof listening === 'object' ? listening.port : undefined);
  addr = addr.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (addr === '0.0.0.0' || addr === '::') addr = '127.0.0.1';
  const host = net.isIPv6(addr) ? `[${addr}]` : addr;
  const defaultPort = req.protocol === 'https' ? 443 : 80;
  return `${req.protocol}://${host}${port && port !== defaultPort ? `:${port}` : ''}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether a peer address is one of the proxies named in ZHIPING_TRUST_PROXY (trustProxy option). */
    isTrustedProxy: (address: string | undefined) => boolean;
  }
}
