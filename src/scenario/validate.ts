// Scenario validation: every error at once, each with the JSON path it concerns and a hint.
// Addresses are read exactly as glibc's inet_pton reads them (src/address/inet-pton.ts).

import { RUNTIME_SCENARIO_KEYS } from './types-runtime.js';
import { validateRuntimeFields } from './validate-runtime.js';
import { parseIp } from '../address/ip.js';
import { JsonLocator } from './json-error.js';
import { NearestName } from './nearest-name.js';
import { quoteShort, shortText } from '../text/short.js';
import { maskBytes } from '../address/prefix.js';
import { IP_PROTOCOLS, ipProtocolNumber, parseFwmark, parseRange } from './rule-fields.js';
import type {
  AiFlag,
  QueryFamily,
  RouteType,
  RuleAction,
  Scenario,
  ScopeName,
  ScenarioAddress,
  ScenarioAddressObject,
  ScenarioHost,
  ScenarioInterface,
  ScenarioQuery,
  ScenarioRoute,
} from './types.js';

export interface ScenarioError {
  /** JSON path of the offending value or key, e.g. `$.host.interfaces[0].addresses[1].address`. */
  path: string;
  message: string;
  hint: string;
  /** The file name given to validateScenario, when there was one. */
  source?: string;
  /** 'key': the error is about the key itself (unknown key), so point at the key, not its value. */
  target?: 'key';
}

export type ValidateResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** The keys each object of the format may carry (the schema lists exactly these; tested). */
export const SCENARIO_KEYS = {
  scenario: ['$schema', 'name', 'host', 'gaiConf', 'query', ...RUNTIME_SCENARIO_KEYS],
  host: ['interfaces', 'routes', 'ipv6', 'useTempaddr', 'rules', 'defaultRules', 'addrlabels', 'kernelIpv6', 'bindv6only', 'ipv6Forwarding'],
  interface: ['name', 'addresses', 'up', 'disableIpv6', 'group', 'useTempaddr', 'forwarding', 'multicastRoute'],
  address: ['address', 'deprecated', 'home', 'temporary', 'optimistic', 'noprefixroute', 'scope', 'peer', 'tentative'],
  route: ['to', 'via', 'dev', 'src', 'type', 'metric', 'table', 'from', 'nexthops', 'scope'],
  nexthop: ['via', 'dev', 'weight'],
  rule: ['family', 'priority', 'not', 'from', 'to', 'fwmark', 'iif', 'oif', 'uidrange', 'ipproto', 'sport', 'dport', 'tos', 'action', 'table', 'goto', 'suppressPrefixlength', 'suppressIfgroup'],
  addrlabel: ['prefix', 'label', 'dev'],
  query: ['name', 'records', 'flags', 'family', 'uid'],
} as const;

export const ROUTE_TYPES: readonly RouteType[] = ['unicast', 'unreachable', 'blackhole', 'prohibit', 'local', 'throw'];
export const SCOPE_NAMES: readonly ScopeName[] = ['global', 'site', 'link', 'host'];
export const RULE_ACTIONS: readonly RuleAction[] = ['table', 'goto', 'nop', 'unreachable', 'prohibit', 'blackhole'];
const MAX_U32 = 4294967295;
export const AI_FLAGS: readonly AiFlag[] = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME'];
export const QUERY_FAMILIES: readonly QueryFamily[] = ['AF_UNSPEC', 'AF_INET', 'AF_INET6'];
/** getaddrinfo answers the scenario may list (the resolver's answer count we model). */
export const MAX_RECORDS = 48;
export const MAX_METRIC = 4294967295;
/** IFNAMSIZ - 1. */
export const MAX_IFNAME = 15;
export const INTERFACE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,15}$/;
/** query.name: non-empty, no whitespace, no control characters. */
export const QUERY_NAME_PATTERN = /^[^\s\u0000-\u001f\u007f]+$/u;

const ADDRESS_FLAGS = ['deprecated', 'home', 'temporary', 'optimistic', 'noprefixroute', 'tentative'] as const;

// ---------------------------------------------------------------------------------------------
// Helpers

/** `base.key`, or `base["odd key"]` when the key is not an identifier. */
export function pathKey(base: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
const pathIndex = (base: string, i: number): string => `${base}[${i}]`;

function isObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') {
    if (isObject(v)) return 'an object';
    const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof ctor === 'string' && ctor !== '' ? `a ${ctor} instance` : 'a non-plain object';
  }
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/**
 * The candidate closest to `word` (case-insensitively) within edit distance 2, if any. A
 * candidate is not suggested when the distance is as large as the shorter word (`gw` → `to`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD && d < Math.min(w.length, c.length)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

const quoteList = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

/** At most 10 names, quoted, then how many more: a hint stays short on a host with thousands. */
function someNames(xs: readonly string[]): string {
  const shown = xs.slice(0, 10).map((x) => quoteShort(x, 40)).join(', ');
  return xs.length > 10 ? `${shown} and ${xs.length - 10} more` : shown;
}

type Family = 4 | 6;

/** Why an address text is not what inet_pton accepts, as a hint. */
function addressHint(text: string): string {
  const t = text.trim();
  if (t !== text) return 'Remove the surrounding whitespace.';
  if (t === '') return 'Write an IPv4 (a.b.c.d) or IPv6 address.';
  if (/^\[.*\]$/.test(t)) return 'Write the address without brackets.';
  if (t.includes('%')) return 'Zone indexes (%eth0) are not part of the address: the interface or `dev` says where it lives.';
  if (/^[0-9a-fA-FxX.]+$/.test(t) && !t.includes(':')) {
    const parts = t.split('.');
    if (parts.some((p) => /^0[xX]/.test(p))) return 'inet_pton takes decimal parts only; hex (0x…) is an inet_aton extension glibc rejects here.';
    if (parts.some((p) => /^0[0-9]+$/.test(p))) {
      return 'inet_pton rejects leading zeros (inet_aton would read 010 as octal 8): write each part in plain decimal.';
    }
    if (parts.length < 4 && parts.every((p) => /^[0-9]+$/.test(p))) {
      return 'inet_pton needs all four parts: the shorthand 127.1 (inet_aton) is not accepted; write 127.0.0.1.';
    }
    if (parts.some((p) => /^[0-9]+$/.test(p) && Number(p) > 255)) return 'Each IPv4 part is 0–255.';
  }
  if (t.includes(':')) {
    if ((t.match(/::/g) ?? []).length > 1) return 'An IPv6 address may contain `::` only once.';
    if (/[0-9a-fA-F]{5,}/.test(t.split('.')[0] ?? '')) return 'An IPv6 group has at most 4 hex digits.';
    return 'Write the IPv6 address in RFC 4291 text form (e.g. 2001:db8::1, ::ffff:192.0.2.1).';
  }
  return 'Write an IPv4 (a.b.c.d, decimal, no leading zeros) or IPv6 address as glibc inet_pton accepts it.';
}

