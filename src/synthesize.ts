// Wanted order + scenarios → the smallest gai.conf that gives that order on EVERY scenario, or
// "impossible because … try …". Pure: no I/O.
//
// Size is counted in lines changed from glibc's default tables (a changed or an added row is one
// line); every kind touched is written whole, since glibc replaces a kind's whole table on its
// first line (address-selection.md §1.3). Search, breadth-first over edit sets of size 1, 2, 3:
//   - precedence (Rule 6): raise a wanted answer's prefix to 100, or lower an unwanted one's to 5
//     (the /128, the subnet: /64 or ::ffff:…/120, or the covering default class row, IPv4 via
//     ::ffff:0:0/96); values no default IPv6 class uses, so no IPv4/IPv6 tie appears
//   - label (Rule 5): relabel the wanted answer's SOURCE prefix to the destination's label (the
//     Docker ULA fix, `label fd00::/8 1`), or the destination to its source's label, or give an
//     unwanted answer's source or destination a label of its own
//   - scopev4 (Rule 2): make a wanted IPv4 answer's scope match its source's (never the reverse:
//     declaring a global network link-local to demote it would be a lie in the table)
// Each edit set is evaluated with the glibc profile's own sort on the tables it yields; among the
// sets of the smallest size the one with the lowest preference cost wins (class-level rows for
// "want-first ipv4/ipv6", the narrowest prefix for a wanted address), and it must lint clean.
// The winner is proven by simulate() on the rendered gai.conf text, with explanations.
// Rules 1–4 decide before any table applies (unusable destination, scope mismatch beyond
// scopev4, deprecated source, home address), and musl, Go and RFC 6724 profiles never read
// gai.conf: those are reported with the deciding rule from the explanation and remedies.
import { formatIp } from './address/format.js';
import { parseIp, isV4Mapped, type Ip } from './address/ip.js';
import { maskBytes, matchesPrefix } from './address/prefix.js';
import { renderGaiConf } from './emit/gai-conf.js';
import type { ExplainStep } from './explain.js';
import { buildHost } from './host/build-host.js';
import type { Host } from './host/model.js';
import type { ProfileName } from './order/facts.js';
import { glibcOrder } from './order/profile-glibc.js';
import { RULE_TITLES } from './order/rules.js';
import { describeChanges, policyTables, type GaiPolicy, type GaiRow, type GaiScopeRow } from './policy/intents.js';
import { lintGaiConf, lintLevel } from './policy/lint.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, GLIBC_SCOPEV4, v4Mask } from './policy/tables.js';
import type { Scenario } from './scenario/types.js';
import { simulateValidated, type ResultEntry, type SimulationResult } from './simulate.js';
import { GaiconfInputError, throwIfProblems, type InputProblem } from './input-error.js';
import { synthesizeOptionProblems } from './check-options.js';
import { checkScenarioList } from './scenario/checked-scenarios.js';
import { ipv6Off } from './scenario/ipv6-off.js';
import { IPV6_OFF, profileRemedy, programRemedies } from './remedies.js';

// ---------------------------------------------------------------------------------------------
// What is wanted

export type Want = { kind: 'first'; target: 'ipv4' | 'ipv6' } | { kind: 'first-address'; address: string } | { kind: 'order'; addresses: string[] };

/** A bad wanted order (text or Want): a GaiconfInputError with code INVALID_WANT. */
export class WantError extends GaiconfInputError {
  override readonly name: string = 'WantError';
  constructor(message: string | readonly InputProblem[], hint: string, path = 'text') {
    super('INVALID_WANT', typeof message === 'string' ? [{ path, message, hint }] : message);
  }
}

function addressOf(text: string): string {
  const raw = text.trim();
  const ip = parseIp(raw);
  if (!ip) throw new WantError(`"${raw}" is not an IPv4 or IPv6 address`, 'write addresses as getaddrinfo returns them, e.g. 2001:db8::5 or 192.0.2.10 (no prefix length, no zone)');
  return formatIp(ip);
}

/** `--want-first ipv4|ipv6|ADDR`. */
export function parseWantFirst(text: string): Want {
  const t = String(text).trim().toLowerCase();
  if (t === 'ipv4' || t === 'ipv6' || t === 'v4' || t === 'v6' || t === '4' || t === '6') return { kind: 'first', target: t.endsWith('4') ? 'ipv4' : 'ipv6' };
  return { kind: 'first-address', address: addressOf(String(text)) };
}

/** `--want ADDR,ADDR,…`: these addresses in this relative order (one address: it comes first). */
export function parseWantOrder(text: string): Want {
  const list = String(text)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map(addressOf);
  if (list.length === 0) throw new WantError('--want needs at least one address', 'e.g. --want 2001:db8::5,192.0.2.10');
  const dup = list.find((a, i) => list.indexOf(a) !== i);
  if (dup) throw new WantError(`--want lists ${dup} twice`, 'list each address once, in the order wanted');
  if (list.length === 1) return { kind: 'first-address', address: list[0]! };
  return { kind: 'order', addresses: list };
}

