// Sysctls under /proc/sys/net that both readers read.
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

export function readSysctls(procRoot: string, devices: readonly string[]): Pick<RawHost, 'ipv6' | 'useTempaddr' | 'disableIpv6'> & { warnings: string[] } {
  const base = join(procRoot, 'sys/net/ipv6/conf');
  const warnings: string[] = [];
  if (!existsSync(base)) {
    return { ipv6: false, useTempaddr: {}, disableIpv6: {}, warnings: [`${base} is missing: the kernel has no IPv6 (ipv6.disable=1 or no module)`] };
  }
  const all = readTrimmed(join(base, 'all/disable_ipv6'));
  const useTempaddr: Record<string, number> = {};
  const disableIpv6: Record<string, boolean> = {};
  for (const d of ['all', 'default', ...devices]) {
    const t = readTrimmed(join(base, d, 'use_tempaddr'));
    if (t !== null && /^-?\d+$/.test(t)) useTempaddr[d] = Number(t);
    const off = readTrimmed(join(base, d, 'disable_ipv6'));
    if (off !== null) disableIpv6[d] = off === '1';
  }
  return { ipv6: all !== '1', useTempaddr, disableIpv6, warnings };
}
