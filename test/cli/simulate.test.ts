import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import { simulate } from '../../src/simulate.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gaiconf-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('gaiconf simulate', () => {
  it('with no input runs the Docker ULA example: IPv4 first by Rule 5, with the fix hint', () => {
    const r = runCli(['simulate']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('203.0.113.5'))).toBeLessThan(lines.findIndex((l) => l.includes('2001:db8::5  ')));
    expect(r.stdout).toMatch(/Rule 5 \(prefer matching label\): source fd00::2 has label 6 but 2001:db8::5 has label 1/);
    expect(r.stdout).toMatch(/hint: .*label fd00::\/8 1/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour when not a TTY
  });

  it('--json prints the same document as the library', () => {
    const r = runCli(['simulate', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(simulate(DOCKER_ULA_EXAMPLE))));
  });

  it('keeps the --json contract fields', () => {
    const doc = JSON.parse(runCli(['simulate', '--json']).stdout) as Record<string, unknown>;
    for (const k of ['schemaVersion', 'name', 'profile', 'status', 'order', 'results', 'explain', 'diagnostics']) expect(doc).toHaveProperty(k);
    expect(doc.schemaVersion).toBe(1);
    const entry = (doc.results as Record<string, unknown>[])[0]!;
    for (const k of ['address', 'family', 'source', 'usable', 'errno', 'label', 'precedence', 'scope']) expect(entry).toHaveProperty(k);
  });

  it('reads a scenario file, and a gai.conf that fixes the ULA case', () => {
    const s = file('docker.json', JSON.stringify(DOCKER_ULA_EXAMPLE));
    const fix = file('gai.conf', 'label ::1/128 0\nlabel ::/0 1\nlabel 2002::/16 2\nlabel ::/96 3\nlabel ::ffff:0:0/96 4\nlabel fec0::/10 5\nlabel fc00::/7 6\nlabel 2001:0::/32 7\nlabel fd00::/8 1\n');
    const r = runCli(['simulate', '--scenario', s, '--gai-conf', fix, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).order).toEqual(['2001:db8::5', '203.0.113.5']);
  });

  it('--profile all shows the profiles side by side and marks where they differ', () => {
    const r = runCli(['simulate', '--profile', 'all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/glibc\s+musl\s+go\s+rfc6724/);
    const json = JSON.parse(runCli(['simulate', '--profile', 'all', '--json']).stdout);
    expect(json.profiles.map((p: { profile: string }) => p.profile)).toEqual(['glibc', 'musl', 'go', 'rfc6724']);
  });

  it('bad JSON gives file:line:column, a hint and exit 2, no stack trace', () => {
    const p = file('bad.json', '{\n  "host": { "interfaces": [] },\n  "query": { "records": [1,] }\n}\n');
    const r = runCli(['simulate', '--scenario', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${p}:3:`);
    expect(r.stderr).toMatch(/hint:/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('an invalid scenario names the JSON path and its place in the file', () => {
    const p = file('invalid.json', '{\n  "host": { "interfaces": [ { "name": "eth0", "adresses": [] } ] },\n  "query": { "records": ["010.1.1.1"] }\n}\n');
    const r = runCli(['simulate', '--scenario', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.host\.interfaces\[0\]\.adresses/);
    expect(r.stderr).toMatch(/addresses/);
    expect(r.stderr).toMatch(/\$\.query\.records\[0\]/);
    expect(r.stderr).toContain(`${p}:2:`);
  });

  it('pieces: --host, --records, --flags; bad records rejected with exit 2', () => {
    const host = file('host.json', JSON.stringify({ interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] }));
    const ok = runCli(['simulate', '--host', host, '--records', '2001:db8::1,198.51.100.1', '--flags', 'AI_ADDRCONFIG', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).order).toEqual(['198.51.100.1']);
    const bad = runCli(['simulate', '--host', host, '--records', '127.1']);
    expect(bad.code).toBe(2);
  });

  it('unknown profile and unknown option exit 2', () => {
    expect(runCli(['simulate', '--profile', 'bionic']).code).toBe(2);
    expect(runCli(['simulate', '--frobnicate']).code).toBe(2);
  });

  it('--batch streams one result line per input line; a bad line is an error line and exit 2', () => {
    const s = JSON.stringify(DOCKER_ULA_EXAMPLE);
    const input = `${s}\n{"host":1}\n${s}\n`;
    const r = runCli(['simulate', '--batch', '-'], { input });
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].order).toEqual(['203.0.113.5', '2001:db8::5']);
    expect(lines[1].error.line).toBe(2);
    expect(lines[2].order).toEqual(lines[0].order);
  });

  it('--batch reuses a repeated host but still validates every line', () => {
    const a = { ...DOCKER_ULA_EXAMPLE, query: { records: ['2001:db8::5', '203.0.113.5'] } };
    const b = { ...DOCKER_ULA_EXAMPLE, query: { records: ['203.0.113.9', '2001:db8::9'] } };
    const bad = { ...DOCKER_ULA_EXAMPLE, query: { records: ['127.1'] } };
    const other = { ...DOCKER_ULA_EXAMPLE, host: { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] } };
    const r = runCli(['simulate', '--batch', '-'], { input: [a, b, bad, other].map((x) => JSON.stringify(x)).join('\n') });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.order ?? 'error')).toEqual([
      simulate(a as never).order,
      simulate(b as never).order,
      'error',
      simulate(other as never).order,
    ]);
    expect(lines[3].results[1].usable).toBe(false); // the other host has no IPv6 route
    expect(r.code).toBe(2);
  });

  it('SIGSEGV is a status, not a failure of the tool', () => {
    const s = file('crash.json', JSON.stringify({ ...DOCKER_ULA_EXAMPLE, gaiConf: 'scopev4 198.51.100.7 2\n' }));
    const r = runCli(['simulate', '--scenario', s, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('SIGSEGV');
    expect(JSON.parse(runCli(['simulate', '--scenario', s, '--json', '--glibc', '2.41']).stdout).status).toBe('OK');
  });

  it('--profile all shows each profile\'s hint: where a gai.conf fix helps glibc, the others say they never read the file', () => {
    const r = runCli(['simulate', '--profile', 'all']);
    expect(r.stdout).toMatch(/^hint \(glibc\): fix: .*ula-as-global/m);
    for (const p of ['musl', 'go', 'rfc6724']) expect(r.stdout).toMatch(new RegExp(`^hint \\(${p}\\): .*ignores /etc/gai\\.conf|^hint \\(${p}\\): .*reads no /etc/gai\\.conf`, 'm'));
  });

  it('--runtime go: one heading, the lookup, and the list named as Go\'s own sort, not getaddrinfo\'s', () => {
    const r = runCli(['simulate', '--runtime', 'go']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Go net\.Dialer/gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/^  lookup: pure-Go resolver/m);
    expect(r.stdout).toMatch(/^  Go's own sort \(no gai\.conf\): 203\.0\.113\.5, 2001:db8::5$/m);
    expect(r.stdout).not.toMatch(/getaddrinfo order/);
    expect(r.stdout).toMatch(/^hint: .*GODEBUG=netdns=cgo/m);
    expect(runCli(['simulate', '--runtime', 'node@20']).stdout).toMatch(/^  getaddrinfo order: 203\.0\.113\.5, 2001:db8::5$/m);
  });
});
