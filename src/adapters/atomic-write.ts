// Replace a file so that, whatever happens (a crash, SIGKILL, a full disk), it holds either its
// old bytes or its new bytes: never a partial or empty file. The new bytes go to a temporary
// file in the same directory (rename is atomic only within a file system), which is written,
// fsync'ed and renamed over the target; then the directory is fsync'ed so the rename is durable.
// Used by `gaiconf dockerfile patch`, `gaiconf apply` and `gaiconf lint --fix`.
//
// Writers of one file take turns and never write over each other's work:
//   - a lock file beside the target (file-lock.ts) keeps two gaiconf runs apart;
//   - with `expect` (the bytes the caller read and planned from), the file is compared with it
//     under the lock and left alone when it changed meanwhile (compare-and-swap), so a plan made
//     from an old file is never written over a newer one;
//   - the backup is made from those same bytes, with the original's mode and owner, so PATH.bak
//     holds what the caller saw.
// Temporary files a killed run left behind (its pid no longer runs) are removed by the next
// run and reported. Links are followed, also a dangling one: the file is created where it points.

import { closeSync, fsyncSync, fchmodSync, fchownSync, lstatSync, openSync, readdirSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { lockFile, ownerRuns, tempNameBeside } from './file-lock.js';
import { NotRegularFileError, readRegularFile } from './read-regular.js';

export interface WriteFileAtomicOptions {
  /** keep the previous content as `<path>.bak` (itself replaced atomically) before replacing */
  backup?: boolean;
  /** mode of a new file (default 0o644); an existing file keeps its mode */
  mode?: number;
  /**
   * The content the caller read, or null when the file did not exist: the write happens only if
   * the file still holds exactly this (else FileChangedError). Undefined: no comparison.
   */
  expect?: Uint8Array | null;
}

export interface WriteFileAtomicResult {
  /** the file actually replaced (a symlink's target) */
  path: string;
  /** the backup written, or null */
  backup: string | null;
  /** what was found and cleaned up: temporary files of killed runs, a lock left behind */
  cleaned: string[];
}

/** The file is not what the caller read any more: someone else wrote it meanwhile. */
export class FileChangedError extends Error {
  readonly code = 'ECHANGED';
  constructor(readonly path: string) {
    super(`${path} changed while gaiconf was working on it`);
  }
}

const TEMP = /^\.(.+)\.gaiconf-(\d+)-[0-9a-f]+\.tmp$/;

/** Follow links to the file a write lands in, even when the last one points nowhere yet. */
export function resolveTarget(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return p;
      throw e;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  const err = new Error(`${path}: too many levels of symbolic links`) as NodeJS.ErrnoException;
  err.code = 'ELOOP';
  throw err;
}

function existing(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** fsync a directory so a rename in it survives a crash; some file systems refuse, which is fine. */
function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** Write `data` to a fresh temporary file beside `target`, fsync it, rename it over `target`. */
function replaceWith(target: string, data: Uint8Array, mode: number, owner: Stats | null): void {
  const tmp = tempNameBeside(target);
  let fd: number | null = openSync(tmp, 'wx', mode);
  try {
    writeAll(fd, data);
    fchmodSync(fd, mode); // the umask may have narrowed the mode given to open
    if (owner && process.getuid?.() === 0) {
      try {
        fchownSync(fd, owner.uid, owner.gid);
      } catch {
        // keep root's ownership when the original owner cannot be restored
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/** Temporary files of `target` and its backup whose writer no longer runs: removed, and named. */
function cleanLeftovers(target: string, backup: string | null): string[] {
  const names = new Set([basename(target), ...(backup ? [basename(backup)] : [])]);
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return out;
  }
  for (const f of entries) {
    const m = TEMP.exec(f);
    if (!m || !names.has(m[1]!) || ownerRuns(m[2]!)) continue;
    try {
      unlinkSync(join(dirname(target), f));
      out.push(`${join(dirname(target), f)} (left by pid ${m[2]}, which no longer runs)`);
    } catch {
      // someone else removed it
    }
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Atomically replace `path` with `data` (a string is written as UTF-8), under the lock. A
 * symlink is followed: the file it points to is replaced (or created) and the link stays. An
 * existing file keeps its mode (and its owner, when running as root). With `backup`, the old
 * content is first saved to `<path>.bak` with the same mode and owner, itself atomically.
 * Throws FileLockedError (another gaiconf writes it), FileChangedError (not what `expect`
 * says), NotRegularFileError, or the underlying fs error (EACCES, ENOSPC, …); the target is
 * then untouched.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): WriteFileAtomicResult {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const target = resolveTarget(path);
  const backup = options.backup ? `${path}.bak` : null;
  const lock = lockFile(target);
  try {
    const cleaned = cleanLeftovers(target, backup);
    if (lock.brokeStale !== null) cleaned.unshift(`${lock.path} (left by pid ${lock.brokeStale}, which no longer runs)`);
    const old = existing(target);
    if (old && !old.isFile()) throw new NotRegularFileError(target, old.isDirectory() ? 'a directory' : 'not a regular file');
    const current = old ? readRegularFile(target) : null;
    if (options.expect !== undefined) {
      const expected = options.expect;
      if (expected === null ? current !== null : current === null || !sameBytes(current, expected)) throw new FileChangedError(path);
    }
    const mode = old ? old.mode & 0o7777 : (options.mode ?? 0o644);
    let backupWritten: string | null = null;
    if (backup && old && current) {
      replaceWith(resolveTarget(backup), current, mode, old);
      backupWritten = backup;
    }
    replaceWith(target, bytes, mode, old);
    fsyncDir(dirname(target));
    return { path: target, backup: backupWritten, cleaned };
  } finally {
    lock.release();
  }
}
