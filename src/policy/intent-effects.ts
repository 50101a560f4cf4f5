// What a composed policy does, intent by intent, in words read off its final tables: the header
// of a generated gai.conf quotes these, so every number it prints is a value the file really
// writes (an intent's own summary would promise what another intent may have changed). And where
// two intents meet: which one decides for the addresses both touch. Pure.
import { isV4Mapped } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import { inetPton6 } from '../address/inet-pton.js';
import { formatIntent, isObsoleteRow, lookupRow, policyTables, prefixFamily, type GaiPolicy, type Intent, type PolicyPrefix } from './intents.js';
import type { PrefixRow } from './tables.js';

const IPV4_ALL = { bytes: inetPton6('::ffff:0:0')!, length: 96, text: '::ffff:0:0/96' };
const ULA_FD = { bytes: inetPton6('fd00::')!, length: 8, text: 'fd00::/8' };
const GLOBAL = { bytes: new Uint8Array(16), length: 0, text: '::/0' };

type Prefixed = Extract<Intent, { prefix: PolicyPrefix }>;

/** P's row when the table has one, else the row glibc looks P's network up in. */
function valueOf(rows: readonly PrefixRow[], p: { bytes: Uint8Array; length: number }): number | undefined {
  return (rows.find((r) => r.length === p.length && matchesPrefix(r.prefix, p.bytes, p.length)) ?? lookupRow(rows, p.bytes))?.value;
}

/** `precedence P V`, as a gai.conf line says it. */
function row(kind: 'label' | 'precedence', rows: readonly PrefixRow[], p: { bytes: Uint8Array; length: number; text: string }): string {
  return `\`${kind} ${p.text} ${valueOf(rows, p) ?? '?'}\``;
}

const isIpv6Class = (r: PrefixRow) => !(r.length >= 96 && isV4Mapped(r.prefix));
const inside = (r: PrefixRow, p: { bytes: Uint8Array; length: number }) => r.length >= p.length && matchesPrefix(r.prefix, p.bytes, p.length);

/** The IPv6 class row with the highest or lowest precedence (obsolete ranges aside). */
function extremeIpv6(rows: readonly PrefixRow[], which: 'max' | 'min'): PrefixRow | undefined {
  const candidates = rows.filter((r) => isIpv6Class(r) && !isObsoleteRow(r));
  return candidates.reduce<PrefixRow | undefined>((best, r) => (!best || (which === 'max' ? r.value > best.value : r.value < best.value) ? r : best), undefined);
}

/** One sentence per intent: what the final tables do for the addresses it names. */
export function intentEffects(intents: readonly Intent[], policy: GaiPolicy): string[] {
  const t = policyTables(policy);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const intent of intents) {
    const text = formatIntent(intent);
    if (seen.has(text)) continue;
    seen.add(text);
    switch (intent.kind) {
      case 'glibc-default':
        out.push("glibc-default: starts from glibc's built-in label, precedence and scopev4 tables, written out");
        break;
      case 'rfc6724':
        out.push(
          `rfc6724: starts from RFC 6724's label and precedence tables; as written, IPv4 ${row('precedence', t.precedence, IPV4_ALL)}, global IPv6 ${row('precedence', t.precedence, GLOBAL)}, ULA ${row('precedence', t.precedence, { bytes: inetPton6('fc00::')!, length: 7, text: 'fc00::/7' })}`,
        );
        break;
      case 'prefer-ipv4': {
        const top = extremeIpv6(t.precedence, 'max');
        out.push(`prefer-ipv4: IPv4 ${row('precedence', t.precedence, IPV4_ALL)}, above every IPv6 class (the highest: \`precedence ${top?.text} ${top?.value}\`)`);
        break;
      }
      case 'prefer-ipv6': {
        const low = extremeIpv6(t.precedence, 'min');
        out.push(`prefer-ipv6: IPv4 ${row('precedence', t.precedence, IPV4_ALL)}, below every ULA and global IPv6 class (the lowest: \`precedence ${low?.text} ${low?.value}\`)`);
        break;
      }
      case 'ula-as-global': {
        const rank = policy.precedence ? `; fd00::/8 destinations have ${row('precedence', t.precedence, ULA_FD)}` : '';
        out.push(`ula-as-global: ${row('label', t.labels, ULA_FD)}, the label of ::/0 (${row('label', t.labels, GLOBAL)}), so a ULA source matches global IPv6 destinations (Rule 5)${rank}`);
        break;
      }
      case 'prefer':
      case 'avoid': {
        const p = intent.prefix;
        const prec = row('precedence', t.precedence, p);
        const v = valueOf(t.precedence, p) ?? 0;
        // the rows it competes with: every row not inside it (rows inside take its value)
        const outside = t.precedence.filter((r) => !inside(r, p));
        const beaten = (r: PrefixRow) => (intent.kind === 'prefer' ? r.value < v : r.value > v);
        const exceptions = outside.filter((r) => !beaten(r)).map((r) => `\`precedence ${r.text} ${r.value}\``);
        const rank = `${intent.kind === 'prefer' ? 'above' : 'below'} every row outside it${exceptions.length ? ` but ${exceptions.join(', ')}` : ''}`;
        let label = '';
        if (intent.kind === 'prefer' && prefixFamily(p) === 6) {
          const same = valueOf(t.labels, p) === valueOf(t.labels, GLOBAL);
          label = same
            ? `; it has ${row('label', t.labels, p)}, the label of ::/0, so from a global IPv6 source Rule 5 does not rank it below global IPv6 or IPv4 answers`
            : `; its label is ${row('label', t.labels, p)}, not that of ::/0`;
        }
        out.push(`${text}: ${prec}, ${rank}${label}`);
        break;
      }
    }
  }
  return out;
}

