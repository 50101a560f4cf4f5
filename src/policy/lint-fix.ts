// `gaiconf lint --fix`: the mechanical fixes, made so that no glibc reads anything the fix does
// not announce. Pure: text (or bytes) in, text and bytes out.
//
// Both parser generations are modelled: 2.36 stands for glibc ≤ 2.40, 2.41 for ≥ 2.41 (BZ #32465).
// Every fix says, per generation, what that glibc read from the line before and after
// (AppliedFix.policy); a fix that changes nothing glibc reads has an empty list. The rules that
// keep a fix from changing more than it says:
//   - a rewritten line must read as ONE entry, the same on both generations (`label fe80::1`
//     without a value stays: adding /128 would make ≤ 2.40 read it with value 0);
//   - a rewritten line must not take a prefix away from another line some glibc uses (the
//     first line of a prefix wins, so an ignored line that becomes readable ABOVE the line glibc
//     was using would win): such a line, ignored by every glibc, is commented out instead;
//   - a duplicate is commented out only when it loses on every generation that reads it, and
//     both read it alike (a line they read differently needs a human);
//   - glibc's default rows are restated only where they give addresses their default values
//     back: never a prefix some generation reads from the file, never a row that longer rows
//     cover whole (it would never match, and lint would say so), never on a generation that uses
//     the built-in table unless the result is that same table.
// Then the fixed text is parsed again by both generations and its tables, compared as
// functions of the address, must be exactly the tables these decisions predict; a kind where
// they are not is left untouched (and if that still fails, the whole file is).
// Lines no fix touches keep their bytes: byte input that is not UTF-8 is handled as latin1.

import { inetPton4, inetPton6 } from '../address/inet-pton.js';
import { isV4Mapped } from '../address/ip.js';
import { tokenizeLine, type Token } from './gai-conf-lines.js';
import { parseGaiConf, type GaiConfEntry, type GaiConfKind, type ParsedGaiConf } from './gai-conf-parser.js';
import { defaultRowsOf, entryRow, lintGaiConf, partialTables, rowKey, type LintOptions, type LintResult, type TableRow } from './lint.js';
import { checkGaiConfArguments } from './glibc-version.js';
import { coverage, nestRows, segmentDifferences, tableSegments, type SegmentDifference } from './prefix-table.js';

/** A gai.conf parser generation: '2.36' for glibc ≤ 2.40, '2.41' for ≥ 2.41. */
export type ParserGeneration = '2.36' | '2.41';
export const PARSER_GENERATIONS: readonly ParserGeneration[] = ['2.36', '2.41'];
export const GENERATION_NAMES: Record<ParserGeneration, string> = { '2.36': 'glibc ≤ 2.40', '2.41': 'glibc ≥ 2.41' };

/** What one generation of glibc reads differently because of a fix. */
export interface PolicyChange {
  glibc: ParserGeneration;
  kind: GaiConfKind;
  /** what it read before: an entry (`precedence ::ffff:198.51.100.0/120 45`), `nothing` or, for restated rows, the values they had */
  before: string;
  after: string;
  /** the prefixes (as rows write them) whose addresses may get another value */
  prefixes: string[];
}

export interface AppliedFix {
  /** line in the ORIGINAL text */
  line: number;
  /** the diagnostic code it fixes */
  code: string;
  description: string;
  /** what glibc reads differently, per generation; [] when no glibc reads anything differently */
  policy: PolicyChange[];
}

export interface FixOptions extends LintOptions {
  /** apply only the fixes after which every glibc reads exactly what it read before */
  keepPolicy?: boolean;
}

export interface FixResult {
  /** the fixed text (the input when nothing was fixable); latin1 when `encoding` is latin1 */
  text: string;
  /** the fixed file's bytes */
  bytes: Uint8Array;
  changed: boolean;
  fixes: AppliedFix[];
  /** lint of the fixed text */
  result: LintResult;
  /** how byte input was read: UTF-8 when it is valid UTF-8, else latin1 (one character a byte) */
  encoding: 'utf-8' | 'latin1';
}

