// The `ip` reader: `ip -j addr`, `ip -j -4/-6 route show table main`, `ip -j addrlabel` → RawHost.
import { parseIp } from '../address/ip.js';
import { readSysctls } from './host-sysctls.js';
import { CaptureError, type CaptureOptions, type RawAddress, type RawHost, type RawLink, type RawRoute } from './raw-host.js';

interface IpJsonAddrInfo {
  family?: string;
  local?: string;
  address?: string;
  prefixlen?: number;
  scope?: string | number;
  deprecated?: boolean;
  home?: boolean;
  temporary?: boolean;
  optimistic?: boolean;
  noprefixroute?: boolean;
  tentative?: boolean;
  dadfailed?: boolean;
  preferred_life_time?: number;
}
interface IpJsonLink {
  ifindex: number;
  ifname: string;
  flags?: string[];
  link_type?: string;
  addr_info?: IpJsonAddrInfo[];
}
interface IpJsonNexthop {
  gateway?: string;
  dev?: string;
  via?: { family?: string; host?: string };
}
interface IpJsonRoute {
  type?: string;
  dst: string;
  gateway?: string;
  via?: { family?: string; host?: string };
  dev?: string;
  protocol?: string;
  prefsrc?: string;
  metric?: number;
  nexthops?: IpJsonNexthop[];
  nhid?: number;
}

/** `ip -j addr` + `ip -j -4/-6 route show table main` (+ addrlabel) → RawHost parts. */
export function rawFromIpJson(input: {
  links: IpJsonLink[];
  routes4: IpJsonRoute[];
  routes6: IpJsonRoute[];
  addrlabels: { address: string; prefixlen: number; label: number }[] | null;
}): Pick<RawHost, 'links' | 'addresses' | 'routes' | 'addrlabels' | 'warnings'> {
  const warnings: string[] = [];
  const links: RawLink[] = [];
  const addresses: RawAddress[] = [];
  for (const l of input.links) {
    const flags = l.flags ?? [];
    links.push({ index: l.ifindex, name: l.ifname, up: flags.includes('UP'), loopback: flags.includes('LOOPBACK') || l.link_type === 'loopback' });
    for (const a of l.addr_info ?? []) {
      if ((a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined || a.prefixlen === undefined) continue;
      const family = a.family === 'inet' ? 4 : 6;
      const raw: RawAddress = { dev: l.ifname, family, local: a.local, prefixLen: a.prefixlen };
      if (a.scope !== undefined) raw.scope = String(a.scope);
      // preferred_lft 0 is what makes an address deprecated (IFA_F_DEPRECATED follows it).
      if (a.deprecated || a.preferred_life_time === 0) raw.deprecated = true;
      if (a.home) raw.home = true;
      if (a.temporary && family === 6) raw.temporary = true;
      if (a.optimistic) raw.optimistic = true;
      if (a.noprefixroute) raw.noprefixroute = true;
      if (a.tentative) raw.tentative = true;
      if (a.dadfailed) raw.dadfailed = true;
      if (a.address !== undefined && a.address !== a.local) raw.peer = a.address;
      addresses.push(raw);
    }
  }
  const routes: RawRoute[] = [];
  for (const [family, list] of [[4, input.routes4], [6, input.routes6]] as const) {
    for (const r of list) {
      const out: RawRoute = { family, dst: r.dst, type: r.type ?? 'unicast', kernel: r.protocol === 'kernel' };
      let gateway = r.gateway;
      let viaObject = r.via;
      let dev = r.dev;
      if (r.nexthops && r.nexthops.length) {
        const first = r.nexthops[0]!;
        gateway = first.gateway;
        viaObject = first.via;
        dev = first.dev;
        if (r.nexthops.length > 1) out.extraNexthops = r.nexthops.length - 1;
      }
      if (r.nhid !== undefined && !gateway && !dev) out.unsupported = `uses nexthop object ${r.nhid}, which is not read`;
      if (viaObject?.host !== undefined) {
        const ip = parseIp(viaObject.host);
        if (ip && ip.family !== family) out.unsupported = `its gateway ${viaObject.host} is of the other family`;
        else gateway = viaObject.host;
      }
      if (gateway !== undefined) out.via = gateway;
      if (dev !== undefined) out.dev = dev;
      if (r.prefsrc !== undefined) out.src = r.prefsrc;
      if (r.metric !== undefined) out.metric = r.metric;
      routes.push(out);
    }
  }
  return { links, addresses, routes, addrlabels: input.addrlabels, warnings };
}

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

function captureWithIp(options: CaptureOptions): RawHost {
  const ip = options.ipCommand ?? 'ip';
  const links = runIpJson(ip, ['addr', 'show']) as IpJsonLink[];
  const routes4 = runIpJson(ip, ['-4', 'route', 'show', 'table', 'main']) as IpJsonRoute[];
  const procRoot = options.procRoot ?? '/proc';
  const sys = readSysctls(procRoot, links.map((l) => l.ifname));
  const routes6 = sys.ipv6 ? (runIpJson(ip, ['-6', 'route', 'show', 'table', 'main']) as IpJsonRoute[]) : [];
  let addrlabels: RawHost['addrlabels'] = null;
  const warnings = [...sys.warnings];
  if (sys.ipv6) {
    try {
      addrlabels = runIpJson(ip, ['addrlabel', 'list']) as RawHost['addrlabels'];
    } catch (e) {
      warnings.push(`the kernel addrlabel table could not be read (${(e as Error).message}); the simulator assumes the default`);
    }
  }
  const parts = rawFromIpJson({ links, routes4, routes6, addrlabels });
  return { method: 'ip', ...parts, ipv6: sys.ipv6, useTempaddr: sys.useTempaddr, disableIpv6: sys.disableIpv6, warnings: [...warnings, ...parts.warnings], notes: [] };
}
export { captureWithIp };
