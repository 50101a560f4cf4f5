// schema/scenario.schema.json and validateScenario must describe the same format. A minimal
// JSON Schema 2020-12 checker (only the keywords the schema uses; any other keyword fails the
// test, so the checker never silently ignores part of the schema) runs every document of the
// validator's tables; the schema's address patterns are also fuzzed against parseIp.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/address/ip.js';
import { normalizeScenario, SCENARIO_KEYS, validateScenario } from '../../src/scenario/validate.js';
import { bad, good } from './fixtures.js';

type Schema = boolean | { [k: string]: unknown };
const schema = JSON.parse(readFileSync(new URL('../../schema/scenario.schema.json', import.meta.url), 'utf8')) as {
  [k: string]: unknown;
  properties: Record<string, Schema & object>;
  $defs: Record<string, { [k: string]: unknown; properties?: Record<string, Schema & object> }>;
};

const KEYWORDS = new Set([
  '$schema', '$id', 'title', 'description', 'default', '$defs', '$ref',
  'type', 'properties', 'required', 'additionalProperties', 'items',
  'enum', 'const', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else',
]);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'object': return isObj(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    default: throw new Error(`unknown type ${t}`);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function resolve(ref: string): Schema {
  const m = /^#\/\$defs\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  const s = schema.$defs[m[1]!];
  if (s === undefined) throw new Error(`dangling $ref ${ref}`);
  return s;
}

/** Does `v` satisfy `s`? (Annotations ignored; every assertion keyword used is implemented.) */
function valid(s: Schema, v: unknown): boolean {
  if (s === true) return true;
  if (s === false) return false;
  for (const k of Object.keys(s)) if (!KEYWORDS.has(k)) throw new Error(`schema keyword ${k} not supported by the test checker`);
  if (typeof s.$ref === 'string' && !valid(resolve(s.$ref), v)) return false;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeOk(t, v))) return false;
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => same(e, v))) return false;
  if ('const' in s && !same(s.const, v)) return false;
  if (typeof v === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) return false;
    const len = [...v].length;
    if (typeof s.minLength === 'number' && len < s.minLength) return false;
    if (typeof s.maxLength === 'number' && len > s.maxLength) return false;
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) return false;
    if (typeof s.maximum === 'number' && v > s.maximum) return false;
  }
  if (Array.isArray(v)) {
    if (s.items !== undefined && !v.every((x) => valid(s.items as Schema, x))) return false;
    if (typeof s.minItems === 'number' && v.length < s.minItems) return false;
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) return false;
    if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) return false;
  }
  if (isObj(v)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in v)) return false;
    for (const [k, x] of Object.entries(v)) {
      const p = props[k];
      if (p !== undefined) {
        if (!valid(p, x)) return false;
      } else if (s.additionalProperties !== undefined && !valid(s.additionalProperties as Schema, x)) {
        return false;
      }
    }
  }
  if (s.allOf !== undefined && !(s.allOf as Schema[]).every((x) => valid(x, v))) return false;
  if (s.anyOf !== undefined && !(s.anyOf as Schema[]).some((x) => valid(x, v))) return false;
  if (s.oneOf !== undefined && (s.oneOf as Schema[]).filter((x) => valid(x, v)).length !== 1) return false;
  if (s.not !== undefined && valid(s.not as Schema, v)) return false;
  if (s.if !== undefined) {
    const branch = valid(s.if as Schema, v) ? s.then : s.else;
    if (branch !== undefined && !valid(branch as Schema, v)) return false;
  }
  return true;
}

/** Rules only the validator can check: JSON Schema cannot relate values across the document. */
const VALIDATOR_ONLY = new Set([
  'duplicate interface names',
  'dev not an interface',
  'dev not an interface, nothing close',
  // goto must jump forward: a relation between two fields.
  'rule with a backward goto',
  'interface lo twice',
  // What `ip` refuses across the elements of one list.
  'an address listed twice on one interface',
  'same IPv4 subnet with another scope',
  'IPv6 multipath with two equal hops',
]);

describe('the schema agrees with validateScenario', () => {
  it('accepts every document the validator accepts', () => {
    for (const c of good) expect([c.name, valid(schema, c.doc)]).toEqual([c.name, true]);
  });

  it('rejects every document the validator rejects, except the cross-reference rules', () => {
    for (const c of bad) {
      expect(validateScenario(c.doc).ok).toBe(false);
      expect([c.name, valid(schema, c.doc)]).toEqual([c.name, VALIDATOR_ONLY.has(c.name)]);
    }
  });

  it('lists no stale validator-only exceptions', () => {
    const names = new Set(bad.map((c) => c.name));
    for (const n of VALIDATOR_ONLY) expect(names.has(n)).toBe(true);
  });

  it('accepts normalized scenarios', () => {
    for (const c of good) {
      const r = validateScenario(c.doc);
      if (!r.ok) throw new Error(c.name);
      expect([c.name, valid(schema, normalizeScenario(r.scenario))]).toEqual([c.name, true]);
    }
  });
});

