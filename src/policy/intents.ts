// Intents ("prefer-ipv4", "ula-as-global", "prefer 2001:db8::/32", …) → a gai.conf policy in which
// every table kind an intent touches is written WHOLE, because glibc replaces a kind's entire
// built-in table as soon as it accepts one line of that kind (address-selection.md §1.3,
// "Building the tables"). Pure: no I/O; bad input throws IntentError with a hint.
//
// Composition does not depend on the order the intents are given in (docs/decisions.md,
// "Intents compose"): the starting tables (`rfc6724`, `glibc-default`, else glibc's defaults),
// then the family-wide intents (`ula-as-global`, `prefer-ipv4`, `prefer-ipv6`), then the prefix
// intents from the widest prefix to the narrowest. A later step wins where two touch the same
// addresses, so a prefix intent beats a family-wide one and a narrower prefix a wider one. The
// precedence values keep every class apart (no IPv4/IPv6 tie) and in this order:
//   prefer PREFIX 110 (105 for prefixes of the other family) > prefer-ipv4's IPv4 100 > IPv6
//   classes > prefer-ipv6's IPv4 (10, or below every ULA/global IPv6 class) > avoid PREFIX 1 (0)
// where "the other family" is IPv6 under prefer-ipv4 and IPv4 otherwise, as glibc's defaults.

import { formatIp } from '../address/format.js';
import { inetPton4, inetPton6 } from '../address/inet-pton.js';
import { isV4Mapped } from '../address/ip.js';
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import { GaiconfInputError, type InputProblem } from '../input-error.js';
import type { GlibcTables } from './effective-tables.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, GLIBC_SCOPEV4, RFC6724_POLICY, type PrefixRow, type Scope4Row } from './tables.js';

/** A label or precedence row of a policy; `note` becomes the row's comment in gai.conf. */
export interface GaiRow extends PrefixRow {
  note?: string;
}

/** A scopev4 row of a policy. */
export interface GaiScopeRow extends Scope4Row {
  note?: string;
}

/** The tables a gai.conf writes. An absent kind is not written: glibc keeps its default. */
export interface GaiPolicy {
  labels?: GaiRow[];
  precedence?: GaiRow[];
  scopev4?: GaiScopeRow[];
}

/** A prefix as gai.conf needs it: IPv6 text; IPv4 networks in their ::ffff:0:0/96 form. */
export interface PolicyPrefix {
  /** 16 bytes, host bits cleared */
  bytes: Uint8Array;
  /** 0..128, over all 128 bits */
  length: number;
  /** gai.conf text, e.g. `::ffff:198.51.100.0/120` or `2001:db8::/32` */
  text: string;
  /** family the user wrote */
  family: 4 | 6;
  /** what the user wrote, e.g. `198.51.100.0/24` */
  input: string;
}

export type IntentName = 'glibc-default' | 'rfc6724' | 'prefer-ipv4' | 'prefer-ipv6' | 'ula-as-global' | 'prefer' | 'avoid';

export type Intent =
  | { kind: 'glibc-default' | 'rfc6724' | 'prefer-ipv4' | 'prefer-ipv6' | 'ula-as-global' }
  | { kind: 'prefer' | 'avoid'; prefix: PolicyPrefix };

/**
 * Bad intent text, or intents that cannot be combined: a GaiconfInputError (INVALID_INTENT)
 * whose `errors` list every problem; `hint` is the first one's.
 */
export class IntentError extends GaiconfInputError {
  override readonly name: string = 'IntentError';
  /** the intent text of the first problem ('' when the combination is at fault) */
  readonly intent: string;

  constructor(message: string | readonly InputProblem[], hint: string, intent: string) {
    super('INVALID_INTENT', typeof message === 'string' ? [{ path: 'intent', message, hint }] : message);
    this.intent = intent;
  }
}

export interface IntentInfo {
  /** usage, e.g. `prefer PREFIX` */
  usage: string;
  /** one line: what it writes */
  summary: string;
  /** when to use it */
  when: string;
  /** what else it moves, and where it has no effect */
  cost: string;
}

