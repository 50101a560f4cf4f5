// Which scenario objects the library has already checked. The public entry points take
// untrusted scenarios; validateScenario costs about as much as a lookup, so it runs once per
// scenario object and a later call with the same object pays only a re-check of what the engine
// reads on every call: the scenario's own fields, its query's fields and the elements of
// records, flags and routerFacts, each compared by identity with what was validated (a WeakMap
// holds that stamp; the object is neither copied nor frozen). A change there validates the
// object again. A host is prepared once per object by the engine (simulate.ts), so a host object
// is likewise validated once: edit a host by passing a new object (docs/api.md).
import type { InputProblem } from '../input-error.js';
import { hostText } from './host-text.js';
import { quickScenario } from './quick-accept.js';
import type { Scenario } from './types.js';
import { scenarioErrors } from './validate.js';

/** What the check saw: each field the engine reads, compared by identity on the next call. */
interface Stamp {
  readonly keys: number;
  readonly host: unknown;
  readonly gaiConf: unknown;
  readonly name: unknown;
  readonly query: Loose;
  readonly reachability: unknown;
  readonly routerFacts: readonly unknown[] | undefined;
  readonly knownLocalUla: unknown;
  readonly runtime: unknown;
  readonly queryKeys: number;
  readonly queryName: unknown;
  readonly records: readonly unknown[];
  readonly flags: readonly unknown[] | undefined;
  readonly family: unknown;
}

const stamps = new WeakMap<object, Stamp>();
const validHosts = new WeakSet<object>();
// Hosts that passed validateScenario, by JSON text: a caller that parses each scenario brings an
// equal host as a new object every call (the engine finds its prepared host the same way).
const validHostTexts = new Set<string>();

type Loose = Record<string, unknown>;

// for-in counts inherited enumerable keys too, the same at both counts; validateScenario
// accepts only plain objects, so there are none unless Object.prototype was extended.
function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

const copyOf = (v: unknown): readonly unknown[] | undefined => (Array.isArray(v) ? v.slice() : undefined);

function stampOf(s: Loose): Stamp {
  const q = s.query as Loose;
  return {
    keys: keyCount(s),
    host: s.host,
    gaiConf: s.gaiConf,
    name: s.name,
    query: q,
    reachability: s.reachability,
    routerFacts: copyOf(s.routerFacts),
    knownLocalUla: s.knownLocalUla,
    runtime: s.runtime,
    queryKeys: keyCount(q),
    queryName: q.name,
    records: (q.records as unknown[]).slice(),
    flags: copyOf(q.flags),
    family: q.family,
  };
}

function sameElements(now: unknown, then: readonly unknown[] | undefined): boolean {
  if (then === undefined) return now === undefined;
  if (!Array.isArray(now) || now.length !== then.length) return false;
  for (let i = 0; i < then.length; i++) if (now[i] !== then[i]) return false;
  return true;
}

function unchanged(s: Loose, t: Stamp): boolean {
  const q = t.query;
  if (s.query !== q || s.host !== t.host || s.gaiConf !== t.gaiConf || s.name !== t.name) return false;
  if (!sameElements(q.records, t.records) || q.family !== t.family || q.name !== t.queryName || !sameElements(q.flags, t.flags)) return false;
  if (s.reachability !== t.reachability || s.knownLocalUla !== t.knownLocalUla || s.runtime !== t.runtime || !sameElements(s.routerFacts, t.routerFacts)) return false;
  // A key added or removed (a misspelt one too) since the check.
  return keyCount(s) === t.keys && keyCount(q) === t.queryKeys;
}

/** True when `s` is an object already checked and not changed since (see the top of this file). */
export function isCheckedScenario(s: unknown): s is Scenario {
  if (typeof s !== 'object' || s === null) return false;
  const t = stamps.get(s);
  return t !== undefined && unchanged(s as Loose, t);
}

/**
 * True when JSON.stringify(v) stands for v exactly as validateScenario reads it: plain objects
 * and arrays (no holes) of strings, finite numbers and booleans; no undefined, function,
 * symbol or toJSON, no class instance. Then two values with the same text get the same verdict.
 */
function isPlainJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) {
        if (!Object.hasOwn(v, k)) return false;
        const x = (v as Loose)[k];
        if (x === undefined || !isPlainJson(x)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** A host object validated before, or equal as plain data to one that was. */
function knownValidHost(host: object): boolean {
  if (validHosts.has(host)) return true;
  // Not added to validHosts: a host parsed per call is seldom passed again as the same object,
  // and a weak collection that grows by one entry a call costs more in GC than the text lookup.
  return validHostTexts.size > 0 && isPlainJson(host) && validHostTexts.has(hostText(host));
}

function rememberValidHost(host: object): void {
  validHosts.add(host);
  if (validHostTexts.size >= 256) validHostTexts.clear();
  validHostTexts.add(hostText(host));
}

/**
 * The problems of a scenario argument ([] when valid), paths under `root` (`$` for a function's
 * only scenario, `scenarios[1]` for one of a list). A valid object is remembered.
 */
export function checkScenario(s: unknown, root = '$'): InputProblem[] {
  if (isCheckedScenario(s)) return [];
  // A scenario whose host was validated before (a shared host with a new query, or an equal
  // host parsed again) needs only its other fields checked: quickScenario accepts exactly those validateScenario accepts
  // (test/scenario/quick-accept.test.ts) and declines the rest, which the full check words.
  const host = typeof s === 'object' && s !== null ? (s as Loose).host : undefined;
  if (typeof host === 'object' && host !== null && knownValidHost(host) && quickScenario(s, host as Scenario['host']) !== undefined) {
    stamps.set(s as object, stampOf(s as Loose));
    return [];
  }
  const errors = scenarioErrors(s);
  if (errors.length === 0) {
    rememberValidHost(host as object);
    stamps.set(s as object, stampOf(s as Loose));
    return [];
  }
  return errors.map((e) => ({ path: root === '$' ? e.path : root + e.path.slice(1), message: e.message, hint: e.hint }));
}

/** The problems of a list of scenarios, each under `name[i]`. */
export function checkScenarioList(list: unknown, name: string): InputProblem[] {
  if (!Array.isArray(list)) {
    return [{ path: name, message: `${name} must be an array of scenarios, not ${list === null ? 'null' : typeof list}`, hint: 'Pass [scenario, …] (one scenario in an array is fine).' }];
  }
  const out: InputProblem[] = [];
  for (let i = 0; i < list.length; i++) out.push(...checkScenario(list[i], `${name}[${i}]`));
  return out;
}

/** The problems of a host object given alone (buildHost), paths under `root`; a valid host is remembered. */
export function checkHost(host: unknown, root = 'host'): InputProblem[] {
  if (typeof host === 'object' && host !== null && knownValidHost(host)) return [];
  const errors = scenarioErrors({ host, query: { records: [] } });
  if (errors.length === 0) {
    rememberValidHost(host as object);
    return [];
  }
  return errors.map((e) => ({ path: root + e.path.slice('$.host'.length), message: e.message, hint: e.hint }));
}
