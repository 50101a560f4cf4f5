// One writer at a time for a file gaiconf replaces: a lock file beside it (Node has no flock).
// It is written complete under a temporary name and hard-linked into place (link fails with
// EEXIST when the lock exists), so a lock file never exists without its owner line: a run killed
// at any moment leaves either no lock, or one that names it (a leftover temporary file is named
// like a data temp file, `.NAME.gaiconf-PID-HEX.tmp`, and cleaned the same way). Where the file
// system has no hard links, it falls back to O_EXCL and then writing the line. The lock holds the owner's pid and, on Linux, the process start time, so a
// lock left by a killed run is recognised (its process is gone, or the pid now belongs to
// another process) and taken over; a lock whose owner still runs is not waited for: the caller
// reports it and exits (docs/decisions.md, "apply: a lock file and a compare-and-swap").
import { closeSync, existsSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How long a lock file may stay empty (created, its owner line not yet written) before it counts as left behind. */
const EMPTY_LOCK_MS = 5000;

/** Another live process holds the lock. */
export class FileLockedError extends Error {
  readonly code = 'ELOCKED';
  constructor(
    readonly path: string,
    readonly owner: number | null,
  ) {
    super(`another gaiconf${owner !== null ? ` (pid ${owner})` : ''} is writing ${path}`);
  }
}

export interface HeldLock {
  /** the lock file */
  path: string;
  /** a lock left by a process that no longer runs, which this one took over */
  brokeStale: number | null;
  release(): void;
}

/** Field 22 of /proc/PID/stat (start time in clock ticks), or null off Linux or when gone. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function ownerLine(): string {
  return `${process.pid} ${startTime(process.pid) ?? '-'}\n`;
}

/** Does the process a lock file names still run (the same process, not a reused pid)? */
export function ownerRuns(content: string): boolean {
  const [pidText, start] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (existsSync('/proc/self/stat')) {
    const now = startTime(pid);
    return now !== null && (start === undefined || start === '-' || now === start);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file that guards `target`: `.NAME.gaiconf-lock` in its directory. */
export function lockPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.gaiconf-lock`);
}

/**
 * Create the lock file with its content already in it: write a temporary file, link it to the
 * lock's name, remove the temporary name. True when linked; false when this file system has no
 * hard links (the caller then uses O_EXCL); EEXIST is thrown as from open.
 */
/**
 * A fresh temporary name beside `target`: `.NAME.gaiconf-PID-HEX.tmp`. The pid lets the next run
 * tell a leftover of a killed run (its process gone) from a live writer's file. node:crypto is
 * loaded on first use: commands that never write do not pay for it at start-up.
 */
export function tempNameBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.gaiconf-${process.pid}-${(process.getBuiltinModule('node:crypto') as typeof import('node:crypto')).randomBytes(6).toString('hex')}.tmp`);
}

function linkIntoPlace(target: string, path: string, content: string): boolean {
  const tmp = tempNameBeside(target);
  writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return false;
    throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/** Take the lock for `target`, or throw FileLockedError. Other errors (EACCES, EROFS) as they come. */
export function lockFile(target: string): HeldLock {
  const path = lockPathOf(target);
  const mine = ownerLine();
  let brokeStale: number | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number | null = null;
    try {
      if (!linkIntoPlace(target, path, mine)) fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let content = '';
      try {
        content = readFileSync(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw err;
      }
      // an empty lock (O_EXCL fallback, or an older gaiconf, between create and write): its owner is alive, unless it has been empty for long
      const st = content === '' ? statSync(path, { throwIfNoEntry: false }) : undefined;
      const fresh = content === '' && (st === undefined || Date.now() - st.mtimeMs < EMPTY_LOCK_MS);
      if (fresh || (content !== '' && ownerRuns(content))) throw new FileLockedError(target, Number(content.split(' ')[0]) || null);
      // Stale: move it aside under a name of our own, and make sure it is the lock we judged.
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = readFileSync(aside, 'utf8');
      unlinkSync(aside);
      if (moved !== content) throw new FileLockedError(target, Number(moved.split(' ')[0]) || null);
      brokeStale = Number(content.split(' ')[0]) || null;
      continue;
    }
    if (fd !== null) {
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
    }
    return {
      path,
      brokeStale,
      release: () => {
        try {
          if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
        } catch {
          // already gone
        }
      },
    };
  }
  throw new FileLockedError(target, null);
}
