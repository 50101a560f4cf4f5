// `--fields` (a projection of the JSON result) and `--batch` bases (what lines leave out comes from
// --scenario/--host/--gai-conf/--flags/--family), against the full output of the same CLI.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import { RESULT_FIELDS, simulate } from '../../src/simulate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { prng } from '../support/prng.js';
import { CLI, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gaiconf-fields-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const jsonLines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const ULA_AS_GLOBAL = 'label ::1/128 0\nlabel ::/0 1\nlabel 2002::/16 2\nlabel ::/96 3\nlabel ::ffff:0:0/96 4\nlabel fec0::/10 5\nlabel fc00::/7 6\nlabel 2001:0::/32 7\nlabel fd00::/8 1\n';
const POOL = ['203.0.113.5', '198.51.100.7', '172.17.9.9', '10.1.2.3', '2001:db8::5', 'fd00::9', 'fd12:3456::1', '64:ff9b::cb00:7105', '2002:c000:201::1', '::1', '127.0.0.1', 'fe80::1'];

/** Seeded queries: 2–8 distinct answers from POOL, some with flags or a family. */
function queries(seed: number, n: number): Scenario['query'][] {
  const r = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const records = [...POOL].sort(() => r() - 0.5).slice(0, 2 + Math.floor(r() * 7));
    const q: Scenario['query'] = { name: `q${i}.test`, records };
    if (r() < 0.2) q.flags = ['AI_ADDRCONFIG'];
    if (r() < 0.1) q.family = 'AF_INET6';
    return q;
  });
}

/** What `--fields LIST` should print for a full document: schemaVersion, then LIST in document order. */
function projected(full: Record<string, unknown>, list: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of RESULT_FIELDS) if ((k === 'schemaVersion' || list.includes(k)) && k in full) out[k] = full[k];
  return out;
}

