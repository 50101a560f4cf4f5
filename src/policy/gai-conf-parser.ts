// /etc/gai.conf read exactly as glibc's gaiconf_init/add_prefixlist/add_scopelist read it
// (address-selection.md §1.3), plus lint diagnostics for every line glibc drops or reads
// differently from what its author probably meant. Pure: no I/O, never throws.
//
// Two parser generations exist:
//   ≤ 2.40: strtoul with no empty check; a prefix without `/` reads an uninitialised `endp`
//           (BZ #32465): label/precedence lines observed dropped on 2.36, scopev4 SIGSEGVs.
//   ≥ 2.41: `valid_decimal_value` (commit 33aeb88c): no `/` means /128 (scopev4 /32), and an
//           empty length or missing value rejects the line.

import { checkGaiConfArguments } from './glibc-version.js';
import { inetPton4, inetPton6 } from '../address/inet-pton.js';
import { formatIp } from '../address/format.js';
import { isV4Mapped, v4Number } from '../address/ip.js';
import { maskBytes } from '../address/prefix.js';
import { tokenizeLine, type LineView, type Token } from './gai-conf-lines.js';
import { prefixKey } from './prefix-table.js';
import { cutLongWords } from '../text/short.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, GLIBC_SCOPEV4, v4Mask } from './tables.js';

export type GaiConfKind = 'label' | 'precedence' | 'scopev4';

export interface GaiConfEntry {
  kind: GaiConfKind;
  /** address text as written (without `/len`) */
  prefix: string;
  /** for scopev4: the IPv4 length 0..32 */
  length: number;
  value: number;
  line: number;
  /** 16-byte prefix as written (scopev4: IPv4-mapped); bits past `length` are not cleared */
  bytes: Uint8Array;
}

export interface Diagnostic {
  line: number;
  /** 1-based, where the offending token starts */
  column: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  hint: string;
}

export interface ParsedGaiConf {
  entries: GaiConfEntry[];
  diagnostics: Diagnostic[];
  reload: boolean;
  /** true when this glibc would SIGSEGV in gaiconf_init */
  crashes: boolean;
}

export interface ParseGaiConfOptions {
  /** glibc version, '2.36' by default; versions ≥ '2.41' use the fixed (BZ #32465) parser. */
  glibc?: string;
}

/**
 * Every diagnostic code with a short description. Codes are stable API: docs and tests
 * iterate over this record. error = glibc drops the line; warning = glibc accepts it, likely
 * not as meant; info = harmless oddity.
 */
