// Two gai.conf files over the same scenarios: how the order changes, and why. The "why" is read
// from the explanation the sort recorded (simulate(…, { allPairs: true })): for the first
// position where the orders differ, the rule that put the OLD answer first in OLD and the rule
// that put the NEW answer first in NEW, plus every per-answer fact (label, precedence, scope)
// the new tables changed. Pure: no I/O.
import type { ExplainStep } from './explain.js';
import type { ProfileName } from './order/facts.js';
import type { Scenario } from './scenario/types.js';
import { compareOptionProblems, gaiConfTextProblems } from './check-options.js';
import { throwIfProblems } from './input-error.js';
import { checkScenarioList } from './scenario/checked-scenarios.js';
import { simulateValidated, type ResultEntry, type SimulationResult } from './simulate.js';

export interface CompareOptions {
  profile?: ProfileName;
  /** glibc version whose gai.conf parser to model (default 2.36) */
  glibc?: string;
}

/** The rule that decided one pair, as the explanation records it. */
export interface PairDecision {
  /** the answer that came first */
  first: string;
  second: string;
  rule: number;
  ruleName: string;
  text: string;
  /** false: the sort never compared the two directly (the rule is what the comparator says now) */
  compared: boolean;
}

export interface FirstDifference {
  /** 1-based position in the sorted list */
  position: number;
  /** the answer OLD puts there (null: OLD's list is shorter, e.g. a crash) */
  old: string | null;
  new: string | null;
  /** why OLD puts `old` before `new` */
  oldDecision: PairDecision | null;
  /** why NEW puts `new` before `old` */
  newDecision: PairDecision | null;
}

export type FactName = 'label' | 'precedence' | 'scope' | 'sourceLabel' | 'sourceScope';

export interface FactChange {
  address: string;
  /** input position (several answers can share an address) */
  index: number;
  fact: FactName;
  old: number | null;
  new: number | null;
}

export interface ScenarioComparison {
  name: string | null;
  status: { old: string; new: string };
  old: string[];
  new: string[];
  changed: boolean;
  firstDifference: FirstDifference | null;
  factChanges: FactChange[];
  notes: string[];
}

export interface CompareReport {
  schemaVersion: 1;
  profile: ProfileName;
  glibc: string;
  /** scenarios whose order or status changed */
  changed: number;
  scenarios: ScenarioComparison[];
}

const FACTS: readonly FactName[] = ['label', 'precedence', 'scope', 'sourceLabel', 'sourceScope'];

function decision(step: ExplainStep | undefined): PairDecision | null {
  if (!step) return null;
  return { first: step.first, second: step.second, rule: step.rule, ruleName: step.ruleName, text: step.text, compared: step.compared };
}

/** The recorded step for the pair (first, second) in output order. */
function stepFor(r: SimulationResult, first: string, second: string): ExplainStep | undefined {
  return r.explain.find((s) => s.first === first && s.second === second);
}

function factChanges(a: readonly ResultEntry[], b: readonly ResultEntry[]): FactChange[] {
  const out: FactChange[] = [];
  const byIndex = new Map(b.map((e) => [e.index, e]));
  for (const x of [...a].sort((p, q) => p.index - q.index)) {
    const y = byIndex.get(x.index);
    if (!y) continue;
    for (const f of FACTS) {
      if (x[f] !== y[f]) out.push({ address: x.address, index: x.index, fact: f, old: x[f], new: y[f] });
    }
  }
  return out;
}

/** Compare one scenario under two gai.conf texts (null: no file). Expects validated input. */
export function compareScenario(s: Scenario, oldConf: string | null, newConf: string | null, options: CompareOptions = {}): ScenarioComparison {
  const profile = options.profile ?? 'glibc';
  const glibc = options.glibc ?? '2.36';
  const run = (conf: string | null) => simulateValidated({ ...s, gaiConf: conf }, { profile, glibc, allPairs: true });
  const a = run(oldConf);
  const b = run(newConf);
  const notes: string[] = [];
  if (profile !== 'glibc') notes.push(`the ${profile} profile ignores /etc/gai.conf: both files give the same order`);
  if (a.status !== b.status) notes.push(`the lookup's status changes: ${a.status} → ${b.status}`);
  let first: FirstDifference | null = null;
  const n = Math.max(a.order.length, b.order.length);
  for (let i = 0; i < n; i++) {
    const x = a.order[i] ?? null;
    const y = b.order[i] ?? null;
    if (x === y) continue;
    first = {
      position: i + 1,
      old: x,
      new: y,
      oldDecision: x !== null && y !== null ? decision(stepFor(a, x, y)) : null,
      newDecision: x !== null && y !== null ? decision(stepFor(b, y, x)) : null,
    };
    break;
  }
  const changed = first !== null || a.status !== b.status;
  return { name: s.name ?? null, status: { old: a.status, new: b.status }, old: a.order, new: b.order, changed, firstDifference: first, factChanges: factChanges(a.results, b.results), notes };
}

/**
 * Compare every scenario under two gai.conf texts. Each scenario's own gaiConf is replaced.
 * Throws GaiconfInputError for a text that is not a string or null, an invalid scenario or
 * options.
 */
export function compareGaiConfs(oldConf: string | null, newConf: string | null, scenarios: readonly Scenario[], options: CompareOptions = {}): CompareReport {
  throwIfProblems([
    ['INVALID_ARGUMENT', [...gaiConfTextProblems(oldConf, 'oldConf', true), ...gaiConfTextProblems(newConf, 'newConf', true)]],
    ['INVALID_SCENARIO', checkScenarioList(scenarios, 'scenarios')],
    ['INVALID_OPTIONS', compareOptionProblems(options)],
  ]);
  const list = scenarios.map((s) => compareScenario(s, oldConf, newConf, options));
  return { schemaVersion: 1, profile: options.profile ?? 'glibc', glibc: options.glibc ?? '2.36', changed: list.filter((c) => c.changed).length, scenarios: list };
}
