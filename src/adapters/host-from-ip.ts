// The `ip` reader: runs `ip -j …` (see src/host-json/ip-json.ts for the commands and the keys it
// reads) and hands the parsed JSON to the pure reader shared with the playground page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawFromIpJson, type IpJsonLink, type IpJsonNexthopObject, type IpJsonRoute, type IpJsonRule, type IprouteNames } from '../host-json/ip-json.js';
import type { RawHost } from '../host-json/raw-host.js';
import { CaptureError, type CaptureOptions } from './capture-options.js';
import { readSysctls } from './host-sysctls.js';
import { sysctlFields } from '../host-json/sysctls.js';

/** Names from iproute2's configuration files (`NUMBER NAME` lines), for output without -N. */
function iprouteNames(file: string): Map<string, number> {
  const out = new Map<string, number>();
  const texts: string[] = [];
  for (const dir of ['/etc/iproute2', '/usr/share/iproute2', '/usr/lib/iproute2']) {
    try {
      texts.push(readFileSync(join(dir, file), 'utf8'));
    } catch {
      // not there
    }
    try {
      for (const f of readdirSync(join(dir, `${file}.d`))) if (f.endsWith('.conf')) texts.push(readFileSync(join(dir, `${file}.d`, f), 'utf8'));
    } catch {
      // not there
    }
  }
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(\S+)/.exec(line);
      if (m && !out.has(m[2]!)) out.set(m[2]!, Number(m[1]));
    }
  }
  return out;
}

let tableNames: Map<string, number> | null = null;
let groupNames: Map<string, number> | null = null;

/** This machine's iproute2 names, read when first needed. */
export const SYSTEM_IPROUTE_NAMES: IprouteNames = {
  table: (name) => (tableNames ??= iprouteNames('rt_tables')).get(name),
  group: (name) => (groupNames ??= iprouteNames('group')).get(name),
};

function runIpJson(ip: string, args: string[]): unknown {
  const { spawnSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(ip, ['-j', ...args], { encoding: 'utf8', timeout: 10_000, maxBuffer: 64 << 20 });
  if (r.error) throw new CaptureError(`${ip} ${['-j', ...args].join(' ')}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
  if (r.status !== 0) throw new CaptureError(`${ip} ${['-j', ...args].join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
  const text = r.stdout.trim();
  if (text === '') return [];
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CaptureError(`${ip} ${['-j', ...args].join(' ')}: output is not JSON (an iproute2 without -j?)`);
  }
}

export function captureWithIp(options: CaptureOptions): RawHost {
  const ip = options.ipCommand ?? 'ip';
  const links = runIpJson(ip, ['addr', 'show']) as IpJsonLink[];
  const warnings: string[] = [];
  // -N where iproute2 has it (numbers instead of /etc/iproute2 names); else names.
  let numeric = true;
  const numericJson = (args: string[]): unknown => {
    if (numeric) {
      try {
        return runIpJson(ip, ['-N', ...args]);
      } catch (e) {
        numeric = false;
        warnings.push(`\`${ip} -N\` failed (${(e as Error).message}); read names instead of numbers`);
      }
    }
    return runIpJson(ip, args);
  };
  const optional = <T>(what: string, f: () => T): T | null => {
    try {
      return f();
    } catch (e) {
      warnings.push(`${what} could not be read (${(e as Error).message})`);
      return null;
    }
  };
  const linkDetails = optional('interface groups (`ip -d link`)', () => numericJson(['-d', 'link', 'show']) as IpJsonLink[]);
  const routes4 = numericJson(['-4', 'route', 'show', 'table', 'all']) as IpJsonRoute[];
  const procRoot = options.procRoot ?? '/proc';
  const sys = readSysctls(procRoot, links.map((l) => l.ifname));
  const routes6 = sys.ipv6 ? (numericJson(['-6', 'route', 'show', 'table', 'all']) as IpJsonRoute[]) : [];
  const needObjects = [...routes4, ...routes6].some((r) => r.nhid !== undefined && !r.nexthops && r.gateway === undefined && r.via === undefined && r.dev === undefined);
  const nexthops = needObjects ? optional('nexthop objects (`ip -j nexthop`)', () => runIpJson(ip, ['nexthop', 'show']) as IpJsonNexthopObject[]) : null;
  const rules4 = optional('IPv4 rules (`ip -j -4 rule`)', () => numericJson(['-4', 'rule', 'show']) as IpJsonRule[]);
  const rules6 = sys.ipv6 ? optional('IPv6 rules (`ip -j -6 rule`)', () => numericJson(['-6', 'rule', 'show']) as IpJsonRule[]) : [];
  let addrlabels: RawHost['addrlabels'] = null;
  if (sys.ipv6) {
    try {
      addrlabels = runIpJson(ip, ['addrlabel', 'list']) as RawHost['addrlabels'];
    } catch (e) {
      warnings.push(`the kernel addrlabel table could not be read (${(e as Error).message}); the simulator assumes the default`);
    }
  }
  const parts = rawFromIpJson({ links, linkDetails, routes4, routes6, nexthops, rules4, rules6, addrlabels }, SYSTEM_IPROUTE_NAMES);
  if (rules4 === null || (sys.ipv6 && rules6 === null)) {
    warnings.push('the policy rules could not be read: the capture assumes the kernel default rules');
    parts.rules = null;
  }
  return {
    method: 'ip',
    ...parts,
    ...sysctlFields(sys),
    warnings: [...warnings, ...sys.warnings, ...parts.warnings],
    notes: [],
  };
}
