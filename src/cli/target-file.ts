// The file a command rewrites (gai.conf for apply and lint --fix, the Dockerfile for dockerfile
// patch): read it only when it is a regular file, and write it back under the lock with a
// compare-and-swap on what was read (adapters/atomic-write.ts), each failure as a CliError.
import { FileChangedError, writeFileAtomic, type WriteFileAtomicResult } from '../adapters/atomic-write.js';
import { FileLockedError } from '../adapters/file-lock.js';
import { NotRegularFileError, readRegularFile } from '../adapters/read-regular.js';
import { CliError, EXIT } from './exit-codes.js';

/** The bytes of the file to rewrite, or null when it does not exist. */
export function readTarget(path: string, cannotRead: { exit: number; hint: string }): Buffer | null {
  try {
    return readRegularFile(path);
  } catch (e) {
    if (e instanceof NotRegularFileError) {
      throw new CliError(`${path}: ${e.kind}, not a regular file: refusing to read or replace it`, EXIT.BAD_INPUT, 'give the path of the file itself');
    }
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`${path}: cannot read: ${err.code ?? err.message}`, cannotRead.exit as 2 | 3, cannotRead.hint);
  }
}

/** Write `data` over `path` if it still holds `expect`; prints what a killed run left behind. */
export function writeTarget(path: string, data: Uint8Array, options: { backup: boolean; expect: Uint8Array | null; hint: string }): WriteFileAtomicResult {
  let r: WriteFileAtomicResult;
  try {
    r = writeFileAtomic(path, data, { backup: options.backup, expect: options.expect });
  } catch (e) {
    if (e instanceof FileLockedError) {
      throw new CliError(`${path}: ${e.message}; nothing written`, EXIT.BUSY, 'let it finish, then run gaiconf again (it plans from the file as it is then)');
    }
    if (e instanceof FileChangedError) {
      throw new CliError(`${path} changed after gaiconf read it (another writer); nothing written`, EXIT.BUSY, 'run gaiconf again: it plans from the file as it is then');
    }
    if (e instanceof NotRegularFileError) throw new CliError(`${path}: ${e.message}: refusing to replace it`, EXIT.BAD_INPUT, 'give the path of the file itself');
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`${path}: cannot write: ${err.code ?? err.message}`, EXIT.ENVIRONMENT, options.hint);
  }
  for (const c of r.cleaned) process.stderr.write(`gaiconf: removed ${c}\n`);
  return r;
}
