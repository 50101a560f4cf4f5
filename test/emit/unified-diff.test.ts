// The diff behind lint --fix, apply and dockerfile patch: always a correct diff (patch(1) turns
// the old text into the new one), and linear in memory, so a big file with two changed lines far
// apart is a small diff instead of a (lines)² table (it was a RangeError at 100k lines).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLines, splitKeepingBreaks, unifiedDiff } from '../../src/emit/unified-diff.js';
import { prng } from '../support/prng.js';

function applyScript(a: string[], b: string[]): string {
  const out: string[] = [];
  let nextA = 0;
  let nextB = 0;
  for (const r of diffLines(a, b)) {
    if (r.kind !== '+') {
      expect(r.a).toBe(nextA);
      nextA += r.n;
    }
    if (r.kind !== '-') {
      expect(r.b).toBe(nextB);
      nextB += r.n;
    }
    for (let i = 0; i < r.n; i++) {
      if (r.kind === ' ') expect(a[r.a + i]).toBe(b[r.b + i]);
      if (r.kind !== '-') out.push(b[r.b + i]!);
    }
  }
  expect([nextA, nextB]).toEqual([a.length, b.length]);
  return out.join('');
}

describe('unifiedDiff', () => {
  it('is a correct edit script for seeded texts (and patch(1) agrees)', () => {
    const r = prng(0xd1ff);
    const dir = mkdtempSync(join(tmpdir(), 'gaiconf-diff-'));
    const havePatch = spawnSync('patch', ['--version']).status === 0;
    for (let t = 0; t < 400; t++) {
      const alpha = 1 + Math.floor(r() * 5);
      const a = Array.from({ length: Math.floor(r() * 30) }, () => `l${Math.floor(r() * alpha)}\n`);
      const b = a.filter(() => r() > 0.2).flatMap((l) => (r() < 0.2 ? [l, `x${Math.floor(r() * alpha)}\n`] : [l]));
      if (r() < 0.3 && b.length) b[b.length - 1] = b[b.length - 1]!.slice(0, -1);
      if (r() < 0.3 && a.length) a[a.length - 1] = a[a.length - 1]!.slice(0, -1);
      expect(applyScript(a, b)).toBe(b.join(''));
      if (havePatch && t % 10 === 0) {
        const diff = unifiedDiff(a.join(''), b.join(''), { old: 'f', new: 'f' });
        if (!diff) continue;
        writeFileSync(join(dir, 'f'), a.join(''));
        writeFileSync(join(dir, 'd'), diff);
        const p = spawnSync('patch', ['-s', '-p0', 'f', 'd'], { cwd: dir, encoding: 'utf8' });
        expect(p.status, p.stderr + diff).toBe(0);
        expect(readFileSync(join(dir, 'f'), 'utf8')).toBe(b.join(''));
      }
    }
  });

  it('a 100,000-line file with its first and last lines changed: two small hunks', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `precedence ::ffff:10.${(i >> 8) & 255}.${i & 255}.0/120 ${i % 90}\n`);
    const changed = lines.slice();
    changed[0] = 'precedence ::1/128 50\n';
    changed[changed.length - 1] = 'precedence ::/0 40\n';
    const diff = unifiedDiff(lines.join(''), changed.join(''), { old: 'a', new: 'b' });
    expect(diff.split('\n').filter((l) => l.startsWith('@@'))).toEqual(['@@ -1,4 +1,4 @@', '@@ -99997,4 +99997,4 @@']);
  });

  it('every line changed, none unique: still a correct diff, in bounded steps', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 'precedence 1.2.3.4/32 5\n' : '\n'));
    const b = a.map((l) => (l === '\n' ? l : 'precedence ::ffff:1.2.3.4/128 5\n'));
    expect(applyScript(a, b)).toBe(b.join(''));
  });

  it('keeps each line break and says when the last line has none', () => {
    expect(splitKeepingBreaks('a\r\nb\nc')).toEqual(['a\r\n', 'b\n', 'c']);
    expect(unifiedDiff('a\nb', 'a\nc', { old: 'x', new: 'y' })).toBe('--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    expect(unifiedDiff('', 'a\n', { old: '/dev/null', new: 'y' })).toBe('--- /dev/null\n+++ y\n@@ -0,0 +1,1 @@\n+a\n');
  });
});