interface ParsedPrefix {
  family: Family;
  len: number;
}

/** `addr[/len]` → family and length, or an error message + hint. */
function parsePrefix(
  text: string,
  allowLen: boolean,
): { ok: true; value: ParsedPrefix } | { ok: false; message: string; hint: string } {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? null : text.slice(slash + 1);
  if (lenText !== null && !allowLen) {
    return { ok: false, message: `${quoteShort(text)} is not a single address`, hint: 'Write the address without a /prefix length.' };
  }
  const ip = parseIp(addrText);
  if (!ip) {
    return {
      ok: false,
      message: `${quoteShort(addrText)} is not an IP address glibc's inet_pton accepts`,
      hint: addressHint(addrText),
    };
  }
  const max = ip.family === 4 ? 32 : 128;
  if (lenText === null) return { ok: true, value: { family: ip.family, len: max } };
  if (!/^(0|[1-9][0-9]*)$/.test(lenText) || Number(lenText) > max) {
    return {
      ok: false,
      message: `prefix length ${quoteShort(lenText)} is not valid for an IPv${ip.family} address`,
      hint: `Write /0 to /${max} in plain decimal (no sign, no leading zeros).`,
    };
  }
  return { ok: true, value: { family: ip.family, len: Number(lenText) } };
}

// ---------------------------------------------------------------------------------------------

class Checker {
  readonly errors: ScenarioError[] = [];
  constructor(private readonly source: string | undefined) {}

  err(path: string, message: string, hint: string, target?: 'key'): void {
    const e: ScenarioError = { path, message, hint };
    if (this.source !== undefined) e.source = this.source;
    if (target !== undefined) e.target = target;
    this.errors.push(e);
  }

