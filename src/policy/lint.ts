// `gaiconf lint`: every diagnostic the gai.conf parser reports, plus findings about what the
// accepted lines DO (address-selection.md §1.3 "Building the tables", §1.6 "Non-transitivity"),
// and the mechanical fixes behind `gaiconf lint --fix`. Pure: text in, data out; never throws.
//
// Semantic findings (codes in LINT_CODES, one section each in docs/diagnostics.md):
//   partial-table       a kind is partly restated: the default rows not written vanish; lists
//                       what moves (it supersedes the parser's `replaces-defaults` in lint output,
//                       which lists the missing rows but not their effect)
//   shadowed-entry      an entry no address can reach: longer entries of its kind cover it whole
//   unreachable-prefix  an entry that only covers destinations getaddrinfo never returns usable
//                       (deliberately narrow: precedence inside fe80::/10, see below)
//   version-dependent   glibc ≤ 2.40 and ≥ 2.41 (BZ #32465) read the line differently
//   reload-enabled      `reload yes`
//   ipv4-ipv6-tie       IPv4 shares a precedence with an IPv6 class (non-transitive comparator)
//   bind-unaffected     comments talk about binding/listening, which gai.conf never changes
// Duplicates, IPv4 notation in label/precedence and the scopev4 crash are the parser's own
// codes (duplicate-prefix, ipv4-prefix, scopev4-crash) and are not repeated here.

import { checkGaiConfArguments } from './glibc-version.js';
import { tokenizeLine, type Token } from './gai-conf-lines.js';
import { inetPton6 } from '../address/inet-pton.js';
import { isV4Mapped } from '../address/ip.js';
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import { glibcAtLeast, parseGaiConf, type Diagnostic, type GaiConfEntry, type GaiConfKind, type ParsedGaiConf } from './gai-conf-parser.js';
import { coverage, nestRows, prefixKey } from './prefix-table.js';
import { cutLongWords, shortText } from '../text/short.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, GLIBC_SCOPEV4 } from './tables.js';

/**
 * The lint's own diagnostic codes with a short description. Stable API, like the parser's
 * DIAGNOSTIC_CODES (which lint output also carries): docs and tests iterate over this record.
 */
export const LINT_CODES = {
  'partial-table':
    "A kind's table is only partly restated: glibc drops every default row of that kind not written, and the addresses those rows covered move to another row (listed). Supersedes the parser's replaces-defaults in lint output.",
  'shadowed-entry': 'The entry never matches: every address it covers hits a longer entry of the same kind first.',
  'unreachable-prefix':
    'The entry covers only destinations getaddrinfo never returns usable (precedence inside fe80::/10: link-local answers carry no scope id, so Rule 1 sorts them last anyway).',
  'version-dependent': 'glibc ≤ 2.40 and glibc ≥ 2.41 (BZ #32465 fix) read this line differently.',
  'reload-enabled': '`reload yes`: glibc stat()s gai.conf on every sorting lookup, and an edit changes the order inside running processes.',
  'ipv4-ipv6-tie':
    "IPv4 has the same precedence as an IPv6 class: the order then hangs on DNS answer order, and glibc's comparator is not transitive across families.",
  'bind-unaffected': 'The comments talk about binding or listening: gai.conf orders getaddrinfo() results only and never changes what a server binds to.',
} as const satisfies Record<string, string>;

export type LintCode = keyof typeof LINT_CODES;

export interface LintOptions {
  /** glibc version whose parser to model; '2.36' by default */
  glibc?: string;
}

export interface LintResult {
  /** accepted entries, as the parser of the chosen glibc returns them */
  entries: GaiConfEntry[];
  /** parser diagnostics (minus replaces-defaults) and lint findings, by line and column */
  diagnostics: Diagnostic[];
  reload: boolean;
  crashes: boolean;
}