describe('simulate --fields', () => {
  const FIELD_LISTS: readonly string[][] = [['order'], ['status', 'order'], ['order', 'status'], ['explain', 'hint'], ['results'], ['glibc', 'undefinedBehavior', 'name'], [...RESULT_FIELDS]];

  it.each(FIELD_LISTS.map((l) => [l.join(',')]))('--json --fields %s prints those fields of the full document, in its order', (list) => {
    const fields = list.split(',');
    for (const profile of ['glibc', 'musl'] as const) {
      const full = JSON.parse(runCli(['simulate', '--json', '--profile', profile]).stdout) as Record<string, unknown>;
      const r = runCli(['simulate', '--json', '--profile', profile, '--fields', list]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${JSON.stringify(projected(full, fields), null, 2)}\n`);
    }
  });

  it('--profile all keeps each profile name in the projected results', () => {
    const doc = JSON.parse(runCli(['simulate', '--json', '--profile', 'all', '--fields', 'order']).stdout);
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'profiles']);
    expect(doc.profiles.map((p: Record<string, unknown>) => Object.keys(p))).toEqual(Array(4).fill(['schemaVersion', 'profile', 'order']));
    expect(doc.profiles.map((p: { profile: string }) => p.profile)).toEqual(['glibc', 'musl', 'go', 'rfc6724']);
  });

  it.each([
    [['simulate', '--json', '--fields', 'ordr'], /unknown field "ordr"/, /did you mean order\?/],
    [['simulate', '--json', '--fields', ','], /no field named/, /name some of/],
    [['simulate', '--fields', 'order'], /selects fields of the JSON output/, /add --json/],
    [['simulate', '--json', '--fields', 'query'], /unknown field "query"/, /fields: schemaVersion/],
    [['simulate', 'x.test', '--records', '192.0.2.1', '--json', '--fields', 'query'], /unknown field "query"/, /fields: schemaVersion/],
    [['simulate', '--json', '--fields', 'order', '--compare', 'rfc6724-update'], /not of --compare or --runtime/, /drop --fields/],
  ])('%j is a usage error (exit 2) with a hint', (args, message, hint) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
  });

  it('--names --fields keeps live mode\'s query field when asked for', () => {
    const hosts = file('hosts', '203.0.113.5 dual.test\n2001:db8::5 dual.test\n');
    const host = file('names-host.json', JSON.stringify(DOCKER_ULA_EXAMPLE.host));
    const names = file('names.txt', 'dual.test\n');
    const r = runCli(['simulate', '--names', names, '--no-dns', '--hosts-file', hosts, '--host', host, '--fields', 'order,query']);
    expect(r.code).toBe(0);
    const [line] = jsonLines(r.stdout);
    expect(Object.keys(line!)).toEqual(['schemaVersion', 'order', 'query']);
    expect(line!.order).toEqual(['203.0.113.5', '2001:db8::5']);
    expect((line!.query as { source: string }).source).toBe('hosts');
  });
});

describe('simulate --batch with a base', () => {
  const qs = queries(20261123, 60);
  const fullLines = qs.map((query) => JSON.stringify({ host: DOCKER_ULA_EXAMPLE.host, gaiConf: ULA_AS_GLOBAL, query })).join('\n');
  const queryLines = qs.map((query) => JSON.stringify({ query })).join('\n');
  const base = file('base.json', JSON.stringify({ host: DOCKER_ULA_EXAMPLE.host, gaiConf: ULA_AS_GLOBAL, query: { records: [] } }));
  const expected = runCli(['simulate', '--batch', '-'], { input: fullLines });

  it('the full lines give what the library gives', () => {
    expect(expected.code).toBe(0);
    const lines = jsonLines(expected.stdout);
    expect(lines).toHaveLength(qs.length);
    lines.forEach((l, i) => expect(l).toEqual(JSON.parse(JSON.stringify(simulate({ host: DOCKER_ULA_EXAMPLE.host, gaiConf: ULA_AS_GLOBAL, query: qs[i]! })))));
  });

  it('--scenario BASE with query-only lines prints byte for byte what the full lines print', () => {
    const r = runCli(['simulate', '--batch', '-', '--scenario', base], { input: queryLines });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected.stdout);
  });

  it('--host and --gai-conf as the base do the same', () => {
    const host = file('host.json', JSON.stringify(DOCKER_ULA_EXAMPLE.host));
    const conf = file('gai.conf', ULA_AS_GLOBAL);
    const r = runCli(['simulate', '--batch', '-', '--host', host, '--gai-conf', conf], { input: queryLines });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected.stdout);
  });

  it('a line\'s own keys win over the base; within query, key by key', () => {
    const other = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] };
    const records = ['2001:db8::5', '203.0.113.5'];
    const lines = [{ query: { records } }, { host: other, query: { records } }, { gaiConf: null, query: { records } }, { query: { records, family: 'AF_INET' } }];
    const r = runCli(['simulate', '--batch', '-', '--scenario', base, '--flags', 'AI_ADDRCONFIG'], { input: lines.map((l) => JSON.stringify(l)).join('\n') });
    expect(r.code).toBe(0);
    const got = jsonLines(r.stdout);
    const want = (s: Scenario) => JSON.parse(JSON.stringify(simulate(s)));
    const q = { records, flags: ['AI_ADDRCONFIG' as const] };
    expect(got).toEqual([
      want({ host: DOCKER_ULA_EXAMPLE.host, gaiConf: ULA_AS_GLOBAL, query: q }),
      want({ host: other, gaiConf: ULA_AS_GLOBAL, query: q }),
      want({ host: DOCKER_ULA_EXAMPLE.host, gaiConf: null, query: q }),
      want({ host: DOCKER_ULA_EXAMPLE.host, gaiConf: ULA_AS_GLOBAL, query: { ...q, family: 'AF_INET' } }),
    ]);
    expect(got[1]!.order).toEqual(['203.0.113.5']); // AI_ADDRCONFIG from the base: the other host has no IPv6
    expect(got[0]!.order).not.toEqual(got[2]!.order); // the line's gaiConf: null wins over the base's
  });

  it('--fields order prints the same orders, and nothing else', () => {
    const r = runCli(['simulate', '--batch', '-', '--scenario', base, '--fields', 'status,order'], { input: queryLines });
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)).toEqual(jsonLines(expected.stdout).map((l) => projected(l, ['status', 'order'])));
  });

  it('--all-pairs and --profile reach every line', () => {
    const r = runCli(['simulate', '--batch', '-', '--scenario', base, '--all-pairs', '--profile', 'musl', '--fields', 'profile,order,explain'], { input: queryLines });
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.filter((l) => (l.order as unknown[]).length >= 3).length).toBeGreaterThan(10);
    for (const l of lines) {
      const n = (l.order as unknown[]).length;
      expect(l.profile).toBe('musl');
      expect((l.explain as unknown[]).length).toBe(n < 2 ? 0 : (n * (n - 1)) / 2);
    }
  });

  it('a line without a host and no base is an error line, as before', () => {
    const r = runCli(['simulate', '--batch', '-'], { input: queryLines.split('\n')[0]! });
    expect(r.code).toBe(2);
    expect(jsonLines(r.stdout)[0]!.error).toMatchObject({ line: 1 });
    expect(r.stderr).toMatch(/missing the required key "host"/);
  });

  it.each([
    [['--records', '1.2.3.4'], /--records does not go with --batch/],
    [['--name', 'x.test'], /--name does not go with --batch/],
    [['--runtime', 'node'], /--runtime does not go with --batch/],
    [['--compare', 'rfc6724-update'], /--compare does not go with --batch/],
    [['x.test'], /--batch takes no NAME/],
    [['--scenario', 'BASE', '--host', 'BASE'], /--scenario and --host both give a host/],
    [['--scenario', '-'], /--scenario - and --batch - both read stdin/],
    [['--scenario', '/nonexistent/base.json'], /cannot read: ENOENT/],
    [['--scenario', 'BAD'], /bad\.json:3:1: /],
    [['--flags', 'AI_BOGUS'], /unknown flag AI_BOGUS/],
  ])('--batch - %j: exit 2, a message, no output', (extra, message) => {
    const bad = file('bad.json', '{\n  "host": { "interfaces": [] ,\n}');
    const args = extra.map((a) => (a === 'BASE' ? base : a === 'BAD' ? bad : a));
    const r = runCli(['simulate', '--batch', '-', ...args], { input: queryLines });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('a closed stdout', () => {
  it('`gaiconf simulate --batch … | head -1` stops quietly with exit 0', async () => {
    const many = Array.from({ length: 20_000 }, () => JSON.stringify(DOCKER_ULA_EXAMPLE)).join('\n');
    const child = spawn(process.execPath, [CLI, 'simulate', '--batch', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => {}); // the child may exit before it has read everything
    child.stdin.end(many);
    const first = await new Promise<string>((resolve) => {
      let got = '';
      child.stdout.on('data', (d: Buffer) => {
        got += d.toString();
        if (got.includes('\n')) {
          child.stdout.destroy();
          resolve(got.slice(0, got.indexOf('\n')));
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(JSON.parse(first).order).toEqual(['203.0.113.5', '2001:db8::5']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
