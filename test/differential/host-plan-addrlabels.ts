// A scenario's address labels as `ip addrlabel` lines: a row that would clash with one the kernel
// already holds (its default table included) replaces it instead of failing.

import { maskBytes } from '../../src/address/prefix.js';
import { KERNEL_ADDRLABEL } from '../../src/policy/tables.js';
import { maskedText, parseCidr } from './host-plan-parse.js';

/** `ip addrlabel add` fails with EEXIST on a row of the same prefix and device (the kernel's
 * own rows included): the row is replaced, as `del` then `add`. */
export function addrlabelLines(rows: readonly { prefix: string; label: number; dev?: string }[], ipv6: boolean, devices: Set<string>): string[] {
  if (rows.length === 0) return [];
  if (!ipv6) throw new Error('address labels on a host with ipv6: false');
  const key = (bytes: Uint8Array, len: number, dev: string) => `${Buffer.from(maskBytes(bytes, len)).toString('hex')}/${len}|${dev}`;
  const present = new Map<string, number>();
  for (const k of KERNEL_ADDRLABEL) present.set(key(k.prefix, k.length, ''), k.value);
  const lines: string[] = [];
  rows.forEach((r, i) => {
    const c = parseCidr(r.prefix, `addrlabel ${i}`);
    if (c.ip.family !== 6) throw new Error(`addrlabel ${i}: ${r.prefix} is not IPv6`);
    if (!Number.isInteger(r.label) || r.label < 0 || r.label > 0xfffffffe) throw new Error(`addrlabel ${i}: bad label`);
    if (r.dev !== undefined && r.dev !== 'lo' && !devices.has(r.dev)) throw new Error(`addrlabel ${i}: unknown dev ${r.dev}`);
    const prefix = maskedText(c);
    const dev = r.dev === undefined ? '' : ` dev ${r.dev}`;
    const k = key(c.ip.bytes, c.len, r.dev ?? '');
    const old = present.get(k);
    if (old !== undefined) lines.push(`addrlabel del prefix ${prefix}${dev} label ${old}`);
    lines.push(`addrlabel add prefix ${prefix}${dev} label ${r.label}`);
    present.set(k, r.label);
  });
  return lines;
}
