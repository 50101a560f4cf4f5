// Host plan: Scenario → the sysctls, `ip` lines and /etc files that reproduce its host in a
// network namespace, with the commands the tools that build such hosts run (wg-quick,
// Tailscale, FRR, netifd, pppd, kube-proxy/CNI plugins). Pure, so a scenario that cannot be
// built throws before any namespace exists.
//
// Order: sysctls (host-wide IPv6 off, lo's disable_ipv6, use_tempaddr) before lo goes up; the
// links (veth pairs with pinned ifindexes, no automatic link-locals, groups); the
// per-interface disable_ipv6 right after the links exist and before they go up; addresses;
// routes (nexthop objects before the route that uses them); then the default rules are
// deleted (defaultRules: false) and the scenario's rules added, IPv4 and then IPv6, each in
// scenario order (rules of one family never affect the other's); address labels last. Routes
// come before rules because the kernel checks a gateway with a lookup through the rules that
// exist at that moment: the default ones, as when a tool adds its routes first.

import type { Ip } from '../../src/address/ip.js';
import { parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { maskBytes, matchesPrefix } from '../../src/address/prefix.js';
import { KERNEL_ADDRLABEL } from '../../src/policy/tables.js';
import { parseFwmark, parseRange } from '../../src/scenario/rule-fields.js';
import type { RouteTable, Scenario, ScenarioAddress, ScenarioNexthop, ScenarioRoute, ScenarioRule } from '../../src/scenario/types.js';

/** A scenario feature the kernel or `ip` cannot reproduce; callers skip such scenarios. */
export class UnsupportedByHostBuilder extends Error {
  constructor(what: string) {
    super(`unsupported by host builder: ${what}`);
    this.name = 'UnsupportedByHostBuilder';
  }
}

/** The files `ip netns exec` bind-mounts over /etc; each must exist there to be replaced. */
export const ETC_FILES = ['hosts', 'gai.conf', 'nsswitch.conf', 'host.conf', 'resolv.conf'] as const;
const DEFAULT_NAME = 'host.test';

export interface HostPlan {
  /** `key=value` for `sysctl -w`, applied before any interface exists (and before lo is up). */
  sysctls: string[];
  /**
   * `ip` lines, in order. Consecutive lines without leading options run as one
   * `ip -n NAME -batch -`; a line starting with options (`-6 rule add …`) runs in an
   * `ip -n NAME -6 -batch -` with the consecutive lines that share them. Under `-force` the only
   * failure accepted is EEXIST (`ip rule add` of a rule the kernel finds already there: a tool
   * running it would get "File exists" and the rule would not be added). A line
   * `sysctl k=v …` runs `sysctl -qw k=v …` inside the namespace at that point; a line
   * `waitup DEV …` waits until those links are operationally up.
   */
  batch: string[];
  /** File name under /etc/netns/NAME → exact content. */
  files: Record<(typeof ETC_FILES)[number], string>;
  /** Probe arguments after the binary. */
  probeArgs: string[];
  /** Run the probes as this uid (and gid) instead of root; absent: root. */
  uid?: number;
}

interface Cidr {
  ip: Ip;
  len: number;
}

function parseCidr(text: string, what: string): Cidr {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addrText);
  if (!ip) throw new Error(`${what}: invalid address ${JSON.stringify(text)}`);
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ip, len: max };
  const lenText = text.slice(slash + 1);
  const len = Number(lenText);
  if (!/^\d{1,3}$/.test(lenText) || len > max) {
    throw new Error(`${what}: invalid prefix length in ${JSON.stringify(text)}`);
  }
  return { ip, len };
}

function parseHostAddress(text: string, what: string): Ip {
  const ip = parseIp(text);
  if (!ip) throw new Error(`${what}: invalid address ${JSON.stringify(text)}`);
  return ip;
}

const cidrText = (c: Cidr): string => `${formatIp(c.ip)}/${c.len}`;
/** matchesPrefix works on 16-byte forms, where IPv4 sits behind the 96-bit mapped prefix. */
const prefixBits = (c: Cidr): number => (c.ip.family === 4 ? c.len + 96 : c.len);
const maskedText = (c: Cidr): string => `${formatIp({ family: c.ip.family, bytes: maskBytes(c.ip.bytes, prefixBits(c)) })}/${c.len}`;
const isLinkLocal6 = (ip: Ip): boolean => ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;

/** A batch line is split on blanks by `ip`; a name with a blank would smuggle in arguments. */
function checkInterfaceName(name: string): void {
  if (!/^[A-Za-z0-9_.@+-]{1,15}$/.test(name) || name === '.' || name === '..') {
    throw new Error(`interface name ${JSON.stringify(name)} is not a valid Linux interface name`);
  }
}

function addressObject(a: ScenarioAddress) {
  return typeof a === 'string' ? { address: a } : a;
}