  /** Object check + unknown keys + missing required keys. False when `v` is not an object. */
  object(v: unknown, path: string, what: string, known: readonly string[], required: readonly string[]): v is Record<string, unknown> {
    if (!isObject(v)) {
      this.err(path, `${what} must be an object, not ${typeName(v)}`, `Write ${what} as a JSON object: { ${required.map((k) => `"${k}": …`).join(', ')} }.`);
      return false;
    }
    let missing: string[] | undefined; // the known keys this object lacks, found once per object
    for (const key of Object.keys(v)) {
      if (known.includes(key)) continue;
      missing ??= known.filter((k) => !Object.hasOwn(v, k));
      const guess = closest(key, missing) ?? closest(key, known);
      this.err(
        pathKey(path, key),
        `unknown key ${quoteShort(key)} in ${what}`,
        guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Known keys here: ${quoteList(known)}.`,
        'key',
      );
    }
    for (const key of required) {
      if (!(key in v) || v[key] === undefined) {
        this.err(pathKey(path, key), `${what} is missing the required key ${JSON.stringify(key)}`, `Add "${key}" (see docs/scenario.md).`);
      }
    }
    return true;
  }

  string(v: unknown, path: string, what: string): v is string {
    if (typeof v === 'string') return true;
    this.err(path, `${what} must be a string, not ${typeName(v)}`, 'Quote the value.');
    return false;
  }

  boolean(v: unknown, path: string, what: string): v is boolean {
    if (typeof v === 'boolean') return true;
    this.err(path, `${what} must be true or false, not ${typeName(v)}`, 'Write true or false without quotes.');
    return false;
  }

  array(v: unknown, path: string, what: string): v is unknown[] {
    if (Array.isArray(v)) return true;
    this.err(path, `${what} must be an array, not ${typeName(v)}`, `Write ${what} as a JSON array: [ … ].`);
    return false;
  }

  enumValue<T extends string>(v: unknown, path: string, what: string, allowed: readonly T[]): v is T {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return true;
    let hint = `Use one of ${quoteList(allowed)}.`;
    if (typeof v === 'string') {
      const guess = closest(v, allowed);
      if (guess !== undefined) hint = `Did you mean ${JSON.stringify(guess)}? (${hint.slice(0, -1)})`;
    }
    this.err(path, `${what} must be one of ${quoteList(allowed)}, not ${typeName(v)}`, hint);
    return false;
  }

  /** An `addr[/len]` or single address string; returns its family, or null after reporting. */
  address(v: unknown, path: string, what: string, allowLen: boolean): ParsedPrefix | null {
    if (!this.string(v, path, what)) return null;
    const r = parsePrefix(v, allowLen);
    if (r.ok) return r.value;
    this.err(path, `${what}: ${r.message}`, r.hint);
    return null;
  }

  // -------------------------------------------------------------------------------------------

  scenario(v: unknown): void {
    if (!this.object(v, '$', 'the scenario', SCENARIO_KEYS.scenario, ['host', 'query'])) return;
    if (v.$schema !== undefined) this.string(v.$schema, '$.$schema', '$schema');
    if (v.name !== undefined) this.string(v.name, '$.name', 'the scenario name');
    if (v.gaiConf !== undefined && v.gaiConf !== null && typeof v.gaiConf !== 'string') {
      this.err('$.gaiConf', `gaiConf must be a string (gai.conf text) or null, not ${typeName(v.gaiConf)}`, 'Put the gai.conf file content in one string, lines separated by \\n; null means no gai.conf.');
    }
    if (v.host !== undefined) this.host(v.host, '$.host');
    if (v.query !== undefined) this.query(v.query, '$.query');
  }

  host(v: unknown, path: string): void {
    if (!this.object(v, path, 'host', SCENARIO_KEYS.host, ['interfaces'])) return;
    let ipv6 = true;
    if (v.ipv6 !== undefined && this.boolean(v.ipv6, `${path}.ipv6`, 'host.ipv6')) ipv6 = v.ipv6;
    if (v.kernelIpv6 !== undefined && this.boolean(v.kernelIpv6, `${path}.kernelIpv6`, 'host.kernelIpv6') && !v.kernelIpv6) {
      if (v.ipv6 === true) this.err(`${path}.ipv6`, 'ipv6: true on a host whose kernel has no IPv6 (kernelIpv6: false)', 'A kernel without IPv6 has no IPv6 anywhere: drop "ipv6" (kernelIpv6: false implies it is false).');
      ipv6 = false;
    }
    if (v.bindv6only !== undefined) this.boolean(v.bindv6only, `${path}.bindv6only`, 'host.bindv6only');
    if (v.ipv6Forwarding !== undefined) this.boolean(v.ipv6Forwarding, `${path}.ipv6Forwarding`, 'host.ipv6Forwarding');
    if (v.useTempaddr !== undefined) {
      const t = v.useTempaddr;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > 2) {
        this.err(`${path}.useTempaddr`, `useTempaddr must be the integer 0, 1 or 2, not ${typeName(t)}`, 'net.ipv6.conf.*.use_tempaddr: 0 no privacy addresses, 1 create but prefer public, 2 prefer temporary.');
      }
    }
    if (v.defaultRules !== undefined) this.boolean(v.defaultRules, `${path}.defaultRules`, 'host.defaultRules');
    const names = new Map<string, number>();
    if (v.interfaces !== undefined && this.array(v.interfaces, `${path}.interfaces`, 'host.interfaces')) {
      v.interfaces.forEach((itf, i) => this.iface(itf, pathIndex(`${path}.interfaces`, i), ipv6, names, i));
    }
    if (v.routes !== undefined && this.array(v.routes, `${path}.routes`, 'host.routes')) {
      v.routes.forEach((r, i) => this.route(r, pathIndex(`${path}.routes`, i), ipv6, names));
    }
    if (v.rules !== undefined && this.array(v.rules, `${path}.rules`, 'host.rules')) {
      v.rules.forEach((r, i) => this.rule(r, pathIndex(`${path}.rules`, i), ipv6));
    }
    if (v.addrlabels !== undefined && this.array(v.addrlabels, `${path}.addrlabels`, 'host.addrlabels')) {
      if (!ipv6 && v.addrlabels.length > 0) this.err(`${path}.addrlabels`, 'address labels on a host with ipv6: false', 'The label table is IPv6 source selection: remove it or set ipv6 to true.');
      v.addrlabels.forEach((r, i) => this.addrlabel(r, pathIndex(`${path}.addrlabels`, i), names));
    }
  }

  /** A non-negative integer up to `max`. */
  integer(v: unknown, path: string, what: string, max: number, hint: string, min = 0): v is number {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return true;
    this.err(path, `${what} must be an integer ${min}..${max}, not ${typeName(v)}`, hint);
    return false;
  }

  /** `main`, `local`, `default` or a table number. */
  table(v: unknown, path: string): void {
    if (typeof v === 'string') {
      if (['main', 'local', 'default'].includes(v)) return;
      const guess = closest(v, ['main', 'local', 'default']);
      const n = /^[1-9][0-9]*$/.test(v) ? ` Write the number without quotes: ${v}.` : '';
      this.err(path, `routing table ${quoteShort(v)} is not known`, guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Use "main", "local", "default" or a table number (as in /etc/iproute2/rt_tables).${n}`);
      return;
    }
    this.integer(v, path, 'a routing table', MAX_U32, 'Use "main", "local", "default" or a table number 1..4294967295 (0 is not a table).', 1);
  }

