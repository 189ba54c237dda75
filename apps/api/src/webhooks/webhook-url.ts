import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local, carrier-grade NAT, benchmark and multicast ranges: not the brand's public servers. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is not a public one (IPv4-mapped IPv6 addresses judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  return family !== 0 && PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * What is wrong with an endpoint URL, or null. HTTPS to a public host; plain HTTP only to the
 * local machine and only outside production (development and tests run a receiver there).
 */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an https URL';
  }
  if (url.username || url.password) return 'url must not contain a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const local = LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
  if (url.protocol === 'http:') return local && !production ? null : 'url must be an https URL';
  if (url.protocol !== 'https:') return 'url must be an https URL';
  if (production && (local || isPrivateAddress(host) || (isIP(host) === 0 && !host.includes('.')))) return 'url must be an https URL of a public host';
  return null;
}
