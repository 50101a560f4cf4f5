// Validation of the PROPOSED optional scenario fields (types-runtime.ts). To wire: add
// RUNTIME_SCENARIO_KEYS to SCENARIO_KEYS.scenario in validate.ts and append
// validateRuntimeFields(input, source) to its errors.
import { parseIp } from '../address/ip.js';
import type { ScenarioError } from './validate.js';
import { closest, pathKey } from './validate.js';
import { quoteShort } from '../text/short.js';
import { RUNTIME_SCENARIO_KEYS, type ScenarioReachabilityOutcome } from './types-runtime.js';

export { RUNTIME_SCENARIO_KEYS };

const OUTCOMES: readonly ScenarioReachabilityOutcome[] = ['reachable', 'refused', 'timeout', 'reset', 'unreachable'];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Errors for the optional runtime fields of a scenario object (other keys are not looked at). */
export function validateRuntimeFields(input: unknown, source?: string): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const err = (path: string, message: string, hint: string, target?: 'key') =>
    errors.push({ path, message, hint, ...(source !== undefined ? { source } : {}), ...(target ? { target } : {}) });
  if (!isObj(input)) return errors;

  const r = input.reachability;
  if (r !== undefined) {
    if (!isObj(r)) err('$.reachability', 'reachability must be an object keyed by address', 'Write { "::1": { "outcome": "refused" } }.');
    else
      for (const [addr, v] of Object.entries(r)) {
        const p = `$.reachability[${JSON.stringify(addr)}]`;
        if (!parseIp(addr)) err(p, `${quoteShort(addr)} is not an IP address`, 'Use the address as it appears in the getaddrinfo list.', 'key');
        if (!isObj(v)) {
          err(p, 'a reachability entry must be an object', 'Write { "outcome": "reachable" | "refused" | "timeout" | "reset" | "unreachable" }.');
          continue;
        }
        for (const k of Object.keys(v))
          if (!['outcome', 'delayMs', 'errno'].includes(k)) err(pathKey(p, k), `unknown key ${quoteShort(k)} in a reachability entry`, `Known keys: "outcome", "delayMs", "errno".`, 'key');
        if (typeof v.outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(v.outcome)) {
          const guess = typeof v.outcome === 'string' ? closest(v.outcome, OUTCOMES) : undefined;
          err(`${p}.outcome`, `outcome must be one of ${OUTCOMES.map((o) => `"${o}"`).join(', ')}`, guess ? `Did you mean "${guess}"?` : 'Add "outcome".');
        }
        if (v.delayMs !== undefined && (typeof v.delayMs !== 'number' || !Number.isFinite(v.delayMs) || v.delayMs < 0))
          err(`${p}.delayMs`, 'delayMs must be a number of milliseconds ≥ 0', 'Write e.g. "delayMs": 25.');
        if (v.errno !== undefined && (typeof v.errno !== 'string' || v.outcome !== 'unreachable'))
          err(`${p}.errno`, 'errno is a string and only meaningful with "outcome": "unreachable"', 'Write e.g. "errno": "EHOSTUNREACH".');
      }
  }

  const f = input.routerFacts;
  if (f !== undefined) {
    if (!Array.isArray(f)) err('$.routerFacts', 'routerFacts must be an array', 'Write [ { "kind": "RIO", "prefix": "fd12:3456:789a::/48" } ].');
    else
      f.forEach((x, i) => {
        const p = `$.routerFacts[${i}]`;
        if (!isObj(x)) return err(p, 'a router fact must be an object', 'Write { "kind": "RIO" | "PIO", "prefix": "addr/len", "snac": false }.');
        for (const k of Object.keys(x)) if (!['kind', 'prefix', 'snac'].includes(k)) err(pathKey(p, k), `unknown key ${quoteShort(k)} in a router fact`, 'Known keys: "kind", "prefix", "snac".', 'key');
        if (x.kind !== 'RIO' && x.kind !== 'PIO') err(`${p}.kind`, 'kind must be "RIO" or "PIO"', 'RIO: Route Information Option; PIO: Prefix Information Option.');
        const m = typeof x.prefix === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(x.prefix) : null;
        const ip = m ? parseIp(m[1]!) : null;
        if (!m || !ip || ip.family !== 6 || Number(m[2]) > 128) err(`${p}.prefix`, 'prefix must be an IPv6 `addr/len`', 'Write e.g. "fd12:3456:789a:1::/64".');
        if (x.snac !== undefined && typeof x.snac !== 'boolean') err(`${p}.snac`, 'snac must be true or false', 'true: the RA had the SNAC-router flag (the fact is ignored).');
      });
  }

  if (input.knownLocalUla !== undefined && typeof input.knownLocalUla !== 'boolean')
    err('$.knownLocalUla', 'knownLocalUla must be true or false', 'false turns the known-local ULA insertion off (the update says it MUST default on).');
  if (input.runtime !== undefined && typeof input.runtime !== 'string') err('$.runtime', 'runtime must be a string like "node@20"', 'See docs/runtimes/README.md.');
  return errors;
}