/** Every intent with its documentation (`generate --help`); file headers quote `when` and `cost`. */
export const INTENTS: Readonly<Record<IntentName, IntentInfo>> = Object.freeze({
  'glibc-default': {
    usage: 'glibc-default',
    summary: "writes glibc's built-in label, precedence and scopev4 tables out unchanged",
    when: 'to replace a customised /etc/gai.conf with one that orders exactly like having no file, and says so',
    cost: 'none by itself; a ULA source still loses to IPv4 by label (that is what ula-as-global changes)',
  },
  rfc6724: {
    usage: 'rfc6724',
    summary: "writes RFC 6724's default label and precedence tables (what musl and Go use) instead of glibc's RFC 3484-era ones",
    when: 'to make glibc order like musl, Go and other RFC 6724 systems',
    cost: 'IPv4 rises above ULA, Teredo and 6to4 destinations; ULA sources still do not match global destinations',
  },
  'prefer-ipv4': {
    usage: 'prefer-ipv4',
    summary: 'sets precedence ::ffff:0:0/96 100, above every IPv6 class, in the full precedence table',
    when: 'when IPv6 connections fail or hang and IPv4 works, or localhost should give 127.0.0.1 before ::1',
    cost: 'moves EVERY IPv4 answer above IPv6, for every name and every glibc program on the machine; Rule 5 (matching labels) still decides before precedence; "prefer PREFIX" moves one network only (prefer 127.0.0.1: localhost only)',
  },
  'prefer-ipv6': {
    usage: 'prefer-ipv6',
    summary: "puts IPv4 below every ULA and global IPv6 class; with glibc's tables that is its default precedence table restated (IPv4 10, IPv6 40), since glibc already puts IPv6 first",
    when: 'to replace a file that prefers IPv4 with one that explicitly puts IPv6 first',
    cost: 'none against glibc defaults; it cannot fix IPv4-first caused by labels (Rule 5), such as a ULA source in Docker: use ula-as-global for that',
  },
  'ula-as-global': {
    usage: 'ula-as-global',
    summary: 'adds label fd00::/8 1 to the full default label table, so a ULA source matches global IPv6 destinations (Rule 5)',
    when: 'a container or host with only a ULA IPv6 address (Docker IPv6 networks use fd00::/8) tries IPv4 first',
    cost: "IPv6 is then tried first from ULA sources: that only helps when the ULA network reaches the Internet (NAT66 or a routed prefix); fc00::/8 keeps its label; no effect on musl (Alpine) or on Go's built-in resolver",
  },
  prefer: {
    usage: 'prefer PREFIX',
    summary: 'gives PREFIX the highest precedence, 110 (105 for a prefix of the family tried second: IPv4, or IPv6 under prefer-ipv4, so preferred prefixes of the two families never tie); every address of an IPv6 PREFIX also gets the label of ::/0, so Rule 5 does not veto it from a global source',
    when: 'one network should be tried before others, without moving every IPv4 or IPv6 answer',
    cost: 'applies to every name whose answers fall in PREFIX, and wins over prefer-ipv4, prefer-ipv6 and a wider avoid there; from a ULA source, an IPv6 PREFIX needs ula-as-global too, or Rule 5 ranks it below answers that share the source\'s label; IPv4 prefixes are written in their ::ffff: form',
  },
  avoid: {
    usage: 'avoid PREFIX',
    summary: 'gives PREFIX the lowest precedence, 1 (0 for a prefix of the family tried second: IPv4, or IPv6 under prefer-ipv4), below every other class',
    when: 'answers in one network are known to be unreachable or slow',
    cost: 'Rule 5 (labels) and the earlier rules still decide before precedence, so a PREFIX whose label matches the source can still come first; it wins over prefer-ipv4, prefer-ipv6 and a wider prefer there',
  },
});

export const INTENT_NAMES = Object.keys(INTENTS) as IntentName[];

const PREFER_VALUE = 100;
const AVOID_VALUE = 1;
/** glibc's default IPv4 precedence */
const IPV4_DEFAULT_PRECEDENCE = 10;

// ---------------------------------------------------------------------------------------------
// Prefixes

