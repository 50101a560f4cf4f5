// The output formats of `gaiconf generate` and the Dockerfile facts they depend on. Pure: every
// function returns text; nothing here touches files.
//
//   conf        the gai.conf itself
//   dockerfile  a managed block: marker comment + ONE `RUN printf '…' > /etc/gai.conf` that writes
//               the WHOLE file (never `>>`, so rebuilds cannot duplicate lines). Every byte that is
//               not printable ASCII is an octal escape, so the line is plain ASCII and works under
//               dash and busybox sh. Long files use Dockerfile line continuations, one content
//               line per physical line; a physical line never starts with a blank or `#` (BuildKit
//               would drop it as a comment or an empty continuation line).
//   heredoc     BuildKit's `RUN cat > /etc/gai.conf <<'DELIM'` form with the file inline
//   copy        the file, plus `COPY gai.conf /etc/gai.conf`
//   shell       a POSIX sh snippet that writes the file atomically (temp file, then mv)

import type { Dockerfile as AstDockerfile } from 'dockerfile-ast';
import { GaiconfInputError, throwIfProblems, type InputErrorCode } from '../input-error.js';
import { Problems } from '../input-problems.js';
import { printfFormatLines, shQuote, shWord, toBytes } from './shell-quote.js';

export const OUTPUT_FORMATS = ['conf', 'dockerfile', 'heredoc', 'copy', 'shell'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The first line of every managed block; patchDockerfile finds blocks by it. */
export const MANAGED_MARKER = '# gaiconf: managed gai.conf (do not edit by hand)';
export const DEFAULT_TARGET = '/etc/gai.conf';
export const HEREDOC_NOTE = '# Needs BuildKit heredocs: make "# syntax=docker/dockerfile:1" the first line of this Dockerfile.';

/**
 * Content that a format cannot carry (`hint` names the format that can), or a bad option: a
 * GaiconfInputError (INVALID_ARGUMENT, or INVALID_OPTIONS for an option).
 */
export class EmitError extends GaiconfInputError {
  override readonly name: string = 'EmitError';
  constructor(message: string, hint: string, path = 'content', code: InputErrorCode = 'INVALID_ARGUMENT') {
    super(code, [{ path, message, hint }]);
  }
}

export interface EmitOptions {
  /** the file to write; default /etc/gai.conf (tests point it at a temporary path) */
  target?: string;
  /** the Dockerfile's escape character (`# escape=` directive): `\` (default) or a backtick */
  escapeChar?: string;
  /** longest physical line of the printf format before a continuation; default 1000 */
  maxLineLength?: number;
  /** COPY source for the copy format; default gai.conf */
  copySource?: string;
  /**
   * One line for the Dockerfile formats, written as `# gaiconf: <comment>` under the marker
   * (what the block is and the command that regenerates it); none by default
   */
  comment?: string;
}

/** The comment line under the marker, or '' (a line break would end the comment early). */
function commentLine(options: EmitOptions): string {
  if (options.comment === undefined) return '';
  if (/[\r\n\0]/.test(options.comment)) throw new EmitError('the comment has a line break or NUL, which would end the Dockerfile comment early', 'give one line', 'options.comment', 'INVALID_OPTIONS');
  return `# gaiconf: ${options.comment}\n`;
}

function rejectNul(bytes: Uint8Array, format: string): void {
  const i = bytes.indexOf(0);
  if (i >= 0) {
    throw new EmitError(`the content has a NUL byte at offset ${i}; the ${format} format cannot write it`, 'remove the NUL byte: glibc stops reading the line there anyway (the file was probably saved as UTF-16)');
  }
}

/**
 * The target (and COPY source) as a path: a line break would end the RUN line and start a new
 * Dockerfile instruction (or a new shell command), and a NUL cannot be in a path at all.
 */
function pathOf(path: string, what: string): string {
  const bad = /[\r\n\0]/.exec(path);
  if (bad) {
    const name = bad[0] === '\0' ? 'a NUL byte' : bad[0] === '\n' ? 'a line break (LF)' : 'a carriage return (CR)';
    throw new EmitError(`${what} ${JSON.stringify(path.length > 80 ? `${path.slice(0, 79)}…` : path)} contains ${name}, which would end the instruction early`, `give a path without control characters, e.g. ${DEFAULT_TARGET}`);
  }
  return path;
}

const targetOf = (options: EmitOptions): string => pathOf(options.target ?? DEFAULT_TARGET, '--target');

function escapeCharOf(options: EmitOptions): string {
  const c = options.escapeChar ?? '\\';
  if (c !== '\\' && c !== '`') throw new EmitError(`escape character ${JSON.stringify(c)} is not one Dockerfiles allow`, 'use \\ or a backtick', 'options.escapeChar', 'INVALID_OPTIONS');
  return c;
}

/** The printf format pieces of the RUN line: one per content line, safe as continuation lines. */
function runPieces(bytes: Uint8Array, options: EmitOptions): string[] {
  return printfFormatLines(bytes, { protectLineStarts: true, maxLength: options.maxLineLength ?? 1000 });
}

/**
 * The shell command of the RUN line (the part after `RUN `) as BuildKit hands it to `sh -c`
 * once continuations are joined: `printf '…' > /etc/gai.conf`.
 */
export function printfCommand(content: string | Uint8Array, options: EmitOptions = {}): string {
  const bytes = toBytes(content);
  rejectNul(bytes, 'dockerfile');
  return `printf ${shQuote(runPieces(bytes, options).join(''))} > ${shWord(targetOf(options))}`;
}

/**
 * The managed Dockerfile block: the marker comment and one RUN instruction writing the whole
 * file. Ends with a newline. Plain ASCII whatever the content.
 */
export function dockerfileRun(content: string | Uint8Array, options: EmitOptions = {}): string {
  const bytes = toBytes(content);
  rejectNul(bytes, 'dockerfile');
  const esc = escapeCharOf(options);
  const pieces = runPieces(bytes, options);
  // A continuation is the escape character at the end of a physical line; shQuote leaves it alone
  // because BuildKit removes it (with the newline) before the shell ever sees the line.
  const format = shQuote(pieces.join(`${esc}\n`));
  const target = shWord(targetOf(options));
  return `${MANAGED_MARKER}\n${commentLine(options)}RUN printf ${format} > ${target}\n`;
}

/** A heredoc delimiter that occurs nowhere in the content. */
export function heredocDelimiter(content: string): string {
  let name = 'GAICONF_EOF';
  for (let n = 1; content.includes(name); n++) name = `GAICONF_EOF_${n}`;
  return name;
}

// ignoreBOM: a leading byte-order mark is content here, and the heredoc must write it too
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function textOf(content: string | Uint8Array, format: string): string {
  if (typeof content === 'string') {
    rejectNul(toBytes(content), format);
    return content;
  }
  rejectNul(content, format);
  try {
    return strictUtf8.decode(content);
  } catch {
    throw new EmitError(`the content is not valid UTF-8, so the ${format} format cannot carry it inside a Dockerfile`, 'use --format dockerfile or shell (octal escapes carry any byte), or --format copy');
  }
}

/**
 * The managed block in BuildKit heredoc form. BuildKit runs `RUN cmd <<'D'` as the shell script
 * `cmd <<'D'\n<content>D`; the quoted delimiter turns off expansion. A file without a final
 * newline goes through `head -c`, since a heredoc always ends its last line.
 */
export function heredocRun(content: string | Uint8Array, options: EmitOptions = {}): string {
  const text = textOf(content, 'heredoc');
  const target = shWord(targetOf(options));
  const delim = heredocDelimiter(text);
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  const command = body === text ? `cat > ${target} <<'${delim}'` : `cat <<'${delim}' | head -c ${toBytes(text).length} > ${target}`;
  return `${MANAGED_MARKER}\n${HEREDOC_NOTE}\n${commentLine(options)}RUN ${command}\n${body}${delim}\n`;
}

/** The managed block for the copy format: the file comes from the build context. */
export function copyInstruction(options: EmitOptions = {}): string {
  const src = pathOf(options.copySource ?? 'gai.conf', 'the COPY source');
  const target = targetOf(options);
  const json = /[\s"'\\$]/.test(src + target);
  return `${MANAGED_MARKER}\n${commentLine(options)}COPY ${json ? JSON.stringify([src, target]) : `${src} ${target}`}\n`;
}

/**
 * A POSIX sh snippet that replaces the target atomically: it writes a temporary file in the
 * same directory (so mv is a rename), makes it world-readable (non-root programs must read
 * gai.conf) and moves it over the target. On failure the old file stays and the temporary goes.
 */
export function shellSnippet(content: string | Uint8Array, options: EmitOptions = {}): string {
  const bytes = toBytes(content);
  rejectNul(bytes, 'shell');
  const pieces = printfFormatLines(bytes, { maxLength: options.maxLineLength ?? 1000 }).map(shQuote);
  const target = targetOf(options);
  return [
    MANAGED_MARKER,
    `# Writes ${target} atomically: a temporary file in the same directory, then mv (rename).`,
    '(',
    '  set -eu',
    `  target=${shWord(target)}`,
    '  tmp="$target.gaiconf-tmp.$$"',
    // `--`: a relative target may start with `-`, which chmod, mv and rm would take for an option
    `  trap 'rm -f -- "$tmp"' EXIT`,
    '  umask 022',
    '  set -C',
    `  printf ${pieces.join('\\\n')} > "$tmp"`,
    '  chmod 644 -- "$tmp"',
    '  mv -f -- "$tmp" "$target"',
    ')',
    '',
  ].join('\n');
}

export interface Emitted {
  format: OutputFormat;
  /** what `gaiconf generate` prints: the file for conf and copy, the block or snippet otherwise */
  bytes: Uint8Array;
  /** the gai.conf bytes the output writes */
  file: Uint8Array;
  /** the Dockerfile block (dockerfile, heredoc, copy), or null */
  dockerfile: string | null;
}

/** The problems of emitFormat's arguments, before any is used. */
function emitProblems(format: unknown, content: unknown, options: unknown): void {
  const args = new Problems();
  args.oneOf(format, 'format', OUTPUT_FORMATS, 'format');
  if (format === undefined) args.add('format', 'format is missing', `Use one of ${OUTPUT_FORMATS.join(', ')}.`);
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
    args.add('content', `content must be the gai.conf as a string or a Uint8Array, not ${content === null ? 'null' : typeof content}`, 'Pass the file\'s text or bytes.');
  }
  const opts = new Problems();
  if (opts.object(options, 'options', ['target', 'escapeChar', 'maxLineLength', 'copySource', 'comment']) && options !== undefined) {
    opts.string(options.target, 'options.target', 'The path the output writes, e.g. /etc/gai.conf.');
    opts.oneOf(options.escapeChar, 'options.escapeChar', ['\\', '`'], 'escapeChar');
    opts.integer(options.maxLineLength, 'options.maxLineLength', 16, Number.MAX_SAFE_INTEGER, 'The longest physical line of the printf format; 1000 is the default.');
    opts.string(options.copySource, 'options.copySource', 'The COPY source, e.g. gai.conf.');
    opts.string(options.comment, 'options.comment', 'One line under the marker, e.g. the command that regenerates the block.');
  }
  throwIfProblems([
    ['INVALID_ARGUMENT', args.list],
    ['INVALID_OPTIONS', opts.list],
  ]);
}

/**
 * `content` (a gai.conf, text or bytes) in the chosen format. Throws EmitError (a
 * GaiconfInputError) for content the format cannot carry, GaiconfInputError for bad arguments.
 */
export function emitFormat(format: OutputFormat, content: string | Uint8Array, options: EmitOptions = {}): Emitted {
  emitProblems(format, content, options);
  const file = toBytes(content);
  switch (format) {
    case 'conf':
      return { format, bytes: file, file, dockerfile: null };
    case 'copy': {
      const block = copyInstruction(options);
      return { format, bytes: file, file, dockerfile: block };
    }
    case 'dockerfile': {
      const block = dockerfileRun(content, options);
      return { format, bytes: toBytes(block), file, dockerfile: block };
    }
    case 'heredoc': {
      const block = heredocRun(content, options);
      return { format, bytes: toBytes(block), file, dockerfile: block };
    }
    case 'shell':
      return { format, bytes: toBytes(shellSnippet(content, options)), file, dockerfile: null };
  }
}

// ---------------------------------------------------------------------------------------------
// Base images

interface ImageRef {
  /** lower-cased repository path without registry default or tag, e.g. `library/alpine` */
  path: string;
  /** last path component */
  name: string;
  tag: string;
  registry: string;
}

function parseImage(image: string): ImageRef {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  let tag = '';
  if (colon > slash) {
    tag = ref.slice(colon + 1);
    ref = ref.slice(0, colon);
  }
  const parts = ref.split('/');
  let registry = '';
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) registry = parts.shift()!;
  return { path: parts.join('/'), name: parts[parts.length - 1] ?? '', tag, registry };
}

