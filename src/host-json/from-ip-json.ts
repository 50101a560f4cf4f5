// `ip -j` output that a person pasted (or a program ran) → a scenario host, exactly as
// `gaiconf host capture` reads it: the same reader (ip-json.ts) and the same assembler
// (assemble.ts). What a capture reads from /proc/sys besides (disable_ipv6, use_tempaddr,
// bindv6only, path-changing sysctls) comes from `sysctl net.ipv4 net.ipv6` output when given;
// without it the kernel's defaults are assumed and said so in the notes.
import { GaiconfInputError, type InputProblem } from '../input-error.js';
import { closest } from '../scenario/validate.js';
import { describe, isPlainObject } from '../input-problems.js';
import { parseIp } from '../address/ip.js';
import { assembleHost } from './assemble.js';
import { rawFromIpJson, type IpJsonLink, type IpJsonNexthopObject, type IpJsonRoute, type IpJsonRule } from './ip-json.js';
import type { CapturedHost, RawAddrlabel, RawHost } from './raw-host.js';
import { sysctlFacts, sysctlFields, sysctlTextReader, type SysctlFacts } from './sysctls.js';

/** The outputs of the commands `gaiconf host capture` runs, each as parsed JSON (`JSON.parse` of the text). */
export interface IpJsonOutputs {
  /** `ip -j addr` (required): interfaces, flags and addresses. */
  addr: unknown;
  /** `ip -N -j -4 route show table all` (required; `-N` optional). */
  route4: unknown;
  /** `ip -N -j -6 route show table all` (required unless the host has no IPv6). */
  route6?: unknown;
  /** `ip -N -j -4 rule`; absent: the kernel's default rules. */
  rule4?: unknown;
  /** `ip -N -j -6 rule`; absent: the kernel's default rules. */
  rule6?: unknown;
  /** `ip -N -j -d link`: interface groups and kinds. */
  link?: unknown;
  /** `ip -j addrlabel`: the kernel's address label table; absent: its default. */
  addrlabel?: unknown;
  /** `ip -j nexthop`: needed only when routes name nexthop objects (`nhid`) that iproute2 did not expand. */
  nexthop?: unknown;
  /** The text `sysctl net.ipv4 net.ipv6` prints; absent: every sysctl at the kernel's default. */
  sysctl?: string;
}

const KEYS = ['addr', 'route4', 'route6', 'rule4', 'rule6', 'link', 'addrlabel', 'nexthop', 'sysctl'] as const;
// `-N` (numbers for tables, types, scopes, groups) as host capture runs them: names from
// /etc/iproute2 cannot be resolved from the output alone. Without it (iproute2 < 5.3) the
// built-in names still read.
const COMMAND: Record<(typeof KEYS)[number], string> = {
  addr: 'ip -j addr',
  route4: 'ip -N -j -4 route show table all',
  route6: 'ip -N -j -6 route show table all',
  rule4: 'ip -N -j -4 rule',
  rule6: 'ip -N -j -6 rule',
  link: 'ip -N -j -d link',
  addrlabel: 'ip -j addrlabel',
  nexthop: 'ip -j nexthop',
  sysctl: 'sysctl net.ipv4 net.ipv6',
};

/** The command whose output each key of IpJsonOutputs takes. */
export const IP_JSON_COMMANDS: Readonly<Record<keyof IpJsonOutputs, string>> = COMMAND;

type Check = (item: Record<string, unknown>, path: string, add: (path: string, message: string, hint: string) => void) => void;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isStringOrInt = (v: unknown): boolean => typeof v === 'string' || isInt(v);

function optional(item: Record<string, unknown>, key: string, ok: (v: unknown) => boolean, what: string, path: string, add: (p: string, m: string, h: string) => void, hint: string): void {
  if (item[key] !== undefined && !ok(item[key])) add(`${path}.${key}`, `${key} must be ${what}, not ${describe(item[key])}`, hint);
}

