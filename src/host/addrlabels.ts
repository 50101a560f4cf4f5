// The kernel's address label table (net/ipv6/addrlabel.c): the built-in rows, then each
// `ip addrlabel add` inserted before the first row that is shorter, or as long and for every
// device; a row with the same prefix and device replaces the old one (as `del` + `add`).
import { KERNEL_ADDRLABEL } from '../policy/tables.js';
import type { ScenarioAddrlabel } from '../scenario/types.js';
import { parseCidr } from './cidr.js';
import type { AddrlabelRow } from './model.js';
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import { formatIp } from '../address/format.js';

export const DEFAULT_ADDRLABELS: readonly AddrlabelRow[] = KERNEL_ADDRLABEL.map((r) => ({ ...r, ifindex: 0 }));

export function buildAddrlabels(rows: readonly ScenarioAddrlabel[] | undefined, byName: ReadonlyMap<string, number>): readonly AddrlabelRow[] {
  if (!rows || rows.length === 0) return DEFAULT_ADDRLABELS;
  const list = DEFAULT_ADDRLABELS.slice();
  for (const r of rows) {
    const c = parseCidr(r.prefix);
    const prefix = maskBytes(c.ip.bytes, c.len);
    const row: AddrlabelRow = { prefix, length: c.len, value: r.label, text: `${formatIp({ family: 6, bytes: prefix })}/${c.len}`, ifindex: r.dev ? (byName.get(r.dev) ?? 0) : 0 };
    const same = list.findIndex((p) => p.length === row.length && p.ifindex === row.ifindex && p.prefix.every((b, i) => b === row.prefix[i]));
    if (same >= 0) list.splice(same, 1);
    let at = list.findIndex((p) => (p.length === row.length && p.ifindex === 0) || p.length < row.length);
    if (at < 0) at = list.length;
    list.splice(at, 0, row);
  }
  return list;
}

/** ipv6_addr_label: the first row whose device (if any) is `ifindex` and whose prefix holds it. */
export function addrlabelOf(rows: readonly AddrlabelRow[], b: Uint8Array, ifindex: number): number {
  for (const p of rows) {
    if (p.ifindex !== 0 && p.ifindex !== ifindex) continue;
    if (matchesPrefix(b, p.prefix, p.length)) return p.value;
  }
  return 0xffffffff;
}
