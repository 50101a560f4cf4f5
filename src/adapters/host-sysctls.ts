// The sysctls a capture reads, from /proc/sys/net (what they mean: src/host-json/sysctls.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sysctlFacts, type SysctlFacts } from '../host-json/sysctls.js';

export function readTrimmed(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

export function readSysctls(procRoot: string, devices: readonly string[]): SysctlFacts {
  const net = join(procRoot, 'sys/net');
  return sysctlFacts((key) => readTrimmed(join(net, key)), existsSync(join(net, 'ipv6/conf')), devices);
}