  iface(v: unknown, path: string, ipv6: boolean, names: Map<string, number>, index: number): void {
    if (!this.object(v, path, 'an interface', SCENARIO_KEYS.interface, ['name', 'addresses'])) return;
    const np = `${path}.name`;
    if (v.name !== undefined && this.string(v.name, np, 'the interface name')) {
      const name = v.name;
      if (name.length < 1 || name.length > MAX_IFNAME) {
        this.err(np, `interface name ${quoteShort(name)} must be 1–${MAX_IFNAME} characters long`, 'Linux interface names are at most 15 characters (IFNAMSIZ - 1).');
      } else if (!INTERFACE_NAME_PATTERN.test(name) || name === '.' || name === '..') {
        this.err(np, `interface name ${quoteShort(name)} contains characters Linux does not allow here`, 'Use letters, digits, "_", "." and "-" (and not "." or "..").');
      }
      const first = names.get(name);
      if (first !== undefined) {
        this.err(np, `interface name ${quoteShort(name)} is used twice`, `It is already the name of $.host.interfaces[${first}]; merge the two or rename one.`);
      } else {
        names.set(name, index);
      }
    }
    if (v.up !== undefined) this.boolean(v.up, `${path}.up`, 'interface up');
    let itfIpv6 = ipv6;
    if (v.disableIpv6 !== undefined && this.boolean(v.disableIpv6, `${path}.disableIpv6`, 'interface disableIpv6') && v.disableIpv6) itfIpv6 = false;
    if (v.group !== undefined) this.integer(v.group, `${path}.group`, 'interface group', MAX_U32, '`ip link set dev NAME group N`: a number; the default group is 0.');
    if (v.useTempaddr !== undefined) {
      const t = v.useTempaddr;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < -1 || t > 2) {
        this.err(`${path}.useTempaddr`, `interface useTempaddr must be the integer -1, 0, 1 or 2, not ${typeName(t)}`, 'net.ipv6.conf.NAME.use_tempaddr: -1 as the kernel sets on lo and tunnel devices, 0 no privacy addresses, 1 create but prefer public, 2 prefer temporary.');
      }
    }
    if (v.forwarding !== undefined) this.boolean(v.forwarding, `${path}.forwarding`, 'interface forwarding');
    if (v.multicastRoute !== undefined) this.boolean(v.multicastRoute, `${path}.multicastRoute`, 'interface multicastRoute');
    const ap = `${path}.addresses`;
    if (v.addresses !== undefined && this.array(v.addresses, ap, 'interface addresses')) {
      v.addresses.forEach((a, i) => this.ifaceAddress(a, pathIndex(ap, i), itfIpv6, ipv6));
      this.sameDeviceAddresses(v.addresses, ap, v.name === 'lo');
    }
  }

  /**
   * What `ip addr add` refuses on one device: an address already there (EEXIST), and an IPv4
   * address in the subnet of another one with the same mask but another scope (EINVAL,
   * __inet_insert_ifa: the later one would be its secondary).
   */
  sameDeviceAddresses(list: unknown[], path: string, loopback: boolean): void {
    const seen = new Map<string, { index: number; local: string; scope: string }>();
    list.forEach((raw, i) => {
      const o = isObject(raw) ? raw : { address: raw };
      if (typeof o.address !== 'string') return;
      const peer = typeof o.peer === 'string' ? parsePrefix(o.peer, true) : null;
      const local = parsePrefix(o.address, true);
      if (!local.ok || (peer !== null && !peer.ok)) return;
      const slash = o.address.indexOf('/');
      const localIp = parseIp(slash < 0 ? o.address : o.address.slice(0, slash));
      if (!localIp) return;
      const localKey = Array.from(localIp.bytes).join('.');
      // lo's own 127.0.0.1/8 and ::1/128 may be listed again (a capture does): they add nothing.
      if (loopback && ((localKey === '0.0.0.0.0.0.0.0.0.0.255.255.127.0.0.1' && local.value.len === 8) || (localKey === '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1' && local.value.len === 128))) return;
      const scope = typeof o.scope === 'string' ? o.scope : localIp.family === 4 && localIp.bytes[12] === 127 ? 'host' : 'global';
      let key: string;
      if (localIp.family === 6) key = `6:${localKey}`;
      else {
        const len = peer ? peer.value.len : local.value.len;
        const subnetText = typeof o.peer === 'string' ? o.peer.split('/')[0]! : o.address.split('/')[0]!;
        const subnet = maskBytes(parseIp(subnetText)!.bytes, 96 + len);
        key = `4:${len}:${Array.from(subnet).join('.')}`;
      }
      const first = seen.get(key);
      const where = pathIndex(path, i);
      if (first && (first.local === localKey || localIp.family === 6)) {
        this.err(where, `the address is listed twice on this interface (as ${pathIndex(path, first.index)})`, '`ip addr add` refuses it (EEXIST): remove one.');
      } else if (first && first.scope !== scope) {
        this.err(where, `an IPv4 address in the subnet of ${pathIndex(path, first.index)} (same mask) with another scope (${scope}, not ${first.scope})`, 'The kernel makes it a secondary of the first, and refuses a different scope (EINVAL): give both the same scope, or another prefix length.');
      } else if (!first) seen.set(key, { index: i, local: localKey, scope });
    });
  }

  ifaceAddress(v: unknown, path: string, itfIpv6: boolean, hostIpv6: boolean): void {
    let textPath = path;
    let text: unknown = v;
    let peer: unknown;
    if (isObject(v)) {
      if (!this.object(v, path, 'an address object', SCENARIO_KEYS.address, ['address'])) return;
      for (const flag of ADDRESS_FLAGS) {
        if (v[flag] !== undefined) this.boolean(v[flag], `${path}.${flag}`, `address flag ${flag}`);
      }
      if (v.scope !== undefined) this.enumValue(v.scope, `${path}.scope`, 'address scope', SCOPE_NAMES);
      peer = v.peer;
      if (v.address === undefined) return;
      textPath = `${path}.address`;
      text = v.address;
    } else if (typeof v !== 'string') {
      this.err(path, `an interface address must be a string "addr[/len]" or an object {"address": …}, not ${typeName(v)}`, 'Write e.g. "192.0.2.10/24" or {"address": "2001:db8::10/64", "deprecated": true}.');
      return;
    }
    const p = this.address(text, textPath, 'interface address', true);
    if (p && p.family === 6 && !hostIpv6) {
      this.err(textPath, 'IPv6 interface address on a host with ipv6: false', 'With host.ipv6 false the kernel has no IPv6 addresses at all: remove this address or set ipv6 to true.');
    } else if (p && p.family === 6 && !itfIpv6) {
      this.err(textPath, 'IPv6 address on an interface with disableIpv6: true', 'With disable_ipv6 the interface holds no IPv6 address: remove this address or the disableIpv6 flag.');
    }
    if (p && p.family === 4 && isObject(v) && v.tentative === true) {
      this.err(`${path}.tentative`, 'an IPv4 address is never tentative', 'Linux runs duplicate address detection for IPv6 only: remove the flag.');
    }
    if (peer !== undefined) {
      const q = this.address(peer, `${path}.peer`, 'address peer', true);
      if (p && q && q.family !== p.family) this.err(`${path}.peer`, `the peer is IPv${q.family} but the address is IPv${p.family}`, 'A point-to-point peer is of the local address\'s family.');
    }
  }

  /** Gateway family: the route's, or IPv6 on an IPv4 route (RFC 5549). */
  gateway(v: unknown, path: string, routeFamily: Family | null, ipv6: boolean): Family | null {
    const p = this.address(v, path, 'route via', false);
    if (!p) return null;
    if (routeFamily === 6 && p.family === 4) {
      this.err(path, 'route via is IPv4 but the route is IPv6', 'An IPv6 route needs an IPv6 gateway (an IPv4 route may have an IPv6 one: RFC 5549).');
    } else if (p.family === 6 && !ipv6) {
      this.err(path, 'IPv6 gateway on a host with ipv6: false', 'Remove the route or set host.ipv6 to true.');
    }
    return p.family;
  }

  /** Suggestions among this host's interfaces, indexed once (a host may have thousands). */
  private interfaceNames: { names: Map<string, number>; nearest: NearestName; list: string[] } | undefined;

  deviceName(v: unknown, path: string, what: string, names: Map<string, number>): void {
    if (!this.string(v, path, what)) return;
    if (v !== 'lo' && !names.has(v)) {
      if (this.interfaceNames?.names !== names) {
        const list = [...new Set([...names.keys(), 'lo'])];
        this.interfaceNames = { names, nearest: new NearestName(list, editDistance), list };
      }
      const guess = this.interfaceNames.nearest.closest(v);
      this.err(path, `${what} ${quoteShort(v)} is not an interface of this host`, guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Interfaces: ${someNames(this.interfaceNames.list)}.`);
    }
  }

  route(v: unknown, path: string, ipv6: boolean, names: Map<string, number>): void {
    if (!this.object(v, path, 'a route', SCENARIO_KEYS.route, ['to'])) return;
    let type: RouteType = 'unicast';
    if (v.type !== undefined && this.enumValue(v.type, `${path}.type`, 'route type', ROUTE_TYPES)) type = v.type;

    let toFamily: Family | null = null; // null: `default` (family from via/src/from/nexthops, else both)
    if (v.to !== undefined && this.string(v.to, `${path}.to`, 'route to')) {
      if (v.to !== 'default') {
        const r = parsePrefix(v.to, true);
        if (r.ok) toFamily = r.value.family;
        else {
          const hint = v.to.toLowerCase() === 'default' ? 'Write "default" in lower case.' : `Write "default" or a prefix addr[/len]. ${r.hint}`;
          this.err(`${path}.to`, `route to: ${r.message}`, hint);
        }
      }
    }
    if (toFamily === 6 && !ipv6) {
      this.err(`${path}.to`, 'IPv6 route on a host with ipv6: false', 'Remove the route or set host.ipv6 to true.');
    }

    // A `default` takes its family from the first of via, src, from, the first hop's via.
    const hints: Family[] = [];
    let via: Family | null = null;
    if (v.via !== undefined) {
      via = this.gateway(v.via, `${path}.via`, toFamily, ipv6);
      if (via !== null) hints.push(via);
    }
    if (v.src !== undefined) {
      const p = this.address(v.src, `${path}.src`, 'route src', false);
      if (p) {
        const family = toFamily ?? via;
        if (family !== null && p.family !== family) {
          this.err(`${path}.src`, `route src is IPv${p.family} but the route is IPv${family}`, 'The preferred source must be of the route\'s family; a `default` takes its family from `via`: write one per family.');
        } else if (p.family === 6 && !ipv6) {
          this.err(`${path}.src`, 'IPv6 route src on a host with ipv6: false', 'Remove the route or set host.ipv6 to true.');
        }
        hints.push(p.family);
      }
    }
    if (v.from !== undefined) {
      const p = this.address(v.from, `${path}.from`, 'route from', true);
      if (p && p.family === 4) {
        this.err(`${path}.from`, 'source-specific routes (`from`) exist for IPv6 only', 'The kernel rejects `from` on IPv4 routes; use an `ip rule` with `from` and a table instead.');
      } else if (p && toFamily === 4) {
        this.err(`${path}.from`, 'route from is IPv6 but "to" is an IPv4 prefix', 'Source-specific routes are IPv6 routes.');
      }
      if (p) hints.push(p.family);
    }
    if (v.dev !== undefined) this.deviceName(v.dev, `${path}.dev`, 'route dev', names);
    if (v.nexthops !== undefined && this.array(v.nexthops, `${path}.nexthops`, 'route nexthops')) {
      if (v.nexthops.length === 0) this.err(`${path}.nexthops`, 'route nexthops is empty', 'List at least one hop, or remove "nexthops" and use via/dev.');
      for (const key of ['via', 'dev'] as const) {
        if (v[key] !== undefined) this.err(`${path}.${key}`, `a multipath route has no ${key} of its own`, `Move "${key}" into the hops of "nexthops".`);
      }
      const family = toFamily ?? hints[0] ?? null;
      v.nexthops.forEach((h, i) => {
        const hp = pathIndex(`${path}.nexthops`, i);
        if (!this.object(h, hp, 'a nexthop', SCENARIO_KEYS.nexthop, [])) return;
        if (h.via === undefined && h.dev === undefined) this.err(hp, 'a nexthop needs "via" or "dev"', 'Write e.g. { "via": "192.0.2.1", "dev": "eth0" }.');
        if (h.via !== undefined) {
          const f = this.gateway(h.via, `${hp}.via`, family, ipv6);
          if (i === 0 && f !== null) hints.push(f);
        }
        if (h.dev !== undefined) this.deviceName(h.dev, `${hp}.dev`, 'nexthop dev', names);
        if (h.weight !== undefined) this.integer(h.weight, `${hp}.weight`, 'nexthop weight', 256, 'Weights are 1..256 (`ip route … nexthop … weight N`).', 1);
      });
      // IPv6 adds each hop as a route of its own, and refuses a second one equal to an earlier
      // (ip6_route_multipath_add: EEXIST); IPv4 keeps both.
      if ((toFamily ?? hints[0] ?? null) === 6) {
        const hopKey = (h: unknown) => (isObject(h) ? `${typeof h.via === 'string' ? (parseIp(h.via) ? Array.from(parseIp(h.via)!.bytes).join('.') : h.via) : ''}|${String(h.dev ?? '')}` : '');
        const keys = v.nexthops.map(hopKey);
        keys.forEach((k, i) => {
          if (k !== '' && keys.indexOf(k) < i) this.err(pathIndex(`${path}.nexthops`, i), `an IPv6 multipath hop equal to hop ${keys.indexOf(k)}`, 'The kernel refuses the whole route (EEXIST): list each gateway and device once.');
        });
      }
    }
    const family = toFamily ?? hints[0] ?? null;
    if (family === 4 && v.from !== undefined && toFamily === null) {
      this.err(`${path}.from`, 'a `default` with `from` is IPv6, but its gateway or source is IPv4', 'Split it into one route per family.');
    }

    if (type !== 'unicast' && type !== 'local') {
      for (const key of ['via', 'dev', 'src', 'nexthops'] as const) {
        if (v[key] !== undefined) {
          this.err(`${path}.${key}`, `a ${type} route has no ${key}`, `${type} routes only ${type === 'throw' ? 'send the lookup back to the rules' : 'reject traffic'}: remove "${key}" (or make the route unicast).`);
        }
      }
    }
    if (type === 'local') {
      if (v.via !== undefined) this.err(`${path}.via`, 'a local route has no gateway', 'A local route delivers to this host (AnyIP): remove "via".');
      if (v.nexthops !== undefined) this.err(`${path}.nexthops`, 'a local route has no nexthops', 'Write "dev" (usually "lo").');
      if (v.dev === undefined && v.nexthops === undefined) this.err(`${path}.dev`, 'a local route needs a dev', 'AnyIP is `ip route add local PREFIX dev lo table local`: add "dev": "lo".');
    }
    if (v.table !== undefined) this.table(v.table, `${path}.table`);
    if (v.scope !== undefined) this.enumValue(v.scope, `${path}.scope`, 'route scope', SCOPE_NAMES);

    if (v.metric !== undefined) {
      const m = v.metric;
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m > MAX_METRIC) {
        this.err(`${path}.metric`, `route metric must be an integer 0..${MAX_METRIC}, not ${typeName(m)}`, 'Lower metrics win; the kernel default is 0 for IPv4 and 1024 for IPv6.');
      }
    }
  }

  rule(v: unknown, path: string, ipv6: boolean): void {
    if (!this.object(v, path, 'a rule', SCENARIO_KEYS.rule, [])) return;
    let family: Family | null = null;
    if (v.family !== undefined) {
      if (v.family === 4 || v.family === 6) family = v.family;
      else this.err(`${path}.family`, `rule family must be 4 or 6, not ${typeName(v.family)}`, '4 for `ip -4 rule`, 6 for `ip -6 rule`; absent: the family of from/to, else both.');
    }
    if (family === 6 && !ipv6) this.err(`${path}.family`, 'IPv6 rule on a host with ipv6: false', 'Remove the rule or set host.ipv6 to true.');
    for (const key of ['from', 'to'] as const) {
      if (v[key] === undefined || v[key] === 'all') continue;
      const p = this.address(v[key], `${path}.${key}`, `rule ${key}`, true);
      if (!p) continue;
      if (family !== null && p.family !== family) {
        this.err(`${path}.${key}`, `rule ${key} is IPv${p.family} but the rule is IPv${family}`, 'A rule is of one family: split it, or fix "family".');
      } else if (p.family === 6 && !ipv6) {
        this.err(`${path}.${key}`, 'IPv6 rule on a host with ipv6: false', 'Remove the rule or set host.ipv6 to true.');
      }
      family ??= p.family;
    }
    if (v.priority !== undefined) this.integer(v.priority, `${path}.priority`, 'rule priority', MAX_U32, '`ip rule add pref N`: lower runs first.');
    if (v.not !== undefined) this.boolean(v.not, `${path}.not`, 'rule not');
    if (v.fwmark !== undefined) {
      const ok = (typeof v.fwmark === 'number' && Number.isInteger(v.fwmark) && v.fwmark >= 0 && v.fwmark <= MAX_U32) || (typeof v.fwmark === 'string' && parseFwmark(v.fwmark) !== null);
      if (!ok) this.err(`${path}.fwmark`, `rule fwmark must be a number or "VALUE/MASK", not ${typeName(v.fwmark)}`, 'Write e.g. 51820, "0xca6c" or "0x80000/0xff0000" (decimal or 0x hex, 32 bits).');
    }
    for (const key of ['iif', 'oif'] as const) {
      if (v[key] === undefined || !this.string(v[key], `${path}.${key}`, `rule ${key}`)) continue;
      if (!INTERFACE_NAME_PATTERN.test(v[key])) this.err(`${path}.${key}`, `rule ${key} ${quoteShort(v[key])} is not an interface name`, 'An interface name: 1–15 characters from letters, digits, "_", "." and "-".');
    }
    if (v.uidrange !== undefined && this.string(v.uidrange, `${path}.uidrange`, 'rule uidrange') && parseRange(v.uidrange, MAX_U32 - 1) === null) {
      this.err(`${path}.uidrange`, `rule uidrange ${quoteShort(v.uidrange)} is not "START-END"`, 'Write e.g. "1000-1000" or "0-999" (START ≤ END).');
    }
    if (v.ipproto !== undefined && ipProtocolNumber(v.ipproto) === null) {
      this.err(`${path}.ipproto`, `rule ipproto must be a protocol number 0..255 or one of ${quoteList(Object.keys(IP_PROTOCOLS))}, not ${typeName(v.ipproto)}`, 'getaddrinfo()\'s probes are UDP (17).');
    }
    for (const key of ['sport', 'dport'] as const) {
      const x = v[key];
      if (x === undefined) continue;
      // fib_rule_port_range_valid: 1 ≤ start ≤ end < 65535.
      const r = typeof x === 'number' || typeof x === 'string' ? parseRange(x, 65534) : null;
      if (r === null || r.start === 0) this.err(`${path}.${key}`, `rule ${key} must be a port 1..65534 or "START-END" within it, not ${typeName(x)}`, 'The kernel takes ports 1 to 65534 in rules: write e.g. 53 or "1024-65534".');
    }
    if (v.tos !== undefined) this.integer(v.tos, `${path}.tos`, 'rule tos', 255, 'The TOS/DSCP byte; the probes send 0.');
    let action: RuleAction = v.goto !== undefined ? 'goto' : 'table';
    if (v.action !== undefined && this.enumValue(v.action, `${path}.action`, 'rule action', RULE_ACTIONS)) action = v.action;
    if (v.table !== undefined) {
      this.table(v.table, `${path}.table`);
      if (action !== 'table') this.err(`${path}.table`, `a ${action} rule has no table`, `Remove "table", or make the action "table".`);
    }
    if (action === 'goto') {
      if (v.goto === undefined) this.err(`${path}.goto`, 'a goto rule needs a target priority', 'Add "goto": the priority of the rule to continue at (higher than this rule\'s).');
      else if (this.integer(v.goto, `${path}.goto`, 'rule goto', MAX_U32, 'The priority of the rule to continue at.') && typeof v.priority === 'number' && v.goto <= v.priority) {
        this.err(`${path}.goto`, `goto ${v.goto} does not jump forward from priority ${v.priority}`, 'The kernel refuses backward jumps: the target priority must be higher than the rule\'s own.');
      }
    } else if (v.goto !== undefined) {
      this.err(`${path}.goto`, `a ${action} rule has no goto`, 'Remove "goto", or make the action "goto".');
    }
    if (v.suppressPrefixlength !== undefined) this.integer(v.suppressPrefixlength, `${path}.suppressPrefixlength`, 'rule suppressPrefixlength', 128, 'A route no longer than this prefix length is ignored (`suppress_prefixlength 0` ignores default routes).');
    if (v.suppressIfgroup !== undefined) this.integer(v.suppressIfgroup, `${path}.suppressIfgroup`, 'rule suppressIfgroup', MAX_U32, 'A route through an interface of this group is ignored.');
  }

  addrlabel(v: unknown, path: string, names: Map<string, number>): void {
    if (!this.object(v, path, 'an address label', SCENARIO_KEYS.addrlabel, ['prefix', 'label'])) return;
    if (v.prefix !== undefined) {
      const p = this.address(v.prefix, `${path}.prefix`, 'addrlabel prefix', true);
      if (p && p.family === 4) this.err(`${path}.prefix`, 'address labels are for IPv6 prefixes', 'An IPv4 address is labelled by its mapped form: write ::ffff:a.b.c.d/(96 + len).');
    }
    if (v.label !== undefined) this.integer(v.label, `${path}.label`, 'addrlabel label', MAX_U32 - 1, 'A label 0..4294967294 (4294967295 is reserved by the kernel).');
    if (v.dev !== undefined) this.deviceName(v.dev, `${path}.dev`, 'addrlabel dev', names);
  }

  query(v: unknown, path: string): void {
    if (!this.object(v, path, 'query', SCENARIO_KEYS.query, ['records'])) return;
    if (v.name !== undefined && this.string(v.name, `${path}.name`, 'query.name') && !QUERY_NAME_PATTERN.test(v.name)) {
      this.err(`${path}.name`, `query.name ${quoteShort(v.name)} is not a host name`, 'Give a non-empty name without spaces or control characters, e.g. "example.test".');
    }
    if (v.records !== undefined && this.array(v.records, `${path}.records`, 'query.records')) {
      if (v.records.length > MAX_RECORDS) {
        this.err(`${path}.records`, `query.records has ${v.records.length} entries; at most ${MAX_RECORDS} are modelled`, 'Trim the answer list.');
      }
      v.records.forEach((r, i) => this.address(r, pathIndex(`${path}.records`, i), 'record', false));
    }
    if (v.flags !== undefined && this.array(v.flags, `${path}.flags`, 'query.flags')) {
      const seen = new Set<string>();
      v.flags.forEach((f, i) => {
        const fp = pathIndex(`${path}.flags`, i);
        if (!this.enumValue(f, fp, 'flag', AI_FLAGS)) return;
        if (seen.has(f)) this.err(fp, `flag ${f} is listed twice`, 'List each flag once.');
        seen.add(f);
      });
    }
    if (v.family !== undefined) this.enumValue(v.family, `${path}.family`, 'query.family', QUERY_FAMILIES);
    if (v.uid !== undefined) this.integer(v.uid, `${path}.uid`, 'query.uid', MAX_U32 - 1, 'The uid of the process calling getaddrinfo(); read by `uidrange` rules.');
  }
}

/**
 * Check an untrusted value (typically JSON.parse output) against the scenario contract.
 * Reports every problem found, never throws. On success returns a copy holding only the
 * scenario fields (a top-level `$schema` is accepted and dropped); defaults are not filled
 * in — see normalizeScenario.
 */
export function validateScenario(input: unknown, source?: string): ValidateResult {
  const c = new Checker(source);
  checkInto(c, input, source);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  try {
    const copy = (plainCopy(input) ?? JSON.parse(JSON.stringify(input))) as Scenario & { $schema?: unknown };
    delete copy.$schema;
    return { ok: true, scenario: copy };
  } catch (e) {
    c.err('$', `the scenario could not be copied: ${e instanceof Error ? e.message : String(e)}`, 'Pass plain JSON data.');
    return { ok: false, errors: c.errors };
  }
}

function checkInto(c: Checker, input: unknown, source: string | undefined): void {
  try {
    c.scenario(input);
  } catch (e) {
    c.err('$', `the scenario could not be read: ${e instanceof Error ? e.message : String(e)}`, 'Pass plain JSON data (objects, arrays, strings, numbers, booleans, null).');
  }
  c.errors.push(...validateRuntimeFields(input, source));
}

/**
 * The problems validateScenario reports, without the copy it makes of a valid scenario: for
 * callers that go on with the value they were given (the library's checked entry points).
 */
export function scenarioErrors(input: unknown, source?: string): ScenarioError[] {
  const c = new Checker(source);
  checkInto(c, input, source);
  return c.errors;
}

/**
 * The copy JSON.parse(JSON.stringify(v)) would make, for plain data, at a fraction of the cost
 * (it runs for every `--batch` line); undefined for anything else (BigInt, a class instance, a
 * value with toJSON …), where the caller falls back to the JSON round trip and its errors.
 */
function plainCopy(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v + 0 : null; // -0 → 0, NaN/Infinity → null, as JSON does
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) {
        const out: unknown[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = v[i] as unknown;
          // JSON writes a hole, undefined, a function or a symbol in an array as null.
          const c = x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : plainCopy(x);
          if (c === undefined) return undefined;
          out[i] = c;
        }
        return out;
      }
      if (!isObject(v) || typeof v.toJSON === 'function') return undefined;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const x = v[key];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue; // JSON drops them
        const c = plainCopy(x);
        if (c === undefined) return undefined;
        out[key] = c;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function normalizeAddress(a: ScenarioAddress): ScenarioAddressObject {
  const o: ScenarioAddressObject = typeof a === 'string' ? { address: a } : a;
  const out: ScenarioAddressObject = {
    address: o.address,
    deprecated: o.deprecated ?? false,
    home: o.home ?? false,
    temporary: o.temporary ?? false,
    optimistic: o.optimistic ?? false,
    noprefixroute: o.noprefixroute ?? false,
  };
  // Added later than the flags above: absent stays absent, so old scenarios normalize as before.
  if (o.tentative !== undefined) out.tentative = o.tentative;
  // scope's default depends on the address (host for 127/8): left absent when absent.
  if (o.scope !== undefined) out.scope = o.scope;
  if (o.peer !== undefined) out.peer = o.peer;
  return out;
}

function normalizeRoute(r: ScenarioRoute): ScenarioRoute {
  const out: ScenarioRoute = { to: r.to };
  if (r.via !== undefined) out.via = r.via;
  if (r.dev !== undefined) out.dev = r.dev;
  if (r.src !== undefined) out.src = r.src;
  out.type = r.type ?? 'unicast';
  // metric is left absent: its default differs by family (IPv4 0, IPv6 1024) and a `default`
  // route without a family hint stands for both.
  if (r.metric !== undefined) out.metric = r.metric;
  // Absent table is main; absent scope depends on the route: both stay absent when absent.
  if (r.table !== undefined) out.table = r.table;
  if (r.from !== undefined) out.from = r.from;
  if (r.nexthops !== undefined) out.nexthops = r.nexthops.map((h) => ({ ...h, weight: h.weight ?? 1 }));
  if (r.scope !== undefined) out.scope = r.scope;
  return out;
}

/**
 * The same scenario with every default written out: host.ipv6 true, host.routes [],
 * host.useTempaddr 0, interface up true, addresses as objects with explicit false flags,
 * route type "unicast", gaiConf null, query.name "host.test", query.flags [],
 * query.family "AF_UNSPEC". Address texts and route metrics are kept as given. Returns a new
 * object; the input is not modified. Idempotent. Expects a valid scenario.
 */
export function normalizeScenario(s: Scenario): Scenario {
  const host: ScenarioHost = {
    interfaces: s.host.interfaces.map(
      (i): ScenarioInterface => {
        const itf: ScenarioInterface = { name: i.name, addresses: i.addresses.map(normalizeAddress), up: i.up ?? true };
        if (i.disableIpv6 !== undefined) itf.disableIpv6 = i.disableIpv6;
        if (i.group !== undefined) itf.group = i.group;
        if (i.useTempaddr !== undefined) itf.useTempaddr = i.useTempaddr;
        if (i.forwarding !== undefined) itf.forwarding = i.forwarding;
        if (i.multicastRoute !== undefined) itf.multicastRoute = i.multicastRoute;
        return itf;
      },
    ),
    routes: (s.host.routes ?? []).map(normalizeRoute),
    ipv6: s.host.ipv6 ?? true,
    useTempaddr: s.host.useTempaddr ?? 0,
  };
  // The policy-routing keys are written only when present, so a scenario without them
  // normalizes exactly as before they existed.
  if (s.host.rules !== undefined) host.rules = s.host.rules.map((r) => ({ ...r }));
  if (s.host.defaultRules !== undefined) host.defaultRules = s.host.defaultRules;
  if (s.host.addrlabels !== undefined) host.addrlabels = s.host.addrlabels.map((r) => ({ ...r }));
  if (s.host.kernelIpv6 !== undefined) host.kernelIpv6 = s.host.kernelIpv6;
  if (s.host.bindv6only !== undefined) host.bindv6only = s.host.bindv6only;
  if (s.host.ipv6Forwarding !== undefined) host.ipv6Forwarding = s.host.ipv6Forwarding;
  const query: ScenarioQuery = {
    name: s.query.name ?? 'host.test',
    records: [...s.query.records],
    flags: [...(s.query.flags ?? [])],
    family: s.query.family ?? 'AF_UNSPEC',
  };
  if (s.query.uid !== undefined) query.uid = s.query.uid;
  const out: Scenario = { host, gaiConf: s.gaiConf ?? null, query };
  return s.name !== undefined ? { name: s.name, ...out } : out;
}

/**
 * One error as a CLI line: `file:line:column: message (at $.path)` plus an indented hint.
 * With the source text (or a JsonLocator made from it, for many errors), the position comes from
 * the locator (the key for unknown keys, the value otherwise, the nearest existing ancestor for
 * missing keys); without it, only the file name (if any) is shown. A very long path is cut.
 */
export function formatScenarioError(e: ScenarioError, text?: string | JsonLocator): string {
  const file = e.source ?? '<scenario>';
  const locator = typeof text === 'string' ? new JsonLocator(text) : text;
  const at = locator === undefined ? null : ((e.target === 'key' ? locator.locate(e.path, 'key') : null) ?? locator.locateOrAncestor(e.path));
  const where = at ? `${file}:${at.line}:${at.column}` : file;
  return `${where}: ${e.message} (at ${shortText(e.path, 200)})\n  hint: ${e.hint}`;
}