export const DIAGNOSTIC_CODES = {
  'unknown-keyword': 'First word is not label, precedence, scopev4 or reload (case-sensitive); line ignored.',
  'missing-prefix': 'Keyword without a prefix; line ignored.',
  'bad-address': "Prefix is not an address glibc's inet_pton accepts; line ignored.",
  'ipv4-prefix': 'Plain IPv4 prefix in label/precedence (IPv6 text only); line ignored.',
  'zone-id': 'Prefix carries a %zone suffix, which inet_pton rejects; line ignored.',
  'scopev4-not-mapped': 'scopev4 with an IPv6 prefix that is not ::ffff:a.b.c.d; line ignored.',
  'missing-length': 'Prefix without /len: dropped by glibc ≤ 2.40 (BZ #32465), /128 or /32 on ≥ 2.41.',
  'scopev4-crash': 'scopev4 prefix without /len: glibc 2.36–2.40 SIGSEGV in gaiconf_init.',
  'empty-length': 'Nothing after the slash: /0 (matches everything) on glibc ≤ 2.40, ignored on ≥ 2.41.',
  'bad-length': 'Prefix length is not a decimal number; line ignored.',
  'length-out-of-range': 'Prefix length too large, too small or negative; line ignored.',
  'missing-value': 'No value: 0 on glibc ≤ 2.40, line ignored on ≥ 2.41.',
  'bad-value': 'Value is not a decimal number; line ignored.',
  'value-out-of-range': 'Value above INT_MAX (2147483647) or negative; line ignored.',
  'ipv4-length': 'IPv4-mapped prefix with an IPv4-sized length (≤ 32), so it covers far more than the IPv4 network.',
  'host-bits-set': 'Prefix has bits set past its length; glibc ignores them.',
  'duplicate-prefix': 'Same prefix and length as an earlier line of the same kind; the earlier line wins.',
  'replaces-defaults': "The first accepted line of a kind replaces that kind's whole built-in table.",
  'reload-not-yes': '`reload` with a word other than exactly `yes` or `no`: reloading stays off.',
  'extra-tokens': 'Words after the value; glibc ignores them.',
  'comment-in-token': 'A `#` glued to a word starts a comment right there.',
  'nul-byte': 'A NUL byte ends the line for glibc; the rest of the line is ignored.',
  'internal-error': 'The linter failed on this line (a bug in gaiconf, not in the file).',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Numeric compare of dotted version strings ('2.39.9000' < '2.41'); junk counts as 0. */
export function glibcAtLeast(version: string, min: string): boolean {
  const a = versionParts(version);
  const b = versionParts(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function versionParts(version: string): number[] {
  const m = /^\s*(\d+(?:\.\d+)*)/.exec(String(version));
  return m ? m[1]!.split('.').map(Number) : [];
}

// ---------------------------------------------------------------------------------------------
// strtoul(…, 10) as glibc runs it on LP64 (amd64, the observed platform): optional sign,
// decimal digits, negative values wrap modulo 2^64, overflow saturates with ERANGE.

const ULONG_MAX = (1n << 64n) - 1n;
const INT_MAX = 2147483647;

type Decimal =
  | { kind: 'empty' }
  | { kind: 'syntax' }
  | { kind: 'overflow' }
  | { kind: 'ok'; value: bigint; negative: boolean };

function strtoul10(text: string): Decimal {
  if (text === '') return { kind: 'empty' };
  // A token holds no whitespace, so strtoul's leading-space skip never applies.
  const m = /^([+-]?)([0-9]+)$/.exec(text);
  if (!m) return { kind: 'syntax' };
  const magnitude = BigInt(m[2]!);
  if (magnitude > ULONG_MAX) return { kind: 'overflow' };
  if (m[1] !== '-' || magnitude === 0n) return { kind: 'ok', value: magnitude, negative: false };
  return { kind: 'ok', value: (ULONG_MAX + 1n - magnitude) & ULONG_MAX, negative: true };
}

// ---------------------------------------------------------------------------------------------
// Per-line state. Errors are final (glibc dropped the line); warnings and infos about an
// accepted line wait in `pending` so a later error on the same line does not leave behind
// a warning that describes an entry that never existed.

interface Ctx {
  fixed: boolean;
  entries: GaiConfEntry[];
  /** column of the keyword of each entry, for table-level lints */
  entryColumns: number[];
  diagnostics: Diagnostic[];
  reload: boolean;
  crashes: boolean;
  /** An earlier scopev4 line reached strtoul and left a valid `endp` in the stack slot. */
  scopeEndpSet: boolean;
}

interface LineCtx {
  ctx: Ctx;
  line: number;
  view: LineView;
  pending: Diagnostic[];
}

type Severity = Diagnostic['severity'];

function diag(line: number, column: number, severity: Severity, code: DiagnosticCode, message: string, hint: string): Diagnostic {
  // a token may be a megabyte long: the message quotes its start and says how long it is
  return { line, column, severity, code, message: cutLongWords(message), hint: cutLongWords(hint) };
}

function fail(lc: LineCtx, column: number, code: DiagnosticCode, message: string, hint: string): null {
  lc.ctx.diagnostics.push(diag(lc.line, column, 'error', code, message, hint));
  return null;
}

function note(lc: LineCtx, column: number, severity: Severity, code: DiagnosticCode, message: string, hint: string): void {
  lc.ctx.diagnostics.push(diag(lc.line, column, severity, code, message, hint));
}

function defer(lc: LineCtx, column: number, severity: Severity, code: DiagnosticCode, message: string, hint: string): void {
  lc.pending.push(diag(lc.line, column, severity, code, message, hint));
}

function accept(lc: LineCtx, entry: GaiConfEntry, keywordColumn: number): void {
  lc.ctx.entries.push(entry);
  lc.ctx.entryColumns.push(keywordColumn);
  lc.ctx.diagnostics.push(...lc.pending);
}

const after = (t: Token): number => t.column + t.text.length;

// ---------------------------------------------------------------------------------------------
// The prefix token: split at the first '/' (strchr), address then length.

interface PrefixToken {
  addr: string;
  /** null when there is no '/' at all */
  len: string | null;
  lenColumn: number;
}

function splitPrefix(t: Token): PrefixToken {
  const slash = t.text.indexOf('/');
  if (slash < 0) return { addr: t.text, len: null, lenColumn: after(t) };
  return { addr: t.text.slice(0, slash), len: t.text.slice(slash + 1), lenColumn: t.column + slash + 1 };
}

/** Parse a length with strtoul semantics and the range glibc checks (min..max inclusive). */
function readLength(lc: LineCtx, p: PrefixToken, min: number, max: number): number | null {
  const text = p.len ?? '';
  const d = strtoul10(text);
  const col = p.lenColumn;
  if (d.kind === 'empty') return emptyLength(lc, p, min, max);
  if (d.kind === 'syntax') {
    const hex = /^[+-]?0[xX]/.test(text);
    const hint = hex
      ? `Lengths are decimal only (strtoul base 10): write /${hexToDecimal(text) ?? '…'}.`
      : `Write a decimal number ${min}–${max} after the slash.`;
    return fail(lc, col, 'bad-length', `Prefix length "${text}" is not a decimal number; glibc ignores this line.`, hint);
  }
  if (d.kind === 'overflow' || d.value > BigInt(max) || d.value < BigInt(min)) {
    const why = d.kind === 'ok' && d.negative ? ' (strtoul wraps a negative number to a huge one)' : '';
    return fail(lc, col, 'length-out-of-range', `Prefix length /${text} is outside ${min}–${max}${why}; glibc ignores this line.`, lengthRangeHint(min, max));
  }
  return Number(d.value);
}

function lengthRangeHint(min: number, max: number): string {
  if (min === 96) return 'In the ::ffff: form lengths are 96–128 (IPv4 /N is /N+96), or write the dotted form a.b.c.d/N.';
  if (max === 32) return 'IPv4 lengths are 0–32.';
  return 'IPv6 prefix lengths are 0–128.';
}

function hexToDecimal(text: string): string | null {
  const m = /^[+]?0[xX]([0-9a-fA-F]+)$/.exec(text);
  return m ? BigInt(`0x${m[1]}`).toString() : null;
}

/** `addr/` with nothing after the slash (§1.3: strtoul("") = 0 with endp on the NUL). */
function emptyLength(lc: LineCtx, p: PrefixToken, min: number, max: number): number | null {
  const col = p.lenColumn;
  const hint = `Write the intended length after the slash: ${p.addr}/<${min}–${max}>.`;
  if (lc.ctx.fixed) {
    return fail(lc, col, 'empty-length', `"${p.addr}/" has an empty length; glibc ≥ 2.41 ignores this line.`, hint);
  }
  if (min > 0) {
    return fail(lc, col, 'empty-length', `"${p.addr}/" has an empty length, which glibc ≤ 2.40 reads as /0, below the minimum /${min}; the line is ignored.`, hint);
  }
  defer(lc, col, 'warning', 'empty-length', `"${p.addr}/" has an empty length: glibc ≤ 2.40 reads it as /0, so this line matches EVERY address (glibc ≥ 2.41 ignores it).`, hint);
  return 0;
}

/** The value token (val2): strtoul base 10, ≤ INT_MAX; missing → "" (§1.3). */
function readValue(lc: LineCtx, val1: Token, val2: Token | undefined, example: string): number | null {
  if (!val2) return missingValue(lc, val1, example);
  const d = strtoul10(val2.text);
  if (d.kind === 'syntax') {
    const dec = hexToDecimal(val2.text);
    const hint = dec !== null ? `Values are decimal only: write ${dec}.` : 'Write a decimal number from 0 to 2147483647.';
    return fail(lc, val2.column, 'bad-value', `Value "${val2.text}" is not a decimal number; glibc ignores this line.`, hint);
  }
  if (d.kind === 'overflow' || (d.kind === 'ok' && d.value > BigInt(INT_MAX))) {
    const why = d.kind === 'ok' && d.negative ? ' (strtoul wraps a negative number to a huge one)' : '';
    return fail(lc, val2.column, 'value-out-of-range', `Value ${val2.text} is above INT_MAX (2147483647)${why}; glibc ignores this line.`, 'Use a value from 0 to 2147483647.');
  }
  // 'empty' cannot happen: a token is never empty.
  return d.kind === 'ok' ? Number(d.value) : 0;
}

function missingValue(lc: LineCtx, val1: Token, example: string): number | null {
  const col = after(val1);
  const swallowed = lc.view.hashGlued && lc.view.hashColumn === col;
  const hint = swallowed
    ? 'The "#" glued to the prefix starts a comment that swallowed the value; put a space before "#".'
    : `Write the value explicitly, e.g. "${example}".`;
  if (lc.ctx.fixed) return fail(lc, col, 'missing-value', `"${val1.text}" has no value; glibc ≥ 2.41 ignores this line.`, hint);
  defer(lc, col, 'warning', 'missing-value', `"${val1.text}" has no value: glibc ≤ 2.40 takes it as 0 (glibc ≥ 2.41 ignores the line).`, hint);
  return 0;
}

function nonAsciiHint(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return null;
  return 'It contains non-ASCII characters (a non-breaking space or a Unicode dash?); glibc reads bytes in the C locale.';
}

function badAddressHint(addr: string, ipv4Ok: boolean): string {
  const nonAscii = nonAsciiHint(addr);
  if (nonAscii) return nonAscii;
  if (addr === '') return 'Nothing before the "/": write an address, e.g. 2001:db8::/32.';
  if (addr.startsWith('[') || addr.endsWith(']')) return 'Remove the brackets: write the bare address.';
  if (/^[0-9.]+$/.test(addr)) {
    return ipv4Ok
      ? 'inet_pton needs a strict dotted quad: four decimal parts 0–255, no leading zeros.'
      : 'inet_pton needs a strict dotted quad (four decimal parts 0–255, no leading zeros); in label/precedence write it as ::ffff:a.b.c.d/len+96.';
  }
  return "glibc's inet_pton rejects it: check the hex groups (≤ 4 digits), the single \"::\" and the group count.";
}

/** Rejected prefix address of a label/precedence line: say why, most specific reason first. */
function badPrefixAddress(lc: LineCtx, kind: GaiConfKind, p: PrefixToken, val1: Token, val2: Token | undefined): null {
  const col = val1.column;
  if (p.addr.includes('%')) {
    return fail(lc, col, 'zone-id', `"${p.addr}" has a zone suffix; inet_pton rejects it and glibc ignores this line.`, `Remove "${p.addr.slice(p.addr.indexOf('%'))}": gai.conf prefixes carry no zone.`);
  }
  if (inetPton4(p.addr)) {
    return fail(lc, col, 'ipv4-prefix', `"${val1.text}" is an IPv4 prefix; ${kind} takes IPv6 text only, so glibc ignores this line.`, `Write it IPv4-mapped: ${mappedSuggestion(kind, p, val2)}.`);
  }
  return fail(lc, col, 'bad-address', `"${p.addr}" is not an IPv6 address glibc accepts; it ignores this line.`, badAddressHint(p.addr, false));
}

/** `::ffff:A/len+96` for an IPv4 prefix written where only IPv6 text is accepted. */
function mappedSuggestion(kind: GaiConfKind, p: PrefixToken, val2: Token | undefined): string {
  let len: string = '128';
  if (p.len !== null) {
    const d = strtoul10(p.len);
    len = d.kind === 'ok' && d.value <= 32n ? String(Number(d.value) + 96) : '<len+96>';
  }
  return `"${kind} ::ffff:${p.addr}/${len}${val2 ? ` ${val2.text}` : ''}"`;
}

// ---------------------------------------------------------------------------------------------
// label / precedence (add_prefixlist)

function parsePrefixLine(lc: LineCtx, kind: 'label' | 'precedence', cmd: Token, val1: Token | undefined, val2: Token | undefined): void {
  if (!val1) {
    fail(lc, after(cmd), 'missing-prefix', `"${kind}" without a prefix; glibc ignores this line.`, `Write "${kind} <ipv6-prefix>/<len> <value>".`);
    return;
  }
  const p = splitPrefix(val1);
  const bytes = inetPton6(p.addr);
  if (!bytes) {
    badPrefixAddress(lc, kind, p, val1, val2);
    return;
  }
  const length = p.len === null ? prefixWithoutSlash(lc, kind, p, val1) : readLength(lc, p, 0, 128);
  if (length === null) return;
  const value = readValue(lc, val1, val2, `${kind} ${val1.text} ${kind === 'label' ? 10 : 100}`);
  if (value === null) return;
  lintPrefixShape(lc, p, bytes, length, val1);
  accept(lc, { kind, prefix: p.addr, length, value, line: lc.line, bytes }, cmd.column);
}

/** No '/' in a label/precedence prefix (BZ #32465). */
function prefixWithoutSlash(lc: LineCtx, kind: GaiConfKind, p: PrefixToken, val1: Token): number | null {
  const hint = `Write ${p.addr}/128 for a single address, or the intended prefix length.`;
  if (!lc.ctx.fixed) {
    return fail(lc, val1.column, 'missing-length', `"${val1.text}" has no /length: glibc ≤ 2.40 reads an uninitialised pointer here (BZ #32465); observed on 2.36: the ${kind} line is ignored.`, hint);
  }
  defer(lc, val1.column, 'info', 'missing-length', `"${val1.text}" has no /length: glibc ≥ 2.41 reads it as /128, but glibc ≤ 2.40 ignores this line.`, hint);
  return 128;
}

function lintPrefixShape(lc: LineCtx, p: PrefixToken, bytes: Uint8Array, length: number, val1: Token): void {
  const masked = maskBytes(bytes, length);
  const maskedText = formatIp({ family: 6, bytes: masked });
  if (isV4Mapped(bytes) && length > 0 && length <= 32) {
    defer(lc, p.lenColumn, 'warning', 'ipv4-length', `"${val1.text}" is IPv4-mapped, but /${length} counts all 128 bits: it matches every address in ${maskedText}/${length}, not the IPv4 network.`, `For the IPv4 /${length} write ${p.addr}/${length + 96}.`);
    return;
  }
  // After an empty length (/0 by accident) every bit is a "host bit"; empty-length says it all.
  if (p.len !== '' && !sameBytes(masked, bytes)) {
    defer(lc, val1.column, 'info', 'host-bits-set', `"${val1.text}" has bits set after /${length}; glibc compares only the first ${length} bits.`, `Write ${maskedText}/${length}.`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// scopev4 (inline in gaiconf_init, then add_scopelist)

function parseScopeLine(lc: LineCtx, cmd: Token, val1: Token | undefined, val2: Token | undefined): void {
  if (!val1) {
    fail(lc, after(cmd), 'missing-prefix', '"scopev4" without a prefix; glibc ignores this line.', 'Write "scopev4 <a.b.c.d>/<len> <scope>".');
    return;
  }
  const p = splitPrefix(val1);
  const v6 = inetPton6(p.addr);
  let bytes: Uint8Array;
  let length: number | null;
  if (v6) {
    // inet_pton(AF_INET6) first; then IN6_IS_ADDR_V4MAPPED short-circuits before endp is read.
    if (!isV4Mapped(v6)) {
      fail(lc, val1.column, 'scopev4-not-mapped', `"${p.addr}" is IPv6 but not IPv4-mapped; scopev4 only takes IPv4 networks, so glibc ignores this line.`, 'Write the IPv4 network, e.g. 198.51.100.0/24 or ::ffff:198.51.100.0/120.');
      return;
    }
    bytes = v6;
    const len128 = p.len === null ? scopeWithoutSlash(lc, p, val1, 128) : scopeLength(lc, p, 96, 128);
    length = len128 === null ? null : len128 - 96;
  } else {
    const v4 = inetPton4(p.addr);
    if (!v4) {
      badScopeAddress(lc, p, val1);
      return;
    }
    bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    bytes.set(v4, 12);
    length = p.len === null ? scopeWithoutSlash(lc, p, val1, 32) : scopeLength(lc, p, 0, 32);
  }
  if (length === null) return;
  const value = readValue(lc, val1, val2, `scopev4 ${val1.text} 14`);
  if (value === null) return;
  lintScopeShape(lc, p, bytes, length, val1);
  accept(lc, { kind: 'scopev4', prefix: p.addr, length, value, line: lc.line, bytes }, cmd.column);
}

function badScopeAddress(lc: LineCtx, p: PrefixToken, val1: Token): void {
  if (p.addr.includes('%')) {
    fail(lc, val1.column, 'zone-id', `"${p.addr}" has a zone suffix; inet_pton rejects it and glibc ignores this line.`, `Remove "${p.addr.slice(p.addr.indexOf('%'))}".`);
    return;
  }
  fail(lc, val1.column, 'bad-address', `"${p.addr}" is neither a strict dotted quad nor an ::ffff: address; glibc ignores this line.`, badAddressHint(p.addr, true));
}

function scopeLength(lc: LineCtx, p: PrefixToken, min: number, max: number): number | null {
  lc.ctx.scopeEndpSet = true;
  return readLength(lc, p, min, max);
}

/**
 * No '/' in a scopev4 prefix whose address parsed: glibc ≤ 2.40 dereferences the uninitialised
 * `endp` (OBSERVED on Debian 2.36, gdb: cmpb $0x0,(%rax) in gaiconf_init). What happens is
 * undefined behaviour, observed by the differential suite: after an earlier scopev4 line with
 * a `/len` the stale pointer is harmless and the line reads as /32; otherwise the process
 * crashes or drops the line depending on the getaddrinfo call path (`crashes` is set and the
 * glibc profile decides, see glibcCrashes in order/profile-glibc.ts).
 */
function scopeWithoutSlash(lc: LineCtx, p: PrefixToken, val1: Token, full: 32 | 128): number | null {
  const hint = `Write ${p.addr}/${full} for a single address, or the intended prefix length.`;
  if (!lc.ctx.fixed && lc.ctx.scopeEndpSet) {
    defer(lc, val1.column, 'warning', 'missing-length', `"${val1.text}" has no /length: glibc 2.36–2.40 read an uninitialised pointer here; after an earlier scopev4 line it happens to read it as /${full} (observed on 2.36), but moving or deleting that line makes it crash (SIGSEGV).`, hint);
    return full;
  }
  if (!lc.ctx.fixed) {
    lc.ctx.crashes = true;
    return fail(lc, val1.column, 'scopev4-crash', `"scopev4 ${val1.text}" has no /length: glibc 2.36–2.40 read an uninitialised pointer here (BZ #32465) and crash with SIGSEGV in gaiconf_init: observed on 2.36, every AF_UNSPEC or AF_INET lookup (and any with AI_CANONNAME) that returns 2 or more addresses kills the program, while AF_INET6 lookups and AF_INET ones with AI_ADDRCONFIG drop the line (Debian/Ubuntu 2.39/2.40 builds with the backported fix read it as /${full} instead).`, hint);
  }
  defer(lc, val1.column, 'info', 'missing-length', `"${val1.text}" has no /length: glibc ≥ 2.41 reads it as /${full}, but glibc 2.36–2.40 crash (SIGSEGV) on this line.`, hint);
  return full;
}

function lintScopeShape(lc: LineCtx, p: PrefixToken, bytes: Uint8Array, length: number, val1: Token): void {
  const mask = v4Mask(length);
  const v4 = v4Number(bytes);
  if (p.len === '' || (v4 & ~mask) >>> 0 === 0) return;
  const net = (v4 & mask) >>> 0;
  const dotted = `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}`;
  const suggestion = p.addr.includes(':') ? `::ffff:${dotted}/${length + 96}` : `${dotted}/${length}`;
  defer(lc, val1.column, 'info', 'host-bits-set', `"${val1.text}" has bits set after the network; glibc masks them off.`, `Write ${suggestion}.`);
}

// ---------------------------------------------------------------------------------------------
// reload, unknown keywords

function parseReload(lc: LineCtx, cmd: Token, val1: Token | undefined, val2: Token | undefined): void {
  // gaiconf_reload_flag = strcmp (val1, "yes") == 0; the last reload line wins.
  const word = val1?.text ?? '';
  lc.ctx.reload = word === 'yes';
  if (word !== 'yes' && word !== 'no') {
    note(lc, val1 ? val1.column : after(cmd), 'warning', 'reload-not-yes', `"reload${word ? ` ${word}` : ''}" turns reloading off: glibc compares the word with "yes" exactly.`, 'Write "reload yes" to re-read gai.conf when it changes, or "reload no".');
  }
  if (val2) note(lc, val2.column, 'info', 'extra-tokens', `"${val2.text}" and anything after it are ignored.`, 'Remove the extra words, or put a "#" before them.');
}

const KEYWORDS = ['label', 'precedence', 'scopev4', 'reload'] as const;

function unknownKeyword(lc: LineCtx, cmd: Token): void {
  fail(lc, cmd.column, 'unknown-keyword', `"${cmd.text}" is not a gai.conf keyword; glibc ignores this line.`, keywordHint(cmd.text));
}

function keywordHint(word: string): string {
  if (word.charCodeAt(0) === 0xfeff) {
    return 'The file starts with a UTF-8 byte-order mark, which glibc reads as part of the keyword: save it without BOM.';
  }
  const lower = word.toLowerCase();
  for (const kw of KEYWORDS) {
    if (lower === kw) return `Keywords are case-sensitive: write "${kw}".`;
  }
  for (const kw of KEYWORDS) {
    const prefixish = lower.length >= 4 && (kw.startsWith(lower) || lower.startsWith(kw));
    // a word much longer than any keyword is no typo of one (and costs nothing to rule out)
    if (prefixish || (lower.length <= kw.length + 2 && editDistance(lower, kw) <= 2)) return `Did you mean "${kw}"?`;
  }
  return nonAsciiHint(word) ?? 'glibc knows only label, precedence, scopev4 and reload.';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// One line, then the whole file

function lintLineShape(lc: LineCtx): void {
  const { view } = lc;
  if (view.nulColumn > 0) {
    note(lc, view.nulColumn, 'warning', 'nul-byte', 'A NUL byte ends this line for glibc; everything after it is ignored.', 'Remove the NUL byte (the file was probably saved as UTF-16 or is binary).');
  }
  if (view.hashGlued && view.tokens.length > 0) {
    note(lc, view.hashColumn, 'info', 'comment-in-token', 'This "#" starts a comment even though it is glued to a word.', 'Put a space before "#" to make the comment obvious.');
  }
}

function parseLine(ctx: Ctx, raw: string, line: number): void {
  const view = tokenizeLine(raw);
  const lc: LineCtx = { ctx, line, view, pending: [] };
  lintLineShape(lc);
  const [cmd, val1, val2, extra] = view.tokens;
  if (!cmd) return; // glibc: `val1len == 0` only skips lines empty after comment removal
  switch (cmd.text) {
    case 'label':
    case 'precedence':
      parsePrefixLine(lc, cmd.text, cmd, val1, val2);
      break;
    case 'scopev4':
      parseScopeLine(lc, cmd, val1, val2);
      break;
    case 'reload':
      parseReload(lc, cmd, val1, val2);
      return;
    default:
      unknownKeyword(lc, cmd);
      return;
  }
  if (extra) note(lc, extra.column, 'info', 'extra-tokens', `"${extra.text}" and anything after it are ignored.`, 'Remove the extra words, or put a "#" before them.');
}

/**
 * Parse gai.conf text as the given glibc would (§1.3). Never throws: every dropped or
 * suspicious line becomes a diagnostic instead. Only '\n' ends a line (getline); '\r' is
 * whitespace, so CRLF files parse normally.
 */
export function parseGaiConf(text: string, options?: ParseGaiConfOptions): ParsedGaiConf {
  checkGaiConfArguments(text, options);
  const version = typeof options?.glibc === 'string' ? options.glibc : '2.36';
  const ctx: Ctx = {
    fixed: glibcAtLeast(version, '2.41'),
    entries: [],
    entryColumns: [],
    diagnostics: [],
    reload: false,
    crashes: false,
    scopeEndpSet: false,
  };
  const lines = (typeof text === 'string' ? text : '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    try {
      parseLine(ctx, lines[i]!, i + 1);
    } catch (err) {
      ctx.diagnostics.push(diag(i + 1, 1, 'info', 'internal-error', `gaiconf could not lint this line: ${String(err)}`, 'Please report this as a gaiconf bug.'));
    }
  }
  try {
    lintTables(ctx);
  } catch (err) {
    ctx.diagnostics.push(diag(1, 1, 'info', 'internal-error', `gaiconf could not lint the tables: ${String(err)}`, 'Please report this as a gaiconf bug.'));
  }
  ctx.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { entries: ctx.entries, diagnostics: ctx.diagnostics, reload: ctx.reload, crashes: ctx.crashes };
}

// ---------------------------------------------------------------------------------------------
// Whole-table lints: duplicates (first line wins after glibc's stable sort) and the
// replacement of a kind's entire default table by its first accepted line (§1.3 "Building").

interface KeyedRow {
  key: string;
  text: string;
  value: number;
}


function entryKey(e: GaiConfEntry): string {
  if (e.kind !== 'scopev4') return prefixKey(e.bytes, e.length);
  return `${e.length}/${(v4Number(e.bytes) & v4Mask(e.length)) >>> 0}`;
}

function entryText(e: GaiConfEntry): string {
  const len = e.kind === 'scopev4' && e.prefix.includes(':') ? e.length + 96 : e.length;
  return `${e.prefix}/${len}`;
}

function defaultRows(kind: GaiConfKind): KeyedRow[] {
  if (kind === 'scopev4') {
    return GLIBC_SCOPEV4.map((r) => ({ key: `${r.length}/${r.network}`, text: r.text, value: r.value }));
  }
  const rows = kind === 'label' ? GLIBC_LABELS : GLIBC_PRECEDENCE;
  return rows.map((r) => ({ key: prefixKey(r.prefix, r.length), text: r.text, value: r.value }));
}

/** Value of ::/0 (0.0.0.0/0) in the custom table: the first /0 line, else the implicit one. */
function catchAllValue(kind: GaiConfKind, entries: GaiConfEntry[]): number {
  const zero = entries.find((e) => e.length === 0);
  if (zero) return zero.value;
  return kind === 'label' ? 1 : kind === 'precedence' ? 40 : 14;
}

function lintTables(ctx: Ctx): void {
  for (const kind of ['label', 'precedence', 'scopev4'] as const) {
    const indices = ctx.entries.flatMap((e, i) => (e.kind === kind ? [i] : []));
    if (indices.length === 0) continue;
    lintDuplicates(ctx, indices);
    lintReplacedDefaults(ctx, kind, indices);
  }
}

function lintDuplicates(ctx: Ctx, indices: number[]): void {
  const first = new Map<string, GaiConfEntry>();
  for (const i of indices) {
    const e = ctx.entries[i]!;
    const key = entryKey(e);
    const winner = first.get(key);
    if (!winner) {
      first.set(key, e);
      continue;
    }
    const same = winner.value === e.value;
    const message = same
      ? `${e.kind} ${entryText(e)} repeats line ${winner.line} with the same value; this line has no effect.`
      : `${e.kind} ${entryText(e)} repeats the prefix of line ${winner.line}: glibc's stable sort keeps line ${winner.line} first, so its value ${winner.value} wins and ${e.value} is never used.`;
    ctx.diagnostics.push(diag(e.line, ctx.entryColumns[i]!, same ? 'info' : 'warning', 'duplicate-prefix', message, `Keep one line per prefix; to change the value, edit line ${winner.line}.`));
  }
}

function lintReplacedDefaults(ctx: Ctx, kind: GaiConfKind, indices: number[]): void {
  const entries = indices.map((i) => ctx.entries[i]!);
  const given = new Set(entries.map(entryKey));
  const missing = defaultRows(kind).filter((r) => !r.key.startsWith('0/') && !given.has(r.key));
  if (missing.length === 0) return;
  const first = entries[0]!;
  const lost = missing.map((r) => `${r.text} → ${r.value}`).join(', ');
  const catchAll = kind === 'scopev4' ? '0.0.0.0/0' : '::/0';
  const message = `The first accepted ${kind} line replaces glibc's whole default ${kind} table: ${lost} no longer apply (those addresses get ${catchAllValue(kind, entries)} from ${catchAll}).`;
  const hint = `If you still want them, add: ${missing.map((r) => `"${kind} ${r.text} ${r.value}"`).join(', ')}.`;
  ctx.diagnostics.push(diag(first.line, ctx.entryColumns[indices[0]!]!, 'warning', 'replaces-defaults', message, hint));
}
