// docs/cli.md's conventions, held for every command: errors as `file:line:column: message` (in a
// file) or `gaiconf: message`, each with a `hint:` line; NO_COLOR as no-color.org defines it; and
// what `gaiconf` without a command does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { styleFor } from '../../src/cli/style.js';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gaiconf-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Every line is a message (`gaiconf: …` or `file:line:column: …`) or the hint under one. */
const CONVENTIONAL = /^(?:(?:gaiconf: |[^\s:][^\n]*?:\d+:\d+: )[^\n]+\n  hint: [^\n]+\n)+$/;

describe('errors from the argument parser', () => {
  it.each([
    [['simulate', '--frobnicate'], /^gaiconf: simulate: unknown option '--frobnicate'\n  hint: gaiconf simulate --help lists/],
    [['simulate', '--profil', 'musl'], /^gaiconf: simulate: unknown option '--profil'\n  hint: did you mean --profile\?/],
    [['simulat'], /^gaiconf: unknown command 'simulat'\n  hint: did you mean simulate\? \(gaiconf --help lists the commands\)/],
    [['simulate', '--scenario'], /^gaiconf: simulate: option '--scenario <file>' argument missing\n/],
    [['lint', 'a', 'b'], /^gaiconf: lint: too many arguments/],
    [['host', 'capture', '--nope'], /^gaiconf: host capture: unknown option '--nope'\n  hint: gaiconf host capture --help/],
    [['dockerfile', 'patch'], /^gaiconf: dockerfile patch: missing required argument 'path'/],
    [['listen'], /^gaiconf: listen: missing required argument 'address'/],
  ])('gaiconf %j: exit 2, `gaiconf: …` and a hint, nothing else', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(CONVENTIONAL);
    expect(r.stderr).not.toMatch(/^error:/m);
  });
});

describe('gaiconf without a command', () => {
  it('prints the help on stderr and exits 2 (a usage error); --help prints it on stdout and exits 0', () => {
    const bare = runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^Usage: gaiconf \[options\] \[command\]/);
    expect(bare.stderr).toMatch(/simulate \[options\] \[name\]/);
    for (const args of [['--help'], ['help']]) {
      const help = runCli(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(bare.stderr);
    }
    const one = runCli(['help', 'simulate']);
    expect([one.code, one.stderr]).toEqual([0, '']);
    expect(one.stdout).toMatch(/^Usage: gaiconf simulate \[options\] \[name\]/);
  });

  it('a command group without its subcommand does the same', () => {
    for (const group of ['host', 'dockerfile']) {
      const r = runCli([group]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^Usage: gaiconf ${group} \\[options\\] \\[command\\]`));
    }
  });
});

describe('--host FILE errors are placed in the file', () => {
  const host = file('host.json', '{\n  "interfaces": [\n    { "name": "eth0", "adresses": ["192.0.2.2/24"] }\n  ]\n}\n');
  it.each([
    [['simulate', '--host', host, '--records', '192.0.2.9']],
    [['simulate', '--batch', '-', '--host', host]],
    [['listen', '80', '--host', host]],
  ])('gaiconf %j', (args) => {
    const r = runCli(args, { input: '{"query":{"records":["192.0.2.9"]}}\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${host}:3:23: unknown key "adresses" in an interface (at $.interfaces[0].adresses)\n  hint: Did you mean "addresses"?`);
    expect(r.stderr).toMatch(CONVENTIONAL);
  });

  it('a bad answer on the command line names its option', () => {
    const ok = file('ok.json', JSON.stringify({ interfaces: [{ name: 'eth0', addresses: ['192.0.2.2/24'] }] }));
    const r = runCli(['simulate', '--host', ok, '--records', '192.0.2.9,127.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gaiconf: --records: record: "127\.1" is not an IP address/);
    expect(r.stderr).toMatch(CONVENTIONAL);
  });
});

describe('simulate --records needs a host', () => {
  it('without --host or --scenario: exit 2 with the ways to give one, not the example or an empty host', () => {
    const r = runCli(['simulate', '--records', '2001:db8::5,203.0.113.5']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gaiconf: --records needs a host/);
    expect(r.stderr).toMatch(/hint: .*--host live.*--host FILE.*--scenario FILE/);
  });

  it("--records '' is an error, not the embedded example", () => {
    const s = file('s.json', JSON.stringify(DOCKER_ULA_EXAMPLE));
    for (const args of [['simulate', '--records', ''], ['simulate', '--scenario', s, '--records', ' , ']]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^gaiconf: --records .*: no address\n  hint: /);
    }
  });

  it('--flags alone adjusts the embedded example', () => {
    const r = runCli(['simulate', '--flags', 'AI_ADDRCONFIG', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).order).toEqual(['203.0.113.5', '2001:db8::5']);
  });
});

describe('gai.conf diagnostics name the file they are in', () => {
  const s = file('docker.json', JSON.stringify({ ...DOCKER_ULA_EXAMPLE, gaiConf: '# x\nprecedence ::ffff:0:0/96 100\n' }));
  const conf = file('my-gai.conf', 'label fd00::/8 1\n');
  it('--gai-conf FILE', () => {
    const r = runCli(['simulate', '--scenario', s, '--gai-conf', conf]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${conf}:1:1: warning[replaces-defaults]`);
    expect(r.stdout).not.toMatch(/^gai\.conf:/m);
  });
  it("the scenario's own gaiConf", () => {
    const r = runCli(['simulate', '--scenario', s]);
    expect(r.stdout).toContain(`${s} (gaiConf):2:1: warning[replaces-defaults]`);
  });
});

describe('NO_COLOR (no-color.org)', () => {
  const tty = { isTTY: true };
  it('set to a non-empty value turns colour off; empty or unset leaves it on (on a terminal)', () => {
    expect(styleFor(tty, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(styleFor(tty, { NO_COLOR: 'false' }).red('x')).toBe('x');
    expect(styleFor(tty, { NO_COLOR: '' }).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor(tty, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor({ isTTY: false }, {}).red('x')).toBe('x');
    expect(styleFor(tty, { TERM: 'dumb' }).red('x')).toBe('x');
  });
});
