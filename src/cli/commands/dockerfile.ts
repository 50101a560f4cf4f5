// `gaiconf dockerfile patch PATH`: put the managed gai.conf block after the final stage's FROM (or
// refresh the one already there), print the unified diff, and replace the Dockerfile atomically
// with a backup. The Dockerfile is handled as bytes (latin1 in memory), so every byte outside
// the block, in any encoding and line ending, is written back unchanged.
import { basename, isAbsolute } from 'node:path';
import type { Command } from 'commander';
import { dockerfileEscapeChar, EmitError, type OutputFormat } from '../../emit/dockerfile.js';
import { patchDockerfile, runAsRoot } from '../../emit/dockerfile-patch.js';
import { finalBaseWarning, finalStage } from '../../emit/dockerfile-stages.js';
import { generateCommand, type CommentLevel } from '../../emit/gai-conf.js';
import { shWord } from '../../emit/shell-quote.js';
import { unifiedDiff } from '../../emit/unified-diff.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readTarget, writeTarget } from '../target-file.js';
import { commentsOf, generateOutput, readBytes } from './generate.js';

interface PatchFlags {
  intent: string[];
  from?: string;
  format: string;
  dryRun?: boolean;
  backup: boolean;
  comments?: string;
}

const PATCH_FORMATS = ['dockerfile', 'heredoc', 'copy'] as const;

export interface PatchOutcome {
  /** the new Dockerfile bytes */
  bytes: Buffer;
  changed: boolean;
  /** unified diff, '' when unchanged */
  diff: string;
  warnings: string[];
}

/** Patch Dockerfile bytes with the block for these intents (or --from content). Throws CliError. */
export function patchDockerfileBytes(path: string, original: Buffer, flags: { intents?: readonly string[]; from?: Uint8Array; fromName?: string; format: string; comments?: CommentLevel }): PatchOutcome {
  if (!(PATCH_FORMATS as readonly string[]).includes(flags.format)) {
    throw new CliError(`--format ${flags.format}: not a Dockerfile block`, EXIT.BAD_INPUT, `use one of ${PATCH_FORMATS.join(', ')}`);
  }
  // latin1 maps each byte to one code unit and back, so unknown encodings survive untouched. A
  // UTF-8 byte-order mark is set aside (BuildKit skips it too) and put back in front.
  const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf ? original.subarray(0, 3).toString('latin1') : '';
  const text = original.subarray(bom.length).toString('latin1');
  try {
    const escapeChar = dockerfileEscapeChar(text);
    const stage = finalStage(text);
    if (!stage.base) throw new CliError(`${path}: no FROM instruction`, EXIT.BAD_INPUT, 'gaiconf puts the block after the final stage\'s FROM: check the path');
    // the command that regenerates this block: the file's own name, not a path that means nothing elsewhere
    const regenerate = (canonical: readonly string[]) => {
      const source = canonical.length ? generateCommand(canonical).replace(/^gaiconf generate/, '') : ` --from ${shWord(flags.fromName ?? 'FILE')}`;
      return `gaiconf dockerfile patch${source}${flags.format === 'dockerfile' ? '' : ` --format ${flags.format}`} ${shWord(basename(path))}`;
    };
    const input: Parameters<typeof generateOutput>[0] = { format: flags.format as OutputFormat, escapeChar, regenerate };
    if (flags.comments) input.comments = flags.comments;
    if (flags.intents?.length) input.intents = flags.intents;
    if (flags.from !== undefined) input.from = flags.from;
    const out = generateOutput(input);
    let block = Buffer.from(out.dockerfile ?? '', 'utf8').toString('latin1');
    const warnings = [...out.warnings];
    const baseWarning = finalBaseWarning(stage.base, flags.format as OutputFormat);
    if (baseWarning) warnings.unshift(baseWarning);
    if (stage.user && flags.format !== 'copy') {
      // the stage starts as the parent's non-root user, who cannot write /etc/gai.conf
      block = runAsRoot(block, stage.user.restore);
      if (stage.user.warning) warnings.push(stage.user.warning);
    }
    const patched = patchDockerfile(text, block);
    // git-style a/ b/ names for relative paths (patch -p1); absolute paths as they are (patch -p0)
    const names = isAbsolute(path) ? { old: path, new: path } : { old: `a/${path}`, new: `b/${path}` };
    const diff = unifiedDiff(bom + text, bom + patched.text, names);
    if (flags.format === 'copy') warnings.push(`the block copies gai.conf from the build context: create it beside ${path} with "gaiconf generate … --format conf > gai.conf"`);
    return { bytes: Buffer.from(bom + patched.text, 'latin1'), changed: patched.changed, diff, warnings };
  } catch (e) {
    if (e instanceof EmitError) throw new CliError(`${path}: ${e.errors[0]!.message}`, EXIT.BAD_INPUT, e.hint);
    throw e;
  }
}

export function registerDockerfile(program: Command): void {
  const group = program.command('dockerfile').description('edit Dockerfiles: put a managed gai.conf block after the final FROM');
  group
    .command('patch')
    .description("insert (or refresh) the managed block that writes /etc/gai.conf, right after the final stage's FROM; prints a unified diff")
    .argument('<path>', 'the Dockerfile')
    .option('--intent <intent>', 'what you want, repeatable (see gaiconf generate --help)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--from <file>', 'use this gai.conf (- for stdin) instead of intents')
    .option('--format <format>', PATCH_FORMATS.join('|'), 'dockerfile')
    .option('--comments <level>', 'full, brief (the default: the rows, and one comment line with the intents and the command that regenerates them) or none')
    .option('--dry-run', 'only print the diff')
    .option('--no-backup', 'do not keep the previous Dockerfile as PATH.bak')
    .action((path: string, flags: PatchFlags) => {
      // a regular file only (a FIFO would block the read), compared again under the lock before the rename
      const original = readTarget(path, { exit: EXIT.BAD_INPUT, hint: 'check the path and its permissions' });
      if (original === null) throw new CliError(`${path}: cannot read: ENOENT`, EXIT.BAD_INPUT, 'check the path');
      const from = flags.from === undefined ? undefined : readBytes(flags.from);
      const patchFlags: Parameters<typeof patchDockerfileBytes>[2] = { intents: flags.intent, format: flags.format, comments: commentsOf(flags.comments, flags.format) };
      if (from) {
        patchFlags.from = from;
        patchFlags.fromName = flags.from === '-' ? '-' : basename(flags.from!);
      }
      const out = patchDockerfileBytes(path, original, patchFlags);
      for (const w of out.warnings) process.stderr.write(`gaiconf: warning: ${w}\n`);
      if (!out.changed) {
        process.stderr.write(`gaiconf: ${path} already has this block; nothing to change\n`);
        return;
      }
      process.stdout.write(Buffer.from(out.diff, 'latin1'));
      if (flags.dryRun) return;
      const r = writeTarget(path, out.bytes, { backup: flags.backup, expect: original, hint: 'check the permissions of the file and its directory; the Dockerfile is unchanged' });
      process.stderr.write(`gaiconf: wrote ${path}${r.backup ? ` (previous version: ${r.backup})` : ''}\n`);
    });
  for (const c of group.commands) c.exitOverride();
}
