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

import { formatIp } from '../../src/address/format.js';
import { maskBytes } from '../../src/address/prefix.js';
import type { Scenario } from '../../src/scenario/types.js';
import { addrlabelLines } from './host-plan-addrlabels.js';
import { dadState, dadSysctls } from './host-plan-dad.js';
import { TABLE_IDS, UnsupportedByHostBuilder, addressObject, checkInterfaceName, cidrText, parseCidr } from './host-plan-parse.js';
import { routeLines, type PlanContext } from './host-plan-routes.js';
import { ruleLines } from './host-plan-rules.js';

export { UnsupportedByHostBuilder } from './host-plan-parse.js';

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
  // A lo that is down was up once: 127.0.0.1 stays, ::1 went with the down (docs/scenario.md).
  batch.push('link set dev lo up');
  if (!loUp) batch.push('link set dev lo down');

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
  const automatic = new Set(['127.0.0.1/8', ...(loUp && ipv6Devices.has('lo') ? ['::1/128'] : [])]);
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

function tempaddr(v: number, dev: string): number {
  if (!Number.isInteger(v) || v < -1 || v > 2) throw new Error(`interface ${dev}: useTempaddr must be an integer -1..2`);
  return v;
}
