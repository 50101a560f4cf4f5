// Reading a file that is about to be replaced: it must be a regular file. A FIFO would block
// the read until some writer came along (and then be replaced by a regular file), a device or a
// directory is no gai.conf; so the file is opened without blocking and checked before a byte
// is read. Links are followed, as open(2) follows them.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The target exists but is not a regular file (a FIFO, socket, device or directory). */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is ${kind}, not a regular file`);
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * The bytes of `path`, or null when it does not exist (ENOENT, also through a dangling link).
 * Throws NotRegularFileError for anything but a regular file, before reading it; other errors
 * (EACCES, …) as they come.
 */
export function readRegularFile(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotRegularFileError(path, kindOf(st));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.max(65536, Math.min(st.size - total + 1, 1 << 24)));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
