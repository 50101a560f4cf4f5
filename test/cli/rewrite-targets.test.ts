// The files apply, lint --fix and dockerfile patch rewrite, as hostile as they come: two applies
// at once, a FIFO, a dangling link, a file that is no gai.conf, a lint --fix that would change
// the policy (the diff says so).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planApply } from '../../src/cli/commands/apply.js';
import { renderIntents } from '../../src/emit/gai-conf.js';
import { CLI, runCli } from './run-cli.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gaiconf-targets-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function applyProcess(file: string, intent: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'apply', '--file', file, '--intent', intent], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const planned = (existing: Buffer | null, intent: string): Buffer => planApply({ existing, content: renderIntents([intent]).text }).bytes;

describe('two applies at once', () => {
  it('20 rounds: never a lost policy; when they overlap, one wins and the other exits 75; .bak holds what the winner replaced', async () => {
    const original = Buffer.from('# the original\nprecedence ::ffff:0:0/96 100\n');
    let overlapped = 0;
    for (let round = 0; round < 20; round++) {
      const f = join(dir, `race-${round}.conf`);
      writeFileSync(f, original);
      const [a, b] = await Promise.all([applyProcess(f, 'prefer-ipv4'), applyProcess(f, 'prefer-ipv6')]);
      const now = readFileSync(f);
      const bak = readFileSync(`${f}.bak`);
      const codes = [a.code, b.code];
      expect(codes.every((c) => c === 0 || c === 75), `round ${round}: ${a.stderr}${b.stderr}`).toBe(true);
      if (codes.includes(75)) {
        overlapped++;
        expect(codes.sort()).toEqual([0, 75]);
        const loser = a.code === 75 ? a : b;
        expect(loser.stderr).toMatch(/another gaiconf (?:\(pid \d+\) )?is writing|changed after gaiconf read it/);
        expect(loser.stderr).toMatch(/nothing written/);
        const winner = a.code === 0 ? 'prefer-ipv4' : 'prefer-ipv6';
        expect(now.equals(planned(original, winner)), `round ${round}: the winner's policy`).toBe(true);
        expect(bak.equals(original), `round ${round}: .bak is the original`).toBe(true);
      } else {
        // one after the other: the second planned from the first one's file
        const first = [planned(original, 'prefer-ipv4'), planned(original, 'prefer-ipv6')].find((x) => bak.equals(x));
        expect(first, `round ${round}: .bak is the first run's result`).toBeDefined();
        const second = first!.equals(planned(original, 'prefer-ipv4')) ? 'prefer-ipv6' : 'prefer-ipv4';
        expect(now.equals(planned(first!, second))).toBe(true);
      }
      expect(readdirSync(dir).filter((n) => n.startsWith(`.race-${round}.conf`))).toEqual([]);
    }
    expect(overlapped).toBeGreaterThan(0);
  }, 120_000);
});

describe('odd targets', () => {
  it('a FIFO is refused before it is read (no hang): apply, lint --fix, dockerfile patch', () => {
    const fifo = join(dir, 'fifo.conf');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const args of [['apply', '--file', fifo, '--intent', 'prefer-ipv4'], ['lint', '--fix', fifo], ['dockerfile', 'patch', fifo, '--intent', 'prefer-ipv4']]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(r.signal, args.join(' ')).toBeNull();
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/a FIFO, not a regular file/);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a dangling symlink is followed: the file is created where it points and the link stays', () => {
    mkdirSync(join(dir, 'etc-real'));
    const link = join(dir, 'dangling.conf');
    symlinkSync(join(dir, 'etc-real', 'gai.conf'), link);
    const r = runCli(['apply', '--file', link, '--intent', 'prefer-ipv4']);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'etc-real', 'gai.conf'), 'utf8')).toContain('# BEGIN gaiconf');
  });

  it('a file whose active lines are all errors is no gai.conf: refused unless --force', () => {
    const f = join(dir, 'passwd');
    const text = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    writeFileSync(f, text);
    const r = runCli(['apply', '--file', f, '--intent', 'prefer-ipv4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not look like a gai\.conf: none of its 2 active lines is one glibc reads/);
    expect(readFileSync(f, 'utf8')).toBe(text);
    expect(existsSync(`${f}.bak`)).toBe(false);
    const forced = runCli(['apply', '--file', f, '--intent', 'prefer-ipv4', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(`${f}.bak`, 'utf8')).toBe(text);
    // a gai.conf with one readable line among bad ones is still a gai.conf
    const g = join(dir, 'mixed.conf');
    writeFileSync(g, 'precedence 1.2.3.4/24 100\nprecedence ::ffff:0:0/96 100\n');
    expect(runCli(['apply', '--file', g, '--intent', 'prefer-ipv4']).code).toBe(0);
  });
});

describe('lint --fix says what it changes for glibc', () => {
  it('the policy changes come before the diff; --keep-policy leaves them out', () => {
    const text = '# mine\nprecedence ::ffff:0:0/96 100\nprecedence 198.51.100.0/24 45\nprecedence ::ffff:0:0/96 7\n';
    const f = join(dir, 'fix.conf');
    writeFileSync(f, text);
    const dry = join(dir, 'keep.conf');
    const kept = '# mine\nprecedence ::ffff:0:0/96 100\nprecedence ::ffff:0:0/96 7\n';
    writeFileSync(dry, kept);
    const r = runCli(['lint', '--fix', f]);
    expect(r.stdout).toMatch(/^gaiconf lint --fix changes what glibc reads \(everything else reads as before\):\n {2}line 2 \[partial-table\], glibc ≤ 2\.40 and ≥ 2\.41: ::1\/128 40.* → ::1\/128 50/);
    expect(r.stdout).toMatch(/\n {2}line 3 \[ipv4-prefix\], glibc ≤ 2\.40 and ≥ 2\.41: nothing → precedence ::ffff:198\.51\.100\.0\/120 45\n--- /);
    expect(r.stderr).toMatch(/fixed line 4 \[duplicate-prefix\]/);
    const k = runCli(['lint', '--fix', '--keep-policy', dry]);
    expect(k.code).toBe(1); // the partial table is still reported: restating it would change the policy
    expect(k.stdout.startsWith(`--- ${dry}\n`)).toBe(true);
    expect(readFileSync(dry, 'utf8')).toBe(kept.replace('precedence ::ffff:0:0/96 7\n', '# gaiconf lint --fix: duplicate of line 2, which wins: precedence ::ffff:0:0/96 7\n'));
  });

  it('bytes that are not UTF-8 survive on the lines it does not touch, and the diff shows the lines it does', () => {
    const f = join(dir, 'latin1.conf');
    const original = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nprecedence ::ffff:0:0/96 100\nprecedence 198.51.100.0/24 45 # \xff'.replace('\xff', '')), Buffer.from([0xff, 0x0a])]);
    writeFileSync(f, original);
    const r = spawnSync(process.execPath, [CLI, 'lint', '--fix', f]);
    expect(r.status).toBe(0);
    const now = readFileSync(f);
    expect(now.subarray(0, 7).equals(original.subarray(0, 7))).toBe(true);
    expect(now.includes(Buffer.from([0x23, 0x20, 0xff, 0x0a]))).toBe(true);
    expect(r.stdout.includes(Buffer.concat([Buffer.from('+precedence ::ffff:198.51.100.0/120 45 # '), Buffer.from([0xff, 0x0a])]))).toBe(true);
  });
});
