// `gaiconf apply`: write a policy (intents, or a gai.conf given with --from) into /etc/gai.conf as
// the managed block (src/emit/managed-block.ts decides where), print the unified diff, and
// replace the file atomically: temporary file, fsync, rename, previous version kept as PATH.bak.
// A file that would not lint clean (any warning or error) is refused with exit 2, so apply never
// installs a policy glibc drops, crashes on or reads differently than meant. The file is handled
// as bytes (latin1 in memory) so every byte outside the block survives in any encoding.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { unifiedDiff } from '../../emit/unified-diff.js';
import { renderIntents } from '../../emit/gai-conf.js';
import { ManagedBlockError, placeManagedBlock, type Placement } from '../../emit/managed-block.js';
import { IntentError, INTENT_NAMES, INTENTS } from '../../policy/intents.js';
import { lintGaiConf, lintLevel } from '../../policy/lint.js';
import { parseGaiConf, type Diagnostic } from '../../policy/gai-conf-parser.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readTarget, writeTarget } from '../target-file.js';
import { glibcOption } from '../option-values.js';
import { intentError } from '../intent-error.js';
import { formatDiagnostics } from './lint.js';

export const DEFAULT_APPLY_FILE = '/etc/gai.conf';

export interface ApplyInput {
  /** current file bytes, null when it does not exist */
  existing: Uint8Array | null;
  /** the policy: a complete gai.conf (UTF-8) */
  content: string;
  glibc?: string;
}

export interface ApplyPlan {
  placement: Placement;
  /** the new file bytes */
  bytes: Buffer;
  /** lint of the new file */
  diagnostics: Diagnostic[];
  /** 0 clean, 1 warnings, 2 errors */
  level: 0 | 1 | 2;
  /**
   * The file would be replaced whole, and none of its active lines is one glibc reads (every one
   * is an error on both parser generations): probably not a gai.conf at all.
   */
  notGaiConf: boolean;
}

/** Every line of `discarded` (1-based) has an error on both parser generations. */
function allErrors(text: string, discarded: readonly number[]): boolean {
  if (discarded.length === 0) return false;
  const bad = (glibc: string) => new Set(parseGaiConf(text, { glibc }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.line));
  const a = bad('2.36');
  const b = bad('2.41');
  return discarded.every((l) => a.has(l) && b.has(l));
}

/** The new file and its lint, without I/O. Throws CliError on broken managed-block markers. */
export function planApply(input: ApplyInput): ApplyPlan {
  // latin1 maps each byte to one code unit and back: bytes outside the block survive as they are
  const existing = input.existing === null ? null : Buffer.from(input.existing).toString('latin1');
  const content = Buffer.from(input.content, 'utf8').toString('latin1');
  let placement: Placement;
  try {
    placement = placeManagedBlock(existing, content);
  } catch (e) {
    if (e instanceof ManagedBlockError) throw new CliError(e.message, EXIT.BAD_INPUT, e.hint);
    throw e;
  }
  const bytes = Buffer.from(placement.text, 'latin1');
  const diagnostics = lintGaiConf(bytes.toString('utf8'), { glibc: input.glibc ?? '2.36' }).diagnostics;
  const notGaiConf = placement.mode === 'file-replaced' && existing !== null && allErrors(existing, placement.discarded);
  return { placement, bytes, diagnostics, level: lintLevel(diagnostics), notGaiConf };
}

interface ApplyFlags {
  file: string;
  intent: string[];
  from?: string;
  dryRun?: boolean;
  glibc: string;
  backup: boolean;
  force?: boolean;
}