const GLIBC_IMAGES = 'a glibc-based image such as debian:bookworm-slim or ubuntu';

/**
 * Why a gai.conf in this base image would have no effect (or the RUN line would fail), and what
 * works instead; null when the image is glibc-based or unknown (an ARG reference, say).
 * `format` lets the warning about shell-less images apply only to formats that RUN a shell.
 */
export function baseImageWarning(image: string, format?: OutputFormat): string | null {
  if (!image || image.includes('$')) return null;
  const ref = parseImage(image);
  const shown = image.trim();
  const runs = format === undefined || format === 'dockerfile' || format === 'heredoc' || format === 'shell';
  const goNote = "A static Go binary uses Go's built-in resolver, which ignores gai.conf and sorts with RFC 6724's table; GODEBUG=netdns=cgo helps only in a cgo build linked against glibc.";
  const staticImage =
    (ref.path === 'scratch' && !ref.registry) ||
    (ref.path.includes('distroless') && (ref.name.startsWith('static') || ref.tag.startsWith('static'))) ||
    ((ref.registry === 'cgr.dev' || ref.path.includes('chainguard')) && ref.name === 'static');
  if (staticImage) {
    return `${shown} has no libc${ref.path === 'scratch' ? ' and no shell (a RUN line fails)' : ''}: /etc/gai.conf is read only by glibc's getaddrinfo(), so it changes nothing here. ${goNote} What works instead: give the container a global IPv6 address (not a ULA), or use ${GLIBC_IMAGES} (or gcr.io/distroless/base with --format copy).`;
  }
  const musl = /alpine|musl/.test(ref.name) || /alpine|musl/.test(ref.tag);
  if (musl) {
    return `${shown} is musl-based: musl ignores /etc/gai.conf and always sorts with RFC 6724's table, where IPv4 (precedence 35) beats ULA fc00::/7 (3), so this file changes nothing there. What works instead: give the container a global IPv6 address (not a ULA), or build on ${GLIBC_IMAGES}. ${goNote}`;
  }
  if (ref.name === 'busybox') {
    if (ref.tag.includes('glibc')) return null;
    if (ref.tag.includes('uclibc')) {
      return `${shown} is built on uClibc-ng, whose getaddrinfo() does not read /etc/gai.conf: use busybox:glibc or ${GLIBC_IMAGES}.`;
    }
    return `${shown}: busybox images come in glibc, musl and uclibc builds and only the glibc build reads /etc/gai.conf; pin busybox:glibc (or busybox:<version>-glibc).`;
  }
  if (runs && ref.path.includes('distroless') && !ref.tag.includes('debug')) {
    return `${shown} has no shell, so a RUN line fails there; its glibc does read /etc/gai.conf: use --format copy (COPY gai.conf /etc/gai.conf), or a :debug tag.`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile parsing with dockerfile-ast. It is loaded without failing when it is missing (it is
// a devDependency), so every format still works and only reading a Dockerfile reports it.

type AstParser = { parse(content: string): AstDockerfile };
let parser: AstParser | null | undefined;
// Loaded on first use (it costs ~17 ms at start otherwise), through a require the bundler leaves alone.
function astParser(): AstParser | null {
  if (parser !== undefined) return parser;
  try {
    const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
    const load = createRequire(import.meta.url);
    parser = (load('dockerfile-ast') as { DockerfileParser: AstParser }).DockerfileParser;
  } catch {
    parser = null;
  }
  return parser;
}

/** Parse a Dockerfile with dockerfile-ast. Throws EmitError when the package is missing. */
export function parseDockerfile(text: string): AstDockerfile {
  const p = astParser();
  if (!p) throw new EmitError('the dockerfile-ast package is not installed, so gaiconf cannot read Dockerfiles', 'install it next to gaiconf: npm install dockerfile-ast');
  return p.parse(text);
}

/** The Dockerfile's escape character: `\`, or a backtick from an `# escape=` directive. */
export function dockerfileEscapeChar(text: string): string {
  const c = parseDockerfile(text).getEscapeCharacter();
  return c === '`' ? '`' : '\\';
}
