// The shrinker for failing differential scenarios (used by live.test.ts to report a small one):
// greedy one-step simplifications (gai.conf, rules, routes, interfaces, records, flags, then single
// lines, addresses and attributes), each followed by a repair that drops what the kernel would now
// refuse. Apart from generator.ts: that file makes scenarios, this one takes them apart.

import type { Scenario, ScenarioAddressObject, ScenarioRoute } from '../../src/scenario/types.js';
import { ruleProblems } from './generator-checks.js';
import { analyzeHost } from './generator-host-analysis.js';
import { routesProblems } from './generator-route-checks.js';

const clone = (s: Scenario): Scenario => JSON.parse(JSON.stringify(s)) as Scenario;

/** Drop every route the kernel would now refuse (gateway left its subnet, dev gone, key clash…),
 * and every address label whose device is gone. */
function repair(s: Scenario): Scenario {
  const host = s.host;
  if (host.routes !== undefined) {
    const an = analyzeHost(host);
    const routes: ScenarioRoute[] = [];
    for (const r of host.routes) if (routesProblems([...routes, r], an).length === 0) routes.push(r);
    host.routes = routes;
  }
  if (host.addrlabels !== undefined) {
    const names = new Set(host.interfaces.map((i) => i.name));
    host.addrlabels = host.addrlabels.filter((l) => l.dev === undefined || l.dev === 'lo' || names.has(l.dev));
    if (host.addrlabels.length === 0) delete host.addrlabels;
  }
  if (host.rules !== undefined && host.rules.length === 0) delete host.rules;
  return s;
}