const FIX_MARK = '# gaiconf lint --fix:';

// ---------------------------------------------------------------------------------------------
// Bytes ↔ text without losing a byte

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function latin1Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function latin1Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function decode(input: string | Uint8Array): { text: string; encoding: 'utf-8' | 'latin1' } {
  if (typeof input === 'string') return { text: input, encoding: 'utf-8' };
  try {
    return { text: utf8Strict.decode(input), encoding: 'utf-8' };
  } catch {
    return { text: latin1Decode(input), encoding: 'latin1' };
  }
}

// ---------------------------------------------------------------------------------------------
// Token fixes (one line each)

function replaceToken(raw: string, tok: Token, text: string): string {
  return raw.slice(0, tok.column - 1) + text + raw.slice(tok.column - 1 + tok.text.length);
}

/** A strict decimal 0..max, or null. */
function smallDecimal(text: string, max: number): number | null {
  if (!/^[0-9]{1,3}$/.test(text)) return null;
  const n = Number(text);
  return n <= max ? n : null;
}

/** The rewritten line for one line's codes, or null. */
function fixToken(raw: string, codes: ReadonlySet<string>): { line: string; code: string; description: string } | null {
  const { tokens } = tokenizeLine(raw);
  const [cmd, val1] = tokens;
  if (!cmd || !val1) return null;
  const slash = val1.text.indexOf('/');
  const addr = slash < 0 ? val1.text : val1.text.slice(0, slash);
  const len = slash < 0 ? null : val1.text.slice(slash + 1);
  const kind = cmd.text;
  if ((kind === 'label' || kind === 'precedence') && codes.has('ipv4-prefix') && inetPton4(addr)) {
    const l4 = len === null ? 32 : smallDecimal(len, 32);
    if (l4 === null) return null;
    const repl = `::ffff:${addr}/${l4 + 96}`;
    return { line: replaceToken(raw, val1, repl), code: 'ipv4-prefix', description: `${val1.text} → ${repl} (${kind} takes IPv6 text only: the IPv4-mapped form, length + 96)` };
  }
  if (len === null && (codes.has('missing-length') || codes.has('scopev4-crash'))) {
    let full: number | null = null;
    if (kind === 'label' || kind === 'precedence') full = inetPton6(addr) ? 128 : null;
    if (kind === 'scopev4') full = inetPton4(addr) ? 32 : inetPton6(addr) && isV4Mapped(inetPton6(addr)!) ? 128 : null;
    if (full === null) return null;
    const repl = `${addr}/${full}`;
    const code = codes.has('scopev4-crash') ? 'scopev4-crash' : 'missing-length';
    return { line: replaceToken(raw, val1, repl), code, description: `${val1.text} → ${repl} (an explicit length: glibc ≤ 2.40 ${kind === 'scopev4' ? 'crashes on' : 'ignores'} a prefix without one)` };
  }
  if ((kind === 'label' || kind === 'precedence') && codes.has('ipv4-length') && len !== null) {
    const bytes = inetPton6(addr);
    const l = smallDecimal(len, 32);
    if (!bytes || !isV4Mapped(bytes) || l === null || l === 0) return null;
    const repl = `${addr}/${l + 96}`;
    return { line: replaceToken(raw, val1, repl), code: 'ipv4-length', description: `${val1.text} → ${repl} (an IPv4 /${l} in the ::ffff: form is /${l + 96})` };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// What each generation reads, line by line

const KINDS: readonly GaiConfKind[] = ['label', 'precedence', 'scopev4'];

const keyOf = (e: GaiConfEntry): string => `${e.kind} ${rowKey(entryRow(e))}`;
const textOf = (e: GaiConfEntry | undefined): string => (e ? `${e.kind} ${entryRow(e).text} ${e.value}` : 'nothing');

/** One generation's reading: the entry of each line, and for each prefix the lines that set it. */
class Reading {
  readonly byLine = new Map<number, GaiConfEntry>();
  readonly linesByKey = new Map<string, number[]>();

  constructor(entries: readonly GaiConfEntry[]) {
    for (const e of entries) this.add(e);
  }

  add(e: GaiConfEntry): void {
    this.byLine.set(e.line, e);
    const k = keyOf(e);
    const lines = this.linesByKey.get(k);
    if (!lines) this.linesByKey.set(k, [e.line]);
    else {
      let i = lines.length;
      while (i > 0 && lines[i - 1]! > e.line) i--;
      lines.splice(i, 0, e.line);
    }
  }

  remove(line: number): void {
    const e = this.byLine.get(line);
    if (!e) return;
    this.byLine.delete(line);
    const lines = this.linesByKey.get(keyOf(e))!;
    lines.splice(lines.indexOf(line), 1);
  }

  /** The line whose value glibc uses for this prefix (the first), or undefined. */
  winner(key: string): number | undefined {
    return this.linesByKey.get(key)?.[0];
  }

  entriesOf(kind: GaiConfKind): GaiConfEntry[] {
    return [...this.byLine.values()].filter((e) => e.kind === kind).sort((a, b) => a.line - b.line);
  }
}

type Readings = Record<ParserGeneration, Reading>;

type Parsed = Record<ParserGeneration, ParsedGaiConf>;

function parseBoth(text: string): Parsed {
  return { '2.36': parseGaiConf(text, { glibc: '2.36' }), '2.41': parseGaiConf(text, { glibc: '2.41' }) };
}

/** The table glibc builds for a kind: the rows in order (first of a prefix wins), implicit /0. */
function tableRows(kind: GaiConfKind, rows: readonly TableRow[]): TableRow[] {
  if (rows.length === 0) return defaultRowsOf(kind);
  const zero = kind === 'scopev4' ? 96 : 0;
  if (rows.some((r) => r.length === zero)) return [...rows];
  return [...rows, defaultRowsOf(kind).find((r) => r.length === zero)!];
}

// ---------------------------------------------------------------------------------------------
// The decisions

interface Plan {
  /** new text per original line (1-based) */
  replace: Map<number, string>;
  /** rows to restate, above this original line */
  inserts: { at: number; kind: GaiConfKind; rows: TableRow[] }[];
  fixes: AppliedFix[];
  /** what each generation should read after the fix */
  readings: Readings;
}

function commentOut(raw: string, note: string): string {
  const cr = raw.endsWith('\r') ? '\r' : '';
  const body = cr ? raw.slice(0, -1) : raw;
  return `${FIX_MARK} ${note}: ${body.trim()}${cr}`;
}

function plan(parsed: Parsed, lines: readonly string[], keepPolicy: boolean, skipKinds: ReadonlySet<GaiConfKind>): Plan {
  const readings: Readings = { '2.36': new Reading(parsed['2.36'].entries), '2.41': new Reading(parsed['2.41'].entries) };
  const replace = new Map<number, string>();
  const fixes: AppliedFix[] = [];
  const codesByLine = new Map<number, Set<string>>();
  for (const g of PARSER_GENERATIONS) {
    for (const d of parsed[g].diagnostics) {
      const set = codesByLine.get(d.line) ?? new Set<string>();
      set.add(d.code);
      codesByLine.set(d.line, set);
    }
  }

  // 1. token fixes, in line order (a line made readable is seen by the lines after it)
  for (const line of [...codesByLine.keys()].sort((a, b) => a - b)) {
    const raw = lines[line - 1] ?? '';
    const f = fixToken(raw, codesByLine.get(line)!);
    if (!f) continue;
    const kind = tokenizeLine(raw).tokens[0]!.text as GaiConfKind;
    if (skipKinds.has(kind)) continue;
    const after = PARSER_GENERATIONS.map((g) => parseGaiConf(f.line, { glibc: g }).entries);
    // one entry, read alike by both generations; otherwise the fix would make them differ anew
    if (after.some((es) => es.length !== 1) || textOf(after[0]![0]) !== textOf(after[1]![0])) continue;
    const entry: GaiConfEntry = { ...after[0]![0]!, line };
    const key = keyOf(entry);
    const policy: PolicyChange[] = [];
    let conflict: number | undefined;
    for (const g of PARSER_GENERATIONS) {
      const old = readings[g].byLine.get(line);
      if (textOf(old) === textOf(entry)) continue;
      // becoming the first line of a prefix another line sets would take it from that line
      const w = readings[g].winner(key);
      if (w !== undefined && w !== line && w > line) conflict ??= w;
      // no longer setting a prefix it was the first to set would hand it to the next line
      if (old) {
        const others = readings[g].linesByKey.get(keyOf(old))!;
        if (others[0] === line && others.length > 1) conflict ??= others[1];
      }
      policy.push({ glibc: g, kind: entry.kind, before: textOf(old), after: textOf(entry), prefixes: [...new Set([old, entry].flatMap((e) => (e ? [entryRow(e).text] : [])))] });
    }
    if (conflict !== undefined) {
      const ignored = PARSER_GENERATIONS.every((g) => !readings[g].byLine.has(line));
      if (ignored) {
        // dead on every glibc, and making it live would override line `conflict`: keep it dead, visibly
        replace.set(line, commentOut(raw, `glibc ignores this line (${f.code}), and line ${conflict} sets the same prefix, which glibc uses`));
        fixes.push({ line, code: f.code, description: `commented out: glibc ignores it, and line ${conflict} sets the same prefix (${textOf(entry)} would take it from that line)`, policy: [] });
      }
      continue;
    }
    if (keepPolicy && policy.length) continue;
    replace.set(line, f.line);
    for (const g of PARSER_GENERATIONS) {
      readings[g].remove(line);
      readings[g].add(entry);
    }
    fixes.push({ line, code: f.code, description: f.description, policy });
  }

  // 2. duplicates: a line that loses on every generation that reads it
  const read = new Set([...readings['2.36'].byLine.keys(), ...readings['2.41'].byLine.keys()]);
  for (const line of [...read].sort((a, b) => a - b)) {
    // a line the generations read differently (empty length, missing value) needs a human, not a drop
    if (textOf(readings['2.36'].byLine.get(line)) !== textOf(readings['2.41'].byLine.get(line))) continue;
    const winners = new Map<ParserGeneration, number>();
    let loses = true;
    for (const g of PARSER_GENERATIONS) {
      const e = readings[g].byLine.get(line);
      if (!e) continue;
      if (skipKinds.has(e.kind)) loses = false;
      const w = readings[g].winner(keyOf(e))!;
      if (w === line) loses = false;
      else winners.set(g, w);
    }
    if (!loses) continue;
    const ws = [...new Set(winners.values())];
    const which = ws.length === 1 ? `line ${ws[0]}` : [...winners].map(([g, w]) => `line ${w} (${GENERATION_NAMES[g]})`).join(' and ');
    replace.set(line, commentOut(replace.get(line) ?? lines[line - 1]!, `duplicate of ${which}, which wins`));
    for (const g of PARSER_GENERATIONS) readings[g].remove(line);
    const prior = fixes.findIndex((f) => f.line === line);
    const fix: AppliedFix = { line, code: 'duplicate-prefix', description: `commented out: it repeats the prefix of ${which}, whose value glibc uses`, policy: [] };
    if (prior >= 0) fixes.splice(prior, 1, fix);
    else fixes.push(fix);
  }

  // 3. partly restated kinds: glibc's default rows where they give addresses their default value back
  const inserts: Plan['inserts'] = [];
  if (!keepPolicy) {
    for (const kind of KINDS) {
      if (skipKinds.has(kind)) continue;
      const r = restatement(kind, readings);
      if (!r) continue;
      inserts.push({ at: r.at, kind, rows: r.rows });
      fixes.push({ line: r.at, code: 'partial-table', description: `restated glibc's default ${kind} rows: ${r.rows.map((x) => `${kind} ${x.text} ${x.value}`).join(', ')}`, policy: r.policy });
    }
  }
  fixes.sort((a, b) => a.line - b.line);
  return { replace, inserts, fixes, readings };
}

/** Do two sorted lists of inclusive ranges overlap anywhere? */
function overlap(a: readonly SegmentDifference[], b: readonly SegmentDifference[]): boolean {
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.end < x.start) j++;
    if (j < b.length && b[j]!.start <= x.end) return true;
  }
  return false;
}