function dotted(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

function readLength(input: string, text: string | null, max: number): number {
  if (text === null) return max;
  if (!/^(0|[1-9][0-9]*)$/.test(text)) {
    const hint = text === '' ? 'write the length after the "/", e.g. 2001:db8::/32' : `the length must be a decimal number 0–${max} without sign or leading zeros`;
    throw new IntentError(`"${input}": "/${text}" is not a prefix length`, hint, input);
  }
  const n = Number(text);
  if (n > max) throw new IntentError(`"${input}": /${n} is longer than ${max} bits`, `use a length of 0–${max}`, input);
  return n;
}

/**
 * Parse a prefix as glibc's inet_pton reads it (strict dotted quads, no zone), with an optional
 * `/len` (default: one address). IPv4 networks come back in the ::ffff: form gai.conf needs.
 * Host bits past the length are an error, not silently cleared: they usually mean a typo.
 */
export function parsePolicyPrefix(input: string): PolicyPrefix {
  const raw = input.trim();
  if (raw === '') throw new IntentError('missing prefix', 'write a prefix, e.g. 2001:db8::/32 or 198.51.100.0/24', input);
  const slash = raw.indexOf('/');
  const addr = slash < 0 ? raw : raw.slice(0, slash);
  const lenText = slash < 0 ? null : raw.slice(slash + 1);
  if (addr.includes('%')) {
    throw new IntentError(`"${raw}": zone suffixes are not allowed in gai.conf`, `remove "${addr.slice(addr.indexOf('%'))}"`, input);
  }
  const v4 = inetPton4(addr);
  if (v4) {
    const len4 = readLength(raw, lenText, 32);
    const bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    bytes.set(v4, 12);
    const masked = maskBytes(bytes, len4 + 96);
    if (!sameBytes(masked, bytes)) {
      throw new IntentError(`"${raw}" has bits set after /${len4}`, `did you mean ${dotted(masked, 12)}/${len4}?`, input);
    }
    return { bytes, length: len4 + 96, text: `::ffff:${dotted(bytes, 12)}/${len4 + 96}`, family: 4, input: raw };
  }
  const v6 = inetPton6(addr);
  if (!v6) {
    let hint = "glibc's inet_pton rejects it: check the hex groups (at most 4 digits), the single \"::\" and the group count";
    if (/^[0-9.]+$/.test(addr)) hint = 'IPv4 must be a strict dotted quad: four decimal parts 0–255, no leading zeros (e.g. 198.51.100.0/24)';
    else if (addr.startsWith('[') || addr.endsWith(']')) hint = 'remove the brackets';
    // eslint-disable-next-line no-control-regex
    else if (/[^\x00-\x7f]/.test(addr)) hint = 'it contains non-ASCII characters (a Unicode dash or a non-breaking space?)';
    throw new IntentError(`"${raw}" is not an IPv4 or IPv6 prefix`, hint, input);
  }
  const length = readLength(raw, lenText, 128);
  if (isV4Mapped(v6) && length < 96) {
    const hint = length <= 32 ? `for the IPv4 /${length} write ::ffff:${dotted(v6, 12)}/${length + 96} (or ${dotted(v6, 12)}/${length})` : 'IPv4-mapped prefixes need a length of 96–128';
    throw new IntentError(`"${raw}" is IPv4-mapped but /${length} reaches beyond ::ffff:0:0/96`, hint, input);
  }
  const masked = maskBytes(v6, length);
  if (!sameBytes(masked, v6)) {
    throw new IntentError(`"${raw}" has bits set after /${length}`, `did you mean ${formatIp({ family: 6, bytes: masked })}/${length}?`, input);
  }
  return { bytes: v6, length, text: `${formatIp({ family: 6, bytes: v6 })}/${length}`, family: 6, input: raw };
}

// ---------------------------------------------------------------------------------------------
// Intent text

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const ALIASES: Record<string, IntentName> = {
  'prefer-v4': 'prefer-ipv4',
  'prefer-v6': 'prefer-ipv6',
  ipv4: 'prefer-ipv4',
  ipv6: 'prefer-ipv6',
  'rfc-6724': 'rfc6724',
  'glibc-defaults': 'glibc-default',
  default: 'glibc-default',
  defaults: 'glibc-default',
};

function knownList(): string {
  return INTENT_NAMES.map((n) => INTENTS[n].usage).join(', ');
}

/**
 * One intent from its text: `prefer-ipv4`, `prefer-ipv6`, `ula-as-global`, `rfc6724`,
 * `glibc-default`, `prefer PREFIX` / `prefer=PREFIX`, `avoid PREFIX` / `avoid=PREFIX`.
 */
export function parseIntent(text: string): Intent {
  const raw = String(text).trim();
  const m = /^([A-Za-z0-9_-]+)(?:\s*=\s*|\s+)?(.*)$/s.exec(raw);
  const word = (m?.[1] ?? raw).toLowerCase();
  const arg = (m?.[2] ?? '').trim();
  const name = (ALIASES[word] ?? word) as IntentName;
  if (name === 'prefer' || name === 'avoid') {
    if (arg === '') {
      throw new IntentError(`"${raw}" needs a prefix`, `write e.g. "${name} 2001:db8::/32" or "${name} 198.51.100.0/24"`, raw);
    }
    try {
      return { kind: name, prefix: parsePolicyPrefix(arg) };
    } catch (e) {
      if (e instanceof IntentError) throw new IntentError(`${name}: ${e.errors[0]!.message}`, e.hint, raw);
      throw e;
    }
  }
  if (name in INTENTS) {
    if (arg !== '') throw new IntentError(`"${name}" takes no argument (got "${arg}")`, `write just "${name}"; only prefer and avoid take a prefix`, raw);
    return { kind: name as Exclude<IntentName, 'prefer' | 'avoid'> };
  }
  let hint = `known intents: ${knownList()}`;
  const close = INTENT_NAMES.find((n) => editDistance(word, n) <= 2);
  if (close) hint = `did you mean "${INTENTS[close].usage}"? (${hint})`;
  else if (parsePrefixQuietly(raw)) hint = `to prefer that network write "prefer ${raw}" (or "avoid ${raw}")`;
  throw new IntentError(`unknown intent "${raw}"`, hint, raw);
}

function parsePrefixQuietly(text: string): boolean {
  try {
    parsePolicyPrefix(text);
    return true;
  } catch {
    return false;
  }
}

/** Canonical text of an intent (prefixes as the user wrote them, normalised by the parser). */
export function formatIntent(intent: Intent): string {
  return 'prefix' in intent ? `${intent.kind} ${intent.prefix.input}` : intent.kind;
}

// ---------------------------------------------------------------------------------------------
// Composition

function copyRows(rows: readonly PrefixRow[]): GaiRow[] {
  return rows.map((r) => ({ prefix: r.prefix, length: r.length, value: r.value, text: r.text }));
}

function copyScopes(rows: readonly Scope4Row[]): GaiScopeRow[] {
  return rows.map((r) => ({ network: r.network, mask: r.mask, length: r.length, value: r.value, text: r.text }));
}

function sameKey(row: PrefixRow, bytes: Uint8Array, length: number): boolean {
  return row.length === length && sameBytes(maskBytes(row.prefix, length), maskBytes(bytes, length));
}

/** Longest-prefix lookup, first row on a tie (glibc's order after its stable sort). */
export function lookupRow<R extends PrefixRow>(rows: readonly R[], addr: Uint8Array): R | undefined {
  let best: R | undefined;
  for (const r of rows) {
    if (matchesPrefix(addr, r.prefix, r.length) && (!best || r.length > best.length)) best = r;
  }
  return best;
}

function catchAll(rows: readonly PrefixRow[], implicit: number): number {
  return rows.find((r) => r.length === 0)?.value ?? implicit;
}

function setRow(rows: GaiRow[], prefix: { bytes: Uint8Array; length: number; text: string }, value: number, note: string): void {
  const existing = rows.find((r) => sameKey(r, prefix.bytes, prefix.length));
  if (existing) {
    existing.value = value;
    existing.note = note;
    return;
  }
  const row: GaiRow = { prefix: maskBytes(prefix.bytes, prefix.length), length: prefix.length, value, text: prefix.text, note };
  const zero = rows.findIndex((r) => r.length === 0);
  if (zero < 0) rows.push(row);
  else rows.splice(zero, 0, row);
}

const IPV4_ALL = { bytes: inetPton6('::ffff:0:0')!, length: 96, text: '::ffff:0:0/96' };
const ULA_FD = { bytes: inetPton6('fd00::')!, length: 8, text: 'fd00::/8' };

export interface IntentResult {
  policy: GaiPolicy;
  /** the intents in canonical text, in the order given */
  intents: string[];
  /** what the policy changes compared with glibc's built-in tables, one line each */
  changes: string[];
}

/** An intent given as an object: its kind, and for prefer/avoid a prefix from parsePolicyPrefix. */
function intentObject(x: unknown, path: string, problems: InputProblem[]): Intent | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    problems.push({ path, message: `an intent must be a string or an intent object, not ${x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x}`, hint: `write it as text, e.g. "prefer-ipv4" or "prefer 2001:db8::/32" (known intents: ${knownList()})` });
    return undefined;
  }
  const o = x as Record<string, unknown>;
  const kind = o.kind;
  if (typeof kind !== 'string' || !(INTENT_NAMES as readonly string[]).includes(kind)) {
    const close = typeof kind === 'string' ? INTENT_NAMES.find((n) => editDistance(kind, n) <= 2) : undefined;
    problems.push({ path: `${path}.kind`, message: `unknown intent kind ${JSON.stringify(kind)}`, hint: close ? `did you mean "${close}"?` : `one of ${INTENT_NAMES.join(', ')}` });
    return undefined;
  }
  const takesPrefix = kind === 'prefer' || kind === 'avoid';
  for (const key of Object.keys(o)) {
    if (key !== 'kind' && !(takesPrefix && key === 'prefix')) problems.push({ path: `${path}.${key}`, message: `unknown key ${JSON.stringify(key)} in a ${kind} intent`, hint: takesPrefix ? 'an intent object is { kind, prefix }' : 'an intent object is { kind }' });
  }
  if (!takesPrefix) return { kind: kind as Exclude<IntentName, 'prefer' | 'avoid'> };
  // The prefix is read again from what the user wrote: its bytes and text then agree.
  const input = (o.prefix as { input?: unknown } | undefined)?.input ?? o.prefix;
  if (typeof input !== 'string') {
    problems.push({ path: `${path}.prefix`, message: `a ${kind} intent needs a prefix`, hint: `give { kind: "${kind}", prefix: parsePolicyPrefix("2001:db8::/32") }, or the text "${kind} 2001:db8::/32"` });
    return undefined;
  }
  try {
    return { kind, prefix: parsePolicyPrefix(input) };
  } catch (e) {
    if (!(e instanceof IntentError)) throw e;
    problems.push({ path: `${path}.prefix`, message: `${kind}: ${e.errors[0]!.message}`, hint: e.hint });
    return undefined;
  }
}

