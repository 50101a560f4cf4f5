// `gaiconf generate`: intents → a complete gai.conf, or an existing gai.conf converted byte for
// byte, in one of the output formats. stdout carries only the chosen format's bytes, so it pipes
// cleanly into a file; warnings go to stderr (and into --json).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { displayName } from '../../adapters/read-text.js';
import { COMMENT_LEVELS, generateCommand, renderIntents, renderRowsOnly, type CommentLevel } from '../../emit/gai-conf.js';
import { shWord } from '../../emit/shell-quote.js';
import { baseImageWarning, EmitError, emitFormat, OUTPUT_FORMATS, type EmitOptions, type OutputFormat } from '../../emit/dockerfile.js';
import { runAsRoot } from '../../emit/dockerfile-patch.js';
import { finalBaseWarning, finalStage, type FinalStage } from '../../emit/dockerfile-stages.js';
import { INTENTS, INTENT_NAMES, IntentError } from '../../policy/intents.js';
import { intentError } from '../intent-error.js';
import { parseGaiConf } from '../../policy/gai-conf-parser.js';
import { CliError, EXIT } from '../exit-codes.js';

export interface GenerateInput {
  /** intents (their order does not matter) */
  intents?: readonly string[];
  /** an existing gai.conf to convert instead of intents */
  from?: Uint8Array | string;
  format: OutputFormat;
  /** base image to check, e.g. from --base or the final FROM of --dockerfile */
  base?: string | null;
  target?: string;
  escapeChar?: string;
  /** how much prose: default `brief` for the dockerfile and heredoc formats, `full` otherwise */
  comments?: CommentLevel;
  /** the command line that regenerates the output, for the `brief` comment, from the canonical intents (default: this generate command) */
  regenerate?: (canonicalIntents: readonly string[]) => string;
}

/** The comment level a format gets when none is asked for: Dockerfile blocks are reviewed in diffs. */
export function defaultComments(format: string): CommentLevel {
  return format === 'dockerfile' || format === 'heredoc' ? 'brief' : 'full';
}

/** The `--comments` value, checked. */
export function commentsOf(value: string | undefined, format: string): CommentLevel {
  if (value === undefined) return defaultComments(format);
  if (!(COMMENT_LEVELS as readonly string[]).includes(value)) {
    throw new CliError(`--comments ${value}: unknown level`, EXIT.BAD_INPUT, `use one of ${COMMENT_LEVELS.join(', ')} (brief: the rows and one line saying how to regenerate them)`);
  }
  return value as CommentLevel;
}

export interface GenerateOutput {
  format: OutputFormat;
  /** exactly what goes to stdout */
  bytes: Uint8Array;
  /** the gai.conf the output writes */
  file: Uint8Array;
  /** the Dockerfile block for dockerfile, heredoc and copy */
  dockerfile: string | null;
  /** canonical intents ([] with --from) */
  intents: string[];
  /** where intents meet and which one decides there (also in the file's header) */
  conflicts: string[];
  warnings: string[];
}

const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function intentHelp(): string {
  return INTENT_NAMES.map((n) => `  ${INTENTS[n].usage.padEnd(16)} ${INTENTS[n].summary}`).join('\n');
}


