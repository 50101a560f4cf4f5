// Sysctls under /proc/sys/net that both readers read: the ones the scenario holds
// (disable_ipv6 per interface, use_tempaddr), and those that change a lookup's path but that the
// format cannot hold, reported when they are not at the kernel's default.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawHost } from './raw-host.js';

export function readTrimmed(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Per-interface (and `all`) sysctls that change routing or source choice; 0 is the default of each. */
const IPV6_CONF: Record<string, string> = {
  use_oif_addrs_only: 'IPv6 sources are picked from the outgoing interface only',
  use_optimistic: 'optimistic (DAD running) IPv6 addresses are preferred as sources',
  ignore_routes_with_linkdown: 'IPv6 routes through an interface without carrier are skipped',
};
const IPV4_CONF: Record<string, string> = {
  route_localnet: '127.0.0.0/8 is routable on this interface (a host-scope address may serve other routes)',
  ignore_routes_with_linkdown: 'IPv4 routes through an interface without carrier are skipped',
};
/** Host-wide ones, at 0 by default. */
const GLOBAL: Record<string, string> = {
  'ipv4/fib_multipath_hash_policy': 'the fields the IPv4 multipath hash reads',
  'ipv6/fib_multipath_hash_policy': 'the fields the IPv6 multipath hash reads',
};

export function readSysctls(
  procRoot: string,
  devices: readonly string[],
): Pick<RawHost, 'ipv6' | 'kernelIpv6' | 'bindv6only' | 'useTempaddr' | 'disableIpv6' | 'sysctls'> & { warnings: string[] } {
  const net = join(procRoot, 'sys/net');
  const base = join(net, 'ipv6/conf');
  const warnings: string[] = [];
  const sysctls: RawHost['sysctls'] = [];
  const nonDefault = (family: 'ipv4' | 'ipv6', table: Record<string, string>, names: readonly string[]) => {
    for (const d of names) {
      for (const [key, what] of Object.entries(table)) {
        const v = readTrimmed(join(net, family, 'conf', d, key));
        if (v !== null && v !== '0') sysctls.push({ key: `net.${family}.conf.${d}.${key}`, value: v, what });
      }
    }
  };
  const confNames = ['all', ...devices];
  nonDefault('ipv4', IPV4_CONF, confNames);
  for (const [key, what] of Object.entries(GLOBAL)) {
    const v = readTrimmed(join(net, key));
    if (v !== null && v !== '0') sysctls.push({ key: `net.${key.replace('/', '.')}`, value: v, what });
  }
  if (!existsSync(base)) {
    return { ipv6: false, kernelIpv6: false, bindv6only: false, useTempaddr: {}, disableIpv6: {}, sysctls, warnings: [] };
  }
  nonDefault('ipv6', IPV6_CONF, confNames);
  const all = readTrimmed(join(base, 'all/disable_ipv6'));
  const useTempaddr: Record<string, number> = {};
  const disableIpv6: Record<string, boolean> = {};
  for (const d of ['all', 'default', ...devices]) {
    const t = readTrimmed(join(base, d, 'use_tempaddr'));
    if (t !== null && /^-?\d+$/.test(t)) useTempaddr[d] = Number(t);
    const off = readTrimmed(join(base, d, 'disable_ipv6'));
    if (off !== null) disableIpv6[d] = off === '1';
  }
  const bindv6only = readTrimmed(join(net, 'ipv6/bindv6only')) === '1';
  return { ipv6: all !== '1', kernelIpv6: true, bindv6only, useTempaddr, disableIpv6, sysctls, warnings };
}
