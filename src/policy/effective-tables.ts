// The label/precedence/scopev4 tables glibc actually uses after reading gai.conf
// (gaiconf_init, "Building the tables"; address-selection.md §1.3, §7 item 7).

import { v4Number } from '../address/ip.js';
import type { GaiConfEntry, GaiConfKind, ParsedGaiConf } from './gai-conf-parser.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, GLIBC_SCOPEV4, v4Mask, type PrefixRow, type Scope4Row } from './tables.js';

export interface GlibcTables {
  labels: PrefixRow[];
  precedence: PrefixRow[];
  scopev4: Scope4Row[];
  labelsCustom: boolean;
  precedenceCustom: boolean;
  scopev4Custom: boolean;
}

/** Values of the /0 row glibc appends when a custom table has none ("nullbits" unset). */
const IMPLICIT_LABEL = 1;
const IMPLICIT_PRECEDENCE = 40;
const IMPLICIT_SCOPE = 14;

function entriesOf(parsed: ParsedGaiConf | null, kind: GaiConfKind): GaiConfEntry[] {
  return parsed ? parsed.entries.filter((e) => e.kind === kind) : [];
}

/**
 * Custom label/precedence table: file order, implicit ::/0 last when no /0 line was given,
 * then glibc's stable merge sort by length, longest first (prefixcmp + msort, §1.8). Equal
 * lengths keep file order, so on a duplicate prefix the first line wins.
 */
function customPrefixTable(entries: GaiConfEntry[], implicitValue: number): PrefixRow[] {
  const rows: PrefixRow[] = entries.map((e) => ({
    prefix: e.bytes,
    length: e.length,
    value: e.value,
    text: `${e.prefix}/${e.length}`,
  }));
  if (!entries.some((e) => e.length === 0)) {
    rows.push({ prefix: new Uint8Array(16), length: 0, value: implicitValue, text: '::/0' });
  }
  return rows.sort((a, b) => b.length - a.length); // Array.prototype.sort is stable (ES2019)
}

/**
 * Custom scopev4 table: add_scopelist stores network = addr & mask; glibc's scopecmp sorts by
 * mask value, descending, which for contiguous masks is longest first in either byte order.
 */
function customScopeTable(entries: GaiConfEntry[]): Scope4Row[] {
  const rows: Scope4Row[] = entries.map((e) => {
    const mask = v4Mask(e.length);
    const mappedForm = e.prefix.includes(':');
    return {
      network: (v4Number(e.bytes) & mask) >>> 0,
      mask,
      length: e.length,
      value: e.value,
      text: `${e.prefix}/${mappedForm ? e.length + 96 : e.length}`,
    };
  });
  if (!entries.some((e) => e.length === 0)) {
    rows.push({ network: 0, mask: 0, length: 0, value: IMPLICIT_SCOPE, text: '0.0.0.0/0' });
  }
  return rows.sort((a, b) => b.mask - a.mask);
}

/**
 * The tables glibc sorts with, per kind independently: any accepted entry of a kind replaces
 * that kind's whole default table; a kind without entries keeps glibc's default array, in
 * its array order. `null` (no gai.conf) gives all defaults. A file that makes glibc crash
 * (`parsed.crashes`) still yields tables here; callers must check `crashes` themselves.
 * Rows are fresh arrays the caller may keep; the row objects of default tables are shared.
 */
export function effectiveGlibcTables(parsed: ParsedGaiConf | null): GlibcTables {
  const labels = entriesOf(parsed, 'label');
  const precedence = entriesOf(parsed, 'precedence');
  const scopes = entriesOf(parsed, 'scopev4');
  return {
    labels: labels.length ? customPrefixTable(labels, IMPLICIT_LABEL) : GLIBC_LABELS.slice(),
    precedence: precedence.length ? customPrefixTable(precedence, IMPLICIT_PRECEDENCE) : GLIBC_PRECEDENCE.slice(),
    scopev4: scopes.length ? customScopeTable(scopes) : GLIBC_SCOPEV4.slice(),
    labelsCustom: labels.length > 0,
    precedenceCustom: precedence.length > 0,
    scopev4Custom: scopes.length > 0,
  };
}
