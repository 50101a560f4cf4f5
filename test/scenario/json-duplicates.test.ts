// A key given twice in one object: JSON.parse keeps the last silently, so a file gaiconf reads
// is refused with every place (findDuplicateKeys), and the CLI exits 2 naming them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDuplicateKeys, hasDuplicateKeys } from '../../src/scenario/json-duplicates.js';
import { runCli } from '../cli/run-cli.js';

const CASES: { name: string; text: string; want: { path: string; at: string[] }[] }[] = [
  { name: 'none', text: '{"a": 1, "b": {"a": 2}}', want: [] },
  { name: 'top level', text: '{"host": {}, "query": {},\n "host": {}}', want: [{ path: '$.host', at: ['1:2', '2:2'] }] },
  { name: 'three times, nested in an array', text: '{"x": [{"to": 1}, {"to": 1, "to": 2, "to": 3}]}', want: [{ path: '$.x[1].to', at: ['1:20', '1:29', '1:38'] }] },
  { name: 'escaped spelling of the same key', text: '{"host": 1, "\\u0068ost": 2}', want: [{ path: '$.host', at: ['1:2', '1:13'] }] },
  { name: 'odd key', text: '{"a b": 1, "a b": 2}', want: [{ path: '$["a b"]', at: ['1:2', '1:12'] }] },
  { name: 'after a byte-order mark', text: '\uFEFF{"a": 1, "a": 2}', want: [{ path: '$.a', at: ['1:2', '1:10'] }] },
  { name: 'in order of the first occurrence', text: '{"b": {"y": 1, "y": 2},\n"a": 1, "a": 2}', want: [{ path: '$.b.y', at: ['1:8', '1:16'] }, { path: '$.a', at: ['2:1', '2:9'] }] },
];

describe('findDuplicateKeys', () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(findDuplicateKeys(c.text).map((d) => ({ path: d.path, at: d.at.map((p) => `${p.line}:${p.column}`) }))).toEqual(c.want);
    });
  }

  it('the fast check (regex over the text, count of parsed keys) says the same on tricky texts', () => {
    // strings holding quotes, colons, backslashes and braces; keys that differ only by escapes
    let state = 20261207;
    const rand = (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const atoms = [...['a', 'a"', '":', 'x\\', '{"k": 1}', ':', '\\"'].map((t) => JSON.stringify(t)), '"\\u0061"', '1', 'null', 'true'];
    const keys = [...['a', 'b', 'a"', ':', '__proto__', 'a b', '\\'].map((t) => JSON.stringify(t)), '"\\u0061"'];
    const gen = (depth: number): string => {
      const k = rand(depth > 3 ? 2 : 4);
      if (k < 2) return atoms[rand(atoms.length)]!;
      if (k === 2) return `[${Array.from({ length: rand(4) }, () => gen(depth + 1)).join(' , ')}]`;
      return `{${Array.from({ length: rand(4) }, () => `${keys[rand(keys.length)]} :${gen(depth + 1)}`).join(',')}}`;
    };
    let dupTexts = 0;
    for (let i = 0; i < 3000; i++) {
      const text = gen(0);
      const value = JSON.parse(text) as unknown;
      const exact = findDuplicateKeys(text).length > 0;
      if (exact) dupTexts++;
      expect(hasDuplicateKeys(text, value), text).toBe(exact);
    }
    expect(dupTexts).toBeGreaterThan(100);
  });

  it('walks any depth JSON.parse accepts', () => {
    const deep = `${'['.repeat(20000)}{"k": 1, "k": 2}${']'.repeat(20000)}`;
    expect(findDuplicateKeys(deep)).toHaveLength(1);
  });
});

describe('the CLI refuses a scenario or host file with a duplicate key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gaiconf-dup-'));
  const scenario = join(dir, 'dup.json');
  writeFileSync(
    scenario,
    '{\n  "host": {\n    "interfaces": [{ "name": "eth0", "addresses": ["192.0.2.2/24", "2001:db8::2/64"] }],\n    "routes": [{ "to": "default", "via": "192.0.2.1" }],\n    "routes": [{ "to": "default", "via": "2001:db8::1" }]\n  },\n  "query": { "records": ["2001:db8::5", "192.0.2.5"] }\n}\n',
  );
  const host = join(dir, 'host.json');
  writeFileSync(host, '{"interfaces": [], "interfaces": [{"name": "eth0", "addresses": []}]}');

  it('--scenario: exit 2, file:line:column of the first, where the others are, and a hint', () => {
    const r = runCli(['simulate', '--scenario', scenario]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${scenario}:4:5: key "routes" is given 2 times in one object (again at 5:5); JSON.parse would keep only the last (at $.host.routes)`);
    expect(r.stderr).toMatch(/hint: Merge them into one/);
    expect(r.stdout).toBe('');
  });

  it('--host likewise', () => {
    const r = runCli(['simulate', '--host', host, '--records', '192.0.2.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${host}:1:2: key "interfaces" is given 2 times`);
  });
});
