// `ip rule` entries → the kernel's rule lists (net/core/fib_rules.c): the default rules
// (IPv4 0 local, 32766 main, 32767 default; IPv6 0 local, 32766 main), then the scenario's,
// each inserted after every rule of lower or equal priority; a rule without `priority` gets
// one below the second rule of the list (fib_default_rule_pref).
import { parseIp } from '../address/ip.js';
import type { ScenarioRule } from '../scenario/types.js';
import { ipProtocolNumber, parseFwmark, parseRange } from '../scenario/rule-fields.js';
import { bits128, parseCidr } from './cidr.js';
import { RT_TABLE, type HostRule, type HostRules } from './model.js';
import { tableId } from './scenario-routes.js';

const ANY = { prefix: new Uint8Array(16), length: 0 } as const;
const ANY4 = { prefix: parseIp('0.0.0.0')!.bytes, length: 96 } as const;

function defaultRule(family: 4 | 6, priority: number, table: number): HostRule {
  return {
    family,
    priority,
    invert: false,
    src: family === 4 ? ANY4 : ANY,
    dst: family === 4 ? ANY4 : ANY,
    mark: 0,
    markMask: 0,
    iif: null,
    oif: null,
    uidStart: 0,
    uidEnd: 0xffffffff,
    ipproto: 0,
    sport: null,
    dport: null,
    tos: 0,
    action: 'table',
    table,
    goto: null,
    suppressPrefixlen: -1,
    suppressIfgroup: -1,
    origin: null,
  };
}

export function kernelDefaultRules(family: 4 | 6): HostRule[] {
  const rules = [defaultRule(family, 0, RT_TABLE.local), defaultRule(family, 32766, RT_TABLE.main)];
  if (family === 4) rules.push(defaultRule(4, 32767, RT_TABLE.default));
  return rules;
}

function prefixOf(text: string | undefined, family: 4 | 6) {
  if (text === undefined || text === 'all') return family === 4 ? ANY4 : ANY;
  const c = parseCidr(text);
  return { prefix: c.ip.bytes, length: bits128(c.ip, c.len) };
}

/** The families a scenario rule is added for: its own, that of from/to, else both. */
export function ruleFamilies(r: ScenarioRule, ipv6: boolean): (4 | 6)[] {
  if (r.family) return [r.family];
  for (const t of [r.from, r.to]) {
    if (t !== undefined && t !== 'all') return [parseCidr(t).ip.family];
  }
  return ipv6 ? [4, 6] : [4];
}

function hostRule(r: ScenarioRule, family: 4 | 6, priority: number, origin: number): HostRule {
  const mark = r.fwmark === undefined ? { value: 0, mask: 0 } : parseFwmark(r.fwmark)!;
  const uid = r.uidrange === undefined ? { start: 0, end: 0xffffffff } : parseRange(r.uidrange, 0xfffffffe)!;
  const action = r.action ?? (r.goto !== undefined ? 'goto' : 'table');
  return {
    family,
    priority,
    invert: r.not === true,
    src: prefixOf(r.from, family),
    dst: prefixOf(r.to, family),
    mark: mark.value,
    markMask: mark.mask,
    iif: r.iif ?? null,
    oif: r.oif ?? null,
    uidStart: uid.start,
    uidEnd: uid.end,
    ipproto: r.ipproto === undefined ? 0 : ipProtocolNumber(r.ipproto)!,
    sport: r.sport === undefined ? null : parseRange(r.sport, 65535),
    dport: r.dport === undefined ? null : parseRange(r.dport, 65535),
    tos: r.tos ?? 0,
    action,
    // iproute2 gives a rule without `table` or action the main table.
    table: action === 'table' ? tableId(r.table) : 0,
    goto: action === 'goto' ? r.goto! : null,
    suppressPrefixlen: r.suppressPrefixlength ?? -1,
    suppressIfgroup: r.suppressIfgroup ?? -1,
    origin,
  };
}

