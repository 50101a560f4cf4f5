// A policy → a complete, self-explaining /etc/gai.conf. Every kind the policy touches is written
// whole (glibc replaces a kind's entire built-in table on its first accepted line), rows in the
// order glibc looks them up (longest prefix first), one comment per row. The output parses with
// zero error or warning diagnostics, and its effective tables are exactly policyTables(policy).
// Pure and deterministic: the same input gives the same bytes (the presets depend on it).

import {
  INTENTS,
  lookupOrder,
  parseIntents,
  policyFromIntents,
  prefixClassName,
  type GaiPolicy,
  type GaiRow,
  type GaiScopeRow,
  type Intent,
  type IntentResult,
} from '../policy/intents.js';
import { intentConflicts, intentEffects } from '../policy/intent-effects.js';
import { shWord } from './shell-quote.js';

export interface GaiConfHeader {
  /** intents in canonical text */
  intents: string[];
  /** the command that regenerates this file */
  command: string;
  /** what the file changes compared with glibc's built-in tables, one line each */
  changes: string[];
  /** what each intent does, read off the written tables (intentEffects) */
  effects?: string[];
  /** where intents meet and which one decides there (intentConflicts) */
  conflicts?: string[];
  /** paragraphs: when to use the intents, what they cost */
  notes?: string[];
}

const WIDTH = 100;