const checkLink: Check = (l, path, add) => {
  const hint = 'Paste what the command printed, unchanged.';
  if (!isInt(l.ifindex)) add(`${path}.ifindex`, `an interface needs its ifindex (a number), not ${describe(l.ifindex)}`, hint);
  if (typeof l.ifname !== 'string' || l.ifname === '') add(`${path}.ifname`, `an interface needs its ifname (a string), not ${describe(l.ifname)}`, hint);
  optional(l, 'flags', (v) => Array.isArray(v) && v.every((f) => typeof f === 'string'), 'a list of strings', path, add, hint);
  optional(l, 'group', isStringOrInt, 'a name or a number', path, add, hint);
  optional(l, 'linkinfo', isPlainObject, 'an object', path, add, hint);
  if (l.addr_info !== undefined) {
    if (!Array.isArray(l.addr_info)) add(`${path}.addr_info`, `addr_info must be a list, not ${describe(l.addr_info)}`, hint);
    else
      l.addr_info.forEach((a, i) => {
        const p = `${path}.addr_info[${i}]`;
        if (!isPlainObject(a)) return add(p, `an address must be an object, not ${describe(a)}`, hint);
        optional(a, 'family', (v) => typeof v === 'string', 'a string', p, add, hint);
        optional(a, 'local', (v) => typeof v === 'string', 'a string', p, add, hint);
        optional(a, 'address', (v) => typeof v === 'string', 'a string', p, add, hint);
        optional(a, 'prefixlen', isInt, 'a number', p, add, hint);
        optional(a, 'scope', isStringOrInt, 'a name or a number', p, add, hint);
      });
  }
};

const checkHop = (h: unknown, p: string, add: (p: string, m: string, h: string) => void, hint: string): void => {
  if (!isPlainObject(h)) return add(p, `a next hop must be an object, not ${describe(h)}`, hint);
  optional(h, 'gateway', (v) => typeof v === 'string', 'a string', p, add, hint);
  optional(h, 'dev', (v) => typeof v === 'string', 'a string', p, add, hint);
  optional(h, 'weight', isInt, 'a number', p, add, hint);
  optional(h, 'via', (v) => isPlainObject(v) && (v.host === undefined || typeof v.host === 'string'), 'an object with a host', p, add, hint);
};

function routeChecker(family: 4 | 6): Check {
  return (r, path, add) => {
    const hint = 'Paste what the command printed, unchanged.';
    if (typeof r.dst !== 'string' || r.dst === '') add(`${path}.dst`, `a route needs its dst (a string), not ${describe(r.dst)}`, hint);
    for (const k of ['gateway', 'dev', 'prefsrc', 'from']) optional(r, k, (v) => typeof v === 'string', 'a string', path, add, hint);
    for (const k of ['table', 'type', 'scope', 'protocol', 'tos']) optional(r, k, isStringOrInt, 'a name or a number', path, add, hint);
    optional(r, 'metric', isInt, 'a number', path, add, hint);
    optional(r, 'nhid', isInt, 'a number', path, add, hint);
    if (r.via !== undefined) checkHop({ via: r.via }, path, add, hint);
    if (r.nexthops !== undefined) {
      if (!Array.isArray(r.nexthops)) add(`${path}.nexthops`, `nexthops must be a list, not ${describe(r.nexthops)}`, hint);
      else r.nexthops.forEach((h, i) => checkHop(h, `${path}.nexthops[${i}]`, add, hint));
    }
    // Output of the other family pasted here: its own addresses say so.
    const own = [r.dst, r.prefsrc, r.gateway].find((v) => typeof v === 'string' && v !== 'default' && parseIp(String(v).split('/')[0]!) !== null) as string | undefined;
    const ip = own === undefined ? null : parseIp(own.split('/')[0]!);
    if (ip && ip.family !== family && !(family === 4 && own === r.gateway)) {
      add(path, `${own} is an IPv${ip.family} address: this is not IPv${family} route output`, `Paste the output of \`${family === 4 ? COMMAND.route6 : COMMAND.route4}\` in its own box.`);
    }
  };
}

const checkRule: Check = (r, path, add) => {
  const hint = 'Paste what the command printed, unchanged.';
  optional(r, 'priority', isInt, 'a number', path, add, hint);
};

const checkAddrlabel: Check = (l, path, add) => {
  const hint = 'Paste what `ip -j addrlabel` printed, unchanged.';
  if (typeof l.address !== 'string') add(`${path}.address`, `an address label row needs its address, not ${describe(l.address)}`, hint);
  if (!isInt(l.prefixlen)) add(`${path}.prefixlen`, `an address label row needs its prefixlen, not ${describe(l.prefixlen)}`, hint);
  if (!isInt(l.label)) add(`${path}.label`, `an address label row needs its label, not ${describe(l.label)}`, hint);
  optional(l, 'ifname', (v) => typeof v === 'string', 'a string', path, add, hint);
};