/** Every intent of the list parsed; throws one IntentError with every problem (paths `intents[i]`). */
export function parseIntents(input: unknown): Intent[] {
  if (!Array.isArray(input)) {
    throw new IntentError([{ path: 'intents', message: `intents must be an array, not ${input === null ? 'null' : typeof input}`, hint: 'pass a list, e.g. ["prefer-ipv4"]' }], '', typeof input === 'string' ? input : '');
  }
  const problems: InputProblem[] = [];
  let firstText: string | undefined;
  const intents: Intent[] = [];
  input.forEach((x: unknown, i) => {
    const path = `intents[${i}]`;
    const before = problems.length;
    if (typeof x === 'string') {
      try {
        intents.push(parseIntent(x));
      } catch (e) {
        if (!(e instanceof IntentError)) throw e;
        problems.push({ path, message: e.errors[0]!.message, hint: e.hint });
      }
    } else {
      const intent = intentObject(x, path, problems);
      if (intent) intents.push(intent);
    }
    if (problems.length > before) firstText ??= typeof x === 'string' ? x.trim() : '';
  });
  if (problems.length === 0) problems.push(...combinationProblems(intents));
  if (problems.length > 0) throw new IntentError(problems, problems[0]!.hint, firstText ?? '');
  return intents;
}

