// A scenario's `ip rule` list as the lines that build it: the kernel's default rules deleted one by
// one when the scenario drops them, each rule added in its families with the priority the kernel
// would give it, and what the kernel refuses (backward gotos, port ranges holding 0 or 65535,
// TOS or ECN bits it does not take) refused here before any namespace exists.

import { parseFwmark, parseRange } from '../../src/scenario/rule-fields.js';
import type { ScenarioRule } from '../../src/scenario/types.js';
import { UnsupportedByHostBuilder, checkInterfaceName, cidrText, parseCidr, tableWord } from './host-plan-parse.js';

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

export function ruleLines(rules: readonly ScenarioRule[], keepDefaults: boolean, ipv6: boolean): string[] {
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