const checkNexthop: Check = (o, path, add) => {
  const hint = 'Paste what `ip -j nexthop` printed, unchanged.';
  if (!isInt(o.id)) add(`${path}.id`, `a nexthop object needs its id, not ${describe(o.id)}`, hint);
  if (o.group !== undefined && !(Array.isArray(o.group) && o.group.every((g) => isPlainObject(g) && isInt(g.id)))) add(`${path}.group`, `group must be a list of { id, weight }, not ${describe(o.group)}`, hint);
  for (const k of ['gateway', 'dev']) optional(o, k, (v) => typeof v === 'string', 'a string', path, add, hint);
};

function list(v: unknown, key: (typeof KEYS)[number], check: Check, add: (p: string, m: string, h: string) => void): void {
  const path = `outputs.${key}`;
  if (!Array.isArray(v)) {
    add(path, `${path} must be the list \`${COMMAND[key]}\` prints, not ${describe(v)}`, `Run \`${COMMAND[key]}\` and paste its output (a JSON list).`);
    return;
  }
  v.forEach((item, i) => {
    if (!isPlainObject(item)) add(`${path}[${i}]`, `an entry must be an object, not ${describe(item)}`, `Paste what \`${COMMAND[key]}\` printed, unchanged.`);
    else check(item, `${path}[${i}]`, add);
  });
}

/** The inputs' problems (paths `outputs.…`), none when they can be read. */
function problemsOf(outputs: unknown): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (path: string, message: string, hint: string) => {
    problems.push({ path, message, hint });
  };
  if (!isPlainObject(outputs)) {
    add('outputs', `outputs must be a plain object, not ${describe(outputs)}`, `Pass { ${KEYS.join(', ')} }: each the parsed JSON its command prints.`);
    return problems;
  }
  for (const k of Object.keys(outputs)) {
    if ((KEYS as readonly string[]).includes(k)) continue;
    const guess = closest(k, KEYS);
    add(`outputs.${k}`, `unknown output ${JSON.stringify(k)}`, guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Known: ${KEYS.join(', ')}.`);
  }
  const given = (k: (typeof KEYS)[number]) => outputs[k] !== undefined && outputs[k] !== null;
  if (!given('addr')) add('outputs.addr', `the output of \`${COMMAND.addr}\` is needed`, `Run \`${COMMAND.addr}\` on the host and paste what it prints.`);
  else list(outputs.addr, 'addr', checkLink, add);
  if (!given('route4')) add('outputs.route4', `the output of \`${COMMAND.route4}\` is needed`, `Run \`${COMMAND.route4}\` on the host and paste what it prints.`);
  else list(outputs.route4, 'route4', routeChecker(4), add);
  if (given('route6')) list(outputs.route6, 'route6', routeChecker(6), add);
  if (given('rule4')) list(outputs.rule4, 'rule4', checkRule, add);
  if (given('rule6')) list(outputs.rule6, 'rule6', checkRule, add);
  if (given('link')) list(outputs.link, 'link', checkLink, add);
  if (given('addrlabel')) list(outputs.addrlabel, 'addrlabel', checkAddrlabel, add);
  if (given('nexthop')) list(outputs.nexthop, 'nexthop', checkNexthop, add);
  if (given('sysctl') && typeof outputs.sysctl !== 'string') add('outputs.sysctl', `outputs.sysctl must be the text \`${COMMAND.sysctl}\` prints, not ${describe(outputs.sysctl)}`, 'Pass the text as it is (not parsed).');
  return problems;
}

/**
 * A scenario host from the output of the `ip -j` commands `gaiconf host capture` runs: the same
 * host, warnings and notes the capture prints for that host (docs/live.md), when the same outputs
 * and the sysctls are given. Throws GaiconfInputError (`INVALID_ARGUMENT`, paths `outputs.…`) for
 * input that is not those commands' output.
 */