/** The exit level a result maps to: 2 with an error, 1 with a warning, 0 otherwise (info only). */
export function lintLevel(diagnostics: readonly Diagnostic[]): 0 | 1 | 2 {
  if (diagnostics.some((d) => d.severity === 'error')) return 2;
  if (diagnostics.some((d) => d.severity === 'warning')) return 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Lines and tokens, cut exactly as the parser cuts them (C isspace, '#' and NUL end the line).

type Tok = Token;
const tokenize = tokenizeLine;

function splitLines(text: string): string[] {
  return (typeof text === 'string' ? text : '').split('\n');
}

// ---------------------------------------------------------------------------------------------
// Rows of a kind, in a uniform 128-bit shape (scopev4 as IPv4-mapped, length + 96)

export interface TableRow {
  kind: GaiConfKind;
  /** 16 bytes, host bits cleared */
  bytes: Uint8Array;
  /** 0..128 over all 128 bits */
  length: number;
  value: number;
  /** how the file (or glibc's table) writes the prefix */
  text: string;
  /** null for a default row or glibc's implicit /0 row */
  line: number | null;
}

export function rowKey(r: { bytes: Uint8Array; length: number }): string {
  return prefixKey(r.bytes, r.length);
}

/** Rows already made, by entry: the lint and --fix ask for the same entry's row many times. */
const rowsMade = new WeakMap<GaiConfEntry, TableRow>();

/** An entry as a row (callers must not change it: it is shared). */
export function entryRow(e: GaiConfEntry): TableRow {
  const made = rowsMade.get(e);
  if (made && made.line === e.line && made.value === e.value) return made;
  const length = e.kind === 'scopev4' ? e.length + 96 : e.length;
  const text = e.kind === 'scopev4' ? `${e.prefix}/${e.prefix.includes(':') ? e.length + 96 : e.length}` : `${e.prefix}/${e.length}`;
  const row: TableRow = { kind: e.kind, bytes: maskBytes(e.bytes, length), length, value: e.value, text, line: e.line };
  rowsMade.set(e, row);
  return row;
}

function mapped4(network: number): Uint8Array {
  const b = new Uint8Array(16);
  b[10] = 0xff;
  b[11] = 0xff;
  b[12] = network >>> 24;
  b[13] = (network >>> 16) & 255;
  b[14] = (network >>> 8) & 255;
  b[15] = network & 255;
  return b;
}

/** glibc's built-in rows of a kind, in the same shape. */
export function defaultRowsOf(kind: GaiConfKind): TableRow[] {
  if (kind === 'scopev4') {
    return GLIBC_SCOPEV4.map((r) => ({ kind, bytes: mapped4(r.network), length: r.length + 96, value: r.value, text: r.text, line: null }));
  }
  const rows = kind === 'label' ? GLIBC_LABELS : GLIBC_PRECEDENCE;
  return rows.map((r) => ({ kind, bytes: maskBytes(r.prefix, r.length), length: r.length, value: r.value, text: r.text, line: null }));
}

const IMPLICIT: Record<GaiConfKind, number> = { label: 1, precedence: 40, scopev4: 14 };

/** The custom table glibc builds from these entries: implicit /0 appended, longest first, stable. */
export function customRows(kind: GaiConfKind, entries: readonly GaiConfEntry[]): TableRow[] {
  const rows = entries.filter((e) => e.kind === kind).map(entryRow);
  if (!rows.some((r) => r.length === (kind === 'scopev4' ? 96 : 0))) {
    const zero = kind === 'scopev4' ? { bytes: mapped4(0), length: 96, text: '0.0.0.0/0' } : { bytes: new Uint8Array(16), length: 0, text: '::/0' };
    rows.push({ kind, ...zero, value: IMPLICIT[kind], line: null });
  }
  return rows.sort((a, b) => b.length - a.length);
}

/** First row that matches, as glibc's match_prefix / get_scope scan a longest-first table. */
function lookup(rows: readonly TableRow[], addr: Uint8Array): TableRow | undefined {
  return rows.find((r) => matchesPrefix(addr, r.bytes, r.length));
}

export function kindEntries(entries: readonly GaiConfEntry[], kind: GaiConfKind): GaiConfEntry[] {
  return entries.filter((e) => e.kind === kind);
}

function keywordColumn(lines: readonly string[], line: number): number {
  return tokenize(lines[line - 1] ?? '').tokens[0]?.column ?? 1;
}

function diag(line: number, column: number, severity: Diagnostic['severity'], code: LintCode, message: string, hint: string): Diagnostic {
  // a token may be a megabyte long: the message quotes its start and says how long it is
  return { line, column, severity, code, message: cutLongWords(message), hint: cutLongWords(hint) };
}

// ---------------------------------------------------------------------------------------------
// partial-table

export interface TableMove {
  kind: GaiConfKind;
  /** the default row that vanished, as glibc's table writes it */
  row: string;
  from: number;
  to: number;
  /** the row its network address now matches */
  now: string;
  /** true when that row is shorter: the addresses fall through to it */
  fallsThrough: boolean;
}

export interface PartialTable {
  kind: GaiConfKind;
  /** the first accepted line of the kind */
  line: number;
  /** default rows not restated, including those whose value happens to stay */
  missing: TableRow[];
  moves: TableMove[];
}

/**
 * Per custom kind: the default rows the file does not restate (nor cover whole with longer
 * rows) and what that moves.
 */
export function partialTables(entries: readonly GaiConfEntry[]): PartialTable[] {
  const out: PartialTable[] = [];
  for (const kind of ['label', 'precedence', 'scopev4'] as const) {
    const mine = kindEntries(entries, kind);
    if (mine.length === 0) continue;
    const given = new Set(mine.map((e) => rowKey(entryRow(e))));
    const table = customRows(kind, entries);
    const zeroLength = kind === 'scopev4' ? 96 : 0;
    const absent = defaultRowsOf(kind).filter((r) => r.length !== zeroLength && !given.has(rowKey(r)));
    // a default row the file's longer rows cover whole did not vanish: the file replaced it, row by row
    const nested = nestRows([...absent, ...mine.map(entryRow)]);
    const { covered } = coverage(nested);
    const replaced = new Set(nested.filter((_, i) => covered[i]).map((n) => n.row));
    const missing = absent.filter((r) => !replaced.has(r));
    const moves: TableMove[] = [];
    for (const r of missing) {
      const now = lookup(table, r.bytes);
      const to = now ? now.value : kind === 'label' ? 2147483647 : kind === 'precedence' ? 0 : 14;
      if (to === r.value) continue;
      moves.push({ kind, row: r.text, from: r.value, to, now: now?.text ?? '(nothing)', fallsThrough: !now || now.length < r.length });
    }
    out.push({ kind, line: mine[0]!.line, missing, moves });
  }
  return out;
}

function moveText(m: TableMove): string {
  return `${m.row} ${m.from} → ${m.to} (${m.fallsThrough ? 'falls to' : 'now from'} ${m.now})`;
}

function lintPartialTables(entries: readonly GaiConfEntry[], lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of partialTables(entries)) {
    if (p.moves.length === 0) continue;
    const kind = p.kind;
    const what = kind === 'scopev4' ? 'scope' : kind;
    const message = `The first ${kind} line replaces glibc's whole default ${kind} table, and the default rows not restated vanish: ${p.moves.map(moveText).join(', ')}.`;
    const rows = p.missing.map((r) => `"${kind} ${r.text} ${r.value}"`).join(', ');
    const hint = `Restate the default ${what} rows you still want: ${rows} (gaiconf lint --fix adds them).`;
    out.push(diag(p.line, keywordColumn(lines, p.line), 'warning', 'partial-table', message, hint));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// shadowed-entry, unreachable-prefix

/** At most `max` items, then "and N more": a message stays short whatever the file holds. */
export function listSome<T>(items: readonly T[], max = 6): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function lintShadowed(entries: readonly GaiConfEntry[], lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const kind of ['label', 'precedence', 'scopev4'] as const) {
    // a duplicate is not nested: the parser's duplicate-prefix says which line wins
    const nested = nestRows(kindEntries(entries, kind).map(entryRow));
    const { children, covered } = coverage(nested);
    for (let i = 0; i < nested.length; i++) {
      if (!covered[i]) continue;
      const r = nested[i]!.row;
      const by = children[i]!.map((c) => nested[c]!.row.line!).sort((a, b) => a - b);
      out.push(
        diag(
          r.line!,
          keywordColumn(lines, r.line!),
          'warning',
          'shadowed-entry',
          `${kind} ${shortText(r.text)} never matches: every address in it hits a longer ${kind} line first (line${by.length > 1 ? 's' : ''} ${listSome(by)}), so its value ${r.value} is never used.`,
          'Remove this line, or shorten the longer lines if this value was meant to apply.',
        ),
      );
    }
  }
  return out;
}

const LINK_LOCAL = { bytes: inetPton6('fe80::')!, length: 10 };

/**
 * "Matches nothing reachable", kept conservative: only precedence rows entirely inside
 * fe80::/10. Link-local answers from DNS or /etc/hosts carry no scope id, so glibc's connect()
 * fails (EINVAL) and Rule 1 puts them after every usable address; precedence then only orders
 * unusable answers among themselves. Label rows there are NOT reported (a link-local SOURCE is
 * possible and gets its label), nor are multicast, :: or deprecated ranges, which DNS can return.
 */
function lintUnreachable(entries: readonly GaiConfEntry[], lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of kindEntries(entries, 'precedence')) {
    const r = entryRow(e);
    if (r.length < LINK_LOCAL.length || !matchesPrefix(r.bytes, LINK_LOCAL.bytes, LINK_LOCAL.length)) continue;
    out.push(
      diag(
        e.line,
        keywordColumn(lines, e.line),
        'warning',
        'unreachable-prefix',
        `precedence ${r.text} covers only link-local destinations (fe80::/10): getaddrinfo returns them without a scope id, so connect() fails (EINVAL) and Rule 1 sorts them after every usable address; this precedence only reorders unusable answers among themselves.`,
        'Remove the line. To reach a link-local peer, connect to its address with a zone (fe80::1%eth0), which getaddrinfo returns as a single numeric answer without sorting.',
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// version-dependent

function readingOf(entries: readonly GaiConfEntry[]): Map<number, string> {
  const by = new Map<number, string[]>();
  for (const e of entries) {
    const r = entryRow(e);
    const text = `${e.kind} ${r.text} ${e.value}`;
    by.set(e.line, [...(by.get(e.line) ?? []), text]);
  }
  return new Map([...by].map(([line, texts]) => [line, texts.join('; ')]));
}

const VERSION_CODES = new Set(['missing-length', 'scopev4-crash', 'empty-length', 'missing-value']);

function byLine(diagnostics: readonly Diagnostic[]): Map<number, Diagnostic[]> {
  const out = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = out.get(d.line);
    if (list) list.push(d);
    else out.set(d.line, [d]);
  }
  return out;
}

function lintVersions(old: ParsedGaiConf, fixed: ParsedGaiConf, lines: readonly string[]): Diagnostic[] {
  const a = readingOf(old.entries);
  const b = readingOf(fixed.entries);
  const oldDiags = byLine(old.diagnostics);
  const fixedDiags = byLine(fixed.diagnostics);
  const out: Diagnostic[] = [];
  const lineNos = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  for (const line of lineNos) {
    const ra = a.get(line) ?? null;
    const rb = b.get(line) ?? null;
    if (ra === rb) continue;
    const here = [...(oldDiags.get(line) ?? []), ...(fixedDiags.get(line) ?? [])];
    const crash = here.some((d) => d.code === 'scopev4-crash');
    const cause = here.find((d) => VERSION_CODES.has(d.code));
    const column = cause?.column ?? keywordColumn(lines, line);
    const before = ra ?? (crash ? 'SIGSEGV in gaiconf_init on 2.36–2.38 (and 2.39/2.40 without the backport), or the line is ignored' : 'line ignored');
    const after = rb ?? 'line ignored';
    out.push(
      diag(
        line,
        column,
        'warning',
        'version-dependent',
        `glibc ≤ 2.40 and glibc ≥ 2.41 read this line differently (BZ #32465): ≤ 2.40: ${shortText(before)}; ≥ 2.41: ${shortText(after)}.`,
        'Write the prefix with an explicit /length and give a value, so every glibc reads the line the same way.',
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// reload-enabled, bind-unaffected

function lintReload(lines: readonly string[]): Diagnostic[] {
  // the last reload line decides the flag (gaiconf_reload_flag = strcmp (val1, "yes") == 0)
  let last: { line: number; cmd: Tok; word: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const t = tokenize(lines[i]!).tokens;
    if (t[0]?.text === 'reload') last = { line: i + 1, cmd: t[0], word: t[1]?.text ?? '' };
  }
  if (!last || last.word !== 'yes') return [];
  return [
    diag(
      last.line,
      last.cmd.column,
      'warning',
      'reload-enabled',
      '"reload yes" makes glibc stat() /etc/gai.conf on every getaddrinfo call that sorts, and re-read it when its mtime changes: a later edit (even a half-written one, if the file is not replaced atomically) changes the order inside programs that are already running.',
      'Remove the line (or write "reload no") and restart programs after changing gai.conf; if you keep it, replace the file atomically (gaiconf apply does).',
    ),
  ];
}

const BIND_WORDS = /\b(bind|binds|binding|bound|listen|listens|listening|listener|listeners)\b/i;

function lintBind(lines: readonly string[]): Diagnostic[] {
  for (let i = 0; i < lines.length; i++) {
    const t = tokenize(lines[i]!);
    if (t.hashColumn > 0 && BIND_WORDS.test(t.comment)) {
      return [
        diag(
          i + 1,
          t.hashColumn,
          'info',
          'bind-unaffected',
          "This comment talks about binding or listening, but gai.conf only orders the addresses getaddrinfo() returns to clients: it never changes which address or family a server binds to. A listener on [::] fails with EAFNOSUPPORT only where the kernel has no IPv6 at all (booted with ipv6.disable=1); with the disable_ipv6 sysctl it still binds, but nginx and Envoy then receive nothing on it (their [::] is IPv6-only by default).",
          'Choose listen addresses in the server itself (0.0.0.0 and/or [::], or an IPv4-only option); check them on the host with "gaiconf listen \'[::]:80\' 0.0.0.0:80 --server nginx".',
        ),
      ];
    }
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// ipv4-ipv6-tie

const IPV4_ALL = { bytes: inetPton6('::ffff:0:0')!, length: 96 };
/** Ranges whose addresses no longer occur (RFC 4291 §2.5.5.1, RFC 3879, RFC 3701): no tie is reported against them. */
const OBSOLETE = [
  { bytes: new Uint8Array(16), length: 96, name: 'IPv4-compatible' },
  { bytes: inetPton6('fec0::')!, length: 10, name: 'site-local' },
  { bytes: inetPton6('3ffe::')!, length: 16, name: '6bone' },
];

/** Inside an obsolete range; ::1 (and ::) sit inside ::/96 but are not IPv4-compatible addresses. */
function isObsolete(r: TableRow): boolean {
  if (r.length === 128 && r.bytes.subarray(0, 15).every((b) => b === 0) && r.bytes[15]! <= 1) return false;
  return OBSOLETE.some((o) => r.length >= o.length && matchesPrefix(r.bytes, o.bytes, o.length));
}

const CLASS: Record<string, string> = {
  '::1/128': 'loopback ::1',
  '::/0': 'global IPv6',
  '2002::/16': '6to4',
  'fc00::/7': 'ULA',
  'fd00::/8': 'ULA',
  '2001::/32': 'Teredo',
};

function isMappedRow(r: TableRow): boolean {
  return r.length >= 96 && isV4Mapped(r.bytes);
}

function lintTies(entries: readonly GaiConfEntry[], lines: readonly string[]): Diagnostic[] {
  const precedence = kindEntries(entries, 'precedence');
  if (precedence.length === 0) return [];
  const table = customRows('precedence', entries);
  const firstLine = precedence[0]!.line;
  const v6ByValue = new Map<number, TableRow[]>();
  for (const r of table) {
    if (isMappedRow(r) || isObsolete(r)) continue;
    const list = v6ByValue.get(r.value);
    if (list) list.push(r);
    else v6ByValue.set(r.value, [r]);
  }
  // Which mapped rows (and ::ffff:0:0/96 itself) longer mapped rows cover whole: one nesting
  // pass over the mapped rows plus the /96 (nestRows keeps the first of equal prefixes).
  const all: TableRow = { kind: 'precedence', bytes: IPV4_ALL.bytes, length: 96, value: -1, text: '::ffff:0:0/96', line: null };
  const mapped = table.filter(isMappedRow);
  const nested = nestRows([all, ...mapped.filter((r) => r.length > 96)]);
  const { covered } = coverage(nested);
  const v4: { row: TableRow; label: string }[] = [];
  const allIndex = nested.findIndex((n) => n.row === all);
  if (!covered[allIndex]) {
    const general = table.find((r) => r.length <= 96 && matchesPrefix(IPV4_ALL.bytes, r.bytes, r.length));
    if (general) {
      const label = general.length === 96 ? `IPv4 (${general.text})` : `IPv4 (::ffff:0:0/96, which no line covers, so it takes ${general.text}'s value)`;
      v4.push({ row: general, label });
    }
  }
  for (let i = 0; i < nested.length; i++) {
    if (i === allIndex || covered[i]) continue;
    const r = nested[i]!.row;
    v4.push({ row: r, label: `IPv4 ${shortText(r.text)}` });
  }
  const out: Diagnostic[] = [];
  const done = new Set<string>();
  let others: { max: number; min: number; low: boolean } | null = null;
  for (const { row, label } of v4) {
    // a general IPv4 row shorter than /96 (::/0 when no line covers IPv4) ties with itself
    const same = v6ByValue.get(row.value);
    if (!same) continue;
    const line = row.line ?? firstLine;
    const key = `${line}/${row.text}`;
    if (done.has(key)) continue;
    done.add(key);
    const classes = listSome(same.map((r) => `${shortText(r.text)}${CLASS[r.text] ? ` (${CLASS[r.text]})` : ''}`));
    others ??= rangeOfValues(table.filter((r) => !isMappedRow(r)));
    const above = others.max < 100 ? 100 : others.max + 1;
    const below = others.low ? Math.max(0, others.min - 1) : 10;
    out.push(
      diag(
        line,
        keywordColumn(lines, line),
        'warning',
        'ipv4-ipv6-tie',
        `${label} has precedence ${row.value}, the same as IPv6 ${classes}: when their labels tie too, Rule 6 cannot order an IPv4 answer against such an IPv6 one, Rule 9 skips mixed families, and the order falls to Rule 10, i.e. to which DNS reply arrived first; glibc's comparator is then not transitive and the result depends on the merge sort's path.`,
        `Give IPv4 a precedence no IPv6 class uses: e.g. ${above} to try IPv4 first, or ${below} to try IPv6 first.`,
      ),
    );
  }
  return out;
}

/** Highest and lowest value of some rows (a loop: spreading 100k values into Math.max overflows the stack). */
function rangeOfValues(rows: readonly TableRow[]): { max: number; min: number; low: boolean } {
  let max = -Infinity;
  let min = Infinity;
  let low = false;
  for (const r of rows) {
    if (r.value > max) max = r.value;
    if (r.value < min) min = r.value;
    if (r.value <= 10) low = true;
  }
  return { max, min, low };
}

// ---------------------------------------------------------------------------------------------

/**
 * Lint gai.conf text: the parser's diagnostics for the chosen glibc (default 2.36), except
 * `replaces-defaults`, which `partial-table` supersedes, plus the LINT_CODES findings.
 * Throws GaiconfInputError only for a `text` that is not a string or bad options; any text is
 * linted without throwing (a failing check becomes an `internal-error` info).
 */
export function lintGaiConf(text: string, options: LintOptions = {}): LintResult {
  checkGaiConfArguments(text, options);
  const glibc = typeof options.glibc === 'string' ? options.glibc : '2.36';
  const src = typeof text === 'string' ? text : '';
  const parsed = parseGaiConf(src, { glibc });
  // the two parser generations, for version-dependent (the chosen one is reused)
  const parsedFor = (v: '2.36' | '2.41'): ParsedGaiConf => (glibcAtLeast(glibc, '2.41') === (v === '2.41') ? parsed : parseGaiConf(src, { glibc: v }));
  const lines = splitLines(src);
  const diagnostics = parsed.diagnostics.filter((d) => d.code !== 'replaces-defaults');
  const checks: (() => Diagnostic[])[] = [
    () => lintPartialTables(parsed.entries, lines),
    () => lintShadowed(parsed.entries, lines),
    () => lintUnreachable(parsed.entries, lines),
    () => lintVersions(parsedFor('2.36'), parsedFor('2.41'), lines),
    () => lintReload(lines),
    () => lintTies(parsed.entries, lines),
    () => lintBind(lines),
  ];
  for (const check of checks) {
    try {
      for (const d of check()) diagnostics.push(d);
    } catch (err) {
      diagnostics.push({ line: 1, column: 1, severity: 'info', code: 'internal-error', message: `gaiconf could not lint the file: ${String(err)}`, hint: 'Please report this as a gaiconf bug.' });
    }
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { entries: parsed.entries, diagnostics, reload: parsed.reload, crashes: parsed.crashes };
}

// ---------------------------------------------------------------------------------------------
// --fix lives in lint-fix.ts

export { fixGaiConf, type AppliedFix, type FixOptions, type FixResult, type ParserGeneration, type PolicyChange } from './lint-fix.js';