/** The whole command minus I/O: what to print, and the warnings. Throws CliError. */
export function generateOutput(input: GenerateInput): GenerateOutput {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(input.format)) {
    throw new CliError(`--format ${input.format}: unknown format`, EXIT.BAD_INPUT, `use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  const intents = input.intents ?? [];
  if (intents.length && input.from !== undefined) {
    throw new CliError('--intent and --from both give the content', EXIT.BAD_INPUT, 'use --intent to generate a file, or --from to convert an existing one');
  }
  if (!intents.length && input.from === undefined) {
    throw new CliError('nothing to generate: give --intent (repeatable) or --from FILE', EXIT.BAD_INPUT, `intents:\n${intentHelp()}`);
  }
  const warnings: string[] = [];
  const comments = input.comments ?? defaultComments(input.format);
  // dockerfile and heredoc carry the brief comment as a Dockerfile comment line, unescaped
  const inDockerfile = input.format === 'dockerfile' || input.format === 'heredoc';
  const regenerate = (canon: readonly string[]) =>
    input.regenerate?.(canon) ?? [canon.length ? generateCommand(canon) : 'gaiconf generate --from FILE', ...(input.format === 'conf' ? [] : [`--format ${input.format}`]), ...(input.target && input.target !== '/etc/gai.conf' ? [`--target ${shWord(input.target)}`] : [])].join(' ');
  let content: Uint8Array | string;
  let canonical: string[] = [];
  let conflicts: string[] = [];
  if (input.from !== undefined) {
    content = input.from;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = lossyUtf8.decode(bytes);
      if (input.format === 'conf' || input.format === 'copy') warnings.push('the input is not valid UTF-8; it is copied byte for byte, but --json shows it with replacement characters');
    }
    for (const d of parseGaiConf(text).diagnostics) {
      if (d.severity !== 'info') warnings.push(`input line ${d.line}: ${d.severity}: ${d.message} (${d.code}; ${d.hint})`);
    }
  } else {
    try {
      const r = renderIntents(intents);
      canonical = r.intents;
      conflicts = r.conflicts;
      content = comments === 'full' ? r.text : renderRowsOnly(r.policy, comments === 'brief' && !inDockerfile ? `written by gaiconf: ${regenerate(canonical)}` : null);
    } catch (e) {
      if (e instanceof IntentError) throw intentError(e, intents);
      throw e;
    }
  }
  const options: EmitOptions = {};
  if (comments === 'brief' && inDockerfile) options.comment = `${canonical.length ? `intents ${canonical.join(', ')}` : 'a gai.conf converted byte for byte'}; regenerate: ${regenerate(canonical)}`;
  if (input.target) options.target = input.target;
  if (input.escapeChar) options.escapeChar = input.escapeChar;
  let out;
  try {
    out = emitFormat(input.format, content, options);
  } catch (e) {
    if (e instanceof EmitError) throw new CliError(`--format ${input.format}: ${e.errors[0]!.message}`, EXIT.BAD_INPUT, e.hint);
    throw e;
  }
  if (input.base) {
    const w = baseImageWarning(input.base, input.format);
    if (w) warnings.unshift(w);
  }
  return { format: input.format, bytes: out.bytes, file: out.file, dockerfile: out.dockerfile, intents: canonical, conflicts, warnings };
}

/** Read a file (or stdin for `-`) as raw bytes. */
export function readBytes(path: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`${displayName(path)}: cannot read: ${err.code ?? err.message}`, EXIT.BAD_INPUT, path === '-' ? 'pipe the data into standard input' : 'check the path and its permissions');
  }
}

/** The final stage of --dockerfile (its base image and inherited user), or null without it. */
export function dockerfileStage(base: string | undefined, dockerfile: string | undefined): FinalStage | null {
  if (base && dockerfile) throw new CliError('--base and --dockerfile both name the base image', EXIT.BAD_INPUT, 'use one of them');
  if (!dockerfile) return null;
  try {
    const bytes = readBytes(dockerfile);
    // BuildKit skips a UTF-8 byte-order mark at the start; so does this
    const stage = finalStage(bytes.subarray(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0).toString('latin1'));
    if (!stage.base) throw new CliError(`${dockerfile}: no FROM instruction`, EXIT.BAD_INPUT, 'check the path: it should be a Dockerfile');
    return stage;
  } catch (e) {
    if (e instanceof EmitError) throw new CliError(`${dockerfile}: ${e.errors[0]!.message}`, EXIT.ENVIRONMENT, e.hint);
    throw e;
  }
}

interface GenerateFlags {
  intent: string[];
  format: string;
  base?: string;
  dockerfile?: string;
  from?: string;
  target: string;
  json?: boolean;
  comments?: string;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('a complete gai.conf from intents (or an existing one converted byte for byte) as a file, Dockerfile RUN line, heredoc, COPY or shell snippet')
    .option('--intent <intent>', `what you want, repeatable (the order given does not matter): ${INTENT_NAMES.map((n) => INTENTS[n].usage).join(', ')}`, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--format <format>', OUTPUT_FORMATS.join('|'), 'conf')
    .option('--base <image>', 'the base image, to warn where gai.conf has no effect (musl, static, distroless)')
    .option('--dockerfile <path>', "check the final stage's base image of this Dockerfile")
    .option('--from <file>', 'convert this gai.conf (- for stdin) instead of generating one')
    .option('--target <path>', 'the file the generated RUN line or snippet writes', '/etc/gai.conf')
    .option('--comments <level>', 'full (header and a comment per row), brief (the rows and one line: intents and the command that regenerates them) or none; default brief for dockerfile and heredoc, full otherwise')
    .option('--json', 'print { schemaVersion, format, text, intents, conflicts, warnings } as JSON')
    .addHelpText('after', `\nIntents:\n${intentHelp()}\n`)
    .action((flags: GenerateFlags) => {
      const stage = dockerfileStage(flags.base, flags.dockerfile);
      const input: GenerateInput = { intents: flags.intent, format: flags.format as OutputFormat, base: flags.base ?? null, target: flags.target, comments: commentsOf(flags.comments, flags.format) };
      if (flags.from !== undefined) input.from = readBytes(flags.from);
      const out = generateOutput(input);
      if (stage?.base) {
        const w = finalBaseWarning(stage.base, out.format);
        if (w) out.warnings.unshift(w);
      }
      if (stage?.user && out.dockerfile && (out.format === 'dockerfile' || out.format === 'heredoc')) {
        // the final stage starts as a parent stage's non-root user, who cannot write /etc/gai.conf
        out.dockerfile = runAsRoot(out.dockerfile, stage.user.restore);
        out.bytes = Buffer.from(out.dockerfile, 'utf8');
        if (stage.user.warning) out.warnings.push(stage.user.warning);
      }
      for (const w of out.warnings) process.stderr.write(`gaiconf: warning: ${w}\n`);
      for (const c of out.conflicts) process.stderr.write(`gaiconf: note: ${c}\n`);
      if (flags.json) {
        const json: Record<string, unknown> = { schemaVersion: 1, format: out.format, text: lossyUtf8.decode(out.bytes), intents: out.intents, conflicts: out.conflicts, warnings: out.warnings };
        if (out.format === 'copy') json.dockerfile = out.dockerfile;
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      if (out.format === 'copy') {
        process.stderr.write(`gaiconf: save this output as gai.conf beside the Dockerfile, and add after the final FROM:\n${out.dockerfile}`);
      }
      process.stdout.write(out.bytes);
    });
}
