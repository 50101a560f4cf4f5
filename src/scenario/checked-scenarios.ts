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

// The stamp is one flat array, the fields below then the records: a lookup that touches one
// object instead of three is measurably faster when thousands of scenarios take turns (the
// stamp is not in the CPU cache then).
const enum At {
  Keys,
  Host,
  GaiConf,
  Name,
  Query,
  Reachability,
  RouterFacts,
  KnownLocalUla,
  Runtime,
  QueryKeys,
  QueryName,
  Flags,
  Family,
  Records,
}
type Stamp = unknown[];

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
  const records = q.records as unknown[];
  const t: Stamp = new Array(At.Records + records.length);
  t[At.Keys] = keyCount(s);
  t[At.Host] = s.host;
  t[At.GaiConf] = s.gaiConf;
  t[At.Name] = s.name;
  t[At.Query] = q;
  t[At.Reachability] = s.reachability;
  t[At.RouterFacts] = copyOf(s.routerFacts);
  t[At.KnownLocalUla] = s.knownLocalUla;
  t[At.Runtime] = s.runtime;
  t[At.QueryKeys] = keyCount(q);
  t[At.QueryName] = q.name;
  t[At.Flags] = copyOf(q.flags);
  t[At.Family] = q.family;
  for (let i = 0; i < records.length; i++) t[At.Records + i] = records[i];
  return t;
}

function sameElements(now: unknown, then: unknown): boolean {
  if (then === undefined) return now === undefined;
  const t = then as readonly unknown[];
  if (!Array.isArray(now) || now.length !== t.length) return false;
  for (let i = 0; i < t.length; i++) if (now[i] !== t[i]) return false;
  return true;
}

function unchanged(s: Loose, t: Stamp): boolean {
  const q = t[At.Query] as Loose;
  if (s.query !== q || s.host !== t[At.Host] || s.gaiConf !== t[At.GaiConf] || s.name !== t[At.Name]) return false;
  const records = q.records;
  if (!Array.isArray(records) || records.length !== t.length - At.Records) return false;
  for (let i = 0; i < records.length; i++) if (records[i] !== t[At.Records + i]) return false;
  if (q.family !== t[At.Family] || q.name !== t[At.QueryName] || !sameElements(q.flags, t[At.Flags])) return false;
  if (s.reachability !== t[At.Reachability] || s.knownLocalUla !== t[At.KnownLocalUla] || s.runtime !== t[At.Runtime]) return false;
  if (!sameElements(s.routerFacts, t[At.RouterFacts])) return false;
  // A key added or removed (a misspelt one too) since the check.
  return keyCount(s) === t[At.Keys] && keyCount(q) === t[At.QueryKeys];
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
