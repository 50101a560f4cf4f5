// The common --batch line, accepted without the full checker: a scenario whose host is one already
// validated, and whose other fields are plain (no runtime fields). The checks are the checker's
// (validate.ts) for those fields; anything else, or anything wrong, returns undefined and the
// caller runs validateScenario, which words the errors. Tested against validateScenario on
// seeded valid and broken lines (test/scenario/quick-accept.test.ts).
import { parseIp } from '../address/ip.js';
import type { Scenario, ScenarioHost } from './types.js';
import { AI_FLAGS, MAX_RECORDS, QUERY_FAMILIES, QUERY_NAME_PATTERN } from './validate.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function quickQuery(v: unknown): Scenario['query'] | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: Record<string, unknown> = {};
  let records = false;
  for (const key in v) {
    if (!Object.hasOwn(v, key)) return undefined;
    const x = v[key];
    switch (key) {
      case 'name':
        if (typeof x !== 'string' || !QUERY_NAME_PATTERN.test(x)) return undefined;
        out.name = x;
        break;
      case 'records': {
        if (!Array.isArray(x) || x.length > MAX_RECORDS) return undefined;
        const copy: string[] = new Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const r = x[i] as unknown;
          if (typeof r !== 'string' || parseIp(r) === null) return undefined;
          copy[i] = r;
        }
        out.records = copy;
        records = true;
        break;
      }
      case 'flags': {
        if (!Array.isArray(x)) return undefined;
        const copy: string[] = new Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const f = x[i] as unknown;
          if (typeof f !== 'string' || !(AI_FLAGS as readonly string[]).includes(f) || copy.indexOf(f) >= 0) return undefined;
          copy[i] = f;
        }
        out.flags = copy;
        break;
      }
      case 'family':
        if (typeof x !== 'string' || !(QUERY_FAMILIES as readonly string[]).includes(x)) return undefined;
        out.family = x;
        break;
      default:
        return undefined;
    }
  }
  return records ? (out as unknown as Scenario['query']) : undefined;
}

/**
 * `input` as validateScenario would copy it, with `host` in place of its host (which the caller
 * has validated: equal to one seen before, or the batch base's); undefined when the line is not
 * that simple case or is not valid.
 */
export function quickScenario(input: unknown, host: ScenarioHost): Scenario | undefined {
  if (!isPlainObject(input)) return undefined;
  const out: Record<string, unknown> = {};
  let query = false;
  for (const key in input) {
    if (!Object.hasOwn(input, key)) return undefined;
    const x = input[key];
    switch (key) {
      case '$schema':
        if (typeof x !== 'string') return undefined;
        break;
      case 'name':
        if (typeof x !== 'string') return undefined;
        out.name = x;
        break;
      case 'host':
        out.host = host;
        break;
      case 'gaiConf':
        if (typeof x !== 'string' && x !== null) return undefined;
        out.gaiConf = x;
        break;
      case 'query': {
        const q = quickQuery(x);
        if (q === undefined) return undefined;
        out.query = q;
        query = true;
        break;
      }
      default:
        return undefined;
    }
  }
  if (!query) return undefined;
  if (out.host === undefined) out.host = host;
  return out as unknown as Scenario;
}
