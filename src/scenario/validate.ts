// Scenario validation: every error at once, each with the JSON path it concerns and a hint.
// Addresses are read exactly as glibc's inet_pton reads them (src/address/inet-pton.ts).

import { RUNTIME_SCENARIO_KEYS } from './types-runtime.js';
import { validateRuntimeFields } from './validate-runtime.js';
import { parseIp } from '../address/ip.js';
import { locateJsonPath, locateJsonPathOrAncestor } from './json-error.js';
import type {
  AiFlag,
  QueryFamily,
  RouteType,
  Scenario,
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
  host: ['interfaces', 'routes', 'ipv6', 'useTempaddr'],
  interface: ['name', 'addresses', 'up'],
  address: ['address', 'deprecated', 'home', 'temporary', 'optimistic', 'noprefixroute'],
  route: ['to', 'via', 'dev', 'src', 'type', 'metric'],
  query: ['name', 'records', 'flags', 'family'],
} as const;

export const ROUTE_TYPES: readonly RouteType[] = ['unicast', 'unreachable', 'blackhole', 'prohibit'];
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

const ADDRESS_FLAGS = ['deprecated', 'home', 'temporary', 'optimistic', 'noprefixroute'] as const;

// ---------------------------------------------------------------------------------------------
// Helpers

function pathKey(base: string, key: string): string {
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
    return { ok: false, message: `${JSON.stringify(text)} is not a single address`, hint: 'Write the address without a /prefix length.' };
  }
  const ip = parseIp(addrText);
  if (!ip) {
    return {
      ok: false,
      message: `${JSON.stringify(addrText)} is not an IP address glibc's inet_pton accepts`,
      hint: addressHint(addrText),
    };
  }
  const max = ip.family === 4 ? 32 : 128;
  if (lenText === null) return { ok: true, value: { family: ip.family, len: max } };
  if (!/^(0|[1-9][0-9]*)$/.test(lenText) || Number(lenText) > max) {
    return {
      ok: false,
      message: `prefix length ${JSON.stringify(lenText)} is not valid for an IPv${ip.family} address`,
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
    const present = Object.keys(v);
    for (const key of present) {
      if (known.includes(key)) continue;
      const missing = known.filter((k) => !present.includes(k));
      const guess = closest(key, missing) ?? closest(key, known);
      this.err(
        pathKey(path, key),
        `unknown key ${JSON.stringify(key)} in ${what}`,
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
    if (v.useTempaddr !== undefined) {
      const t = v.useTempaddr;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > 2) {
        this.err(`${path}.useTempaddr`, `useTempaddr must be the integer 0, 1 or 2, not ${typeName(t)}`, 'net.ipv6.conf.*.use_tempaddr: 0 no privacy addresses, 1 create but prefer public, 2 prefer temporary.');
      }
    }
    const names = new Map<string, number>();
    if (v.interfaces !== undefined && this.array(v.interfaces, `${path}.interfaces`, 'host.interfaces')) {
      v.interfaces.forEach((itf, i) => this.iface(itf, pathIndex(`${path}.interfaces`, i), ipv6, names, i));
    }
    if (v.routes !== undefined && this.array(v.routes, `${path}.routes`, 'host.routes')) {
      v.routes.forEach((r, i) => this.route(r, pathIndex(`${path}.routes`, i), ipv6, names));
    }
  }

  iface(v: unknown, path: string, ipv6: boolean, names: Map<string, number>, index: number): void {
    if (!this.object(v, path, 'an interface', SCENARIO_KEYS.interface, ['name', 'addresses'])) return;
    const np = `${path}.name`;
    if (v.name !== undefined && this.string(v.name, np, 'the interface name')) {
      const name = v.name;
      if (name === 'lo') {
        this.err(np, 'the interface "lo" is implicit and cannot be declared', 'lo is implicit: every host has it with 127.0.0.1/8 and ::1/128 (only 127.0.0.1/8 when ipv6 is false); remove this interface.');
      } else if (name.length < 1 || name.length > MAX_IFNAME) {
        this.err(np, `interface name ${JSON.stringify(name)} must be 1–${MAX_IFNAME} characters long`, 'Linux interface names are at most 15 characters (IFNAMSIZ - 1).');
      } else if (!INTERFACE_NAME_PATTERN.test(name) || name === '.' || name === '..') {
        this.err(np, `interface name ${JSON.stringify(name)} contains characters Linux does not allow here`, 'Use letters, digits, "_", "." and "-" (and not "." or "..").');
      }
      const first = names.get(name);
      if (first !== undefined) {
        this.err(np, `interface name ${JSON.stringify(name)} is used twice`, `It is already the name of $.host.interfaces[${first}]; merge the two or rename one.`);
      } else {
        names.set(name, index);
      }
    }
    if (v.up !== undefined) this.boolean(v.up, `${path}.up`, 'interface up');
    const ap = `${path}.addresses`;
    if (v.addresses !== undefined && this.array(v.addresses, ap, 'interface addresses')) {
      v.addresses.forEach((a, i) => this.ifaceAddress(a, pathIndex(ap, i), ipv6));
    }
  }

  ifaceAddress(v: unknown, path: string, ipv6: boolean): void {
    let textPath = path;
    let text: unknown = v;
    if (isObject(v)) {
      if (!this.object(v, path, 'an address object', SCENARIO_KEYS.address, ['address'])) return;
      for (const flag of ADDRESS_FLAGS) {
        if (v[flag] !== undefined) this.boolean(v[flag], `${path}.${flag}`, `address flag ${flag}`);
      }
      if (v.address === undefined) return;
      textPath = `${path}.address`;
      text = v.address;
    } else if (typeof v !== 'string') {
      this.err(path, `an interface address must be a string "addr[/len]" or an object {"address": …}, not ${typeName(v)}`, 'Write e.g. "192.0.2.10/24" or {"address": "2001:db8::10/64", "deprecated": true}.');
      return;
    }
    const p = this.address(text, textPath, 'interface address', true);
    if (p && p.family === 6 && !ipv6) {
      this.err(textPath, 'IPv6 interface address on a host with ipv6: false', 'With host.ipv6 false the kernel has no IPv6 addresses at all: remove this address or set ipv6 to true.');
    }
  }

  route(v: unknown, path: string, ipv6: boolean, names: Map<string, number>): void {
    if (!this.object(v, path, 'a route', SCENARIO_KEYS.route, ['to'])) return;
    let type: RouteType = 'unicast';
    if (v.type !== undefined && this.enumValue(v.type, `${path}.type`, 'route type', ROUTE_TYPES)) type = v.type;

    let toFamily: Family | null = null; // null: `default` (family from via/src/dev, else both)
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

    const fam: Partial<Record<'via' | 'src', Family>> = {};
    for (const key of ['via', 'src'] as const) {
      if (v[key] === undefined) continue;
      const p = this.address(v[key], `${path}.${key}`, `route ${key}`, false);
      if (!p) continue;
      fam[key] = p.family;
      if (toFamily !== null && p.family !== toFamily) {
        this.err(`${path}.${key}`, `route ${key} is IPv${p.family} but "to" is an IPv${toFamily} prefix`, `${key === 'via' ? 'The gateway' : 'The source address'} must be of the destination's family.`);
      } else if (toFamily === null && p.family === 6 && !ipv6) {
        this.err(`${path}.${key}`, `IPv6 route ${key} on a host with ipv6: false`, 'Remove the route or set host.ipv6 to true.');
      }
    }
    if (toFamily === null && fam.via !== undefined && fam.src !== undefined && fam.via !== fam.src) {
      this.err(`${path}.src`, `route src is IPv${fam.src} but via is IPv${fam.via}`, 'A default route is one family: split it into two routes, one per family.');
    }

    if (v.dev !== undefined && this.string(v.dev, `${path}.dev`, 'route dev')) {
      if (v.dev !== 'lo' && !names.has(v.dev)) {
        const guess = closest(v.dev, [...names.keys(), 'lo']);
        this.err(
          `${path}.dev`,
          `route dev ${JSON.stringify(v.dev)} is not an interface of this host`,
          guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Interfaces: ${quoteList([...names.keys(), 'lo'])}.`,
        );
      }
    }

    if (type !== 'unicast') {
      for (const key of ['via', 'dev', 'src'] as const) {
        if (v[key] !== undefined) {
          this.err(`${path}.${key}`, `a ${type} route has no ${key}`, `${type} routes only reject traffic: remove "${key}" (or make the route unicast).`);
        }
      }
    }

    if (v.metric !== undefined) {
      const m = v.metric;
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m > MAX_METRIC) {
        this.err(`${path}.metric`, `route metric must be an integer 0..${MAX_METRIC}, not ${typeName(m)}`, 'Lower metrics win; the kernel default is 0 for IPv4 and 1024 for IPv6.');
      }
    }
  }

  query(v: unknown, path: string): void {
    if (!this.object(v, path, 'query', SCENARIO_KEYS.query, ['records'])) return;
    if (v.name !== undefined && this.string(v.name, `${path}.name`, 'query.name') && !QUERY_NAME_PATTERN.test(v.name)) {
      this.err(`${path}.name`, `query.name ${JSON.stringify(v.name)} is not a host name`, 'Give a non-empty name without spaces or control characters, e.g. "example.test".');
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

function normalizeAddress(a: ScenarioAddress): Required<ScenarioAddressObject> {
  const o: ScenarioAddressObject = typeof a === 'string' ? { address: a } : a;
  return {
    address: o.address,
    deprecated: o.deprecated ?? false,
    home: o.home ?? false,
    temporary: o.temporary ?? false,
    optimistic: o.optimistic ?? false,
    noprefixroute: o.noprefixroute ?? false,
  };
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
      (i): ScenarioInterface => ({ name: i.name, addresses: i.addresses.map(normalizeAddress), up: i.up ?? true }),
    ),
    routes: (s.host.routes ?? []).map(normalizeRoute),
    ipv6: s.host.ipv6 ?? true,
    useTempaddr: s.host.useTempaddr ?? 0,
  };
  const query: ScenarioQuery = {
    name: s.query.name ?? 'host.test',
    records: [...s.query.records],
    flags: [...(s.query.flags ?? [])],
    family: s.query.family ?? 'AF_UNSPEC',
  };
  const out: Scenario = { host, gaiConf: s.gaiConf ?? null, query };
  return s.name !== undefined ? { name: s.name, ...out } : out;
}

/**
 * One error as a CLI line: `file:line:column: message (at $.path)` plus an indented hint.
 * With the source text, the position comes from locateJsonPath (the key for unknown keys, the
 * value otherwise, the nearest existing ancestor for missing keys); without the text, only the
 * file name (if any) is shown.
 */
export function formatScenarioError(e: ScenarioError, text?: string): string {
  const file = e.source ?? '<scenario>';
  const at =
    text === undefined
      ? null
      : ((e.target === 'key' ? locateJsonPath(text, e.path, 'key') : null) ?? locateJsonPathOrAncestor(text, e.path));
  const where = at ? `${file}:${at.line}:${at.column}` : file;
  return `${where}: ${e.message} (at ${e.path})\n  hint: ${e.hint}`;
}