/** Intents that contradict each other (each list member valid on its own). */
function combinationProblems(intents: readonly Intent[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (message: string, hint: string) => problems.push({ path: 'intents', message, hint });
  if (intents.length === 0) add('no intent given', `give at least one of: ${knownList()}`);
  const has = (k: Intent['kind']) => intents.some((i) => i.kind === k);
  if (has('prefer-ipv4') && has('prefer-ipv6')) add('prefer-ipv4 and prefer-ipv6 contradict each other', 'keep one of them; to prefer only some IPv4 networks use "prefer 198.51.100.0/24"');
  if (has('rfc6724') && has('glibc-default')) add('rfc6724 and glibc-default choose different starting tables', 'keep one of them');
  const seen = new Map<string, 'prefer' | 'avoid'>();
  for (const i of intents) {
    if (!('prefix' in i)) continue;
    const key = `${i.prefix.length}/${Array.from(i.prefix.bytes).join('.')}`;
    const other = seen.get(key);
    if (other && other !== i.kind) add(`"prefer ${i.prefix.input}" and "avoid ${i.prefix.input}" contradict each other`, 'keep one of them');
    seen.set(key, i.kind);
  }
  return problems;
}

/** Where a prefix intent acts: IPv4 (written ::ffff:…) or IPv6. */
export function prefixFamily(p: { bytes: Uint8Array; length: number }): 4 | 6 {
  return p.length >= 96 && isV4Mapped(p.bytes) ? 4 : 6;
}

function rowFamily(r: PrefixRow): 4 | 6 {
  return prefixFamily({ bytes: r.prefix, length: r.length });
}

/** Rows of the same family strictly inside `p`: a prefix intent decides for them too. */
function rowsInside(rows: GaiRow[], p: { bytes: Uint8Array; length: number }): GaiRow[] {
  const family = prefixFamily(p);
  return rows.filter((r) => r.length > p.length && matchesPrefix(r.prefix, p.bytes, p.length) && rowFamily(r) === family);
}

/** Ranges no answer comes from any more: IPv4-compatible, site-local, 6bone. */
const OBSOLETE = ['::/96', 'fec0::/10', '3ffe::/16'].map((t) => ({ bytes: inetPton6(t.split('/')[0]!)!, length: Number(t.split('/')[1]) }));

/** A row inside a range no answer comes from any more (::1 aside): not an IPv6 class to rank against. */
export function isObsoleteRow(r: PrefixRow): boolean {
  return OBSOLETE.some((o) => r.length >= o.length && matchesPrefix(r.prefix, o.bytes, o.length)) && !(r.length === 128 && r.prefix[15]! <= 1 && r.prefix.subarray(0, 15).every((b) => b === 0));
}

/** The precedence values of the intents (see the top of this file). */
export const INTENT_PRECEDENCE = Object.freeze({
  /** prefer PREFIX, for a prefix of the favoured family (IPv4 under prefer-ipv4, else IPv6) */
  prefer: 110,
  /** prefer PREFIX, for a prefix of the other family: never tied with the favoured one */
  preferOtherFamily: 105,
  /** prefer-ipv4: IPv4, above every IPv6 class */
  ipv4First: PREFER_VALUE,
  /** prefer-ipv6: IPv4, at most this, and below every ULA and global IPv6 class */
  ipv4Last: IPV4_DEFAULT_PRECEDENCE,
  /** avoid PREFIX, favoured family */
  avoid: AVOID_VALUE,
  /** avoid PREFIX, other family */
  avoidOtherFamily: 0,
});

/**
 * Compose intents (text or parsed) into a policy; the result does not depend on their order.
 * Throws IntentError (a GaiconfInputError with code INVALID_INTENT) listing every bad intent,
 * or else every combination that has no sensible winner (prefer-ipv4 with prefer-ipv6, rfc6724
 * with glibc-default, prefer and avoid of the same prefix). Intents that meet without
 * contradicting each other (a prefix inside another, a prefix against a family-wide intent)
 * are resolved by the narrower one and listed in `conflicts`.
 */
export function policyFromIntents(input: readonly (string | Intent)[]): IntentResult {
  const intents = parseIntents(input);
  const has = (k: Intent['kind']) => intents.some((i) => i.kind === k);
  const prefixIntents = intents.filter((i): i is Extract<Intent, { prefix: PolicyPrefix }> => 'prefix' in i);

  let labels: GaiRow[] | undefined;
  let precedence: GaiRow[] | undefined;
  let scopev4: GaiScopeRow[] | undefined;
  // 1. the starting tables
  if (has('rfc6724')) {
    labels = RFC6724_POLICY.map((r) => ({ prefix: r.prefix, length: r.length, value: r.label, text: r.text }));
    precedence = RFC6724_POLICY.map((r) => ({ prefix: r.prefix, length: r.length, value: r.precedence, text: r.text }));
  }
  if (has('glibc-default')) {
    labels = copyRows(GLIBC_LABELS);
    precedence = copyRows(GLIBC_PRECEDENCE);
    scopev4 = copyScopes(GLIBC_SCOPEV4);
  }
  const labelTable = () => (labels ??= copyRows(GLIBC_LABELS));
  // Every intent but ula-as-global writes precedence; know it before ula-as-global runs.
  if (intents.some((i) => i.kind !== 'ula-as-global')) precedence ??= copyRows(GLIBC_PRECEDENCE);

  // 2. family-wide intents
  if (has('ula-as-global')) {
    const rows = labelTable();
    setRow(rows, ULA_FD, catchAll(rows, 1), 'ula-as-global: ULA sources match global IPv6');
    if (precedence) {
      const global = catchAll(precedence, 40);
      if (lookupRow(precedence, ULA_FD.bytes)?.value !== global) setRow(precedence, ULA_FD, global, 'ula-as-global: ULA ranks like global IPv6');
    }
  }
  if (has('prefer-ipv4')) setRow(precedence!, IPV4_ALL, INTENT_PRECEDENCE.ipv4First, 'prefer-ipv4: every IPv4 address above IPv6');
  if (has('prefer-ipv6')) {
    const rows = precedence!;
    // below every ULA and global IPv6 class (RFC 6724 ranks ULA at 3), above avoid's values
    const classes = rows.filter((r) => rowFamily(r) === 6 && !isObsoleteRow(r));
    const value = Math.max(INTENT_PRECEDENCE.avoid + 1, Math.min(INTENT_PRECEDENCE.ipv4Last, ...classes.map((r) => r.value - 1)));
    const v4 = rows.find((r) => sameKey(r, IPV4_ALL.bytes, IPV4_ALL.length));
    if (!v4 || v4.value !== value) setRow(rows, IPV4_ALL, value, 'prefer-ipv6: IPv4 below IPv6');
  }

  // 3. prefix intents, widest first, so a narrower one decides for its own addresses
  const favoured: 4 | 6 = has('prefer-ipv4') ? 4 : 6;
  const byWidth = prefixIntents.slice().sort((a, b) => a.prefix.length - b.prefix.length || a.prefix.text.localeCompare(b.prefix.text));
  for (const intent of byWidth) {
    const p = intent.prefix;
    const family = prefixFamily(p);
    const value =
      intent.kind === 'prefer'
        ? family === favoured
          ? INTENT_PRECEDENCE.prefer
          : INTENT_PRECEDENCE.preferOtherFamily
        : family === favoured
          ? INTENT_PRECEDENCE.avoid
          : INTENT_PRECEDENCE.avoidOtherFamily;
    const note = formatIntent(intent);
    setRow(precedence!, p, value, note);
    for (const r of rowsInside(precedence!, p)) {
      r.value = value;
      r.note = `${note} (inside it)`;
    }
    if (intent.kind === 'prefer' && family === 6) {
      // every address in PREFIX, source or destination, gets the label of ::/0: from a global
      // source, Rule 5 then no longer ranks PREFIX below global IPv6 and IPv4 answers
      const current = labels ?? GLIBC_LABELS;
      const global = catchAll(current, 1);
      const inside = current.some((r) => r.length > p.length && matchesPrefix(r.prefix, p.bytes, p.length) && rowFamily(r) === 6 && r.value !== global);
      if (lookupRow(current, p.bytes)?.value !== global || inside) {
        const rows = labelTable();
        setRow(rows, p, global, `${note}: same label as ::/0, so Rule 5 does not veto it`);
        for (const r of rowsInside(rows, p)) {
          r.value = global;
          r.note = `${note} (inside it): same label as ::/0`;
        }
      }
    }
  }
  const policy: GaiPolicy = {};
  if (labels) policy.labels = labels;
  if (precedence) policy.precedence = precedence;
  if (scopev4) policy.scopev4 = scopev4;
  return { policy, intents: intents.map(formatIntent), changes: describeChanges(policy) };
}

// ---------------------------------------------------------------------------------------------
// What a policy changes, and the tables glibc will use

const CLASS_NAMES: Record<string, string> = {
  '::1/128': 'loopback ::1',
  '2002::/16': '6to4',
  '::/96': 'IPv4-compatible, deprecated',
  '::ffff:0:0/96': 'IPv4: every IPv4 address, as ::ffff:a.b.c.d',
  'fec0::/10': 'site-local, deprecated',
  'fc00::/7': 'ULA',
  'fd00::/8': 'ULA, locally assigned: Docker and most ULA networks',
  '2001::/32': 'Teredo',
  '3ffe::/16': '6bone, returned',
  '::/0': 'everything else: global IPv6',
  '169.254.0.0/16': 'IPv4 link-local',
  '127.0.0.0/8': 'IPv4 loopback',
  '0.0.0.0/0': 'every other IPv4 address',
};

/** A short name for a well-known prefix, or null. */
export function prefixClassName(text: string): string | null {
  return CLASS_NAMES[text] ?? null;
}

function prefixChanges(kind: 'label' | 'precedence', rows: readonly GaiRow[], defaults: readonly PrefixRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const d = defaults.find((x) => sameKey(x, r.prefix, r.length));
    const cls = prefixClassName(r.text);
    const what = cls ? ` (${cls})` : '';
    if (d) {
      if (d.value !== r.value) out.push(`${kind} ${r.text} ${r.value}: was ${d.value}${what}`);
      continue;
    }
    const was = lookupRow(defaults, r.prefix);
    out.push(`${kind} ${r.text} ${r.value}: new row, was ${was ? `${was.value} from ${was.text}` : 'unset'}${what}`);
  }
  for (const d of defaults) {
    if (!rows.some((r) => sameKey(r, d.prefix, d.length))) {
      const now = lookupRow(rows, d.prefix);
      out.push(`${kind} ${d.text}: row removed; was ${d.value}, now ${now ? `${now.value} from ${now.text}` : 'the implicit ::/0 value'}`);
    }
  }
  return out;
}

