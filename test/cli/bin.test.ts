// The installed executable (dist/gaiconf.mjs) loads only the bundle and the command it runs;
// it must behave exactly as the program with every command registered (dist/cli/main.js).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { LAZY_COMMANDS } from '../../src/cli/lazy-commands.js';
import { CLI } from './run-cli.js';

const BIN = join(import.meta.dirname, '../../dist/gaiconf.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'gaiconf-bin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string, args: string[]) {
  const r = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gaiconf executable', () => {
  it('lists the same commands, in the same order, as main.ts', () => {
    expect(Object.keys(LAZY_COMMANDS)).toEqual(buildProgram().commands.map((c) => c.name()));
  });

  it.each([
    [['simulate', '--json']],
    [['simulate', '--explain', '--profile', 'all']],
    [['simulate', '--no-such-option']],
    [['simulate', '--help']],
    [['generate', '--intent', 'prefer-ipv4']],
    [['lint', join(tmp, 'missing.conf')]],
    [['--help']],
    [['help', 'simulate']],
    [['--version']],
    [['no-such-command']],
    [[]],
  ])('gaiconf %j: same stdout, stderr and exit status as dist/cli/main.js', (args) => {
    const want = run(CLI, args);
    const got = run(BIN, args);
    expect(got).toEqual(want);
  });

  it('runs through a symlink, as npm installs it', () => {
    const link = join(tmp, 'gaiconf');
    symlinkSync(BIN, link);
    const r = run(link, ['simulate', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('OK');
  });
});
