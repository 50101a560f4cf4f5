// Turns a scenario into the `ip`/`sysctl` commands docs/scenario.md names for each key, read from
// the scenario JSON alone (not from the generator's model), as an outside builder would.
import type { HostPlan } from '../netns.js';

type O = Record<string, any>;
const fam = (a: string) => (a.includes(':') ? 6 : 4);
const addrOf = (a: string | O): O => (typeof a === 'string' ? { address: a } : a);
/** The kernel's own address label rows that a scenario may replace (`add` alone: EEXIST). */
const KERNEL_LABELS: Record<string, number> = { '::/0': 1, '::ffff:0:0/96': 4, 'fc00::/7': 5, '2002::/16': 2, '::1/128': 0 };

function addrCmd(a: O, dev: string): string {
  const f = fam(a.address);
  const w = ['addr', 'add', a.address];
  if (a.peer) w.splice(2, 1, a.address.split('/')[0], 'peer', a.peer);
  w.push('dev', dev);
  if (a.scope) w.push('scope', a.scope);
  if (a.noprefixroute) w.push('noprefixroute');
  if (a.home) w.push('home');
  if (a.optimistic) w.push('optimistic');
  // Without nodad the address stays tentative on a link that has no carrier or is down.
  if (f === 6 && !a.tentative && !a.optimistic) w.push('nodad');
  if (a.deprecated) w.push('preferred_lft', '0');
  return `-${f} ${w.join(' ')}`;
}

function routeFamilies(r: O, ipv6: boolean): (4 | 6)[] {
  if (r.to !== 'default') return [fam(r.to)];
  const hint = r.via ?? r.src ?? r.from ?? r.nexthops?.[0]?.via;
  if (hint) return [fam(hint)];
  return ipv6 ? [4, 6] : [4];
}

function routeCmd(r: O, f: 4 | 6): string {
  const w = ['route', 'add'];
  if (r.type && r.type !== 'unicast') w.push(r.type);
  w.push(r.to);
  const via = (g: string) => (f === 4 && fam(g) === 6 ? ['via', 'inet6', g] : ['via', g]);
  if (r.via) w.push(...via(r.via));
  if (r.dev) w.push('dev', r.dev);
  if (r.src) w.push('src', r.src);
  if (r.from) w.push('from', r.from);
  if (r.metric !== undefined) w.push('metric', String(r.metric));
  w.push('table', String(r.table ?? 'main'));
  if (r.scope) w.push('scope', r.scope);
  for (const h of r.nexthops ?? []) {
    w.push('nexthop');
    if (h.via) w.push(...via(h.via));
    if (h.dev) w.push('dev', h.dev);
    if (h.weight) w.push('weight', String(h.weight));
  }
  return `-${f} ${w.join(' ')}`;
}

function ruleCmds(r: O): string[] {
  const prefixed = r.from && r.from !== 'all' ? r.from : r.to && r.to !== 'all' ? r.to : undefined;
  const fams = r.family ? [r.family] : prefixed ? [fam(prefixed)] : [4, 6];
  const w = ['rule', 'add'];
  if (r.not) w.push('not');
  for (const k of ['from', 'to', 'fwmark', 'iif', 'oif', 'uidrange', 'ipproto', 'sport', 'dport'] as const) if (r[k] !== undefined) w.push(k, String(r[k]));
  if (r.tos !== undefined) w.push('tos', `0x${Number(r.tos).toString(16)}`);
  if (r.priority !== undefined) w.push('pref', String(r.priority));
  const action = r.action ?? (r.goto !== undefined ? 'goto' : 'table');
  if (action === 'table') w.push('table', String(r.table ?? 'main'));
  else if (action === 'goto') w.push('goto', String(r.goto));
  else w.push(action);
  if (r.suppressPrefixlength !== undefined) w.push('suppress_prefixlength', String(r.suppressPrefixlength));
  if (r.suppressIfgroup !== undefined) w.push('suppress_ifgroup', String(r.suppressIfgroup));
  return fams.map((f) => `-${f} ${w.join(' ')}`);
}