function restatement(kind: GaiConfKind, readings: Readings): { at: number; rows: TableRow[]; policy: PolicyChange[] } | null {
  const per = PARSER_GENERATIONS.map((g) => ({ g, entries: readings[g].entriesOf(kind) }));
  const custom = per.filter((p) => p.entries.length > 0);
  if (custom.length === 0) return null;
  if (!custom.some((p) => partialTables(p.entries).some((t) => t.moves.length > 0))) return null;
  const taken = new Set(custom.flatMap((p) => p.entries.map((e) => rowKey(entryRow(e)))));
  let rows = defaultRowsOf(kind).filter((r) => !taken.has(rowKey(r)));
  // a restated row that longer rows cover whole never matches (and lint would call it shadowed)
  for (let round = 0; round < 3; round++) {
    const before = rows.length;
    for (const p of custom) {
      const nested = nestRows([...rows, ...p.entries.map(entryRow)]);
      const { covered } = coverage(nested);
      const drop = new Set(nested.filter((_, i) => covered[i]).map((n) => n.row));
      rows = rows.filter((r) => !drop.has(r));
    }
    if (rows.length === before) break;
  }
  if (rows.length === 0) return null;
  const defaults = tableSegments(defaultRowsOf(kind));
  const policy: PolicyChange[] = [];
  for (const { g, entries } of per) {
    const mine = entries.map(entryRow);
    const before = mine.length ? tableSegments(tableRows(kind, mine)) : defaults;
    const after = tableSegments(tableRows(kind, [...rows, ...mine]));
    const changed = segmentDifferences(before, after);
    if (changed.length === 0) continue;
    // the built-in table would become a different custom one; elsewhere, only default values may come back
    if (mine.length === 0 || overlap(changed, segmentDifferences(defaults, after))) return null;
    const moves = partialTables(entries).flatMap((t) => t.moves).filter((m) => rows.some((x) => x.text === m.row));
    policy.push({
      glibc: g,
      kind,
      before: moves.map((m) => `${m.row} ${m.to}`).join(', ') || 'other values',
      after: moves.map((m) => `${m.row} ${m.from}`).join(', ') || 'the default values',
      prefixes: rows.map((x) => x.text),
    });
  }
  const at = Math.min(...custom.map((p) => p.entries[0]!.line));
  return { at, rows, policy };
}