describe('the schema lists exactly the validator keys', () => {
  const objects: [keyof typeof SCENARIO_KEYS, { properties?: Record<string, unknown>; [k: string]: unknown }][] = [
    ['scenario', schema],
    ['host', schema.$defs.host!],
    ['interface', schema.$defs.interface!],
    ['address', schema.$defs.addressObject!],
    ['route', schema.$defs.route!],
    ['query', schema.$defs.query!],
  ];
  for (const [name, def] of objects) {
    it(name, () => {
      expect(def.type).toBe('object');
      expect(def.additionalProperties).toBe(false);
      expect(Object.keys(def.properties ?? {}).sort()).toEqual([...SCENARIO_KEYS[name]].sort());
    });
  }

  it('describes every field and definition', () => {
    for (const [, def] of objects) {
      for (const [k, p] of Object.entries(def.properties ?? {})) {
        expect([k, typeof (p as { description?: unknown }).description]).toEqual([k, 'string']);
      }
    }
    for (const [k, d] of Object.entries(schema.$defs)) expect([k, typeof d.description]).toEqual([k, 'string']);
  });

  it('sets additionalProperties: false on every object schema (maps keyed by address excepted)', () => {
    const walk = (s: unknown, at: string): void => {
      if (!isObj(s)) return;
      // A map (reachability) declares its values' schema instead; its values are closed objects.
      const isMap = isObj(s.additionalProperties) && s.properties === undefined;
      if (s.type === 'object' && !isMap) expect([at, s.additionalProperties]).toEqual([at, false]);
      for (const [k, x] of Object.entries(s)) {
        if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${at}/${k}/${i}`));
        else walk(x, `${at}/${k}`);
      }
    };
    walk({ ...schema, $defs: undefined }, '#');
    for (const [k, d] of Object.entries(schema.$defs)) walk(d, `#/$defs/${k}`);
  });

  it('documents the defaults normalizeScenario fills in', () => {
    const n = normalizeScenario({ host: { interfaces: [{ name: 'e', addresses: ['192.0.2.1'] }], routes: [{ to: 'default' }] }, query: { records: [] } });
    const d = schema.$defs;
    const dflt = (s: unknown) => (s as { default?: unknown }).default;
    expect(n.gaiConf).toEqual(dflt(schema.properties.gaiConf));
    expect(n.host.ipv6).toEqual(dflt(d.host!.properties!.ipv6));
    expect(n.host.useTempaddr).toEqual(dflt(d.host!.properties!.useTempaddr));
    expect(n.host.interfaces[0]!.up).toEqual(dflt(d.interface!.properties!.up));
    expect(n.host.routes![0]!.type).toEqual(dflt(d.route!.properties!.type));
    expect(n.query.name).toEqual(dflt(d.query!.properties!.name));
    expect(n.query.flags).toEqual(dflt(d.query!.properties!.flags));
    expect(n.query.family).toEqual(dflt(d.query!.properties!.family));
    const a = n.host.interfaces[0]!.addresses[0] as unknown as Record<string, unknown>;
    for (const f of SCENARIO_KEYS.address.filter((k) => k !== 'address')) {
      expect([f, a[f]]).toEqual([f, dflt(d.addressObject!.properties![f])]);
    }
  });
});

describe('the schema address patterns are glibc inet_pton', () => {
  const pattern = (name: string) => new RegExp((schema.$defs[name] as { pattern: string }).pattern, 'u');
  const ip = pattern('ipAddress');
  const v4 = pattern('ipv4Address');
  const v6 = pattern('ipv6Address');

  // Deterministic PRNG (mulberry32) so a failure reproduces.
  let seed = 0x9e3779b9;
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const pieces = ['0', '1', '9', '00', '01', '255', '256', 'a', 'F', 'ffff', 'fffff', 'g', ':', '::', '.', '1.2.3.4', '%', ' ', '-'];

  function agree(text: string): void {
    const p = parseIp(text);
    const got = { ip: ip.test(text), v4: v4.test(text), v6: v6.test(text) };
    expect([text, got]).toEqual([text, { ip: p !== null, v4: p?.family === 4, v6: p?.family === 6 }]);
  }

  it('on a table', () => {
    for (const t of ['010.1.1.1', '127.1', '0x7f.0.0.1', '1.2.3.4', '255.255.255.255', '::1.2.3.4', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5:6:7::8', '1:2:3:4:5:6::8', '::', ':::', ':1::', '1::2:', 'fe80::1%eth0', '00000::', '0000::', '1.2.3.4::']) {
      agree(t);
    }
  });

  it('on random strings', () => {
    for (let k = 0; k < 20000; k++) {
      let s = '';
      const n = 1 + rnd(12);
      for (let i = 0; i < n; i++) s += pieces[rnd(pieces.length)];
      agree(s);
    }
    for (let k = 0; k < 20000; k++) {
      const groups = Array.from({ length: rnd(10) }, () => ['', '0', '1', 'ffff', 'abcd', '1.2.3.4', '12345'][rnd(7)]!);
      agree(groups.join(':'));
    }
  });

  it('prefix lengths', () => {
    const v4p = pattern('ipv4Prefix');
    const v6p = pattern('ipv6Prefix');
    for (let n = 0; n <= 130; n++) {
      expect([n, v4p.test(`10.0.0.0/${n}`)]).toEqual([n, n <= 32]);
      expect([n, v6p.test(`2001:db8::/${n}`)]).toEqual([n, n <= 128]);
    }
    for (const t of ['10.0.0.0/08', '10.0.0.0/+8', '10.0.0.0/', '10.0.0.0/8/8', '::/00', '::/-0']) {
      expect([t, v4p.test(t) || v6p.test(t)]).toEqual([t, false]);
    }
  });
});