/** The problems of a Want given as an object (paths under `want`). */
export function wantProblems(w: unknown, path = 'want'): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (p: string, message: string, hint: string) => problems.push({ path: p, message, hint });
  const addressProblem = (v: unknown, p: string): string | null => {
    if (typeof v === 'string') {
      const ip = parseIp(v.trim());
      if (ip) return formatIp(ip);
    }
    add(p, `${JSON.stringify(v) ?? String(v)} is not an IPv4 or IPv6 address`, 'write addresses as getaddrinfo returns them, e.g. 2001:db8::5 or 192.0.2.10 (no prefix length, no zone)');
    return null;
  };
  if (typeof w !== 'object' || w === null || Array.isArray(w)) {
    add(path, 'the wanted order must be an object', 'use parseWantFirst("ipv6") or parseWantOrder("2001:db8::5,192.0.2.10"), or { kind: "first", target: "ipv6" }');
    return problems;
  }
  const o = w as Record<string, unknown>;
  const keys: Record<string, readonly string[]> = { first: ['kind', 'target'], 'first-address': ['kind', 'address'], order: ['kind', 'addresses'] };
  const known = typeof o.kind === 'string' ? keys[o.kind] : undefined;
  if (known === undefined) {
    add(`${path}.kind`, `kind must be "first", "first-address" or "order", not ${JSON.stringify(o.kind) ?? 'undefined'}`, '{ kind: "first", target: "ipv4" | "ipv6" }, { kind: "first-address", address }, { kind: "order", addresses: [...] }');
    return problems;
  }
  for (const k of Object.keys(o)) if (!known.includes(k)) add(`${path}.${k}`, `unknown key ${JSON.stringify(k)} in a "${o.kind as string}" want`, `its keys are ${known.join(', ')}`);
  if (o.kind === 'first' && o.target !== 'ipv4' && o.target !== 'ipv6') add(`${path}.target`, `target must be "ipv4" or "ipv6", not ${JSON.stringify(o.target) ?? 'undefined'}`, 'for one address use { kind: "first-address", address }');
  if (o.kind === 'first-address') addressProblem(o.address, `${path}.address`);
  if (o.kind === 'order') {
    if (!Array.isArray(o.addresses) || o.addresses.length === 0) add(`${path}.addresses`, 'addresses must be a non-empty array of addresses', 'e.g. ["2001:db8::5", "192.0.2.10"]');
    else {
      const seen = new Map<string, number>();
      o.addresses.forEach((a: unknown, i) => {
        const text = addressProblem(a, `${path}.addresses[${i}]`);
        if (text === null) return;
        if (seen.has(text)) add(`${path}.addresses[${i}]`, `${text} is listed twice (also at [${seen.get(text)}])`, 'list each address once, in the order wanted');
        else seen.set(text, i);
      });
    }
  }
  return problems;
}

/** A valid Want with its addresses in the form results print them (as parseWantOrder gives). */
function canonicalWant(w: Want): Want {
  const canon = (a: string) => formatIp(parseIp(a.trim())!);
  if (w.kind === 'first') return { kind: 'first', target: w.target };
  if (w.kind === 'first-address') return { kind: 'first-address', address: canon(w.address) };
  const addresses = w.addresses.map(canon);
  return addresses.length === 1 ? { kind: 'first-address', address: addresses[0]! } : { kind: 'order', addresses };
}

export function wantText(w: Want): string {
  if (w.kind === 'first') return `want-first ${w.target}`;
  if (w.kind === 'first-address') return `want-first ${w.address}`;
  return `want ${w.addresses.join(',')}`;
}

// ---------------------------------------------------------------------------------------------
// Constraints per scenario

interface Item {
  bytes: Uint8Array;
  v4: boolean;
}

type Constraint =
  | { kind: 'none'; why: string }
  | { kind: 'first-v4' | 'first-v6' }
  | { kind: 'first-address'; bytes: Uint8Array }
  | { kind: 'order'; list: Uint8Array[] };