// ---------------------------------------------------------------------------------------------
// The text, and the check that glibc reads from it exactly what the plan says

function eolOf(lines: readonly string[]): string {
  let crlf = 0;
  for (const l of lines) if (l.endsWith('\r')) crlf++;
  return crlf > 0 && crlf * 2 >= lines.length - 1 ? '\r\n' : '\n';
}

function render(lines: readonly string[], p: Plan): string {
  const cr = eolOf(lines) === '\r\n' ? '\r' : '';
  const out: string[] = [];
  const inserts = new Map<number, Plan['inserts']>();
  for (const ins of p.inserts) inserts.set(ins.at, [...(inserts.get(ins.at) ?? []), ins]);
  for (let i = 0; i < lines.length; i++) {
    for (const ins of inserts.get(i + 1) ?? []) {
      out.push(`${FIX_MARK} glibc's default ${ins.kind} rows, restated: any ${ins.kind} line replaces the whole default table${cr}`);
      for (const r of ins.rows) out.push(`${ins.kind} ${r.text} ${r.value}${cr}`);
    }
    out.push(p.replace.get(i + 1) ?? lines[i]!);
  }
  return out.join('\n');
}

/** The kinds whose tables, as both generations read `text`, differ from what the plan predicts. */
function mismatches(text: string, p: Plan, originalCrashes: boolean): Set<GaiConfKind> {
  const bad = new Set<GaiConfKind>();
  for (const g of PARSER_GENERATIONS) {
    const parsed = parseGaiConf(text, { glibc: g });
    if (parsed.crashes && !originalCrashes) for (const k of KINDS) bad.add(k);
    for (const kind of KINDS) {
      const restated = p.inserts.filter((i) => i.kind === kind).flatMap((i) => i.rows);
      const expected = tableRows(kind, [...restated, ...p.readings[g].entriesOf(kind).map(entryRow)]);
      const got = tableRows(kind, parsed.entries.filter((e) => e.kind === kind).map(entryRow));
      if (segmentDifferences(tableSegments(expected), tableSegments(got)).length) bad.add(kind);
    }
  }
  return bad;
}

