// quickScenario (the --batch fast path) against validateScenario, the contract it shortcuts: on
// seeded valid lines and on lines broken one or two ways, whatever it accepts the checker
// accepts, with the same copy; and it does accept the plain valid lines it exists for.
import { describe, expect, it } from 'vitest';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import { quickScenario } from '../../src/scenario/quick-accept.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { prng } from '../support/prng.js';

const HOST_SPEC = DOCKER_ULA_EXAMPLE.host;
const validHost = (() => {
  const v = validateScenario({ host: HOST_SPEC, query: { records: [] } });
  if (!v.ok) throw new Error('the example host is invalid');
  return v.scenario.host;
})();

const POOL = ['203.0.113.5', '2001:db8::5', 'fd00::2', '::ffff:192.0.2.1', '10.0.0.1', '::1', 'fe80::1', '64:ff9b::1.2.3.4', '0.0.0.0', '2002:c000:201::1'];
const FLAGS = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME'];

type Line = Record<string, unknown> & { query?: Record<string, unknown> };

function shuffled<T>(r: () => number, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A valid line: some of the optional keys, in a random order. */
function validLine(r: () => number): Line {
  const query: [string, unknown][] = [['records', shuffled(r, POOL).slice(0, Math.floor(r() * 7))]];
  if (r() < 0.6) query.push(['name', `n${Math.floor(r() * 1000)}.test`]);
  if (r() < 0.3) query.push(['flags', shuffled(r, FLAGS).slice(0, 1 + Math.floor(r() * 3))]);
  if (r() < 0.3) query.push(['family', ['AF_UNSPEC', 'AF_INET', 'AF_INET6'][Math.floor(r() * 3)]]);
  const top: [string, unknown][] = [['query', Object.fromEntries(shuffled(r, query))]];
  if (r() < 0.7) top.push(['host', HOST_SPEC]);
  if (r() < 0.6) top.push(['gaiConf', r() < 0.2 ? null : 'label fd00::/8 1\n']);
  if (r() < 0.3) top.push(['name', `scenario ${Math.floor(r() * 10)}`]);
  if (r() < 0.1) top.push(['$schema', 'https://example.test/scenario.schema.json']);
  return Object.fromEntries(shuffled(r, top)) as Line;
}

const q = (l: Line): Record<string, unknown> => (l.query ??= {});
/** Changes that keep a line valid: quickScenario must still take it. */
const BENIGN: [string, (l: Line) => void][] = [
  ['no answers', (l) => (q(l).records = [])],
  ['no flags', (l) => (q(l).flags = [])],
  ['no gai.conf', (l) => (l.gaiConf = null)],
  ['a v4-mapped and a scoped-looking answer', (l) => (q(l).records = ['::ffff:10.1.2.3', 'fe80::1'])],
];
const MUTATIONS: [string, (l: Line) => void][] = [
  ['unknown top-level key', (l) => (l.hots = {})],
  ['a runtime field (valid, left to the checker)', (l) => (l.runtime = 'node@20')],
  ['name not a string', (l) => (l.name = 5)],
  ['gaiConf a number', (l) => (l.gaiConf = 7)],
  ['gaiConf undefined', (l) => (l.gaiConf = undefined)],
  ['$schema a number', (l) => (l.$schema = 3)],
  ['a record with /len', (l) => (q(l).records = [...((q(l).records as string[]) ?? []), '10.0.0.0/8'])],
  ['a record inet_pton rejects', (l) => (q(l).records = [...((q(l).records as string[]) ?? []), '127.1'])],
  ['a record not a string', (l) => (q(l).records = [...((q(l).records as string[]) ?? []), 5])],
  ['a hole in records', (l) => (q(l).records = [, '192.0.2.1'])],
  ['records a string', (l) => (q(l).records = '192.0.2.1')],
  ['no records', (l) => delete q(l).records],
  ['49 records', (l) => (q(l).records = Array.from({ length: 49 }, (_, i) => `192.0.2.${i}`))],
  ['a flag twice', (l) => (q(l).flags = ['AI_ALL', 'AI_ALL'])],
  ['an unknown flag', (l) => (q(l).flags = ['AI_BOGUS'])],
  ['flags a string', (l) => (q(l).flags = 'AI_ALL')],
  ['an unknown family', (l) => (q(l).family = 'AF_UNIX')],
  ['query name with a space', (l) => (q(l).name = 'a b')],
  ['query name empty', (l) => (q(l).name = '')],
  ['unknown query key', (l) => (q(l).record = [])],
  ['query an array', (l) => (l.query = [] as never)],
  ['query not plain', (l) => (l.query = Object.assign(Object.create({ inherited: 1 }), l.query))],
  ['no query', (l) => delete l.query],
  ['query null', (l) => (l.query = null as never)],
];

describe('quickScenario', () => {
  const r = prng(0x9a1c);
  const cases = Array.from({ length: 4000 }, (_, i) => {
    const line = validLine(r);
    const applied: string[] = [];
    if (i % 4 === 1) {
      const [name, change] = BENIGN[Math.floor(r() * BENIGN.length)]!;
      change(line);
      return { line, applied: [], benign: name };
    }
    const n = i % 4 === 0 ? 0 : 1 + Math.floor(r() * 2);
    for (let k = 0; k < n; k++) {
      const [name, mutate] = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!;
      mutate(line);
      applied.push(name);
    }
    return { line, applied, benign: undefined };
  });

  it('accepts only what validateScenario accepts, and copies it the same way', () => {
    let accepted = 0;
    for (const { line, applied } of cases) {
      const quick = quickScenario(line, validHost);
      // The checker sees the line with the host it stands for.
      const withHost = 'host' in line ? { ...line, host: HOST_SPEC } : { ...line, host: HOST_SPEC };
      const full = validateScenario(withHost);
      if (quick === undefined) continue;
      accepted++;
      expect(full.ok, `accepted ${JSON.stringify(line)} (${applied.join(', ')})`).toBe(true);
      if (!full.ok) continue;
      expect(JSON.stringify(quick)).toBe(JSON.stringify({ ...full.scenario, host: HOST_SPEC }));
      expect(quick.host).toBe(validHost);
      // A copy: the caller's arrays are not the scenario's.
      expect(quick.query.records).not.toBe(line.query!.records);
    }
    expect(accepted).toBeGreaterThanOrEqual(cases.filter((c) => c.applied.length === 0).length);
  });

  it('accepts every plain valid line, the benign changes included', () => {
    for (const { line, applied } of cases) {
      if (applied.length > 0) continue;
      expect(quickScenario(line, validHost), JSON.stringify(line)).toBeDefined();
    }
  });

  it.each(MUTATIONS.map(([name]) => [name]))('declines a line with %s', (name) => {
    const mutate = MUTATIONS.find(([n]) => n === name)![1];
    const line = { host: HOST_SPEC, query: { name: 'x.test', records: ['192.0.2.1', '2001:db8::1'] } } as Line;
    mutate(line);
    expect(quickScenario(line, validHost)).toBeUndefined();
  });
});
