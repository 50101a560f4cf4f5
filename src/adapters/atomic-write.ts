// Replace a file so that, whatever happens (a crash, SIGKILL, a full disk), it holds either its
// old bytes or its new bytes: never a partial or empty file. The new bytes go to a temporary
// file in the same directory (rename is atomic only within a file system), which is written,
// fsync'ed and renamed over the target; then the directory is fsync'ed so the rename is durable.
// Used by `gaiconf dockerfile patch` and `gaiconf apply`.

import { closeSync, copyFileSync, fsyncSync, fchmodSync, fchownSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /** keep the previous content as `<path>.bak` (itself replaced atomically) before replacing */
  backup?: boolean;
  /** mode of a new file (default 0o644); an existing file keeps its mode */
  mode?: number;
}

export interface WriteFileAtomicResult {
  /** the file actually replaced (a symlink's target) */
  path: string;
  /** the backup written, or null */
  backup: string | null;
}

function tempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.gaiconf-${process.pid}-${(process.getBuiltinModule('node:crypto') as typeof import('node:crypto')).randomBytes(6).toString('hex')}.tmp`);
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
  const tmp = tempName(target);
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

/**
 * Atomically replace `path` with `data` (a string is written as UTF-8). A symlink is followed:
 * the file it points to is replaced and the link stays. An existing file keeps its mode (and
 * its owner, when running as root). With `backup`, the old content is first saved to
 * `<path>.bak`, itself atomically. Throws the underlying fs error (ENOENT, EACCES, ENOSPC, …);
 * the target is then untouched.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): WriteFileAtomicResult {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let target = path;
  try {
    if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const old = existing(target);
  if (old && !old.isFile()) {
    const err = new Error(`${target} is not a regular file`) as NodeJS.ErrnoException;
    err.code = 'EISDIR';
    throw err;
  }
  const mode = old ? old.mode & 0o7777 : (options.mode ?? 0o644);
  let backup: string | null = null;
  if (options.backup && old) {
    backup = `${path}.bak`;
    const tmp = tempName(backup);
    try {
      copyFileSync(target, tmp);
      const fd = openSync(tmp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, backup);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
      throw e;
    }
  }
  replaceWith(target, bytes, mode, old);
  fsyncDir(dirname(target));
  return { path: target, backup };
}