/**
 * The mechanical fixes of `gaiconf lint --fix`, keeping every comment and every other byte:
 *   - an IPv4 prefix in label/precedence → its ::ffff: form (length + 96)
 *   - a prefix without /len → explicit /128 (scopev4: /32, or /128 in the ::ffff: form)
 *   - an IPv4-mapped prefix with an IPv4-sized length → length + 96
 *   - a duplicate → the losing line commented out, saying which line wins
 *   - a partly restated kind → glibc's default rows of that kind, restated above its first line
 * within the rules at the top of this file; `fixes[].policy` says what each changes for glibc.
 * Everything else (bad addresses, missing values, empty lengths, unknown keywords) needs a
 * human. `result` is the lint of the fixed text (for `options.glibc`, default 2.36).
 */
export function fixGaiConf(input: string | Uint8Array, options: FixOptions = {}): FixResult {
  // the library's argument check (text and { glibc }); bytes and keepPolicy are this function's own
  const opts = options as unknown;
  const { keepPolicy, ...rest } = typeof opts === 'object' && opts !== null ? (opts as FixOptions) : { keepPolicy: undefined };
  checkGaiConfArguments(input instanceof Uint8Array ? '' : input, typeof opts === 'object' && opts !== null && (keepPolicy === undefined || typeof keepPolicy === 'boolean') ? rest : opts);
  const glibc = typeof options.glibc === 'string' ? options.glibc : '2.36';
  const { text: src, encoding } = decode(typeof input === 'string' || input instanceof Uint8Array ? input : '');
  const lines = src.split('\n');
  const parsed = parseBoth(src);
  const crashes = parsed['2.36'].crashes;
  const skip = new Set<GaiConfKind>();
  let p = plan(parsed, lines, !!options.keepPolicy, skip);
  let out = render(lines, p);
  for (let round = 0; round < 2; round++) {
    const bad = mismatches(out, p, crashes);
    if (bad.size === 0) break;
    if (round === 1 || [...bad].every((k) => skip.has(k))) {
      p = { replace: new Map(), inserts: [], fixes: [], readings: p.readings };
      out = src;
      break;
    }
    for (const k of bad) skip.add(k);
    p = plan(parsed, lines, !!options.keepPolicy, skip);
    out = render(lines, p);
  }
  const bytes = encoding === 'latin1' ? latin1Encode(out) : utf8Encoder.encode(out);
  return { text: out, bytes, changed: out !== src, fixes: p.fixes, result: lintGaiConf(out, { glibc }), encoding };
}