/** One-step simplifications of `s`, cheapest / biggest first. Each returns a fresh copy or null. */
function* shrinkCandidates(s: Scenario): Generator<Scenario> {
  const edit = (f: (c: Scenario) => boolean | void): Scenario | null => {
    const c = clone(s);
    return f(c) === false ? null : repair(c);
  };
  const yieldIf = function* (c: Scenario | null): Generator<Scenario> {
    if (c) yield c;
  };

  if (s.gaiConf !== null && s.gaiConf !== undefined) yield* yieldIf(edit((c) => void (c.gaiConf = null)));
  if ((s.host.rules ?? []).length > 1) yield* yieldIf(edit((c) => void delete c.host.rules));
  if ((s.host.routes ?? []).length > 1) yield* yieldIf(edit((c) => void (c.host.routes = [])));
  if (s.host.interfaces.length > 1) yield* yieldIf(edit((c) => void (c.host.interfaces = [])));
  if ((s.query.flags ?? []).length > 1) yield* yieldIf(edit((c) => void (c.query.flags = [])));
  const recs = s.query.records;
  if (recs.length > 2) {
    const half = Math.ceil(recs.length / 2);
    yield* yieldIf(edit((c) => void (c.query.records = recs.slice(0, half))));
    yield* yieldIf(edit((c) => void (c.query.records = recs.slice(half))));
  }
  if (recs.length > 1)
    for (let i = 0; i < recs.length; i++) yield* yieldIf(edit((c) => void c.query.records.splice(i, 1)));
  for (let i = 0; i < s.host.interfaces.length; i++)
    yield* yieldIf(edit((c) => void c.host.interfaces.splice(i, 1)));
  for (let i = 0; i < (s.host.routes ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.host.routes!.splice(i, 1)));
  for (let i = 0; i < (s.host.rules ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.host.rules!.splice(i, 1)));
  if (s.host.addrlabels !== undefined) yield* yieldIf(edit((c) => void delete c.host.addrlabels));
  for (let i = 0; i < (s.host.addrlabels ?? []).length && s.host.addrlabels!.length > 1; i++)
    yield* yieldIf(edit((c) => void c.host.addrlabels!.splice(i, 1)));
  if (s.host.defaultRules === false) yield* yieldIf(edit((c) => void delete c.host.defaultRules));
  if (s.query.uid !== undefined) yield* yieldIf(edit((c) => void delete c.query.uid));
  if (typeof s.gaiConf === 'string') {
    const ls = s.gaiConf.split('\n');
    for (let i = 0; i < ls.length; i++) {
      if (ls[i] === '') continue;
      yield* yieldIf(
        edit((c) => {
          const copy = ls.slice();
          copy.splice(i, 1);
          c.gaiConf = copy.join('\n');
        }),
      );
    }
  }
  for (let i = 0; i < s.host.interfaces.length; i++) {
    const ifc = s.host.interfaces[i]!;
    for (let j = 0; j < ifc.addresses.length; j++)
      yield* yieldIf(edit((c) => void c.host.interfaces[i]!.addresses.splice(j, 1)));
  }
  for (let i = 0; i < (s.query.flags ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.query.flags!.splice(i, 1)));
  if (s.query.family !== undefined) yield* yieldIf(edit((c) => void delete c.query.family));
  // Address flags, one at a time; an object left with only `address` becomes the plain string.
  for (let i = 0; i < s.host.interfaces.length; i++) {
    const ifc = s.host.interfaces[i]!;
    for (let j = 0; j < ifc.addresses.length; j++) {
      const a = ifc.addresses[j]!;
      if (typeof a === 'string') continue;
      for (const k of Object.keys(a) as (keyof ScenarioAddressObject)[]) {
        if (k === 'address') continue;
        yield* yieldIf(
          edit((c) => {
            const o = { ...(c.host.interfaces[i]!.addresses[j] as ScenarioAddressObject) };
            delete o[k];
            c.host.interfaces[i]!.addresses[j] = Object.keys(o).length === 1 ? o.address : o;
          }),
        );
      }
    }
    if (ifc.up === false) yield* yieldIf(edit((c) => void delete c.host.interfaces[i]!.up));
    for (const k of ['disableIpv6', 'group'] as const) if (ifc[k] !== undefined) yield* yieldIf(edit((c) => void delete c.host.interfaces[i]![k]));
  }
  // Route attributes that are not needed for validity; a multipath route down to one hop.
  for (let i = 0; i < (s.host.routes ?? []).length; i++) {
    const r = s.host.routes![i]!;
    for (const k of ['metric', 'src', 'dev', 'table', 'scope'] as const) {
      if (r[k] === undefined) continue;
      if (k === 'dev' && r.via === undefined) continue;
      yield* yieldIf(edit((c) => void delete c.host.routes![i]![k]));
    }
    if (r.nexthops !== undefined)
      for (const h of r.nexthops)
        yield* yieldIf(
          edit((c) => {
            const route = c.host.routes![i]!;
            delete route.nexthops;
            if (h.via !== undefined) route.via = h.via;
            if (h.dev !== undefined) route.dev = h.dev;
          }),
        );
  }
  // Rule selectors one at a time (a rule keeps what makes it valid).
  for (let i = 0; i < (s.host.rules ?? []).length; i++) {
    const r = s.host.rules![i]!;
    for (const k of ['priority', 'not', 'from', 'to', 'fwmark', 'iif', 'oif', 'uidrange', 'ipproto', 'sport', 'dport', 'tos', 'suppressPrefixlength', 'suppressIfgroup'] as const) {
      if (r[k] === undefined) continue;
      yield* yieldIf(
        edit((c) => {
          const rule = { ...c.host.rules![i]! };
          delete rule[k];
          if (ruleProblems(rule, c.host.ipv6 !== false).length > 0) return false;
          c.host.rules![i] = rule;
        }),
      );
    }
  }
  if (s.host.ipv6 === false) yield* yieldIf(edit((c) => void delete c.host.ipv6));
  if (s.host.useTempaddr !== undefined) yield* yieldIf(edit((c) => void delete c.host.useTempaddr));
}

/**
 * Greedy delta debugging: apply the first one-step simplification for which `stillFails` holds,
 * and repeat until none does. Removals that would make a route invalid also remove that route, so
 * every scenario handed to `stillFails` (and the result) is one the kernel accepts.
 * `stillFails(s)` is assumed true for the input and is never called twice on an equal scenario.
 */
export async function shrinkScenario(
  s: Scenario,
  stillFails: (s: Scenario) => Promise<boolean>,
): Promise<Scenario> {
  let cur = clone(s);
  const tried = new Set<string>();
  for (;;) {
    const curKey = JSON.stringify(cur);
    tried.add(curKey);
    let next: Scenario | null = null;
    for (const cand of shrinkCandidates(cur)) {
      const k = JSON.stringify(cand);
      if (tried.has(k)) continue;
      tried.add(k);
      if (await stillFails(cand)) {
        next = cand;
        break;
      }
    }
    if (!next) return cur;
    cur = next;
  }
}