function contentOf(flags: ApplyFlags): string {
  if (flags.intent.length && flags.from !== undefined) {
    throw new CliError('--intent and --from both give the policy', EXIT.BAD_INPUT, 'use --intent (repeatable) to generate it, or --from FILE for a gai.conf you wrote');
  }
  if (flags.from !== undefined) {
    try {
      return readFileSync(flags.from === '-' ? 0 : flags.from, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new CliError(`${flags.from === '-' ? '<stdin>' : flags.from}: cannot read: ${err.code ?? err.message}`, EXIT.BAD_INPUT, 'check the path and its permissions');
    }
  }
  if (!flags.intent.length) {
    throw new CliError('nothing to apply: give --intent (repeatable) or --from FILE', EXIT.BAD_INPUT, `intents: ${INTENT_NAMES.map((n) => INTENTS[n].usage).join(', ')}`);
  }
  try {
    return renderIntents(flags.intent).text;
  } catch (e) {
    if (e instanceof IntentError) throw intentError(e, flags.intent);
    throw e;
  }
}

function placementNote(path: string, p: Placement, dryRun: boolean): string | null {
  const backup = dryRun ? `${path}.bak would keep it` : `${path}.bak keeps it`;
  switch (p.mode) {
    case 'created':
      return `${path} does not exist; it will hold the managed block only`;
    case 'appended':
      return `${path} has comments only; the managed block goes after them`;
    case 'block-replaced':
      return null;
    case 'file-replaced':
      return `${path} has ${p.discarded.length} active line${p.discarded.length === 1 ? '' : 's'} outside a managed block (line${p.discarded.length === 1 ? '' : 's'} ${p.discarded.join(', ')}); the whole file is replaced by the block, because glibc would otherwise merge those lines into the new tables (${backup})`;
  }
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('write a policy into gai.conf as a managed block, atomically, with a backup and a diff; refuses a result that does not lint clean')
    .option('--file <path>', 'the gai.conf to change', DEFAULT_APPLY_FILE)
    .option('--intent <intent>', `what you want, repeatable (the order given does not matter): ${INTENT_NAMES.map((n) => INTENTS[n].usage).join(', ')}`, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--from <file>', 'a complete gai.conf (- for stdin) to put in the block instead of intents')
    .option('--dry-run', 'print the diff only; change nothing')
    .option('--glibc <version>', 'glibc version whose parser the lint models', glibcOption, '2.36')
    .option('--no-backup', 'do not keep the previous file as PATH.bak')
    .option('--force', 'replace a file that does not look like a gai.conf (no line of it is one glibc reads)')
    .action((flags: ApplyFlags) => {
      const path = flags.file;
      const content = contentOf(flags);
      // only a regular file (a FIFO would block the read), compared again under the lock before the rename
      const existing = readTarget(path, { exit: EXIT.ENVIRONMENT, hint: 'check its permissions (root for /etc/gai.conf)' });
      const plan = planApply({ existing, content, glibc: flags.glibc });
      if (plan.notGaiConf && !flags.force) {
        const n = plan.placement.discarded.length;
        throw new CliError(
          `${path} does not look like a gai.conf: none of its ${n} active line${n === 1 ? '' : 's'} is one glibc reads (line${n === 1 ? '' : 's'} ${plan.placement.discarded.slice(0, 5).join(', ')}${n > 5 ? ', …' : ''}); refusing to replace it`,
          EXIT.BAD_INPUT,
          `check --file; gaiconf lint ${path} shows what glibc makes of it; --force replaces it anyway${flags.backup ? ` (${path}.bak keeps it)` : ''}`,
        );
      }
      if (plan.level > 0) {
        process.stderr.write(formatDiagnostics(path, plan.diagnostics.filter((d) => d.severity !== 'info')));
        throw new CliError(`${path} left unchanged: the result would not lint clean (${plan.level === 2 ? 'errors' : 'warnings'} above, line numbers of the new file)`, EXIT.BAD_INPUT, 'fix the policy (or the lines outside the managed block), then apply again');
      }
      const note = placementNote(path, plan.placement, !!flags.dryRun);
      if (note) process.stderr.write(`gaiconf: ${note}\n`);
      if (!plan.placement.changed) {
        process.stderr.write(`gaiconf: ${path} already holds this policy; nothing to change\n`);
        return;
      }
      const oldText = existing === null ? '' : existing.toString('latin1');
      const diff = unifiedDiff(oldText, plan.placement.text, { old: existing === null ? '/dev/null' : path, new: path });
      process.stdout.write(Buffer.from(diff, 'latin1'));
      if (flags.dryRun) return;
      const w = writeTarget(path, plan.bytes, { backup: flags.backup, expect: existing, hint: 'check the permissions of the file and its directory (root for /etc/gai.conf); the file is unchanged' });
      process.stderr.write(`gaiconf: wrote ${path}${w.backup ? ` (previous version: ${w.backup})` : ''}; programs read gai.conf once, at their first sorted lookup: restart them to apply it\n`);
    });
}