export function independentPlan(s: O): HostPlan {
  const h = s.host;
  const ipv6 = h.ipv6 !== false;
  const lo: O = h.interfaces.find((i: O) => i.name === 'lo') ?? { name: 'lo', addresses: [] };
  const sysctls: string[] = [];
  const v6 = (k: string, v: number | boolean) => `net.ipv6.conf.${k}=${Number(v)}`;
  if (!ipv6) sysctls.push(v6('all.disable_ipv6', 1));
  if (lo.disableIpv6) sysctls.push(v6('lo.disable_ipv6', 1));
  if (h.useTempaddr !== undefined) sysctls.push(v6('all.use_tempaddr', h.useTempaddr), v6('default.use_tempaddr', h.useTempaddr));
  if (h.ipv6Forwarding) sysctls.push(v6('all.forwarding', 1));
  if (lo.useTempaddr !== undefined) sysctls.push(v6('lo.use_tempaddr', lo.useTempaddr));
  if (lo.forwarding !== undefined) sysctls.push(v6('lo.forwarding', lo.forwarding));
  if (h.bindv6only) sysctls.push('net.ipv6.bindv6only=1');

  const batch: string[] = ['link set dev lo up'];
  if (lo.up === false) batch.push('link set dev lo down');
  if (lo.group) batch.push(`link set dev lo group ${lo.group}`);
  // lo's own addresses are there already, except ::1 on a lo that went down.
  const isLoopDefault = (a: string) => a === '127.0.0.1/8' || (a === '::1/128' && lo.up !== false);
  // Addresses are made in the order the interfaces are listed, lo's where lo is listed.
  let index = 1;
  for (const i of h.interfaces as O[]) {
    if (i.name === 'lo') {
      for (const a of lo.addresses.map(addrOf)) if (!isLoopDefault(a.address)) batch.push(addrCmd(a, 'lo'));
      continue;
    }
    index++;
    const addrs: O[] = i.addresses.map(addrOf);
    // Each interface is a veth. A link whose DAD never finishes (tentative addresses) has its
    // peer left down, so it has no carrier; otherwise the peer is up and gives it carrier.
    // Optimistic addresses need DAD running: carrier, optimistic_dad, and DAD that outlasts the run.
    const optimistic = addrs.some((a) => a.optimistic);
    const carrierless = !optimistic && addrs.some((a) => a.tentative);
    const peer = `p${index}`;
    batch.push(`link add ${i.name} index ${index} type veth peer name ${peer} index ${index + 100}`);
    // The peer is plumbing, not part of the host: no IPv6 on it.
    if (ipv6) batch.push(`sysctl ${v6(`${peer}.disable_ipv6`, 1)}`);
    // No automatic link-local address: the scenario lists every address the host has.
    if (ipv6) batch.push(`link set dev ${i.name} addrgenmode none`);
    const sys: string[] = [];
    if (i.disableIpv6) sys.push(v6(`${i.name}.disable_ipv6`, 1));
    if (i.forwarding !== undefined) sys.push(v6(`${i.name}.forwarding`, i.forwarding));
    if (i.useTempaddr !== undefined) sys.push(v6(`${i.name}.use_tempaddr`, i.useTempaddr));
    if (optimistic) sys.push(v6(`${i.name}.optimistic_dad`, 1), v6(`${i.name}.dad_transmits`, 100));
    if (ipv6 && sys.length) batch.push(`sysctl ${sys.join(' ')}`);
    if (i.group) batch.push(`link set dev ${i.name} group ${i.group}`);
    if (i.up !== false) {
      if (!carrierless) batch.push(`link set dev ${peer} up`);
      batch.push(`link set dev ${i.name} up`);
      // Ready in interface order: each link's ff00::/8 route is made before the next one's.
      if (!carrierless) batch.push(`waitup ${i.name}`);
    }
    for (const a of addrs) batch.push(addrCmd(a, i.name));
    const hasV6 = ipv6 && !i.disableIpv6 && i.up !== false;
    if (hasV6 && i.multicastRoute === false && (!carrierless || addrs.some((a) => fam(a.address) === 6))) {
      batch.push(`-6 route del multicast ff00::/8 dev ${i.name} table local`);
    }
  }
  for (const r of h.routes ?? []) for (const f of routeFamilies(r, ipv6)) batch.push(routeCmd(r, f));
  // defaultRules: false deletes the kernel's rules, except one the scenario lists as it is
  // (a capture lists them so): that one was never deleted nor added again.
  const kept = new Set<string>();
  if (h.defaultRules === false) {
    const defaults: [4 | 6, number, string][] = [[4, 32767, 'default'], [4, 32766, 'main'], [4, 0, 'local'], [6, 32766, 'main'], [6, 0, 'local']];
    for (const [f, pref, table] of defaults) {
      const listed = (h.rules ?? []).find((r: O) => r.priority === pref && (r.table ?? 'main') === table && (r.family === f || (r.family === undefined && !r.from && !r.to)) && Object.keys(r).every((k) => ['priority', 'table', 'family'].includes(k)));
      if (listed) kept.add(`${f}/${pref}/${table}`);
      else batch.push(`-${f} rule del pref ${pref} table ${table}`);
    }
  }
  for (const r of h.rules ?? []) batch.push(...ruleCmds(r).filter((c) => !kept.has(`${c[1]}/${r.priority}/${r.table ?? 'main'}`) || Object.keys(r).some((k) => !['priority', 'table', 'family'].includes(k))));
  for (const l of h.addrlabels ?? []) {
    if (!l.dev && KERNEL_LABELS[l.prefix] !== undefined) batch.push(`-6 addrlabel del prefix ${l.prefix} label ${KERNEL_LABELS[l.prefix]}`);
    batch.push(`-6 addrlabel add prefix ${l.prefix}${l.dev ? ` dev ${l.dev}` : ''} label ${l.label}`);
  }

  const q = s.query;
  const name = q.name ?? 'host.test';
  const probeArgs = ['--family', q.family ?? 'AF_UNSPEC', ...(q.flags?.length ? ['--flags', q.flags.join(',')] : []), name];
  return {
    sysctls,
    batch,
    files: {
      hosts: q.records.map((r: string) => `${r} ${name}\n`).join(''),
      'gai.conf': s.gaiConf ?? '',
      'nsswitch.conf': 'hosts: files\n',
      'host.conf': 'multi on\n',
      'resolv.conf': 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n',
    },
    probeArgs,
    ...(q.uid ? { uid: q.uid } : {}),
  };
}