/** Exactly the same rule (used to tell the kernel's own rules from added ones). */
function sameRule(a: HostRule, b: HostRule): boolean {
  const key = (x: HostRule) =>
    JSON.stringify([x.priority, x.invert, [...x.src.prefix], x.src.length, [...x.dst.prefix], x.dst.length, x.mark, x.markMask, x.iif, x.oif, x.uidStart, x.uidEnd, x.ipproto, x.sport, x.dport, x.tos, x.action, x.table, x.goto, x.suppressPrefixlen, x.suppressIfgroup]);
  return key(a) === key(b);
}

/**
 * The kernel's rule_exists (net/core/fib_rules.c), which makes `ip rule add` (NLM_F_EXCL) fail
 * with EEXIST: same action, table, priority, devices, mark and mask, suppressors, uid range,
 * protocol and ports; the source, destination and TOS only where the NEW rule has them
 * (fib4_rule_compare, fib6_rule_compare). `not` and a goto's target are never compared.
 * (Observed: `pref 250 prohibit` after `pref 250 to 198.51.100.0/24 prohibit` is refused.)
 */
function ruleExists(existing: HostRule, added: HostRule): boolean {
  const any = added.family === 4 ? 96 : 0;
  const range = (x: { start: number; end: number } | null) => (x ? `${x.start}-${x.end}` : '');
  if (existing.action !== added.action || existing.table !== added.table || existing.priority !== added.priority) return false;
  if (existing.iif !== added.iif || existing.oif !== added.oif || existing.mark !== added.mark || existing.markMask !== added.markMask) return false;
  if (existing.suppressIfgroup !== added.suppressIfgroup || existing.suppressPrefixlen !== added.suppressPrefixlen) return false;
  if (existing.uidStart !== added.uidStart || existing.uidEnd !== added.uidEnd || existing.ipproto !== added.ipproto) return false;
  if (range(existing.sport) !== range(added.sport) || range(existing.dport) !== range(added.dport)) return false;
  const samePrefix = (a: HostRule['src'], b: HostRule['src']) => a.length === b.length && a.prefix.every((x, i) => x === b.prefix[i]);
  if (added.src.length > any && !samePrefix(existing.src, added.src)) return false;
  if (added.dst.length > any && !samePrefix(existing.dst, added.dst)) return false;
  if (added.tos !== 0 && existing.tos !== added.tos) return false;
  return true;
}

/** fib_default_rule_pref: one below the second rule's priority, when there is one above 0. */
function defaultPriority(list: readonly HostRule[]): number {
  const second = list[1];
  return second && second.priority > 0 ? second.priority - 1 : 0;
}

export function buildRules(rules: readonly ScenarioRule[] | undefined, keepDefaults: boolean, ipv6: boolean): HostRules {
  const lists: Record<4 | 6, HostRule[]> = { 4: keepDefaults ? kernelDefaultRules(4) : [], 6: keepDefaults && ipv6 ? kernelDefaultRules(6) : [] };
  (rules ?? []).forEach((r, origin) => {
    for (const family of ruleFamilies(r, ipv6)) {
      const list = lists[family];
      const rule = hostRule(r, family, r.priority ?? defaultPriority(list), origin);
      if (list.some((x) => ruleExists(x, rule))) continue;
      let at = 0;
      while (at < list.length && list[at]!.priority <= rule.priority) at++;
      list.splice(at, 0, rule);
    }
  });
  // The kernel walks the rules only once it has custom ones (fib_has_custom_rules): IPv4 once
  // a rule was added or a default one deleted (observed: without the main rule, off-link IPv4
  // destinations get ENETUNREACH); IPv6 only once a rule was added (observed: the same host
  // still routes IPv6). A scenario may list the kernel's own rules (defaultRules: false, as a
  // capture writes them): those count as kept, not added.
  const isDefault = (r: HostRule) => kernelDefaultRules(r.family).some((d) => sameRule(d, r));
  const custom4 = lists[4].some((r) => !isDefault(r)) || lists[4].length !== kernelDefaultRules(4).length;
  const custom6 = lists[6].some((r) => !isDefault(r));
  return { 4: lists[4], 6: lists[6], custom4, custom6 };
}