function contains(outer: PolicyPrefix, inner: PolicyPrefix): boolean {
  return outer.length <= inner.length && matchesPrefix(inner.bytes, outer.bytes, outer.length);
}

/**
 * Where two intents touch the same addresses and want different things, one sentence each:
 * who decides there. Only pairs without a sensible winner are errors (parseIntents); these
 * are resolved as docs/decisions.md says: the narrower intent wins.
 */
export function intentConflicts(intents: readonly Intent[], policy: GaiPolicy): string[] {
  const t = policyTables(policy);
  const out: string[] = [];
  const has = (k: Intent['kind']) => intents.some((i) => i.kind === k);
  const prefixed = intents.filter((i): i is Prefixed => 'prefix' in i);
  const value = (p: { bytes: Uint8Array; length: number }) => valueOf(t.precedence, p);
  const seen = new Set<string>();
  const add = (key: string, text: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      out.push(text);
    }
  };
  for (const i of prefixed) {
    const family = prefixFamily(i.prefix);
    const text = formatIntent(i);
    const against = (family === 6) === (i.kind === 'prefer') ? 'prefer-ipv4' : 'prefer-ipv6';
    if (has(against)) {
      add(`${against}/${text}`, `${against} and ${text} disagree about ${i.prefix.input}: ${text} wins there (a prefix is narrower than a family), with \`precedence ${i.prefix.text} ${value(i.prefix)}\` against IPv4's \`precedence ::ffff:0:0/96 ${value(IPV4_ALL)}\``);
    }
    if (has('ula-as-global') && family === 6 && (contains(i.prefix, { ...ULA_FD, family: 6, input: '' }) || contains({ ...ULA_FD, family: 6, input: '' }, i.prefix))) {
      add(
        `ula/${text}`,
        i.kind === 'prefer'
          ? `ula-as-global and ${text} both set ${contains(i.prefix, { ...ULA_FD, family: 6, input: '' }) ? 'fd00::/8' : i.prefix.input}: they agree on the label of ::/0; its precedence is ${text}'s, \`precedence ${i.prefix.text} ${value(i.prefix)}\``
          : `ula-as-global ranks fd00::/8 like global IPv6, ${text} ranks ${i.prefix.input} last: ${text} wins there (the narrower intent), with \`precedence ${i.prefix.text} ${value(i.prefix)}\`; the label ula-as-global gives stays`,
      );
    }
    for (const j of prefixed) {
      if (j === i || j.kind === i.kind || !contains(i.prefix, j.prefix) || i.prefix.length === j.prefix.length) continue;
      const inner = formatIntent(j);
      add(`${text}/${inner}`, `${inner} lies inside ${text}: ${inner} wins for its own addresses (the narrower prefix), \`precedence ${j.prefix.text} ${value(j.prefix)}\`; the rest of ${i.prefix.input} keeps \`precedence ${i.prefix.text} ${value(i.prefix)}\``);
    }
  }
  if (has('rfc6724') && has('prefer-ipv6')) {
    add('rfc6724/prefer-ipv6', `rfc6724 ranks IPv4 above ULA and Teredo destinations, prefer-ipv6 below every ULA and global IPv6 class: prefer-ipv6 wins (it says more about IPv4), \`precedence ::ffff:0:0/96 ${value(IPV4_ALL)}\``);
  }
  return out;
}
