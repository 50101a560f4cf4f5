// Sysctls under /proc/sys/net that both readers read: the ones the scenario holds
// (disable_ipv6 per interface, use_tempaddr), and those that change a lookup's path but that the
// format cannot hold, reported when they are not at the kernel's default. Pure: the values come
// through a reader (src/adapters/host-sysctls.ts reads /proc; the page reads `sysctl` output).
import type { RawHost } from './raw-host.js';

/** A key under /proc/sys/net (`ipv6/conf/all/disable_ipv6`) → its value, trimmed; null when absent. */
export type SysctlReader = (key: string) => string | null;

export type SysctlFacts = Pick<RawHost, 'ipv6' | 'kernelIpv6' | 'bindv6only' | 'useTempaddr' | 'disableIpv6' | 'forwarding' | 'sysctls'> & { warnings: string[] };

/** The sysctl facts as RawHost fields (every reader writes the same ones). */
export function sysctlFields(sys: SysctlFacts): Pick<RawHost, 'ipv6' | 'kernelIpv6' | 'bindv6only' | 'useTempaddr' | 'disableIpv6' | 'forwarding' | 'sysctls'> {
  const out: ReturnType<typeof sysctlFields> = { ipv6: sys.ipv6, kernelIpv6: sys.kernelIpv6, bindv6only: sys.bindv6only, useTempaddr: sys.useTempaddr, disableIpv6: sys.disableIpv6, sysctls: sys.sysctls };
  if (sys.forwarding) out.forwarding = sys.forwarding;
  return out;
}

/** `sysctl` output (`net.ipv6.conf.eth0.disable_ipv6 = 1`, or `-N`/`-n` free `key=value`) → a reader. */
export function sysctlTextReader(text: string): { read: SysctlReader; keys: number; ipv6Keys: number } {
  const values = new Map<string, string>();
  let ipv6Keys = 0;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*net\.(\S+?)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    // sysctl prints a dot inside a device name as a slash (eth0.100 → eth0/100).
    const key = m[1]!.split('.').map((p) => p.replaceAll('/', '.')).join('/');
    if (key.startsWith('ipv6/')) ipv6Keys++;
    values.set(key, m[2]!);
  }
  return { read: (key) => values.get(key) ?? null, keys: values.size, ipv6Keys };
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

/** The sysctls of `devices` (and `all`, `default`) that a capture reads; `kernelIpv6`: whether
 * the kernel has IPv6 at all (/proc/sys/net/ipv6 exists). */
export function sysctlFacts(readTrimmed: SysctlReader, kernelIpv6: boolean, devices: readonly string[]): SysctlFacts {
  const warnings: string[] = [];
  const sysctls: RawHost['sysctls'] = [];
  const nonDefault = (family: 'ipv4' | 'ipv6', table: Record<string, string>, names: readonly string[]) => {
    for (const d of names) {
      for (const [key, what] of Object.entries(table)) {
        const v = readTrimmed(`${family}/conf/${d}/${key}`);
        if (v !== null && v !== '0') sysctls.push({ key: `net.${family}.conf.${d}.${key}`, value: v, what });
      }
    }
  };
  const confNames = ['all', ...devices];
  nonDefault('ipv4', IPV4_CONF, confNames);
  for (const [key, what] of Object.entries(GLOBAL)) {
    const v = readTrimmed(key);
    if (v !== null && v !== '0') sysctls.push({ key: `net.${key.replace('/', '.')}`, value: v, what });
  }
  if (!kernelIpv6) {
    return { ipv6: false, kernelIpv6: false, bindv6only: false, useTempaddr: {}, disableIpv6: {}, sysctls, warnings: [] };
  }
  nonDefault('ipv6', IPV6_CONF, confNames);
  const all = readTrimmed('ipv6/conf/all/disable_ipv6');
  const useTempaddr: Record<string, number> = {};
  const disableIpv6: Record<string, boolean> = {};
  // Per-device forwarding decides the subnet-router anycast routes (addrconf_join_anycast).
  const forwarding: Record<string, boolean> = {};
  for (const d of ['all', 'default', ...devices]) {
    const f = readTrimmed(`ipv6/conf/${d}/forwarding`);
    if (f !== null && /^\d+$/.test(f)) forwarding[d] = f !== '0';
    const t = readTrimmed(`ipv6/conf/${d}/use_tempaddr`);
    if (t !== null && /^-?\d+$/.test(t)) useTempaddr[d] = Number(t);
    const off = readTrimmed(`ipv6/conf/${d}/disable_ipv6`);
    if (off !== null) disableIpv6[d] = off === '1';
  }
  const bindv6only = readTrimmed('ipv6/bindv6only') === '1';
  return { ipv6: all !== '1', kernelIpv6: true, bindv6only, useTempaddr, disableIpv6, forwarding, sysctls, warnings };
}
