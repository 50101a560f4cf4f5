import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileChangedError, writeFileAtomic } from '../../src/adapters/atomic-write.js';
import { FileLockedError, lockPathOf } from '../../src/adapters/file-lock.js';
import { NotRegularFileError, readRegularFile } from '../../src/adapters/read-regular.js';
import { prng, tempDir } from './helpers.js';

const WRITER = new URL('./fixtures/atomic-writer.ts', import.meta.url).pathname;

describe('writeFileAtomic', () => {
  it('follows a dangling symlink: creates the file it points to, the link stays', () => {
    const { dir, cleanup } = tempDir();
    try {
      const link = join(dir, 'gai.conf');
      symlinkSync('real/gai.conf', link);
      mkdirSync(join(dir, 'real'));
      const r = writeFileAtomic(link, 'x\n', { backup: true });
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(r.path).toBe(join(dir, 'real', 'gai.conf'));
      expect(readFileSync(join(dir, 'real', 'gai.conf'), 'utf8')).toBe('x\n');
      expect(r.backup).toBeNull();
    } finally {
      cleanup();
    }
  });

  it.runIf(process.getuid?.() === 0)('the backup keeps the original\'s owner and mode (as root)', () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'gai.conf');
      writeFileSync(f, 'old\n');
      chmodSync(f, 0o640);
      chownSync(f, 1234, 2345);
      writeFileAtomic(f, 'new\n', { backup: true });
      for (const p of [f, `${f}.bak`]) {
        const st = statSync(p);
        expect([st.uid, st.gid, st.mode & 0o7777], p).toEqual([1234, 2345, 0o640]);
      }
      expect(readFileSync(`${f}.bak`, 'utf8')).toBe('old\n');
    } finally {
      cleanup();
    }
  });

  it('compare-and-swap: a file that is not what the caller read is left alone, backup included', () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'gai.conf');
      writeFileSync(f, 'someone else wrote this\n');
      expect(() => writeFileAtomic(f, 'mine\n', { backup: true, expect: Buffer.from('what I read\n') })).toThrow(FileChangedError);
      expect(() => writeFileAtomic(f, 'mine\n', { expect: null })).toThrow(FileChangedError);
      expect(readFileSync(f, 'utf8')).toBe('someone else wrote this\n');
      expect(readdirSync(dir)).toEqual(['gai.conf']);
      writeFileAtomic(f, 'mine\n', { backup: true, expect: Buffer.from('someone else wrote this\n') });
      expect(readFileSync(`${f}.bak`, 'utf8')).toBe('someone else wrote this\n');
    } finally {
      cleanup();
    }
  });

  it('a lock held by a running process is refused; one left by a dead process is taken over', () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'gai.conf');
      writeFileSync(f, 'old\n');
      const lock = lockPathOf(f);
      writeFileSync(lock, `${process.pid} ${readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]}\n`);
      expect(() => writeFileAtomic(f, 'new\n')).toThrow(FileLockedError);
      expect(readFileSync(f, 'utf8')).toBe('old\n');
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      writeFileSync(lock, `${dead} 1\n`);
      const r = writeFileAtomic(f, 'new\n');
      expect(readFileSync(f, 'utf8')).toBe('new\n');
      expect(r.cleaned.join()).toMatch(new RegExp(`left by pid ${dead}`));
      expect(existsSync(lock)).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('a FIFO (or any non-regular file) is refused before it is read', () => {
    const { dir, cleanup } = tempDir();
    try {
      const fifo = join(dir, 'gai.conf');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      expect(() => readRegularFile(fifo)).toThrow(NotRegularFileError);
      expect(() => writeFileAtomic(fifo, 'x\n')).toThrow(NotRegularFileError);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(readRegularFile(join(dir, 'absent'))).toBeNull();
    } finally {
      cleanup();
    }
  });

  it('replaces the content, keeps the mode, and keeps a backup on request', () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'gai.conf');
      writeFileSync(f, 'old\n');
      chmodSync(f, 0o640);
      const r = writeFileAtomic(f, 'new \u00e9\n', { backup: true });
      expect(readFileSync(f, 'utf8')).toBe('new \u00e9\n');
      expect(statSync(f).mode & 0o777).toBe(0o640);
      expect(r.backup).toBe(`${f}.bak`);
      expect(readFileSync(`${f}.bak`, 'utf8')).toBe('old\n');
      expect(readdirSync(dir).sort()).toEqual(['gai.conf', 'gai.conf.bak']);
      writeFileAtomic(f, new Uint8Array([0xff, 0x00, 0x0a]));
      expect([...readFileSync(f)]).toEqual([0xff, 0x00, 0x0a]);
      expect(readFileSync(`${f}.bak`, 'utf8')).toBe('old\n');
    } finally {
      cleanup();
    }
  });

  it('creates a new file (0644) without a backup, and follows a symlink instead of replacing it', () => {
    const { dir, cleanup } = tempDir();
    try {
      const f = join(dir, 'new.conf');
      expect(writeFileAtomic(f, 'x', { backup: true }).backup).toBeNull();
      expect(statSync(f).mode & 0o777).toBe(0o644);
      const link = join(dir, 'link.conf');
      symlinkSync('new.conf', link);
      const r = writeFileAtomic(link, 'via link');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(r.path).toBe(f);
      expect(readFileSync(f, 'utf8')).toBe('via link');
    } finally {
      cleanup();
    }
  });

  it('leaves the target untouched and no temp file when it cannot write', () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(() => writeFileAtomic(join(dir, 'missing', 'x.conf'), 'x')).toThrow(/ENOENT/);
      expect(() => writeFileAtomic(dir, 'x')).toThrow();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('SIGKILL at random moments never leaves a partial or empty target (20 kills)', async () => {
    const { dir, cleanup } = tempDir();
    const size = 4 << 20;
    const target = join(dir, 'gai.conf');
    const initial = Buffer.from('initial content\n');
    writeFileSync(target, initial);
    const ok = (b: Buffer) => b.equals(initial) || (b.length === size && (b.every((x) => x === 0x41) || b.every((x) => x === 0x42)));
    const rand = prng(20240613);
    let replaced = 0;
    try {
      for (let k = 0; k < 20; k++) {
        const child = spawn(process.execPath, ['--import', 'tsx', WRITER, target, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
        await new Promise<void>((resolve, reject) => {
          child.once('error', reject);
          child.stdout.once('data', () => resolve());
          child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
        });
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 40)));
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        const now = readFileSync(target);
        expect(ok(now), `kill ${k}: target has ${now.length} bytes`).toBe(true);
        if (!now.equals(initial)) replaced++;
        if (existsSync(`${target}.bak`)) expect(ok(readFileSync(`${target}.bak`)), `kill ${k}: backup`).toBe(true);
      }
      expect(replaced).toBeGreaterThan(0);
      // only the target, its backup, the lock and at most a leftover temp file per kill remain…
      const other = readdirSync(dir).filter((n) => n !== 'gai.conf' && n !== 'gai.conf.bak');
      for (const n of other) expect(n).toMatch(/^\.gai\.conf(\.bak)?\.gaiconf-(\d+-[0-9a-f]+\.tmp|lock)$/);
      // …and the next run takes the lock over and removes them, saying so
      const r = writeFileAtomic(target, 'after\n', { backup: true });
      expect(r.cleaned.length).toBe(other.length);
      expect(readdirSync(dir).sort()).toEqual(['gai.conf', 'gai.conf.bak']);
    } finally {
      cleanup();
    }
  }, 120_000);
});