const TABLE_IDS = { main: 254, local: 255, default: 253 } as const;
const tableId = (t: RouteTable | undefined): number => (t === undefined ? TABLE_IDS.main : typeof t === 'number' ? t : TABLE_IDS[t]);
/** iproute2 knows the three names; any other table is its number. */
const tableWord = (t: RouteTable): string => String(t);

/** A prefix the kernel routes to a device without a gateway (connected, or a dev-only route of
 * link or host scope), in a table: what a gateway may sit in without `onlink`. */
interface LinkRoute {
  cidr: Cidr;
  dev: string;
  table: number;
}

interface PlanContext {
  ipv6: boolean;
  /** Devices holding a site-scope IPv4 address. */
  siteScopeDevices: Set<string>;
  devices: Set<string>;
  ipv6Devices: Set<string>;
  linkRoutes: LinkRoute[];
  nextNexthopId: number;
  /** IPv6 addresses left tentative (not optimistic), as formatIp writes them. */
  tentative: Set<string>;
}

export function planHost(scenario: Scenario): HostPlan {
  const host = scenario.host;
  const ipv6 = host.ipv6 !== false;
  const loopback = host.interfaces.find((i) => i.name === 'lo');
  const sysctls: string[] = [];
  if (!ipv6) {
    // Before lo goes up, or it would get ::1.
    for (const dev of ['all', 'default', 'lo']) sysctls.push(`net.ipv6.conf.${dev}.disable_ipv6=1`);
  } else {
    // Links are created with IPv6 off and get it back in order once up (below).
    if (host.interfaces.some((i) => i.name !== 'lo')) sysctls.push('net.ipv6.conf.default.disable_ipv6=1');
    if (loopback?.disableIpv6) sysctls.push('net.ipv6.conf.lo.disable_ipv6=1');
    // The kernel gives lo -1 (ipv6_add_dev); a scenario may set another value.
    if (loopback?.useTempaddr !== undefined) sysctls.push(`net.ipv6.conf.lo.use_tempaddr=${tempaddr(loopback.useTempaddr, 'lo')}`);
  }
  // A namespace shares the running kernel, which has IPv6: socket(AF_INET6) cannot be made to
  // fail with EAFNOSUPPORT.
  if (host.kernelIpv6 === false) throw new UnsupportedByHostBuilder('kernelIpv6: false (a namespace cannot take IPv6 out of the running kernel)');
  if (host.bindv6only === true) sysctls.push('net.ipv6.bindv6only=1');
  // all.forwarding sets every device, lo and `default` (addrconf_fixup_forwarding), so the links
  // created below inherit it; an interface's own value follows once it exists.
  if (ipv6 && host.ipv6Forwarding === true) sysctls.push('net.ipv6.conf.all.forwarding=1');
  if (ipv6 && loopback?.forwarding !== undefined) sysctls.push(`net.ipv6.conf.lo.forwarding=${loopback.forwarding ? 1 : 0}`);
  if (host.useTempaddr !== undefined && host.useTempaddr !== 0) {
    if (!Number.isInteger(host.useTempaddr)) throw new Error(`useTempaddr must be an integer`);
    for (const dev of ['all', 'default']) sysctls.push(`net.ipv6.conf.${dev}.use_tempaddr=${host.useTempaddr}`);
  }

  const names = new Set<string>();
  for (const itf of host.interfaces) {
    checkInterfaceName(itf.name);
    // Their sysctl directories would clash with net.ipv6.conf.{all,default}.
    if (itf.name === 'all' || itf.name === 'default') throw new UnsupportedByHostBuilder(`interface name ${itf.name} (a sysctl directory of its own)`);
    if (names.has(itf.name)) throw new Error(`interface ${itf.name} is listed twice`);
    names.add(itf.name);
  }
  const peerNames: string[] = [];
  const peerName = (): string => {
    for (let k = peerNames.length; ; k++) {
      const p = `p${k}`;
      if (!names.has(p) && !peerNames.includes(p)) return p;
    }
  };
  const group = (n: number | undefined, what: string): number | null => {
    if (n === undefined || n === 0) return null;
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`${what}: group must be an integer 0..4294967295`);
    return n;
  };

  const batch: string[] = [];
  const loUp = loopback?.up !== false;
  const loGroup = group(loopback?.group, 'interface lo');
  if (loGroup !== null) batch.push(`link set dev lo group ${loGroup}`);
  if (loUp) batch.push('link set dev lo up');

  // Fixed ifindexes, lo = 1 then scenario order, so the kernel's device walk (IPv6 source
  // candidates) visits interfaces in scenario order and runs are reproducible; veth would
  // otherwise give the peer the lower index.
  let index = 2;
  const upDevices = new Set<string>(loUp ? ['lo'] : []);
  const ipv6Devices = new Set<string>(ipv6 && !loopback?.disableIpv6 ? ['lo'] : []);
  const ups: string[] = [];
  const enabled: string[] = [];
  const waitFor: string[] = [];
  for (const itf of host.interfaces) {
    if (itf.name === 'lo') continue;
    const peer = peerName();
    peerNames.push(peer);
    batch.push(`link add ${itf.name} index ${index} type veth peer name ${peer} index ${1000 + index}`);
    index++;
    // Without a link-local address the scenario's own addresses are the only IPv6 ones.
    batch.push(`link set dev ${itf.name} addrgenmode none`, `link set dev ${peer} addrgenmode none`);
    const g = group(itf.group, `interface ${itf.name}`);
    if (g !== null) batch.push(`link set dev ${itf.name} group ${g}`);
    // The slash form: an interface name may hold dots (eth0.100).
    if (ipv6 && !itf.disableIpv6) {
      ipv6Devices.add(itf.name);
      enabled.push(`net/ipv6/conf/${itf.name}/disable_ipv6=0`);
      // Its own use_tempaddr (Rule 7 reads each candidate's device), once the device exists.
      if (itf.useTempaddr !== undefined) enabled.push(`net/ipv6/conf/${itf.name}/use_tempaddr=${tempaddr(itf.useTempaddr, itf.name)}`);
      if (itf.forwarding !== undefined) enabled.push(`net/ipv6/conf/${itf.name}/forwarding=${itf.forwarding ? 1 : 0}`);
      enabled.push(...dadSysctls(itf));
    }
    ups.push(`link set dev ${peer} up`);
    if (itf.up !== false) {
      ups.push(`link set dev ${itf.name} up`);
      upDevices.add(itf.name);
      waitFor.push(itf.name);
    }
  }
  batch.push(...ups);
  // Every link is created with IPv6 off (net.ipv6.conf.default.disable_ipv6=1 above), the veth
  // peers stay so: an up IPv6 device gets an ff00::/8 route in table local, and a peer's would
  // route multicast answers out of a device the scenario does not have. IPv6 is switched on
  // once every link is operationally up, in scenario order: the kernel configures a device
  // (its ff00::/8 route among them) when its link is ready, which linkwatch decides
  // asynchronously, so bringing the links up with IPv6 on would insert those routes in a
  // varying order, and the first one routes multicast answers (observed: ff05::2 through one
  // device or another between runs).
  // The default goes back to on, so a link created later in the namespace is as on any host.
  if (ipv6 && host.interfaces.some((i) => i.name !== 'lo')) {
    if (enabled.length > 0 && waitFor.length > 0) batch.push(`waitup ${waitFor.join(' ')}`);
    batch.push(`sysctl ${[...enabled, 'net/ipv6/conf/default/disable_ipv6=0'].join(' ')}`);
  }

  const ctx: PlanContext = { ipv6, devices: names, ipv6Devices, linkRoutes: [], nextNexthopId: 1, siteScopeDevices: new Set(), tentative: new Set() };
  // __inet_insert_ifa: an IPv4 address in the subnet (same mask) of one already on the device
  // becomes its secondary, which must have the same scope ("ipv4: Invalid scope value").
  const subnetScopes = new Map<string, string>();
  // lo's own addresses exist as soon as lo is up; a captured host lists them too.
  const automatic = new Set(loUp ? ['127.0.0.1/8', ...(ipv6Devices.has('lo') ? ['::1/128'] : [])] : []);
  for (const itf of host.interfaces) {
    for (const raw of itf.addresses) {
      const a = addressObject(raw);
      const what = `interface ${itf.name} address ${JSON.stringify(a.address)}`;
      const cidr = parseCidr(a.address, what);
      const v6 = cidr.ip.family === 6;
      // IFA_F_TEMPORARY is not among the flags inet6_rtm_newaddr takes; the kernel makes a
      // privacy address itself (mngtmpaddr + use_tempaddr > 0) with a random interface id, never
      // the one a scenario lists.
      if (a.temporary) throw new UnsupportedByHostBuilder(`${what}: temporary (ip cannot create privacy addresses)`);
      const dad = dadState(a, itf, v6, upDevices.has(itf.name), what);
      if (dad === 'tentative') ctx.tentative.add(formatIp(cidr.ip));
      if (a.home && !v6) throw new UnsupportedByHostBuilder(`${what}: home is an IPv6-only flag`);
      if (v6 && !ipv6) throw new Error(`${what}: IPv6 address on a host with ipv6: false`);
      if (v6 && !ipv6Devices.has(itf.name)) throw new Error(`${what}: IPv6 address on an interface with disableIpv6`);
      const peer = a.peer === undefined ? null : parseCidr(a.peer, `${what} peer`);
      if (peer && peer.ip.family !== cidr.ip.family) throw new Error(`${what}: peer ${a.peer} is of another family`);
      if (!v6) {
        const sub = peer ?? cidr;
        const len = peer ? peer.len : cidr.len;
        const key = `${itf.name}|${formatIp({ family: 4, bytes: maskBytes(sub.ip.bytes, 96 + len) })}/${len}`;
        const scope = a.scope ?? (cidr.ip.bytes[12] === 127 ? 'host' : 'global');
        const other = subnetScopes.get(key);
        if (other !== undefined && other !== scope) throw new UnsupportedByHostBuilder(`${what}: scope ${scope} in a subnet whose addresses on ${itf.name} have scope ${other} (the kernel refuses it: ipv4: Invalid scope value)`);
        subnetScopes.set(key, scope);
        if (scope === 'site') ctx.siteScopeDevices.add(itf.name);
      }
      const plain = !a.deprecated && !a.home && !a.noprefixroute && !peer && a.scope === undefined;
      if (itf.name === 'lo' && plain && automatic.has(cidrText(cidr))) continue;
      // `ip addr add L peer P/len`: the prefix length is the peer's.
      const words = ['addr add', peer ? `${formatIp(cidr.ip)} peer ${cidrText(peer)}` : cidrText(cidr), 'dev', itf.name];
      // Every other IPv6 address skips DAD, so it is usable at once, as after DAD on a real host.
      if (dad === 'optimistic') words.push('optimistic');
      else if (v6 && dad === 'done') words.push('nodad');
      if (a.scope !== undefined) words.push('scope', a.scope);
      if (a.deprecated) words.push('preferred_lft 0 valid_lft forever');
      if (a.home) words.push('home');
      if (a.noprefixroute) words.push('noprefixroute');
      else if (upDevices.has(itf.name) && itf.name !== 'lo') ctx.linkRoutes.push({ cidr: peer ?? cidr, dev: itf.name, table: TABLE_IDS.main });
      batch.push(words.join(' '));
    }
  }

  // Every link here has carrier: an interface the scenario says lacks its ff00::/8 route loses it
  // by hand, after its addresses (inet6_addr_add would add it again).
  for (const itf of host.interfaces) {
    if (itf.multicastRoute === false && itf.name !== 'lo' && upDevices.has(itf.name) && ipv6Devices.has(itf.name)) batch.push(`route del multicast ff00::/8 dev ${itf.name} table local`);
  }
  for (const [i, route] of (host.routes ?? []).entries()) batch.push(...routeLines(route, `route ${i}`, ctx));
  batch.push(...ruleLines(host.rules ?? [], host.defaultRules !== false, ipv6));
  batch.push(...addrlabelLines(host.addrlabels ?? [], ipv6, names));

  const name = scenario.query.name ?? DEFAULT_NAME;
  // Blanks would split the hosts line; a leading dash would read as a probe option.
  if (!/^[^\s#-][^\s#]*$/.test(name)) throw new Error(`query name ${JSON.stringify(name)} cannot be used`);
  for (const r of scenario.query.records) {
    if (!/^\S+$/.test(r)) throw new Error(`record ${JSON.stringify(r)} would not be one /etc/hosts field`);
  }
  const files = {
    hosts: scenario.query.records.map((r) => `${r} ${name}\n`).join(''),
    // Always written, so the machine's own gai.conf never leaks in.
    'gai.conf': scenario.gaiConf ?? '',
    'nsswitch.conf': 'hosts: files\n',
    'host.conf': 'multi on\n',
    // A stray DNS query is refused by the namespace's own loopback instead of leaving it.
    'resolv.conf': 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n',
  };

  const probeArgs = ['--family', scenario.query.family ?? 'AF_UNSPEC'];
  const flags = scenario.query.flags ?? [];
  if (flags.length > 0) probeArgs.push('--flags', flags.join(','));
  probeArgs.push(name);
  const plan: HostPlan = { sysctls, batch, files, probeArgs };
  const uid = scenario.query.uid;
  if (uid !== undefined && uid !== 0) {
    if (!Number.isInteger(uid) || uid < 0 || uid > 0xfffffffe) throw new Error(`query uid ${uid} is not a uid`);
    plan.uid = uid;
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** The families `ip route add` gives a scenario route: its prefix's, or for `default` that of
 * its via, src, from or first hop's via (an IPv6 via on a `default` is an IPv6 default; RFC 5549
 * needs `0.0.0.0/0`), else both (IPv4 alone when IPv6 is off). */
function routeFamilies(route: ScenarioRoute, what: string, ipv6: boolean): Cidr[] {
  const any = (f: 4 | 6): Cidr => parseCidr(f === 4 ? '0.0.0.0/0' : '::/0', what);
  if (route.to !== 'default') return [parseCidr(route.to, `${what} to`)];
  const hint = route.via ?? route.src ?? route.from?.split('/')[0] ?? route.nexthops?.find((h) => h.via !== undefined)?.via;
  if (hint !== undefined) return [any(parseHostAddress(hint, `${what} family hint`).family)];
  // A default with neither via nor src says nothing about its family: it means both.
  return ipv6 ? [any(4), any(6)] : [any(4)];
}

/** A stable 32-bit hash of a text (FNV-1a): which multipath routes use nexthop objects. */
function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function routeLines(route: ScenarioRoute, what: string, ctx: PlanContext): string[] {
  const type = route.type ?? 'unicast';
  if (!['unicast', 'unreachable', 'blackhole', 'prohibit', 'local', 'throw'].includes(type)) {
    throw new Error(`${what}: unknown route type ${JSON.stringify(type)}`);
  }
  const known = (dev: string, where: string) => {
    if (dev !== 'lo' && !ctx.devices.has(dev)) throw new Error(`${where}: unknown dev ${dev}`);
  };
  if (route.dev !== undefined) known(route.dev, what);
  for (const h of route.nexthops ?? []) if (h.dev !== undefined) known(h.dev, `${what} nexthop`);
  if (route.metric !== undefined && !(Number.isInteger(route.metric) && route.metric >= 0)) {
    throw new Error(`${what}: metric must be a non-negative integer`);
  }
  const src = route.src === undefined ? undefined : parseHostAddress(route.src, `${what} src`);
  const from = route.from === undefined ? undefined : parseCidr(route.from, `${what} from`);
  const table = tableId(route.table);

  return routeFamilies(route, what, ctx.ipv6).flatMap((to) => {
    const f = to.ip.family;
    if (src && src.family !== f) throw new Error(`${what}: src ${route.src} is not in the family of ${route.to}`);
    // ip6_route_info_create checks the prefsrc with ipv6_chk_addr, which skips tentative
    // addresses (optimistic ones pass): "Invalid source address".
    if (src && f === 6 && ctx.tentative.has(formatIp(src))) throw new UnsupportedByHostBuilder(`${what}: src ${route.src} is tentative (the kernel refuses it as a preferred source)`);
    if (f === 6 && !ctx.ipv6) throw new Error(`${what}: IPv6 route on a host with ipv6: false`);
    if (from && (from.ip.family !== 6 || f !== 6)) throw new Error(`${what}: from is for IPv6 routes only`);
    // fib_check_nh_v4_gw looks a gateway up with the route's scope + 1, so under `scope link`
    // only host-scope routes qualify ("Nexthop has invalid gateway"), and with onlink such a
    // scope is refused ("Nexthop has invalid scope"); fib_create_info refuses a gateway on a
    // host-scope route. IPv6 takes any scope (and ignores it).
    const gateway = route.via !== undefined || (route.nexthops ?? []).some((h) => h.via !== undefined);
    if (f === 4 && type === 'unicast' && gateway && (route.scope === 'link' || route.scope === 'host')) {
      throw new UnsupportedByHostBuilder(`${what}: an IPv4 route with a gateway and scope ${route.scope} (the kernel refuses it)`);
    }
    const lines: string[] = [];
    const words = ['route add'];
    if (type !== 'unicast') words.push(type);
    words.push(cidrText(to));
    if (from) words.push('from', cidrText(from));
    // iproute2 puts a `local` route without `table` in table local; the scenario's default is main.
    if (route.table !== undefined) words.push('table', tableWord(route.table));
    else if (type === 'local') words.push('table', 'main');
    if (route.metric !== undefined) words.push('metric', String(route.metric));
    if (route.scope !== undefined) words.push('scope', route.scope);
    if (type === 'local') {
      if (route.dev === undefined) throw new Error(`${what}: a local route needs a dev`);
      words.push('dev', route.dev);
      if (src) words.push('src', formatIp(src));
    } else if (type === 'unicast') {
      if (src) words.push('src', formatIp(src));
      if (route.nexthops !== undefined) {
        if (route.nexthops.length === 0) throw new Error(`${what}: empty nexthops`);
        const hops = route.nexthops.map((h, k) => hop(h, f, table, `${what} nexthop ${k}`, ctx));
        // IPv6 refuses a multipath route with two equal hops (rt6_duplicate_nexthop: EEXIST); IPv4 keeps both.
        const hopKeys = route.nexthops.map((h) => `${h.via === undefined ? '' : formatIp(parseHostAddress(h.via, what))}|${h.dev ?? ''}`);
        if (f === 6 && new Set(hopKeys).size < hopKeys.length) throw new UnsupportedByHostBuilder(`${what}: two equal hops in an IPv6 multipath route (the kernel refuses it: File exists)`);
        // Routing daemons (FRR's zebra, systemd-networkd) install multipath routes through
        // nexthop objects and groups; `ip route … nexthop …` is the older inline form. Both are
        // built, chosen by the route's own text so a scenario always gets the same form.
        // One difference shows between the forms: a nexthop object caches its source chosen
        // with scope link - 1 (nh_create_ipv4), an inline hop with the route's universe scope,
        // so a site-scope IPv4 address on the hop's device can become the source only through
        // an object. The scenario does not say which form a tool used: such hosts stay inline.
        const siteScoped = (dev: string | undefined) => dev !== undefined && ctx.siteScopeDevices.has(dev);
        const objects =
          hops.length > 1 && hops.every((h) => h.via !== null) && !from && !route.nexthops.some((h) => siteScoped(h.dev)) && (textHash(JSON.stringify(route)) & 1) === 1;
        if (objects) {
          const ids = hops.map((h) => {
            const id = ctx.nextNexthopId++;
            lines.push(`nexthop add id ${id} ${h.words.join(' ')}`);
            return h.weight === 1 ? `${id}` : `${id},${h.weight}`;
          });
          const groupId = ctx.nextNexthopId++;
          lines.push(`nexthop add id ${groupId} group ${ids.join('/')}`);
          words.push('nhid', String(groupId));
        } else {
          for (const h of hops) words.push('nexthop', ...h.words, ...(h.weight === 1 ? [] : ['weight', String(h.weight)]));
        }
      } else {
        if (route.via === undefined && route.dev === undefined) throw new Error(`${what}: a unicast route needs via, dev or nexthops`);
        const h = hop({ ...(route.via === undefined ? {} : { via: route.via }), ...(route.dev === undefined ? {} : { dev: route.dev }) }, f, table, what, ctx);
        words.push(...h.words);
        // A route without gateway reaches its prefix on the link: a later gateway may sit there.
        if (h.via === null && route.dev !== undefined && route.scope !== 'global' && route.scope !== 'site') {
          ctx.linkRoutes.push({ cidr: to, dev: route.dev, table });
        }
      }
    } else if (route.via !== undefined || route.dev !== undefined || route.src !== undefined || route.nexthops !== undefined) {
      throw new Error(`${what}: a ${type} route has no via, dev, src or nexthops`);
    }
    lines.push(words.join(' '));
    return lines;
  });
}

/** One hop's `via … dev … [onlink]` words. */
function hop(h: ScenarioNexthop, family: 4 | 6, table: number, what: string, ctx: PlanContext): { words: string[]; via: Ip | null; weight: number } {
  const weight = h.weight ?? 1;
  if (!Number.isInteger(weight) || weight < 1 || weight > 256) throw new Error(`${what}: weight must be 1..256`);
  const words: string[] = [];
  const via = h.via === undefined ? null : parseHostAddress(h.via, `${what} via`);
  if (via) {
    if (via.family === 4 && family === 6) throw new Error(`${what}: IPv4 gateway on an IPv6 route`);
    if (via.family === 6 && !ctx.ipv6) throw new Error(`${what}: IPv6 gateway on a host with ipv6: false`);
    // RFC 5549: an IPv4 route through an IPv6 next hop.
    words.push('via', ...(via.family !== family ? ['inet6'] : []), formatIp(via));
  }
  if (h.dev !== undefined) words.push('dev', h.dev);
  if (via) {
    if (isLinkLocal6(via)) {
      // A link-local gateway is on the link of the device it is given with, and needs one.
      if (h.dev === undefined) throw new UnsupportedByHostBuilder(`${what}: link-local gateway ${h.via} without dev`);
      if (!ctx.ipv6Devices.has(h.dev)) throw new UnsupportedByHostBuilder(`${what}: IPv6 gateway ${h.via} on ${h.dev}, whose IPv6 is disabled`);
    } else if (!reachable(via, h.dev, table, ctx)) {
      // The kernel refuses a gateway it has no link route to (in the route's table, or
      // through the rules: local, main and, for IPv4, default) unless told it is on-link,
      // which needs the device.
      if (h.dev === undefined) throw new UnsupportedByHostBuilder(`${what}: gateway ${h.via} is on no connected prefix and has no dev for onlink`);
      words.push('onlink');
    }
  }
  return { words, via, weight };
}

function reachable(gw: Ip, dev: string | undefined, table: number, ctx: PlanContext): boolean {
  const fallback: number[] = gw.family === 4 ? [TABLE_IDS.local, TABLE_IDS.main, TABLE_IDS.default] : [TABLE_IDS.local, TABLE_IDS.main];
  return ctx.linkRoutes.some(
    (r) =>
      r.cidr.ip.family === gw.family &&
      (dev === undefined || r.dev === dev) &&
      (r.table === table || fallback.includes(r.table)) &&
      matchesPrefix(gw.bytes, r.cidr.ip.bytes, prefixBits(r.cidr)),
  );
}

// ---------------------------------------------------------------------------------------------
// Rules

const DEFAULT_RULES: Record<4 | 6, string[]> = {
  4: ['rule del pref 0 table local', 'rule del pref 32766 table main', 'rule del pref 32767 table default'],
  6: ['rule del pref 0 table local', 'rule del pref 32766 table main'],
};

/** The families `ip rule add` gives a scenario rule: its own, that of from/to, else both. */
function ruleFamilies(r: ScenarioRule, ipv6: boolean, what: string): (4 | 6)[] {
  if (r.family !== undefined) return [r.family];
  for (const t of [r.from, r.to]) if (t !== undefined && t !== 'all') return [parseCidr(t, what).ip.family];
  return ipv6 ? [4, 6] : [4];
}

function ruleLines(rules: readonly ScenarioRule[], keepDefaults: boolean, ipv6: boolean): string[] {
  const byFamily: Record<4 | 6, string[]> = { 4: [], 6: [] };
  // `ip rule flush` keeps the pref-0 local rule: the defaults are deleted one by one, exactly.
  if (!keepDefaults) {
    byFamily[4].push(...DEFAULT_RULES[4].map((l) => `-4 ${l}`));
    if (ipv6) byFamily[6].push(...DEFAULT_RULES[6].map((l) => `-6 ${l}`));
  }
  // Priorities as the kernel assigns them (fib_default_rule_pref), to refuse backward gotos.
  const prefs: Record<4 | 6, number[]> = { 4: keepDefaults ? [0, 32766, 32767] : [], 6: keepDefaults && ipv6 ? [0, 32766] : [] };
  rules.forEach((r, i) => {
    const what = `rule ${i}`;
    for (const family of ruleFamilies(r, ipv6, what)) {
      if (family === 6 && !ipv6) throw new Error(`${what}: IPv6 rule on a host with ipv6: false`);
      const list = prefs[family];
      const pref = r.priority ?? (list.length > 1 && list[1]! > 0 ? list[1]! - 1 : 0);
      let at = 0;
      while (at < list.length && list[at]! <= pref) at++;
      list.splice(at, 0, pref);
      // A rule the kernel already holds fails with EEXIST and is not added (-force: skipped).
      byFamily[family].push(`-force -${family} ${ruleText(r, family, pref, what)}`);
    }
  });
  return [...byFamily[4], ...byFamily[6]];
}

function ruleText(r: ScenarioRule, family: 4 | 6, pref: number, what: string): string {
  const words = ['rule add'];
  if (r.not) words.push('not');
  for (const key of ['from', 'to'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    if (v !== 'all' && parseCidr(v, `${what} ${key}`).ip.family !== family) throw new Error(`${what}: ${key} ${v} is not IPv${family}`);
    words.push(key, v === 'all' ? 'all' : cidrText(parseCidr(v, what)));
  }
  if (r.fwmark !== undefined) {
    const m = parseFwmark(r.fwmark);
    if (!m) throw new Error(`${what}: bad fwmark ${JSON.stringify(r.fwmark)}`);
    words.push('fwmark', typeof r.fwmark === 'number' ? String(r.fwmark) : r.fwmark);
  }
  for (const key of ['iif', 'oif'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    checkInterfaceName(v);
    words.push(key, v);
  }
  if (r.uidrange !== undefined) {
    const u = parseRange(r.uidrange, 0xfffffffe);
    if (!u) throw new Error(`${what}: bad uidrange ${JSON.stringify(r.uidrange)}`);
    words.push('uidrange', `${u.start}-${u.end}`);
  }
  if (r.ipproto !== undefined) {
    if (!/^[a-z0-9-]+$/.test(String(r.ipproto))) throw new Error(`${what}: bad ipproto`);
    words.push('ipproto', String(r.ipproto));
  }
  for (const key of ['sport', 'dport'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    const p = parseRange(v, 65535);
    if (!p) throw new Error(`${what}: bad ${key} ${JSON.stringify(v)}`);
    // fib_rule_port_range_valid: 0 and 65535 are never part of a range the kernel takes.
    if (p.start === 0 || p.end === 65535) throw new UnsupportedByHostBuilder(`${what}: ${key} ${v} (the kernel refuses port ranges holding 0 or 65535)`);
    words.push(key, p.start === p.end ? String(p.start) : `${p.start}-${p.end}`);
  }
  if (r.tos !== undefined && r.tos !== 0) {
    // IPv4 takes only the TOS bits (0x1e); IPv6 any DSCP, but neither an ECN bit.
    if ((family === 4 && (r.tos & ~0x1e) !== 0) || (r.tos & 3) !== 0) throw new UnsupportedByHostBuilder(`${what}: tos ${r.tos} (the kernel refuses it for IPv${family} rules)`);
    // iproute2 reads the value as hex.
    words.push('tos', `0x${r.tos.toString(16)}`);
  }
  if (r.priority !== undefined) words.push('pref', String(r.priority));
  const action = r.action ?? (r.goto !== undefined ? 'goto' : 'table');
  switch (action) {
    case 'table':
      // iproute2's default for a rule without table is main; written out.
      words.push('table', tableWord(r.table ?? 'main'));
      break;
    case 'goto':
      if (r.goto === undefined) throw new Error(`${what}: goto without target`);
      if (r.goto <= pref) throw new UnsupportedByHostBuilder(`${what}: goto ${r.goto} from priority ${pref} (the kernel refuses backward jumps)`);
      words.push('goto', String(r.goto));
      break;
    default:
      words.push(action);
  }
  if (r.suppressPrefixlength !== undefined) words.push('suppress_prefixlength', String(r.suppressPrefixlength));
  if (r.suppressIfgroup !== undefined) words.push('suppress_ifgroup', String(r.suppressIfgroup));
  return words.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Address labels

/** `ip addrlabel add` fails with EEXIST on a row of the same prefix and device (the kernel's
 * own rows included): the row is replaced, as `del` then `add`. */
function addrlabelLines(rows: readonly { prefix: string; label: number; dev?: string }[], ipv6: boolean, devices: Set<string>): string[] {
  if (rows.length === 0) return [];
  if (!ipv6) throw new Error('address labels on a host with ipv6: false');
  const key = (bytes: Uint8Array, len: number, dev: string) => `${Buffer.from(maskBytes(bytes, len)).toString('hex')}/${len}|${dev}`;
  const present = new Map<string, number>();
  for (const k of KERNEL_ADDRLABEL) present.set(key(k.prefix, k.length, ''), k.value);
  const lines: string[] = [];
  rows.forEach((r, i) => {
    const c = parseCidr(r.prefix, `addrlabel ${i}`);
    if (c.ip.family !== 6) throw new Error(`addrlabel ${i}: ${r.prefix} is not IPv6`);
    if (!Number.isInteger(r.label) || r.label < 0 || r.label > 0xfffffffe) throw new Error(`addrlabel ${i}: bad label`);
    if (r.dev !== undefined && r.dev !== 'lo' && !devices.has(r.dev)) throw new Error(`addrlabel ${i}: unknown dev ${r.dev}`);
    const prefix = maskedText(c);
    const dev = r.dev === undefined ? '' : ` dev ${r.dev}`;
    const k = key(c.ip.bytes, c.len, r.dev ?? '');
    const old = present.get(k);
    if (old !== undefined) lines.push(`addrlabel del prefix ${prefix}${dev} label ${old}`);
    lines.push(`addrlabel add prefix ${prefix}${dev} label ${r.label}`);
    present.set(k, r.label);
  });
  return lines;
}

function tempaddr(v: number, dev: string): number {
  if (!Number.isInteger(v) || v < -1 || v > 2) throw new Error(`interface ${dev}: useTempaddr must be an integer -1..2`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Duplicate address detection

/** How long DAD runs, in probes of net.ipv6.neigh.DEV.retrans_time_ms (1 s): far longer than a
 * scenario lives. `dad_transmits` ends up in inet6_ifaddr.dad_probes, a u8: at most 255. */
export const DAD_TRANSMITS = 100;

const isTentative = (a: { tentative?: boolean; optimistic?: boolean }): boolean => a.tentative === true || a.optimistic === true;

/**
 * The state an IPv6 address must be left in. `done`: added `nodad`. `tentative`: added without
 * nodad, so DAD holds it: on an up link with carrier (every veth here) for DAD_TRANSMITS
 * seconds; on a link that is down it never starts (addrconf_dad_begin: !IF_READY keeps a
 * permanent address tentative). `optimistic`: `ip addr add … optimistic` on an up link (RFC 4429;
 * IFA_F_OPTIMISTIC always comes with IFA_F_TENTATIVE until DAD ends, so a scenario's
 * `optimistic` is that state whether or not it also says `tentative`).
 */
function dadState(a: { tentative?: boolean; optimistic?: boolean }, itf: { name: string }, v6: boolean, up: boolean, what: string): 'done' | 'tentative' | 'optimistic' {
  if (!isTentative(a)) return 'done';
  if (!v6) throw new UnsupportedByHostBuilder(`${what}: ${a.optimistic ? 'optimistic' : 'tentative'} is an IPv6-only state`);
  // addrconf_dad_begin completes DAD at once on IFF_LOOPBACK devices.
  if (itf.name === 'lo') throw new UnsupportedByHostBuilder(`${what}: lo runs no DAD, its addresses are never tentative`);
  if (!a.optimistic) return 'tentative';
  // On a link that is down addrconf_dad_begin stops before the optimistic address gets its
  // local route (it keeps IFA_F_OPTIMISTIC|IFA_F_TENTATIVE without one): a state the scenario
  // format does not say apart from an optimistic address on an up link.
  if (!up) throw new UnsupportedByHostBuilder(`${what}: optimistic on a link that is down`);
  return 'optimistic';
}

/** Per-device sysctls that keep this interface's tentative and optimistic addresses so. */
function dadSysctls(itf: { name: string; up?: boolean; addresses: readonly ScenarioAddress[] }): string[] {
  const addrs = itf.addresses.map(addressObject);
  if (itf.up === false || !addrs.some(isTentative)) return [];
  const out = [`net/ipv6/conf/${itf.name}/dad_transmits=${DAD_TRANSMITS}`];
  // inet6_addr_add takes IFA_F_OPTIMISTIC only with optimistic_dad on (all or the device).
  if (addrs.some((a) => a.optimistic)) out.push(`net/ipv6/conf/${itf.name}/optimistic_dad=1`);
  return out;
}
