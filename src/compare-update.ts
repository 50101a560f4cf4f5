// "What changes on this host if the RFC 6724 update ships": the rfc6724 and rfc6724-update
// orders side by side, the known-local rows the update would insert, and for the first position
// where the orders differ, the rule that decides that pair under each table.
import { formatIp } from './address/format.js';
import { explainOrder, type ExplainStep } from './explain.js';
import { buildHost } from './host/build-host.js';
import type { OrderOutcome } from './order/facts.js';
import { knownLocalAnalysis, rfc6724UpdateOrder, type SkippedFact } from './order/profile-rfc6724-update.js';
import { rfc6724Order } from './order/profile-rfc6724.js';
import type { RouterFact, RuntimeScenario } from './scenario/types-runtime.js';
import { compareUpdateOptionProblems } from './check-options.js';
import { throwIfProblems } from './input-error.js';
import { checkScenario } from './scenario/checked-scenarios.js';

export interface CompareUpdateOptions {
  /** Overrides the scenario's routerFacts. */
  readonly routerFacts?: readonly RouterFact[];
  /** Overrides the scenario's knownLocalUla toggle (default on). */
  readonly knownLocalUla?: boolean;
}

export interface CompareRow {
  readonly address: string;
  readonly source: string | null;
  readonly before: { readonly position: number; readonly precedence: number; readonly label: number; readonly sourceLabel: number | null };
  readonly after: { readonly position: number; readonly precedence: number; readonly label: number; readonly sourceLabel: number | null };
}

export interface PairDecision {
  readonly rule: number;
  readonly ruleName: string;
  readonly text: string;
}

export interface CompareUpdateResult {
  readonly schemaVersion: 1;
  readonly name: string | null;
  readonly status: string;
  readonly before: { readonly profile: 'rfc6724'; readonly order: string[]; readonly explain: ExplainStep[] };
  readonly after: { readonly profile: 'rfc6724-update'; readonly order: string[]; readonly explain: ExplainStep[]; readonly notes: string[] };
  /** One line per answer, in the rfc6724-update order. */
  readonly rows: CompareRow[];
  readonly knownLocal: { readonly enabled: boolean; readonly inserted: { prefix: string; precedence: number; label: number; origin: string; from: string }[]; readonly skipped: SkippedFact[] };
  readonly changed: boolean;
  /** The first position where the orders differ: the pair that swapped and why, under each table. */
  readonly firstDifference: {
    readonly position: number;
    /** First under the update (was below `movedDown` before). */
    readonly movedUp: string;
    readonly movedDown: string;
    readonly before: PairDecision;
    readonly after: PairDecision;
  } | null;
  readonly summary: string;
}

function decision(outcome: OrderOutcome, first: string, second: string): PairDecision {
  const step = explainOrder(outcome, true).find((s) => s.first === first && s.second === second);
  if (!step) throw new Error(`pair ${first} / ${second} not in the order`);
  return { rule: step.rule, ruleName: step.ruleName, text: step.text };
}

/**
 * The rfc6724 and rfc6724-update orders of the scenario side by side. Throws GaiconfInputError
 * for an invalid scenario or options.
 */
export function compareUpdate(s: RuntimeScenario, options: CompareUpdateOptions = {}): CompareUpdateResult {
  throwIfProblems([
    ['INVALID_SCENARIO', checkScenario(s)],
    ['INVALID_OPTIONS', compareUpdateOptionProblems(options)],
  ]);
  const host = buildHost(s.host);
  const q = { records: s.query.records, flags: s.query.flags ?? [], family: s.query.family ?? 'AF_UNSPEC' };
  const routerFacts = options.routerFacts ?? s.routerFacts ?? [];
  const enabled = options.knownLocalUla ?? s.knownLocalUla ?? true;
  const before = rfc6724Order(host, q);
  const after = rfc6724UpdateOrder(host, q, { routerFacts, enabled });
  const analysis = knownLocalAnalysis(host, routerFacts, enabled);
  const orderOf = (o: OrderOutcome) => o.answers.map((a) => formatIp(a.address));
  const b = orderOf(before);
  const a = orderOf(after);
  const rows: CompareRow[] = after.answers.map((f, i) => {
    const addr = formatIp(f.address);
    const j = before.answers.findIndex((x) => x.index === f.index);
    const g = before.answers[j]!;
    return {
      address: addr,
      source: f.source ? formatIp(f.source) : null,
      before: { position: j, precedence: g.precedence, label: g.label, sourceLabel: g.sourceLabel },
      after: { position: i, precedence: f.precedence, label: f.label, sourceLabel: f.sourceLabel },
    };
  });
  const pos = a.findIndex((x, i) => x !== b[i]);
  let firstDifference: CompareUpdateResult['firstDifference'] = null;
  if (pos >= 0) {
    const up = a[pos]!;
    const down = b[pos]!;
    firstDifference = { position: pos, movedUp: up, movedDown: down, before: decision(before, down, up), after: decision(after, up, down) };
  }
  const inserted = analysis.inserted.map((r) => ({ prefix: r.row.text, precedence: r.row.precedence, label: r.row.label, origin: r.origin, from: r.from }));
  const summary =
    before.status !== 'OK'
      ? `getaddrinfo fails (${before.status}) with either table`
      : firstDifference
        ? `the update changes the order: ${firstDifference.movedUp} now comes before ${firstDifference.movedDown} (${firstDifference.after.ruleName}; before: ${firstDifference.before.ruleName})`
        : `the update does not change the order on this host (${b.join(', ')})`;
  return {
    schemaVersion: 1,
    name: s.name ?? null,
    status: after.status,
    before: { profile: 'rfc6724', order: b, explain: explainOrder(before) },
    after: { profile: 'rfc6724-update', order: a, explain: explainOrder(after), notes: [...after.notes] },
    rows,
    knownLocal: { enabled, inserted, skipped: [...analysis.skipped] },
    changed: firstDifference !== null,
    firstDifference,
    summary,
  };
}
