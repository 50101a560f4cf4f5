// The CLI refuses the option values the library refuses (src/check-options.ts), naming the flag.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('option values the library checks too', () => {
  it.each([
    [['simulate', '--glibc', 'banana'], /^gaiconf: --glibc banana: "banana" is not a glibc version\n {2}hint: .*2\.36/],
    [['lint', '--glibc', '2.x', '/dev/null'], /^gaiconf: --glibc 2\.x: /],
    [['apply', '--glibc', 'latest', '--intent', 'prefer-ipv4', '--dry-run', '--file', '/dev/null'], /^gaiconf: --glibc latest: /],
    [['simulate', '--profile', 'freebsd', '--freebsd-policy', 'ipv6-prefer'], /^gaiconf: --freebsd-policy ipv6-prefer: unknown policy\n {2}hint: did you mean ipv6_prefer\?/],
  ])('gaiconf %j: exit 2', (args, stderr) => {
    const r = runCli(args);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('accepts a development snapshot version', () => {
    expect(runCli(['simulate', '--glibc', '2.39.9000', '--json', '--fields', 'glibc'])).toMatchObject({ code: 0, stdout: `{\n  "schemaVersion": 1,\n  "glibc": "2.39.9000"\n}\n` });
  });

  it('every bad --intent is reported, each with its hint', () => {
    const r = runCli(['generate', '--intent', 'prefer-ipv5', '--intent', 'avoid 10.0.0.1/8', '--format', 'conf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gaiconf: --intent "prefer-ipv5": unknown intent "prefer-ipv5"\n {2}hint: did you mean "prefer-ipv4"\?.*\ngaiconf: --intent "avoid 10\.0\.0\.1\/8": avoid: "10\.0\.0\.1\/8" has bits set after \/8\n {2}hint: did you mean 10\.0\.0\.0\/8\?\n$/s);
  });
});
