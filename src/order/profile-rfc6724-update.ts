// draft-ietf-6man-rfc6724-update ("Prioritizing known-local IPv6 ULAs through address selection
// policy"): RFC 6724's destination rules with the updated default policy table plus dynamic
// known-local ULA rows. Not an RFC yet (RFC number: none found — UNVERIFIED); the table is the
// same from -18 through the authors' HEAD 3affee78 (2025-07-04).
// Source: runtimes-and-ula-update.md §0.2–0.4, §1.2–1.4.
//
// Table: ::1/128 50/0, <known-local> 45/14, ::/0 40/1, fc00::/7 30/13, ::ffff:0:0/96 20/4,
// 2002::/16 5/2, 2001::/32 5/5, ::/96 1/3, fec0::/10 1/11, 3ffe::/16 1/12. Row order is of no
// consequence (longest-prefix match).
//
// Known-local rows (HEAD §3.3, rule numbers of HEAD): only under fd00::/8 ("under fc00::/8 …
// currently not defined"); (1) anything from an RA with the SNAC-router flag is ignored;
// (2) RIOs are the preferred source; (3) RIOs of /40 or longer are added with their own length,
// shorter ones are not used; (4) PIOs not already in the list are added as /48 whatever their
// flags; (5) the node's own fd00::/8 interface addresses not already covered are added as /48,
// except an address generated from a PIO only ever seen with the SNAC flag; (6) every inserted
// row has precedence 45 and label 14. Insertion MUST default on, SHOULD be toggleable; tools
// that show the policy table MUST show the inserted rows (insertedRows()).
//
// Source address selection: the update makes source Rule 5.5 ("prefer addresses in a prefix
// advertised by the next hop") mandatory. Sources here are the KERNEL's choice on the modelled
// host (src/host), exactly as for every other profile: an application cannot change them and this
// profile does not model Rule 5.5 beyond what the kernel model already picks.
import { routerFactProblems } from '../check-options.js';
import { throwIfProblems } from '../input-error.js';
import { isV4Mapped, type Ip } from '../address/ip.js';
import { inetPton6 } from '../address/inet-pton.js';
import { formatIp } from '../address/format.js';
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import type { Host } from '../host/model.js';
import type { PolicyRow } from '../policy/tables.js';
import type { RouterFact } from '../scenario/types-runtime.js';
import type { OrderOutcome } from './facts.js';
import type { InputQuery } from './input.js';
import { rfc6724Order } from './profile-rfc6724.js';

export const KNOWN_LOCAL_PRECEDENCE = 45;
export const KNOWN_LOCAL_LABEL = 14;

function row(text: string, precedence: number, label: number): PolicyRow {
  const slash = text.indexOf('/');
  const prefix = inetPton6(text.slice(0, slash));
  const length = Number(text.slice(slash + 1));
  if (!prefix || !Number.isInteger(length)) throw new Error(`bad prefix literal ${text}`);
  return { prefix: maskBytes(prefix, length), length, precedence, label, text };
}

/** The update's static rows (draft §"Policy Table Update"), without known-local rows. */
export const RFC6724_UPDATE_POLICY: readonly PolicyRow[] = Object.freeze([
  row('::1/128', 50, 0),
  row('::/0', 40, 1),
  row('fc00::/7', 30, 13),
  row('::ffff:0:0/96', 20, 4),
  row('2002::/16', 5, 2),
  row('2001::/32', 5, 5),
  row('::/96', 1, 3),
  row('fec0::/10', 1, 11),
  row('3ffe::/16', 1, 12),
]);

export type KnownLocalOrigin = 'RIO' | 'PIO' | 'interface';

export interface InsertedRow {
  readonly row: PolicyRow;
  readonly origin: KnownLocalOrigin;
  /** The RIO/PIO prefix or interface address it was learnt from. */
  readonly from: string;
}

export interface SkippedFact {
  readonly origin: KnownLocalOrigin;
  readonly from: string;
  readonly reason: string;
}