/** Comment text is free-form, but it must stay on its comment line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[\r\n\0\v\f]+/g, ' ').trimEnd();
}

/** Word-wrap a paragraph into comment lines: `first` before line 1, `rest` before the others. */
function wrap(text: string, first: string, rest: string): string[] {
  const words = oneLine(text).split(/ +/).filter(Boolean);
  const lines: string[] = [];
  let cur = first;
  let empty = true;
  for (const w of words) {
    if (!empty && cur.length + 1 + w.length > WIDTH) {
      lines.push(cur);
      cur = rest + w;
    } else {
      cur += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  lines.push(cur.trimEnd());
  return lines;
}

const KIND_INTRO = {
  label: 'label: Rule 5 prefers a destination whose label equals the label of its source address.',
  precedence: 'precedence: Rule 6 prefers the destination with the higher precedence.',
  scopev4: 'scopev4: the scope of IPv4 addresses for Rule 2 (2 = link-local, 14 = global).',
} as const;

function rowComment(row: GaiRow | GaiScopeRow): string {
  const cls = prefixClassName(row.text);
  if (cls && row.note) return `${cls}; ${oneLine(row.note)}`;
  return cls ?? (row.note ? oneLine(row.note) : '');
}

function renderRows(kind: 'label' | 'precedence' | 'scopev4', rows: readonly (GaiRow | GaiScopeRow)[]): string[] {
  const ordered = lookupOrder(rows);
  const prefixWidth = Math.max(...ordered.map((r) => r.text.length));
  const valueWidth = Math.max(...ordered.map((r) => String(r.value).length));
  const out = [`# ${KIND_INTRO[kind]}`, `# Written whole: any ${kind} line replaces glibc's entire default ${kind} table.`];
  for (const r of ordered) {
    const comment = rowComment(r);
    const line = `${kind} ${r.text.padEnd(prefixWidth)} ${String(r.value).padEnd(valueWidth)}`;
    out.push(comment ? `${line}  # ${comment}` : line.trimEnd());
  }
  return out;
}

/** A complete gai.conf for `policy`, with a header naming intents, command and changes. */
export function renderGaiConf(policy: GaiPolicy, header: GaiConfHeader): string {
  const out: string[] = [];
  out.push("# /etc/gai.conf: address ordering for glibc's getaddrinfo(), written by gaiconf.");
  out.push('# Do not edit by hand: change the intents and run the command below again.');
  out.push('#');
  out.push(...wrap(header.intents.length ? header.intents.join(', ') : '(none)', '# Intents: ', '#          '));
  out.push(...wrap(header.command, '# Command: ', '#          '));
  if (header.effects?.length) {
    out.push('#');
    out.push('# What it does, with the values this file writes:');
    for (const e of header.effects) out.push(...wrap(e, '#   - ', '#     '));
  }
  if (header.conflicts?.length) {
    out.push('#');
    out.push('# Where intents meet:');
    for (const c of header.conflicts) out.push(...wrap(c, '#   - ', '#     '));
  }
  for (const note of header.notes ?? []) {
    out.push('#');
    out.push(...wrap(note, '# ', '#   '));
  }
  out.push('#');
  if (header.changes.length) {
    out.push("# Changes compared with glibc's built-in tables:");
    for (const c of header.changes) out.push(...wrap(c, '#   - ', '#     '));
  } else {
    out.push("# Changes compared with glibc's built-in tables: none (the defaults, written out).");
  }
  out.push('#');
  out.push(
    ...wrap(
      "glibc replaces a kind's whole built-in table (label, precedence, scopev4) as soon as it accepts one line of that kind, so every kind written below is complete, and kinds not written keep glibc's defaults. Lookups take the longest matching prefix. A process reads this file at its first sorted lookup, so restart programs to apply a change. musl (Alpine), Go's built-in resolver and servers' bind() do not use this file.",
      '# ',
      '# ',
    ),
  );
  const kinds: ['label' | 'precedence' | 'scopev4', readonly (GaiRow | GaiScopeRow)[] | undefined][] = [
    ['label', policy.labels],
    ['precedence', policy.precedence],
    ['scopev4', policy.scopev4],
  ];
  let any = false;
  for (const [kind, rows] of kinds) {
    if (!rows || rows.length === 0) continue;
    any = true;
    out.push('');
    out.push(...renderRows(kind, rows));
  }
  if (!any) {
    out.push('');
    out.push('# No table is written: glibc uses all of its built-in tables.');
  }
  return `${out.join('\n')}\n`;
}

/** How much prose a generated file carries: `full` (the header and a comment per row), `brief`
 * (one comment line naming the command that regenerates it), `none` (the rows only). */
export const COMMENT_LEVELS = ['full', 'brief', 'none'] as const;
export type CommentLevel = (typeof COMMENT_LEVELS)[number];

/**
 * The policy's rows only, in glibc's lookup order, aligned, kind after kind: the same tables as
 * renderGaiConf without its prose (`firstLine`, when given, is one comment line on top).
 */
export function renderRowsOnly(policy: GaiPolicy, firstLine: string | null = null): string {
  const out: string[] = firstLine === null ? [] : [`# ${oneLine(firstLine)}`];
  const kinds: ['label' | 'precedence' | 'scopev4', readonly (GaiRow | GaiScopeRow)[] | undefined][] = [
    ['label', policy.labels],
    ['precedence', policy.precedence],
    ['scopev4', policy.scopev4],
  ];
  for (const [kind, rows] of kinds) {
    if (!rows || rows.length === 0) continue;
    const ordered = lookupOrder(rows);
    const width = Math.max(...ordered.map((r) => r.text.length));
    for (const r of ordered) out.push(`${kind} ${r.text.padEnd(width)} ${r.value}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** The command line that regenerates a file from these intents. */
export function generateCommand(intents: readonly string[]): string {
  return ['gaiconf generate', ...intents.map((i) => `--intent ${shWord(i)}`)].join(' ');
}

function intentNotes(intents: readonly Intent[]): string[] {
  const seen = new Set<string>();
  const notes: string[] = [];
  for (const i of intents) {
    if (seen.has(i.kind)) continue;
    seen.add(i.kind);
    const info = INTENTS[i.kind];
    // `when` and `cost` only: the summary's numbers describe the intent alone, and another
    // intent may have changed them (the effects above say what the file writes)
    notes.push(`${info.usage}. When: ${info.when}. Cost: ${info.cost}.`);
  }
  return notes;
}

export interface RenderedIntents extends IntentResult {
  /** the complete gai.conf */
  text: string;
  command: string;
  /** what each intent does, with the values the file writes: the header's "What it does" */
  effects: string[];
  /** where intents meet and which one decides there: the header's "Where intents meet" */
  conflicts: string[];
}

/**
 * Intents → the complete gai.conf `gaiconf generate` writes (and the presets in policies/ are).
 * Throws IntentError on bad or contradicting intents.
 */
export function renderIntents(input: readonly string[]): RenderedIntents {
  const parsed = parseIntents(input);
  const result = policyFromIntents(parsed);
  const command = generateCommand(result.intents);
  const effects = intentEffects(parsed, result.policy);
  const conflicts = intentConflicts(parsed, result.policy);
  const text = renderGaiConf(result.policy, { intents: result.intents, command, changes: result.changes, effects, conflicts, notes: intentNotes(parsed) });
  return { ...result, text, command, effects, conflicts };
}
