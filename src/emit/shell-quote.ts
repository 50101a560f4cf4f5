// The one place shell quoting lives. Everything gaiconf writes for a shell (Dockerfile RUN lines,
// snippets, suggested commands) quotes through these functions. Pure.
//
// printf formats work on BYTES: the text is encoded as UTF-8 first, and every byte that is not
// printable ASCII becomes a 3-digit octal escape, so any file, valid UTF-8 or not, round-trips
// exactly under dash's and busybox's printf (both tested as real processes).

const encoder = new TextEncoder();

/** UTF-8 bytes of a string; bytes are passed through. */
export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? encoder.encode(content) : content;
}

/** POSIX single-quoting: the result is one shell word whose value is exactly `s`. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `s` unchanged when it needs no quoting (letters, digits, and `@%+=:,./_-`), else shQuote(s). */
export function shWord(s: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(s) ? s : shQuote(s);
}

/** The format text for one byte, in the middle of a line. */
function escapeByte(b: number): string {
  if (b === 0x25) return '%%';
  if (b === 0x5c) return '\\\\';
  if (b === 0x0a) return '\\n';
  // `$`, backquote and `'` are octal too: the format then needs no '\'' splicing (which shellcheck
  // misreads after a backslash, SC1003), has no `$` for SC2016, and survives hand re-quoting.
  if (b === 0x24 || b === 0x60 || b === 0x27) return octal(b);
  if (b >= 0x20 && b <= 0x7e) return String.fromCharCode(b);
  return `\\${b.toString(8).padStart(3, '0')}`;
}

function octal(b: number): string {
  return `\\${b.toString(8).padStart(3, '0')}`;
}

/** NUL cannot be written by a printf format portably (and is no text); callers reject it. */
export class NulByteError extends Error {
  override readonly name = 'NulByteError';
  constructor(readonly offset: number) {
    super(`the content has a NUL byte at offset ${offset}; a text file cannot carry it`);
  }
}

export interface PrintfLinesOptions {
  /**
   * Escape a space, tab or `#` that would start a physical line (2nd line on) as octal, so the
   * pieces can be joined with Dockerfile line continuations: BuildKit drops continuation lines
   * that are empty or start (after blanks) with `#`.
   */
  protectLineStarts?: boolean;
  /**
   * Start a new piece once one is this long (never inside an escape, never after a `\` or a
   * backtick, which BuildKit would read as an escaped continuation); default: one per line.
   */
  maxLength?: number;
}

/**
 * The printf format for `bytes`, split into pieces: one per line of the content (each ending in
 * the `\n` escape), and longer lines cut at `maxLength`. The pieces joined give a format that
 * writes exactly `bytes`: `%` → `%%`, `\` → `\\`, newline → `\n`; `'`, `$`, backquote, other
 * control, DEL and non-ASCII bytes → `\ooo`; a leading `-` → `\055` so printf never takes it for
 * an option. The caller still quotes the format (shQuote), which then never has to splice a
 * quote. Throws NulByteError.
 */
export function printfFormatLines(content: string | Uint8Array, options: PrintfLinesOptions = {}): string[] {
  const bytes = toBytes(content);
  const max = options.maxLength ?? Infinity;
  const pieces: string[] = [];
  let cur = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) throw new NulByteError(i);
    let tok: string;
    if (i === 0 && b === 0x2d) tok = octal(b);
    // a final `\\` right before the closing quote reads like an escaped quote to shellcheck (SC1003)
    else if (i === bytes.length - 1 && b === 0x5c) tok = octal(b);
    else if (cur === '' && pieces.length > 0 && options.protectLineStarts && (b === 0x20 || b === 0x09 || b === 0x23)) tok = octal(b);
    else tok = escapeByte(b);
    cur += tok;
    // BuildKit takes `\` or `` ` `` right before a continuation for an escaped escape: never cut there.
    if (b === 0x0a || (cur.length >= max && !/[\\`]$/.test(tok))) {
      pieces.push(cur);
      cur = '';
    }
  }
  if (cur !== '' || pieces.length === 0) pieces.push(cur);
  return pieces;
}

/** A printf FORMAT (unquoted) that writes exactly `bytes` under dash and busybox printf. */
export function printfFormatLiteral(content: string | Uint8Array): string {
  return printfFormatLines(content).join('');
}