/** One line per row that differs from glibc's built-in tables. */
export function describeChanges(policy: GaiPolicy): string[] {
  const out: string[] = [];
  if (policy.labels) out.push(...prefixChanges('label', policy.labels, GLIBC_LABELS));
  if (policy.precedence) out.push(...prefixChanges('precedence', policy.precedence, GLIBC_PRECEDENCE));
  if (policy.scopev4) {
    for (const r of policy.scopev4) {
      const d = GLIBC_SCOPEV4.find((x) => x.length === r.length && x.network === r.network);
      if (!d) out.push(`scopev4 ${r.text} ${r.value}: new row`);
      else if (d.value !== r.value) out.push(`scopev4 ${r.text} ${r.value}: was ${d.value}`);
    }
    for (const d of GLIBC_SCOPEV4) {
      if (!policy.scopev4.some((r) => r.length === d.length && r.network === d.network)) out.push(`scopev4 ${d.text}: row removed; was ${d.value}`);
    }
  }
  return out;
}

function sortedPrefixRows(rows: readonly GaiRow[], implicit: number): PrefixRow[] {
  const out: PrefixRow[] = rows.map((r) => ({ prefix: r.prefix, length: r.length, value: r.value, text: r.text }));
  if (!rows.some((r) => r.length === 0)) out.push({ prefix: new Uint8Array(16), length: 0, value: implicit, text: '::/0' });
  return out.sort((a, b) => b.length - a.length);
}

