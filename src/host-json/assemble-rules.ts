// The `ip rule` lists of a RawHost → scenario rules: the kernel's default rules left implicit when
// they are intact and the custom ones replay in the kernel's order on top of them; otherwise
// every rule, with `defaultRules: false`. Names of devices follow the interfaces' renaming.
import { buildRules } from '../host/rules.js';
import type { HostRule } from '../host/model.js';
import type { ScenarioRule } from '../scenario/types.js';
import { INTERFACE_NAME_PATTERN } from '../scenario/validate.js';
import type { RawHost, RawRule } from './raw-host.js';

/** A rule's identity: every selector and the action (what `ip rule add` refuses to repeat). */
export function ruleKey(r: ScenarioRule): string {
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(r).sort()) o[k] = (r as Record<string, unknown>)[k];
  return JSON.stringify(o);
}

const DEFAULT_RULES: Record<4 | 6, ScenarioRule[]> = {
  4: [
    { family: 4, priority: 0, table: 'local' },
    { family: 4, priority: 32766, table: 'main' },
    { family: 4, priority: 32767, table: 'default' },
  ],
  6: [
    { family: 6, priority: 0, table: 'local' },
    { family: 6, priority: 32766, table: 'main' },
  ],
};

export interface AssembledRules {
  rules: ScenarioRule[];
  defaultRules: boolean;
  /** Per family, the rule keys in the kernel's order, as the replay must rebuild them. */
  expected: Record<4 | 6, string[]> | null;
}

export function assembleRules(raw: RawHost, ipv6: boolean, nameOf: (d: string) => string, known: Set<string>, warnings: string[], notes: string[]): AssembledRules {
  if (!raw.rules) return { rules: [], defaultRules: true, expected: null };
  const families: (4 | 6)[] = ipv6 ? [4, 6] : [4];
  const usable: Record<4 | 6, ScenarioRule[]> = { 4: [], 6: [] };
  for (const family of families) {
    for (const r of raw.rules[family] as RawRule[]) {
      if (r.unsupported) {
        warnings.push(`rule ${r.text}: ${r.unsupported}; left out`);
        continue;
      }
      const rule: ScenarioRule = { ...r.rule };
      let bad = false;
      for (const k of ['iif', 'oif'] as const) {
        const d = rule[k];
        if (d === undefined) continue;
        if (known.has(d)) rule[k] = nameOf(d);
        else if (!INTERFACE_NAME_PATTERN.test(d)) {
          warnings.push(`rule ${r.text}: ${k} ${JSON.stringify(d)} is a name the format does not allow (and no such device exists); left out`);
          bad = true;
        }
      }
      if (!bad) usable[family].push(rule);
    }
  }
  // The default rules intact, first among their priorities, and the others replayable on top?
  let intact = true;
  const custom: ScenarioRule[] = [];
  for (const family of families) {
    const list = usable[family];
    const defaults = DEFAULT_RULES[family].map(ruleKey);
    const present = list.map(ruleKey);
    if (!defaults.every((k) => present.includes(k))) intact = false;
    custom.push(...list.filter((r) => !defaults.includes(ruleKey(r))));
  }
  const expected: Record<4 | 6, string[]> = { 4: usable[4].map(ruleKey), 6: usable[6].map(ruleKey) };
  if (intact && sameRuleOrder(buildRules(custom, true, ipv6), custom, expected, families)) return { rules: custom, defaultRules: true, expected };
  const all = families.flatMap((f) => usable[f]);
  notes.push('the kernel\'s default rules were changed or deleted: the capture lists every rule (defaultRules: false)');
  return { rules: all, defaultRules: false, expected };
}

/** The rule lists `rules` builds, as rule keys per family (defaults as their scenario form). */
export function builtRuleKeys(built: { 4: readonly HostRule[]; 6: readonly HostRule[] }, rules: readonly ScenarioRule[], family: 4 | 6): string[] {
  return built[family].map((h) => {
    if (h.origin !== null) return ruleKey({ ...rules[h.origin]!, family });
    const d = DEFAULT_RULES[family].find((x) => x.priority === h.priority);
    return d ? ruleKey(d) : `default ${h.priority}`;
  });
}

function sameRuleOrder(built: { 4: readonly HostRule[]; 6: readonly HostRule[] }, rules: readonly ScenarioRule[], expected: Record<4 | 6, string[]>, families: (4 | 6)[]): boolean {
  return families.every((f) => builtRuleKeys(built, rules, f).join('\n') === expected[f].join('\n'));
}
