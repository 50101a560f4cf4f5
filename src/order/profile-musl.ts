// musl's destination sort (src/network/lookup_name.c): RFC 6724 Rules 1, 2, 5, 6, 8, 9, 10
// packed into one 31-bit key per answer, sorted descending. musl leaves out Rules 3, 4 and 7
// ("excessive runtime and code size cost"), ignores gai.conf, uses its fixed table with
// IPv4 at precedence 35 and ULA at 3, gives every IPv4 address scope 14, and counts the
// common prefix over all 128 bits of the mapped forms, across families too. It does not sort
// at all when every answer is IPv4 or the lookup is AF_INET.
import { isLinkLocal6, isLoopback6, isMulticast6, isSiteLocal6 } from '../address/classify.js';
import { parseIp, type Ip } from '../address/ip.js';
import { commonPrefixLength } from '../address/prefix.js';
import { connectUdp } from '../host/connect.js';
import type { Host } from '../host/model.js';
import { lookupPolicyFirstMatch } from '../policy/lookup.js';
import { MUSL_POLICY } from '../policy/tables.js';
import { type AnswerFacts, type Comparison, type OrderOutcome } from './facts.js';
import { muslInput, type InputQuery } from './input.js';

/** scopeof(): on the IPv6 or mapped form, so IPv4 loopback and link-local are global. */
export function muslScope(b: Uint8Array): number {
  if (isMulticast6(b)) return b[1]! & 15;
  if (isLinkLocal6(b) || isLoopback6(b)) return 2;
  if (isSiteLocal6(b)) return 5;
  return 14;
}

const policy = (b: Uint8Array) => lookupPolicyFirstMatch(MUSL_POLICY, b)!;

export interface MuslFacts extends AnswerFacts {
  readonly key: number;
  readonly matchLen: number;
}

// Key layout (DAS_* shifts): bit 30 usable, 29 matching scope, 28 matching label,
// 20–27 precedence, 16–19 15 − scope, 8–15 prefix match, 0–7 48 − index.
const FIELDS = [
  { rule: 1, shift: 30, bits: 1 },
  { rule: 2, shift: 29, bits: 1 },
  { rule: 5, shift: 28, bits: 1 },
  { rule: 6, shift: 20, bits: 8 },
  { rule: 8, shift: 16, bits: 4 },
  { rule: 9, shift: 8, bits: 8 },
  { rule: 10, shift: 0, bits: 8 },
] as const;

/** musl's sort key for each answer, from its source as data. */
export function muslFactsFromSources(answers: readonly Ip[], sources: readonly (Ip | null)[], errnos: readonly (string | null)[] = []): MuslFacts[] {
  return answers.map((dst, i) => {
    const pol = policy(dst.bytes);
    const scope = muslScope(dst.bytes);
    const src = sources[i] ?? null;
    const srcScope = src ? muslScope(src.bytes) : null;
    const srcLabel = src ? policy(src.bytes).label : null;
    const matchLen = src ? commonPrefixLength(src.bytes, dst.bytes) : 0;
    let key = 0;
    if (src) {
      key |= 1 << 30;
      if (srcScope === scope) key |= 1 << 29;
      if (srcLabel === pol.label) key |= 1 << 28;
    }
    key |= pol.precedence << 20;
    key |= (15 - scope) << 16;
    key |= matchLen << 8;
    key |= 48 - i;
    return {
      index: i,
      address: dst,
      usable: src !== null,
      source: src,
      errno: errnos[i] ?? null,
      scope,
      sourceScope: srcScope,
      label: pol.label,
      sourceLabel: srcLabel,
      precedence: pol.precedence,
      deprecated: false,
      home: false,
      prefixLen: 0,
      ifindex: 0,
      native: true,
      key,
      matchLen,
    };
  });
}

/** musl connects its probes to port 65535 (lookup_name.c, getaddrinfo.c). */
const MUSL_PROBE = { port: 65535 } as const;

export function muslFacts(host: Host, answers: readonly Ip[]): MuslFacts[] {
  // musl probes each answer with a socket of its own family.
  const probes = answers.map((dst) => connectUdp(host, dst.family, dst, MUSL_PROBE));
  return muslFactsFromSources(answers, probes.map((c) => c.source), probes.map((c) => c.errno));
}

/** The rule behind two keys: the most significant field that differs. */
export function muslCompare(a: MuslFacts, b: MuslFacts): number {
  for (const f of FIELDS) {
    const mask = (1 << f.bits) - 1;
    const x = (a.key >>> f.shift) & mask;
    const y = (b.key >>> f.shift) & mask;
    if (x !== y) return x > y ? -f.rule : f.rule;
  }
  return 0;
}

const LOOPBACK = { 4: parseIp('127.0.0.1')!, 6: parseIp('::1')! } as const;

export function muslOrder(host: Host, q: InputQuery): OrderOutcome {
  const input = muslInput(host, q, (f) => connectUdp(host, f, LOOPBACK[f], MUSL_PROBE).errno);
  const notes = [...input.notes, 'musl ignores /etc/gai.conf'];
  const facts = input.status === 'OK' ? muslFacts(host, input.answers) : [];
  const compare = (i: number, j: number): Comparison => {
    const r = muslCompare(facts[i]!, facts[j]!);
    return { a: i, b: j, rule: Math.abs(r), result: r };
  };
  const matchLengths = (i: number, j: number): [number, number] => [facts[i]!.matchLen, facts[j]!.matchLen];
  const base = { compare, matchLengths, keySort: true };
  if (input.status !== 'OK') return { ...base, status: input.status, answers: [], comparisons: [], notes };
  if (facts.length < 2 || input.family === 'AF_INET' || facts.every((f) => f.address.family === 4)) {
    if (facts.length >= 2) notes.push('musl does not sort when every answer is IPv4 (or the lookup is AF_INET)');
    return { ...base, status: 'OK', answers: facts, comparisons: [], notes };
  }
  // The key is unique (it holds the index), so musl's smoothsort and any other sort agree.
  const sorted = facts.slice().sort((x, y) => y.key - x.key);
  return { ...base, status: 'OK', answers: sorted, comparisons: [], notes };
}