export interface KnownLocalAnalysis {
  readonly enabled: boolean;
  readonly inserted: readonly InsertedRow[];
  readonly skipped: readonly SkippedFact[];
}

export interface Rfc6724UpdateFacts {
  readonly routerFacts?: readonly RouterFact[];
  /** The known-local insertion toggle; default true (the update: MUST default on). */
  readonly enabled?: boolean;
}

const FD00 = inetPton6('fd00::')!;
const inFd00 = (b: Uint8Array) => matchesPrefix(b, FD00, 8);

function parseFact(f: RouterFact): { bytes: Uint8Array; length: number } | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(f.prefix.trim());
  const b = m ? inetPton6(m[1]!) : null;
  const length = m ? Number(m[2]) : NaN;
  return b && length <= 128 ? { bytes: maskBytes(b, length), length } : null;
}

const rowText = (b: Uint8Array, len: number) => `${formatIp({ family: 6, bytes: maskBytes(b, len) })}/${len}`;

/** Which known-local rows this host would insert, from where, and which facts were not used. */
export function knownLocalAnalysis(host: Host, routerFacts: readonly RouterFact[] = [], enabled = true): KnownLocalAnalysis {
  const inserted: InsertedRow[] = [];
  const skipped: SkippedFact[] = [];
  if (!enabled) return { enabled, inserted, skipped: [{ origin: 'interface', from: '*', reason: 'known-local insertion is switched off' }] };
  const covered = (b: Uint8Array) => inserted.some((r) => matchesPrefix(b, r.row.prefix, r.row.length));
  const add = (origin: KnownLocalOrigin, from: string, b: Uint8Array, len: number) =>
    inserted.push({ origin, from, row: row(rowText(b, len), KNOWN_LOCAL_PRECEDENCE, KNOWN_LOCAL_LABEL) });
  const facts = routerFacts.map((f) => ({ f, p: parseFact(f) }));
  for (const { f, p } of facts) if (!p) skipped.push({ origin: f.kind, from: f.prefix, reason: 'not an IPv6 addr/len' });
  const valid = facts.filter((x): x is { f: RouterFact; p: { bytes: Uint8Array; length: number } } => x.p !== null);
  const usable = (kind: 'RIO' | 'PIO') =>
    valid.filter(({ f, p }) => {
      if (f.kind !== kind) return false;
      if (f.snac) return skipped.push({ origin: kind, from: f.prefix, reason: 'RA with the SNAC-router flag: ignored (rule 1)' }), false;
      if (!inFd00(p.bytes) || p.length < 8) return skipped.push({ origin: kind, from: f.prefix, reason: 'not under fd00::/8: known-local ULAs are only defined there' }), false;
      return true;
    });
  // Rules 2–3: RIOs first, /40 or longer, with their own length.
  for (const { f, p } of usable('RIO')) {
    if (p.length < 40) skipped.push({ origin: 'RIO', from: f.prefix, reason: 'RIO shorter than /40: MUST NOT be used (rule 3)' });
    else if (inserted.some((r) => r.row.length <= p.length && matchesPrefix(p.bytes, r.row.prefix, r.row.length)))
      skipped.push({ origin: 'RIO', from: f.prefix, reason: 'already covered by an inserted row' });
    else add('RIO', f.prefix, p.bytes, p.length);
  }
  // Rule 4: PIOs not already in the list, as /48 (an RIO covering the PIO prefix wins: rule 2).
  for (const { f, p } of usable('PIO')) {
    if (covered(p.bytes)) skipped.push({ origin: 'PIO', from: f.prefix, reason: 'already covered by an inserted row (RIOs take precedence)' });
    else add('PIO', f.prefix, p.bytes, 48);
  }
  // Rule 5: the node's own fd00::/8 addresses not already covered, as /48, unless generated from a
  // PIO only ever seen with the SNAC flag.
  const snacOnly = (b: Uint8Array) =>
    valid.some(({ f, p }) => f.kind === 'PIO' && f.snac && matchesPrefix(b, p.bytes, p.length)) &&
    !valid.some(({ f, p }) => f.kind === 'PIO' && !f.snac && matchesPrefix(b, p.bytes, p.length));
  for (const a of host.addresses) {
    if (a.ip.family !== 6 || !inFd00(a.ip.bytes)) continue;
    const text = `${formatIp(a.ip)}/${a.prefixLen}`;
    if (snacOnly(a.ip.bytes)) skipped.push({ origin: 'interface', from: text, reason: 'generated from a PIO only seen with the SNAC-router flag (rule 5)' });
    else if (covered(a.ip.bytes)) skipped.push({ origin: 'interface', from: text, reason: 'already covered by an inserted row' });
    else add('interface', text, a.ip.bytes, 48);
  }
  return { enabled, inserted, skipped };
}

