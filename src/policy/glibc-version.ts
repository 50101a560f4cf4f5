// Which glibc release a caller asks the gai.conf parser to model: the one format every entry
// point and the CLI's --glibc accept; and the argument check of the functions that read a
// gai.conf text with such an option (parseGaiConf, lintGaiConf, fixGaiConf).
import { throwIfProblems } from '../input-error.js';
import { Problems } from '../input-problems.js';

/**
 * A glibc release as the parser models it: dotted decimal with at least major.minor ('2.36',
 * '2.41', '2.39.9000' for a development snapshot). glibcAtLeast() reads junk as 0, which would
 * model the oldest parser without saying so.
 */
const GLIBC_VERSION = /^[0-9]+\.[0-9]+(\.[0-9]+)*$/;

export function isGlibcVersion(v: unknown): v is string {
  return typeof v === 'string' && GLIBC_VERSION.test(v);
}

export const GLIBC_VERSION_HINT = 'Write the release as a dotted decimal string, e.g. "2.36" (the default) or "2.41" (the first with the BZ #32465 parser fix).';

export function glibcVersionMessage(v: unknown): string {
  return `${typeof v === 'string' ? JSON.stringify(v) : `${typeof v} ${String(v)}`} is not a glibc version`;
}

/** Throws GaiconfInputError unless `text` is a string and `options` is undefined or { glibc? }. */
export function checkGaiConfArguments(text: unknown, options: unknown): void {
  if (typeof text === 'string' && (options === undefined || (isPlainOptions(options) && (options.glibc === undefined || isGlibcVersion(options.glibc))))) return;
  const args = new Problems();
  if (typeof text !== 'string') args.add('text', `text must be the gai.conf content as a string, not ${text === null ? 'null' : typeof text}`, "Pass the file's content (an empty string for an empty file).");
  const opts = new Problems();
  if (opts.object(options, 'options', ['glibc']) && options !== undefined) opts.glibc(options.glibc, 'options.glibc');
  throwIfProblems([
    ['INVALID_ARGUMENT', args.list],
    ['INVALID_OPTIONS', opts.list],
  ]);
}

function isPlainOptions(o: unknown): o is { glibc?: unknown } {
  if (typeof o !== 'object' || o === null) return false;
  for (const k in o) if (k !== 'glibc') return false;
  const proto = Object.getPrototypeOf(o) as unknown;
  return proto === Object.prototype || proto === null;
}