/** Rows of a kind in the order glibc looks them up: longest prefix first, file order on ties. */
export function lookupOrder<R extends { length: number }>(rows: readonly R[]): R[] {
  return rows.slice().sort((a, b) => b.length - a.length);
}

/**
 * The tables glibc will sort with once this policy is its gai.conf: the same shape as
 * effectiveGlibcTables(parseGaiConf(renderGaiConf(policy))), so tests can compare the two.
 */
export function policyTables(policy: GaiPolicy): GlibcTables {
  const scopes = policy.scopev4;
  return {
    labels: policy.labels ? sortedPrefixRows(policy.labels, 1) : GLIBC_LABELS.slice(),
    precedence: policy.precedence ? sortedPrefixRows(policy.precedence, 40) : GLIBC_PRECEDENCE.slice(),
    scopev4: scopes
      ? [
          ...scopes.map((r) => ({ network: r.network, mask: r.mask, length: r.length, value: r.value, text: r.text })),
          ...(scopes.some((r) => r.length === 0) ? [] : [{ network: 0, mask: 0, length: 0, value: 14, text: '0.0.0.0/0' }]),
        ].sort((a, b) => b.mask - a.mask)
      : GLIBC_SCOPEV4.slice(),
    labelsCustom: !!policy.labels,
    precedenceCustom: !!policy.precedence,
    scopev4Custom: !!scopes,
  };
}
