// Renders the comparisons the sort recorded as sentences. It never decides anything itself:
// for an adjacent pair the sort did not compare directly (merge sort need not), it asks the
// profile's own comparator and says so.
import { formatIp } from './address/format.js';
import type { AnswerFacts, Comparison, OrderOutcome } from './order/facts.js';
import { RULE_TITLES } from './order/rules.js';

export interface ExplainStep {
  /** The pair in output order. */
  readonly first: string;
  readonly second: string;
  readonly rule: number;
  readonly ruleName: string;
  /** false: the sort never compared these two; the rule is what its comparator says now. */
  readonly compared: boolean;
  readonly text: string;
}

const SCOPE_NAMES: Record<number, string> = { 1: 'interface-local', 2: 'link-local', 5: 'site-local', 8: 'organization-local', 14: 'global' };
export const scopeName = (s: number): string => `${SCOPE_NAMES[s] ?? 'scope'} (${s})`;

/**
 * `known` (optional) holds each answer's address text by input index, when the caller has
 * already formatted them.
 */
export function explainOrder(outcome: OrderOutcome, allPairs = false, known?: readonly string[]): ExplainStep[] {
  const ctx = new Context(outcome, known);
  const list = outcome.answers;
  const pairs: [AnswerFacts, AnswerFacts][] = [];
  if (allPairs) {
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.push([list[i]!, list[j]!]);
  } else {
    for (let i = 0; i + 1 < list.length; i++) pairs.push([list[i]!, list[i + 1]!]);
  }
  if (outcome.comparisons.length === 0 && list.length > 1 && outcome.answers.every((a, i) => a.index === i) && outcome.notes.some((n) => n.includes('does not sort') || n.includes('sorts only')))
    return pairs.map(([x, y]) => unsorted(ctx, x, y));
  return pairs.map(([x, y]) => step(ctx, x, y));
}

/** One explanation's state: the sort's comparisons and the sources' texts. Both are usually
 * short (a merge sort of n answers makes at most n·log2(n) comparisons; sources repeat), so
 * they are scanned; comparisons are indexed by pair when there are many. */
class Context {
  readonly #sources: { ip: object; text: string }[] = [];
  constructor(
    readonly outcome: OrderOutcome,
    private readonly known: readonly string[] | undefined,
  ) {}

  #byPair: Map<number, Comparison> | null = null;

  recorded(a: number, b: number): Comparison | null {
    const all = this.outcome.comparisons;
    let c: Comparison | undefined;
    let r: Comparison | undefined;
    if (all.length <= 64) {
      for (const x of all) {
        if (x.a === a && x.b === b) c = x;
        else if (x.a === b && x.b === a) r = x;
      }
    } else {
      // Many answers (or every pair asked for): index the pairs once.
      if (!this.#byPair) {
        this.#byPair = new Map();
        for (const x of all) this.#byPair.set(x.a * 65536 + x.b, x);
      }
      c = this.#byPair.get(a * 65536 + b);
      r = this.#byPair.get(b * 65536 + a);
    }
    if (c) return c;
    return r ? { a, b, rule: r.rule, result: -r.result } : null;
  }

  text(ip: { bytes: Uint8Array; family: 4 | 6 }): string {
    for (const s of this.#sources) if (s.ip === ip) return s.text;
    const text = formatIp(ip);
    this.#sources.push({ ip, text });
    return text;
  }

  ip(f: AnswerFacts): string {
    return this.known?.[f.index] ?? this.text(f.address);
  }

  src(f: AnswerFacts): string {
    return f.source ? this.text(f.source) : 'none';
  }
}

function unsorted(ctx: Context, x: AnswerFacts, y: AnswerFacts): ExplainStep {
  return { first: ctx.ip(x), second: ctx.ip(y), rule: 0, ruleName: 'not sorted', compared: false, text: 'the list is returned as the resolver gave it (not sorted)' };
}

function step(ctx: Context, x: AnswerFacts, y: AnswerFacts): ExplainStep {
  const outcome = ctx.outcome;
  const seen = outcome.keySort ? outcome.compare(x.index, y.index) : ctx.recorded(x.index, y.index);
  const c = seen ?? outcome.compare(x.index, y.index);
  // The sort's result may disagree with a direct comparison (non-transitive comparator).
  const [w, l] = c.result <= 0 ? [x, y] : [y, x];
  let text = describe(ctx, c.rule, w, l);
  if (!seen) text += ' (the sort never compared these two directly)';
  if (c.result > 0) text += `; yet the sort put ${ctx.ip(x)} first: the comparator is not transitive here`;
  return { first: ctx.ip(x), second: ctx.ip(y), rule: c.rule, ruleName: RULE_TITLES[c.rule] ?? `Rule ${c.rule}`, compared: !!seen, text };
}

function describe(ctx: Context, rule: number, w: AnswerFacts, l: AnswerFacts): string {
  const title = RULE_TITLES[rule] ?? `Rule ${rule}`;
  const ip = (f: AnswerFacts) => ctx.ip(f);
  const src = (f: AnswerFacts) => ctx.src(f);
  switch (rule) {
    case 1:
      return `${title}: ${ip(l)} is unusable (connect: ${l.errno ?? 'no source'}); ${ip(w)} is reachable from ${src(w)}`;
    case 2: {
      const side = (f: AnswerFacts) => `${ip(f)} has scope ${scopeName(f.scope)} and its source ${src(f)} has ${scopeName(f.sourceScope ?? -1)}`;
      return `${title}: ${side(w)}; ${side(l)}`;
    }
    case 3:
      return `${title}: the source ${src(l)} of ${ip(l)} is deprecated; ${src(w)} is not`;
    case 4:
      return `${title}: the source ${src(w)} of ${ip(w)} is a home address; ${src(l)} is not`;
    case 5:
      return `${title}: source ${src(l)} has label ${l.sourceLabel} but ${ip(l)} has label ${l.label}; ${src(w)} and ${ip(w)} both have label ${w.label}`;
    case 6:
      return `${title}: ${ip(w)} has precedence ${w.precedence}, ${ip(l)} has ${l.precedence}`;
    case 7:
      return `${title}: ${ip(w)} leaves through a native interface; the source interface of ${ip(l)} is unknown, which glibc treats as non-native`;
    case 8:
      return `${title}: ${ip(w)} has scope ${scopeName(w.scope)}, ${ip(l)} has ${scopeName(l.scope)}`;
    case 9: {
      const m = ctx.outcome.matchLengths(w.index, l.index) ?? [0, 0];
      return `${title}: ${ip(w)} shares ${m[0]} bits with its source ${src(w)}, ${ip(l)} shares ${m[1]} bits with ${src(l)}`;
    }
    default:
      return `${title}: no rule tells ${ip(w)} and ${ip(l)} apart; ${ip(w)} came first in the resolver's answers`;
  }
}