export function hostFromIpJson(outputs: IpJsonOutputs): CapturedHost {
  const problems = problemsOf(outputs);
  if (problems.length) throw new GaiconfInputError('INVALID_ARGUMENT', problems);
  const o = outputs as unknown as Record<(typeof KEYS)[number], unknown>;
  const links = o.addr as IpJsonLink[];
  const hasInet6 = links.some((l) => (l.addr_info ?? []).some((a) => a.family === 'inet6'));
  const routes6 = (o.route6 ?? null) as IpJsonRoute[] | null;
  const sysctl = typeof o.sysctl === 'string' ? sysctlTextReader(o.sysctl) : null;
  const notes: string[] = [];
  const devices = links.map((l) => l.ifname);
  let sys: SysctlFacts;
  if (sysctl && sysctl.keys > 0) {
    sys = sysctlFacts(sysctl.read, sysctl.ipv6Keys > 0 || hasInet6, devices);
  } else {
    // No sysctls: IPv6 is on when the host shows any IPv6 address or route; lo without ::1 then
    // has disable_ipv6 (the only way it loses it).
    const ipv6 = hasInet6 || (routes6 ?? []).length > 0;
    const lo = links.find((l) => (l.flags ?? []).includes('LOOPBACK') || l.link_type === 'loopback' || l.ifname === 'lo');
    const disableIpv6: Record<string, boolean> = {};
    if (ipv6 && lo && (lo.flags ?? []).includes('UP') && !(lo.addr_info ?? []).some((a) => a.family === 'inet6')) disableIpv6[lo.ifname] = true;
    sys = { ipv6, kernelIpv6: true, bindv6only: false, useTempaddr: {}, disableIpv6, sysctls: [], warnings: [] };
    notes.push(
      ipv6
        ? `no \`${COMMAND.sysctl}\` output: every sysctl is taken at the kernel's default (use_tempaddr 0, bindv6only 0)${disableIpv6[lo?.ifname ?? ''] ? `; ${lo!.ifname} has no ::1, so its disable_ipv6 is taken as 1` : ''}`
        : `no \`${COMMAND.sysctl}\` output and no IPv6 address: IPv6 is taken as disabled (net.ipv6.conf.all.disable_ipv6=1)`,
    );
  }
  if (sys.ipv6 && routes6 === null) {
    throw new GaiconfInputError('INVALID_ARGUMENT', [
      { path: 'outputs.route6', message: `the output of \`${COMMAND.route6}\` is needed: the host has IPv6`, hint: `Run \`${COMMAND.route6}\` on the host and paste what it prints.` },
    ]);
  }
  const rulesGiven = o.rule4 !== undefined && o.rule4 !== null;
  const parts = rawFromIpJson({
    links,
    linkDetails: (o.link ?? null) as IpJsonLink[] | null,
    routes4: o.route4 as IpJsonRoute[],
    routes6: sys.ipv6 ? (routes6 ?? []) : [],
    nexthops: (o.nexthop ?? null) as IpJsonNexthopObject[] | null,
    ...(rulesGiven ? { rules4: o.rule4 as IpJsonRule[], rules6: sys.ipv6 ? ((o.rule6 ?? null) as IpJsonRule[] | null) : [] } : {}),
    addrlabels: sys.ipv6 ? ((o.addrlabel ?? null) as RawAddrlabel[] | null) : null,
  });
  if (!rulesGiven) notes.push(`no \`${COMMAND.rule4}\` output: the kernel's default rules are assumed`);
  else if (sys.ipv6 && (o.rule6 === undefined || o.rule6 === null)) {
    notes.push(`no \`${COMMAND.rule6}\` output: the IPv6 rules are taken as the kernel's default`);
    parts.rules = { 4: parts.rules![4], 6: [{ rule: { family: 6, priority: 0, table: 'local' }, text: '-6 priority 0 table local' }, { rule: { family: 6, priority: 32766, table: 'main' }, text: '-6 priority 32766 table main' }] };
  }
  if (sys.ipv6 && (o.addrlabel === undefined || o.addrlabel === null)) notes.push(`no \`${COMMAND.addrlabel}\` output: the kernel's default address label table is assumed`);
  const raw: RawHost = {
    method: 'ip',
    ...parts,
    ...sysctlFields(sys),
    warnings: [...sys.warnings, ...parts.warnings],
    notes,
  };
  return assembleHost(raw);
}