/** The known-local rows with their origin (what `show policy table` MUST display). */
export function insertedRows(host: Host, routerFacts: readonly RouterFact[] = [], enabled = true): InsertedRow[] {
  checkRouterFacts(routerFacts, enabled);
  return [...knownLocalAnalysis(host, routerFacts, enabled).inserted];
}

/** Throws GaiconfInputError for router facts or a toggle not of the documented form. */
function checkRouterFacts(routerFacts: unknown, enabled: unknown): void {
  throwIfProblems([
    [
      'INVALID_ARGUMENT',
      [
        ...routerFactProblems(routerFacts, 'routerFacts'),
        ...(typeof enabled === 'boolean' ? [] : [{ path: 'enabled', message: 'enabled must be true or false', hint: 'the known-local insertion toggle; the update says it MUST default on' }]),
      ],
    ],
  ]);
}

/** The update's full policy table for this host: static rows plus known-local rows (45/14). */
export function rfc6724UpdateTable(host: Host, routerFacts: readonly RouterFact[] = [], enabled = true): PolicyRow[] {
  checkRouterFacts(routerFacts, enabled);
  return [RFC6724_UPDATE_POLICY[0]!, ...insertedRows(host, routerFacts, enabled).map((r) => r.row), ...RFC6724_UPDATE_POLICY.slice(1)];
}

/** RFC 6724 destination sorting with the update's table (rfc6724Order with another table). */
export function rfc6724UpdateOrder(host: Host, q: InputQuery, facts: Rfc6724UpdateFacts = {}): OrderOutcome {
  const analysis = knownLocalAnalysis(host, facts.routerFacts ?? [], facts.enabled ?? true);
  const table = [RFC6724_UPDATE_POLICY[0]!, ...analysis.inserted.map((r) => r.row), ...RFC6724_UPDATE_POLICY.slice(1)];
  const outcome = rfc6724Order(host, q, table);
  return { ...outcome, notes: [...outcome.notes, ...updateNotes(analysis)] };
}

export function updateNotes(a: KnownLocalAnalysis): string[] {
  const notes = ['rfc6724-update (draft-ietf-6man-rfc6724-update, not yet an RFC): ULA fc00::/7 30/13, IPv4 ::ffff:0:0/96 20/4, 6to4 2002::/16 5/2; other rows as RFC 6724'];
  if (!a.enabled) notes.push('known-local ULA insertion is switched off');
  else if (a.inserted.length === 0) notes.push('no known-local ULA row: no fd00::/8 interface address, PIO or RIO on this host');
  for (const r of a.inserted) notes.push(`known-local row ${r.row.text} ${r.row.precedence}/${r.row.label} from ${r.origin === 'interface' ? 'interface address' : r.origin} ${r.from}`);
  for (const s of a.skipped) if (s.from !== '*') notes.push(`not inserted: ${s.origin} ${s.from}: ${s.reason}`);
  notes.push('source Rule 5.5 (mandatory in the update) is not modelled beyond the kernel\'s own source choice');
  return notes;
}

/** A destination's row in a table (longest match), for display. */
export function isKnownLocal(rows: readonly InsertedRow[], ip: Ip): boolean {
  return !isV4Mapped(ip.bytes) && rows.some((r) => matchesPrefix(ip.bytes, r.row.prefix, r.row.length));
}