function same(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

const isV4Item = (ip: Ip): boolean => ip.family === 4 || isV4Mapped(ip.bytes);

function recordIps(s: Scenario): Ip[] {
  return s.query.records.map((r) => parseIp(r)).filter((x): x is Ip => x !== null);
}

function constraintFor(s: Scenario, want: Want): Constraint {
  const recs = recordIps(s);
  switch (want.kind) {
    case 'first':
      if (!recs.some((r) => isV4Item(r) === (want.target === 'ipv4'))) return { kind: 'none', why: `the query has no ${want.target === 'ipv4' ? 'IPv4' : 'IPv6'} record` };
      return { kind: want.target === 'ipv4' ? 'first-v4' : 'first-v6' };
    case 'first-address': {
      const b = parseIp(want.address)!.bytes;
      if (!recs.some((r) => same(r.bytes, b))) return { kind: 'none', why: `the query has no record ${want.address}` };
      return { kind: 'first-address', bytes: b };
    }
    case 'order': {
      const list = want.addresses.map((a) => parseIp(a)!.bytes).filter((b) => recs.some((r) => same(r.bytes, b)));
      if (list.length < 2) return { kind: 'none', why: `the query has fewer than two of the wanted addresses` };
      return { kind: 'order', list };
    }
  }
}

/** null: satisfied; else what is wrong. Membership problems are 'absent'. */
function check(order: readonly Item[], status: string, c: Constraint): null | 'absent' | 'order' {
  if (c.kind === 'none') return null;
  if (status !== 'OK') return 'absent';
  switch (c.kind) {
    case 'first-v4':
    case 'first-v6': {
      const v4 = c.kind === 'first-v4';
      if (!order.some((x) => x.v4 === v4)) return 'absent';
      return order[0]!.v4 === v4 ? null : 'order';
    }
    case 'first-address':
      if (!order.some((x) => same(x.bytes, c.bytes))) return 'absent';
      return same(order[0]!.bytes, c.bytes) ? null : 'order';
    case 'order': {
      const pos = c.list.map((b) => order.findIndex((x) => same(x.bytes, b)));
      if (pos.some((p) => p < 0)) return 'absent';
      for (let i = 0; i + 1 < pos.length; i++) if (pos[i]! > pos[i + 1]!) return 'order';
      return null;
    }
  }
}

const itemsOfResult = (r: SimulationResult): Item[] => r.results.map((e) => ({ bytes: parseIp(e.address)!.bytes, v4: e.family === 4 || isV4Mapped(parseIp(e.address)!.bytes) }));

/** Which answers must precede which, by result index in `r` (all pairs the constraint asks for). */
function wantedPairs(r: SimulationResult, c: Constraint): { w: ResultEntry[]; l: ResultEntry[] }[] {
  const items = itemsOfResult(r);
  const res = r.results;
  switch (c.kind) {
    case 'none':
      return [];
    case 'first-v4':
    case 'first-v6': {
      const v4 = c.kind === 'first-v4';
      return [{ w: res.filter((_, i) => items[i]!.v4 === v4), l: res.filter((_, i) => items[i]!.v4 !== v4) }];
    }
    case 'first-address':
      return [{ w: res.filter((_, i) => same(items[i]!.bytes, c.bytes)), l: res.filter((_, i) => !same(items[i]!.bytes, c.bytes)) }];
    case 'order': {
      const out: { w: ResultEntry[]; l: ResultEntry[] }[] = [];
      for (let k = 0; k + 1 < c.list.length; k++) {
        out.push({ w: res.filter((_, i) => same(items[i]!.bytes, c.list[k]!)), l: res.filter((_, i) => same(items[i]!.bytes, c.list[k + 1]!)) });
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Edits

export interface PolicyEdit {
  kind: 'label' | 'precedence' | 'scopev4';
  /** gai.conf prefix text, e.g. `fd00::/8`, `::ffff:0:0/96`, `169.254.0.0/16` */
  prefix: string;
  value: number;
  /** the default row's value when the row exists in glibc's table; null for a new row */
  was: number | null;
  /** why this edit was a candidate */
  reason: string;
}

interface Candidate extends PolicyEdit {
  bytes: Uint8Array;
  /** 0..128 (scopev4: 96 + IPv4 length) */
  length: number;
  /** preference cost: lower is better */
  rank: number;
  key: string;
}

interface Prefix {
  bytes: Uint8Array;
  length: number;
  text: string;
  level: 'host' | 'subnet' | 'class';
}

function prefixText(bytes: Uint8Array, length: number): string {
  return `${formatIp({ family: 6, bytes: maskBytes(bytes, length) })}/${length}`;
}

function pfx(bytes: Uint8Array, length: number, level: Prefix['level'], text?: string): Prefix {
  const b = maskBytes(bytes, length);
  return { bytes: b, length, text: text ?? prefixText(b, length), level };
}

const FD00 = { bytes: parseIp('fd00::')!.bytes, length: 8 };

/** Default rows covering an address, most specific first, from glibc's label and precedence tables. */
function classRows(addr: Uint8Array): Prefix[] {
  const out: Prefix[] = [];
  for (const table of [GLIBC_PRECEDENCE, GLIBC_LABELS]) {
    let best: (typeof table)[number] | undefined;
    for (const r of table) if (matchesPrefix(addr, r.prefix, r.length) && (!best || r.length > best.length)) best = r;
    if (best && !out.some((p) => p.text === best!.text)) out.push(pfx(best.prefix, best.length, 'class', best.text));
  }
  return out;
}

/** Prefixes a destination can be named by: host, subnet, class rows. */
function destPrefixes(addr: Uint8Array): Prefix[] {
  const out: Prefix[] = [pfx(addr, 128, 'host')];
  if (isV4Mapped(addr)) {
    out.push(pfx(addr, 120, 'subnet'));
    if (addr[12] === 127) out.push(pfx(addr, 104, 'subnet'));
    if (addr[12] === 169 && addr[13] === 254) out.push(pfx(addr, 112, 'subnet'));
    out.push(pfx(addr, 96, 'class', '::ffff:0:0/96'));
    return out;
  }
  if (!classRows(addr).some((c) => c.length === 128)) out.push(pfx(addr, 64, 'subnet'));
  if (matchesPrefix(addr, FD00.bytes, FD00.length)) out.push(pfx(FD00.bytes, 8, 'class', 'fd00::/8'));
  for (const c of classRows(addr)) if (!out.some((p) => p.text === c.text)) out.push(c);
  return out;
}

/** Prefixes a SOURCE can be named by without renaming every destination of its family. */
function sourcePrefixes(addr: Uint8Array, prefixLen: number): Prefix[] {
  const out: Prefix[] = [pfx(addr, 128, 'host')];
  if (isV4Mapped(addr)) {
    if (prefixLen > 0 && prefixLen < 32) out.push(pfx(addr, 96 + prefixLen, 'subnet'));
    return out;
  }
  if (prefixLen > 0 && prefixLen < 128) out.push(pfx(addr, prefixLen, 'subnet'));
  if (matchesPrefix(addr, FD00.bytes, FD00.length)) out.push(pfx(FD00.bytes, 8, 'class', 'fd00::/8'));
  for (const c of classRows(addr)) if (c.length > 0 && !out.some((p) => p.text === c.text)) out.push(c);
  return out;
}

function defaultValue(kind: 'label' | 'precedence', p: Prefix): number | null {
  const table = kind === 'label' ? GLIBC_LABELS : GLIBC_PRECEDENCE;
  const row = table.find((r) => r.length === p.length && same(maskBytes(r.prefix, r.length), p.bytes));
  return row ? row.value : null;
}

function defaultScope(network: number, length: number): number | null {
  return GLIBC_SCOPEV4.find((r) => r.length === length && r.network === network)?.value ?? null;
}

const RAISE = 100;
const LOWER = 5;

interface Ranker {
  /** family-level want: class rows first; address-level: narrowest first */
  familyLevel: boolean;
}

function levelRank(level: Prefix['level'], r: Ranker): number {
  if (r.familyLevel) return level === 'class' ? 1 : level === 'subnet' ? 2 : 3;
  return level === 'host' ? 1 : level === 'subnet' ? 2 : 3;
}

class CandidateSet {
  readonly list: Candidate[] = [];
  private readonly index = new Map<string, Candidate>();
  private fresh = 100;

  freshLabel(): number {
    return this.fresh++;
  }

  add(kind: 'label' | 'precedence', p: Prefix, value: number, rank: number, reason: string): void {
    const was = defaultValue(kind, p);
    if (was === value) return;
    this.push({ kind, prefix: p.text, value, was, reason, bytes: p.bytes, length: p.length, rank, key: `${kind} ${p.length}/${Array.from(p.bytes).join('.')}` });
  }

  addScope(addr: Uint8Array, length4: number, value: number, rank: number, reason: string): void {
    const mask = v4Mask(length4);
    const v4 = ((addr[12]! << 24) | (addr[13]! << 16) | (addr[14]! << 8) | addr[15]!) >>> 0;
    const network = (v4 & mask) >>> 0;
    const was = defaultScope(network, length4);
    const text = `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${length4}`;
    const bytes = maskBytes(addr, 96 + length4);
    this.push({ kind: 'scopev4', prefix: text, value, was, reason, bytes, length: 96 + length4, rank, key: `scopev4 ${length4}/${network}` });
  }

  private push(c: Candidate): void {
    const id = `${c.key}=${c.value}`;
    const old = this.index.get(id);
    if (old) {
      if (c.rank < old.rank) {
        old.rank = c.rank;
        old.reason = c.reason;
      }
      return;
    }
    this.index.set(id, c);
    this.list.push(c);
  }
}

function generate(bases: readonly { r: SimulationResult; c: Constraint }[], ranker: Ranker): Candidate[] {
  const set = new CandidateSet();
  for (const { r, c } of bases) {
    for (const { w: ws, l: ls } of wantedPairs(r, c)) {
      for (const w of ws) {
        const wb = parseIp(w.address)!.bytes;
        // Rule 6: raise the wanted answer
        for (const p of destPrefixes(wb)) set.add('precedence', p, RAISE, levelRank(p.level, ranker), `raise ${w.address} above the others (Rule 6)`);
        if (w.usable && w.source && w.sourceLabel !== w.label) {
          const sb = parseIp(w.source)!.bytes;
          // Rule 5: make the wanted answer's source match it
          for (const p of sourcePrefixes(sb, w.sourcePrefixLength)) {
            const rank = p.text === 'fd00::/8' ? 1 : p.level === 'host' ? 3 : p.level === 'subnet' ? 2 : p.length === 0 ? 4 : 2;
            set.add('label', p, w.label, rank, `source ${w.source} gets ${w.address}'s label ${w.label}, so they match (Rule 5)`);
          }
          for (const p of destPrefixes(wb)) {
            if (p.length === 0) continue;
            set.add('label', p, w.sourceLabel!, levelRank(p.level, ranker) + 2, `${w.address} gets its source ${w.source}'s label ${w.sourceLabel} (Rule 5)`);
          }
        }
        if (w.usable && w.source && w.family === 4 && w.scope !== w.sourceScope) {
          // Rule 2: make the wanted IPv4 answer's scope match its source's
          const sb = parseIp(w.source)!.bytes;
          for (const len of [16, 8]) {
            const row = GLIBC_SCOPEV4.find((x) => x.length === len && ((((wb[12]! << 24) | (wb[13]! << 16) | (wb[14]! << 8) | wb[15]!) >>> 0) & x.mask) >>> 0 === x.network);
            if (row) set.addScope(wb, len, w.sourceScope!, 1, `${row.text} gets scope ${w.sourceScope}, matching the source ${w.source} (Rule 2)`);
          }
          set.addScope(wb, 32, w.sourceScope!, 2, `${w.address} gets scope ${w.sourceScope}, matching its source ${w.source} (Rule 2)`);
          set.addScope(sb, 32, w.scope, 3, `source ${w.source} gets scope ${w.scope}, matching ${w.address} (Rule 2)`);
        }
      }
      for (const l of ls) {
        const lb = parseIp(l.address)!.bytes;
        // Rule 6: lower the unwanted answer
        for (const p of destPrefixes(lb)) set.add('precedence', p, LOWER, levelRank(p.level, ranker) + 1, `lower ${l.address} below the others (Rule 6)`);
        if (l.usable && l.source && l.sourceLabel === l.label) {
          // Rule 5: make the unwanted answer's labels differ
          const sb = parseIp(l.source)!.bytes;
          const isMapped = isV4Mapped(sb);
          for (const p of sourcePrefixes(sb, l.sourcePrefixLength)) {
            // never a whole IPv6 class: that would rename every source of the class
            if (p.length === 0 || (!isMapped && p.level === 'class')) continue;
            set.add('label', p, set.freshLabel(), 3, `source ${l.source} gets a label of its own, so ${l.address} no longer matches it (Rule 5)`);
          }
          for (const p of destPrefixes(lb)) {
            if (p.length === 0 || p.text === '::ffff:0:0/96') continue;
            set.add('label', p, set.freshLabel(), levelRank(p.level, ranker) + 2, `${l.address} gets a label of its own, so it no longer matches its source ${l.source} (Rule 5)`);
          }
        }
      }
    }
  }
  return set.list.map((c, i) => ({ ...c, order: i })).sort((a, b) => a.rank - b.rank || a.order - b.order);
}

// ---------------------------------------------------------------------------------------------
// Policies from edits

function copyRows(rows: readonly { prefix: Uint8Array; length: number; value: number; text: string }[]): GaiRow[] {
  return rows.map((r) => ({ prefix: r.prefix, length: r.length, value: r.value, text: r.text }));
}

function setPrefixRow(rows: GaiRow[], e: Candidate): void {
  const existing = rows.find((r) => r.length === e.length && same(maskBytes(r.prefix, r.length), e.bytes));
  const note = `synthesized: ${e.reason}`;
  if (existing) {
    existing.value = e.value;
    existing.note = note;
    return;
  }
  const row: GaiRow = { prefix: e.bytes, length: e.length, value: e.value, text: e.prefix, note };
  const zero = rows.findIndex((r) => r.length === 0);
  if (zero < 0) rows.push(row);
  else rows.splice(zero, 0, row);
}

function setScopeRow(rows: GaiScopeRow[], e: Candidate): void {
  const length = e.length - 96;
  const mask = v4Mask(length);
  const network = ((((e.bytes[12]! << 24) | (e.bytes[13]! << 16) | (e.bytes[14]! << 8) | e.bytes[15]!) >>> 0) & mask) >>> 0;
  const note = `synthesized: ${e.reason}`;
  const existing = rows.find((r) => r.length === length && r.network === network);
  if (existing) {
    existing.value = e.value;
    existing.note = note;
    return;
  }
  const row: GaiScopeRow = { network, mask, length, value: e.value, text: e.prefix, note };
  const zero = rows.findIndex((r) => r.length === 0);
  if (zero < 0) rows.push(row);
  else rows.splice(zero, 0, row);
}

function policyOf(edits: readonly Candidate[]): GaiPolicy {
  const policy: GaiPolicy = {};
  for (const e of edits) {
    if (e.kind === 'label') setPrefixRow((policy.labels ??= copyRows(GLIBC_LABELS)), e);
    else if (e.kind === 'precedence') setPrefixRow((policy.precedence ??= copyRows(GLIBC_PRECEDENCE)), e);
    else setScopeRow((policy.scopev4 ??= GLIBC_SCOPEV4.map((r) => ({ ...r }))), e);
  }
  return policy;
}

// ---------------------------------------------------------------------------------------------
// Results

export interface OrderView {
  status: string;
  order: string[];
  explain: ExplainStep[];
}

export interface ScenarioProof {
  name: string | null;
  /** position of the scenario in the input */
  index: number;
  /** false: the scenario does not hold the wanted answers, so it asks for nothing */
  constrained: boolean;
  /** glibc's default tables (or the profile's own) */
  before: OrderView;
  /** with the synthesized gai.conf; null when none was found */
  after: OrderView | null;
  satisfiedBefore: boolean;
  satisfiedAfter: boolean | null;
  notes: string[];
}

export interface Blocker {
  scenario: string | null;
  index: number;
  /** 0: the wanted answer is not in the result at all (membership, not ordering) */
  rule: number;
  ruleName: string;
  /** the answer that wins */
  winner: string | null;
  /** the wanted answer that loses */
  wanted: string | null;
  /** the explanation's sentence for the pair */
  text: string;
}

export interface SynthesisResult {
  schemaVersion: 1;
  /** found: a policy; unchanged: the defaults already do it; impossible: see blockers */
  status: 'found' | 'unchanged' | 'impossible';
  want: string;
  profile: ProfileName;
  glibc: string;
  /** lines changed from glibc's default tables */
  size: number;
  edits: PolicyEdit[];
  /** the tables written ({} when unchanged or impossible) */
  policy: GaiPolicy;
  /** the complete gai.conf ('' when impossible) */
  text: string;
  /** one line per changed row, and what each removed row falls to */
  changes: string[];
  scenarios: ScenarioProof[];
  blockers: Blocker[];
  /** why it is impossible, in one sentence ('' otherwise) */
  reason: string;
  /** what would work instead of gai.conf */
  remedies: string[];
  notes: string[];
}

export interface SynthesizeOptions {
  profile?: ProfileName;
  glibc?: string;
  /** largest edit set tried (default 3) */
  maxEdits?: number;
  /** most edit sets evaluated (default 60000) */
  budget?: number;
  /** the command line, for the generated file's header */
  command?: string;
}

const view = (r: SimulationResult): OrderView => ({ status: r.status, order: r.order, explain: r.explain });

interface Prepared {
  s: Scenario;
  host: Host;
  c: Constraint;
  base: SimulationResult;
  baseAll: SimulationResult;
}

function evaluateTables(p: Prepared, policy: GaiPolicy): boolean {
  if (p.c.kind === 'none') return true;
  const q = { records: p.s.query.records, flags: p.s.query.flags ?? [], family: p.s.query.family ?? 'AF_UNSPEC' } as const;
  const out = glibcOrder(p.host, q, { tables: policyTables(policy), crashes: false });
  const items = out.answers.map((a) => ({ bytes: a.address.bytes, v4: isV4Item(a.address) }));
  return check(items, out.status, p.c) === null;
}

/** Does L beat W by a rule no gai.conf changes? Returns that rule, or null. */
function fixedWin(l: ResultEntry, w: ResultEntry): number | null {
  if (l.usable !== w.usable) return l.usable ? 1 : null;
  if (!l.usable) return null;
  const mw = w.scope === w.sourceScope;
  const ml = l.scope === l.sourceScope;
  if (mw !== ml) {
    if (mw) return null;
    if (w.family !== 4) return 2; // IPv6 scopes are fixed by the address type; scopev4 is IPv4 only
  }
  if (l.deprecated !== w.deprecated) return l.deprecated ? null : 3;
  if (l.home !== w.home) return l.home ? 4 : null;
  return null;
}

function stepFor(r: SimulationResult, first: string, second: string): ExplainStep | undefined {
  return r.explain.find((s) => s.first === first && s.second === second);
}

/** The pair that keeps a scenario from the wanted order: a fixed-rule loss if there is one. */
function blockerOf(p: Prepared, index: number, fixedOnly: boolean): Blocker | null {
  const r = p.baseAll;
  const items = itemsOfResult(r);
  const problem = check(items, r.status, p.c);
  if (problem === null) return null;
  const name = p.s.name ?? null;
  if (problem === 'absent') {
    const why = r.status !== 'OK' ? `the lookup fails (${r.status})` : 'the wanted answer is not in the result';
    const notes = r.notes.length ? `: ${r.notes.join('; ')}` : '';
    return { scenario: name, index, rule: 0, ruleName: 'not in the result', winner: null, wanted: null, text: `${why}${notes}` };
  }
  const pairs = wantedPairs(r, p.c);
  for (const { w: ws, l: ls } of pairs) {
    // blocked when every wanted answer loses to some unwanted one by a fixed rule
    const losses = ws.map((w) => {
      for (const l of ls) {
        const rule = fixedWin(l, w);
        if (rule !== null) return { w, l, rule };
      }
      return null;
    });
    if (ws.length && losses.every((x) => x !== null)) {
      const x = losses[0]!;
      const step = stepFor(r, x.l.address, x.w.address) ?? stepFor(r, x.w.address, x.l.address);
      return { scenario: name, index, rule: x.rule, ruleName: RULE_TITLES[x.rule] ?? `Rule ${x.rule}`, winner: x.l.address, wanted: x.w.address, text: step?.text ?? '' };
    }
  }
  if (fixedOnly) return null;
  // not blocked by a fixed rule: name the pair that decides now
  for (const { w: ws, l: ls } of pairs) {
    const w = ws.find(() => true);
    if (!w) continue;
    const wi = r.order.indexOf(w.address);
    const l = ls.find((x) => r.order.indexOf(x.address) < wi);
    if (!l) continue;
    const step = stepFor(r, l.address, w.address);
    const rule = step?.rule ?? 0;
    return { scenario: name, index, rule, ruleName: step?.ruleName ?? RULE_TITLES[rule] ?? '', winner: l.address, wanted: w.address, text: step?.text ?? '' };
  }
  return null;
}

function hostAddressOf(s: Scenario, ipText: string | null): { dev: string; len: number } | null {
  if (!ipText) return null;
  const ip = parseIp(ipText);
  if (!ip) return null;
  for (const itf of s.host.interfaces) {
    for (const a of itf.addresses) {
      const text = typeof a === 'string' ? a : a.address;
      const [addr, len] = text.split('/');
      const x = parseIp(addr ?? '');
      if (x && same(x.bytes, ip.bytes)) return { dev: itf.name, len: len ? Number(len) : x.family === 4 ? 32 : 128 };
    }
  }
  return null;
}

/** Per-program remedies for this want, for the hosts given: nothing needing IPv6 where every host has it off. */
function appRemedies(want: Want, prepared: readonly Prepared[]): string[] {
  const hosts = prepared.filter((p) => p.c.kind !== 'none');
  const off = hosts.length > 0 && hosts.every((p) => ipv6Off(p.s.host));
  return programRemedies(want.kind === 'first' ? want.target : 'any', off);
}

function ruleRemedies(b: Blocker, p: Prepared): string[] {
  const r = p.baseAll;
  const entry = (a: string | null) => r.results.find((e) => e.address === a);
  const w = entry(b.wanted);
  const l = entry(b.winner);
  switch (b.rule) {
    case 0:
      return ['gai.conf only orders the answers getaddrinfo returns; it never adds or removes any: check the records, AI_ADDRCONFIG (it drops a family the host has no address of) and whether IPv6 is enabled'];
    case 1: {
      const v6 = w ? !(w.family === 4 || w.address.startsWith('::ffff:')) : false;
      // no route advice where IPv6 is off: turning it on is the only way (programRemedies says it)
      if (v6 && ipv6Off(p.s.host)) return [IPV6_OFF];
      return [`${b.wanted} is unusable from this host (connect: ${w?.errno ?? 'no source'}): give it a working route, e.g. "${v6 ? 'ip -6 route add default via <IPv6 gateway>' : 'ip route add default via <IPv4 gateway>'}", and an address of that family`];
    }
    case 2:
      return [
        `${b.wanted}'s source ${w?.source ?? '(none)'} has scope ${w?.sourceScope ?? '?'} but the destination has scope ${w?.scope ?? '?'}: give the host an address of the destination's scope (a global address, not only a link-local one), or steer the kernel's source choice with a route's "src" or "ip addrlabel" (scopev4 lines only change IPv4 scopes)`,
      ];
    case 3: {
      const at = hostAddressOf(p.s, w?.source ?? null);
      const cmd = at ? `ip -6 addr change ${w!.source}/${at.len} dev ${at.dev} preferred_lft forever` : `ip -6 addr change <address>/<len> dev <if> preferred_lft forever`;
      return [
        `the source ${w?.source ?? '?'} of ${b.wanted} is deprecated (preferred_lft 0; glibc also counts optimistic addresses): make it preferred again ("${cmd}"), or add a non-deprecated address of that family (a renumbered or expiring SLAAC prefix is the usual cause)`,
        '"ip addrlabel" changes only which source the kernel picks, not glibc\'s destination order: it helps only if another, non-deprecated source exists',
      ];
    }
    case 4:
      return [`the source ${l?.source ?? '?'} of ${b.winner} is a Mobile IPv6 home address, which Rule 4 prefers: drop the home flag, or give ${b.wanted}'s source one`];
    default:
      return [];
  }
}

function emptyResult(want: Want, profile: ProfileName, glibc: string): SynthesisResult {
  return { schemaVersion: 1, status: 'impossible', want: wantText(want), profile, glibc, size: 0, edits: [], policy: {}, text: '', changes: [], scenarios: [], blockers: [], reason: '', remedies: [], notes: [] };
}

function render(policy: GaiPolicy, want: Want, size: number, options: SynthesizeOptions): string {
  const changes = describeChanges(policy);
  const note =
    size === 0
      ? "glibc's default tables already give the wanted order on every scenario: no table is written."
      : `Synthesized by gaiconf synthesize (${wantText(want)}): the smallest change to glibc's default tables found (${size} line${size === 1 ? '' : 's'}), proven by simulating every scenario given.`;
  return renderGaiConf(policy, { intents: [wantText(want)], command: options.command ?? `gaiconf synthesize … --${want.kind === 'order' ? 'want' : 'want-first'} …`, changes, notes: [note] });
}

function* combos(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/**
 * The smallest gai.conf giving the wanted order on every scenario (see the top of this file).
 * Each scenario's own gaiConf is ignored: the search starts from glibc's built-in tables, and
 * its output replaces /etc/gai.conf.
 */
export function synthesize(scenarios: readonly Scenario[], want: Want, options: SynthesizeOptions = {}): SynthesisResult {
  throwIfProblems([
    ['INVALID_SCENARIO', checkScenarioList(scenarios, 'scenarios')],
    ['INVALID_WANT', wantProblems(want)],
    ['INVALID_OPTIONS', synthesizeOptionProblems(options)],
  ]);
  want = canonicalWant(want);
  const profile = options.profile ?? 'glibc';
  const glibc = options.glibc ?? '2.36';
  const result = emptyResult(want, profile, glibc);
  const prepared: Prepared[] = scenarios.map((s0) => {
    const s: Scenario = { ...s0, gaiConf: null };
    const baseAll = simulateValidated(s, { profile, glibc, allPairs: true });
    const base = simulateValidated(s, { profile, glibc });
    return { s, host: buildHost(s.host), c: constraintFor(s, want), base, baseAll };
  });
  scenarios.forEach((s, i) => {
    if (s.gaiConf != null) result.notes.push(`scenario ${i + 1}${s.name ? ` (${s.name})` : ''}: its own gaiConf is ignored; the search starts from glibc's default tables and its output replaces /etc/gai.conf`);
  });
  const proofs = (after: (p: Prepared) => SimulationResult | null): ScenarioProof[] =>
    prepared.map((p, i) => {
      const a = after(p);
      const notes = p.c.kind === 'none' ? [`nothing wanted here: ${p.c.why}`] : [];
      return {
        name: p.s.name ?? null,
        index: i,
        constrained: p.c.kind !== 'none',
        before: view(p.base),
        after: a ? view(a) : null,
        satisfiedBefore: check(itemsOfResult(p.base), p.base.status, p.c) === null,
        satisfiedAfter: a ? check(itemsOfResult(a), a.status, p.c) === null : null,
        notes,
      };
    });
  if (!prepared.some((p) => p.c.kind !== 'none')) {
    result.reason = 'no scenario holds the wanted answers, so there is nothing to order';
    result.scenarios = proofs(() => null);
    return result;
  }
  if (prepared.every((p) => check(itemsOfResult(p.base), p.base.status, p.c) === null)) {
    result.status = 'unchanged';
    result.text = profile === 'glibc' ? render({}, want, 0, options) : '';
    result.scenarios = proofs((p) => p.base);
    if (profile !== 'glibc') result.notes.push(`the ${profile} profile already gives the wanted order (it ignores /etc/gai.conf anyway)`);
    return result;
  }
  result.scenarios = proofs(() => null);
  if (profile !== 'glibc') {
    result.blockers = prepared.map((p, i) => blockerOf(p, i, false)).filter((b): b is Blocker => b !== null);
    const first = result.blockers[0];
    result.reason = `the ${profile} profile ignores /etc/gai.conf${first ? `; ${first.ruleName} decides: ${sentence(first)}` : ''}`;
    result.remedies = unique([profileRemedy(profile), ...prepared.flatMap((p, i) => result.blockers.filter((b) => b.index === i && b.rule <= 4).flatMap((b) => ruleRemedies(b, p))), ...appRemedies(want, prepared)]);
    return result;
  }
  // Rules 1–4 (and membership) that no table can change
  const fixed = prepared.map((p, i) => blockerOf(p, i, true)).filter((b): b is Blocker => b !== null);
  if (fixed.length) {
    const b = fixed[0]!;
    return impossible(result, prepared, fixed, want, b.rule === 0 ? b.text : `${b.ruleName} decides before any gai.conf table applies: ${sentence(b)}`);
  }
  const cands = generate(
    prepared.map((p) => ({ r: p.base, c: p.c })),
    { familyLevel: want.kind === 'first' },
  );
  const maxEdits = options.maxEdits ?? 3;
  let budget = options.budget ?? 60000;
  const failing = prepared.filter((p) => check(itemsOfResult(p.base), p.base.status, p.c) !== null);
  const rest = prepared.filter((p) => !failing.includes(p));
  let best: { edits: Candidate[]; cost: number; text: string; policy: GaiPolicy } | null = null;
  let exhausted = false;
  for (let k = 1; k <= maxEdits && !best && !exhausted; k++) {
    for (const idx of combos(cands.length, k)) {
      if (budget-- <= 0) {
        exhausted = true;
        break;
      }
      const edits = idx.map((i) => cands[i]!);
      if (new Set(edits.map((e) => e.key)).size < edits.length) continue;
      const cost = edits.reduce((s, e) => s + e.rank, 0);
      if (best && cost >= best.cost) continue;
      const policy = policyOf(edits);
      // the scenarios that fail now first: most edit sets die on them
      if (!failing.every((p) => evaluateTables(p, policy)) || !rest.every((p) => evaluateTables(p, policy))) continue;
      const text = render(policy, want, k, options);
      if (lintLevel(lintGaiConf(text, { glibc }).diagnostics) !== 0) continue;
      best = { edits, cost, text, policy };
    }
  }
  if (!best) {
    const blockers = prepared.map((p, i) => blockerOf(p, i, false)).filter((b): b is Blocker => b !== null);
    const why = exhausted ? `the search budget ran out before a policy was found` : `no gai.conf changing up to ${maxEdits} lines of glibc's tables gives the wanted order on every scenario`;
    const reason = blockers[0] ? `${why}; ${blockers[0].ruleName} decides now: ${sentence(blockers[0])}` : why;
    const out = impossible(result, prepared, blockers, want, reason);
    if (prepared.filter((p) => p.c.kind !== 'none').length > 1) out.remedies.unshift('the scenarios may want contradicting orders for the same classes of addresses: try them one at a time');
    return out;
  }
  // proof: the rendered text, simulated like any gai.conf
  const afterOf = new Map(prepared.map((p) => [p, simulateValidated({ ...p.s, gaiConf: best!.text }, { profile, glibc })]));
  const scenariosAfter = proofs((p) => afterOf.get(p)!);
  if (scenariosAfter.some((x) => x.satisfiedAfter === false)) {
    // the table shortcut and the parsed text disagree: a bug, never silently accepted
    return impossible(result, prepared, [], want, 'internal error: the synthesized file does not simulate as its tables did (please report this)');
  }
  result.status = 'found';
  result.size = best.edits.length;
  result.edits = best.edits.map(({ kind, prefix, value, was, reason }) => ({ kind, prefix, value, was, reason }));
  result.policy = best.policy;
  result.text = best.text;
  result.changes = describeChanges(best.policy);
  result.scenarios = scenariosAfter;
  return result;
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** The blocker's explanation without the rule title it starts with. */
function sentence(b: Blocker): string {
  return b.text.startsWith(`${b.ruleName}: `) ? b.text.slice(b.ruleName.length + 2) : b.text;
}

function impossible(result: SynthesisResult, prepared: readonly Prepared[], blockers: Blocker[], want: Want, reason: string): SynthesisResult {
  result.status = 'impossible';
  result.blockers = blockers;
  result.reason = reason;
  const seen = new Set<string>();
  const remedies: string[] = [];
  for (const b of blockers) {
    for (const r of ruleRemedies(b, prepared[b.index]!)) {
      if (!seen.has(r)) {
        seen.add(r);
        remedies.push(r);
      }
    }
  }
  result.remedies = unique([...remedies, ...appRemedies(want, prepared)]);
  return result;
}

