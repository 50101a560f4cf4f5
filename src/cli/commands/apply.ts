// `gaiconf apply`: write a policy (intents, or a gai.conf given with --from) into /etc/gai.conf as
// the managed block (src/emit/managed-block.ts decides where), print the unified diff, and
// replace the file atomically: temporary file, fsync, rename, previous version kept as PATH.bak.
// A file that would not lint clean (any warning or error) is refused with exit 2, so apply never
// installs a policy glibc drops, crashes on or reads differently than meant. The file is handled
// as bytes (latin1 in memory) so every byte outside the block survives in any encoding.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../adapters/atomic-write.js';
import { unifiedDiff } from '../../emit/unified-diff.js';
import { renderIntents } from '../../emit/gai-conf.js';
import { ManagedBlockError, placeManagedBlock, type Placement } from '../../emit/managed-block.js';
import { IntentError, INTENT_NAMES, INTENTS } from '../../policy/intents.js';
import { lintGaiConf, lintLevel } from '../../policy/lint.js';
import type { Diagnostic } from '../../policy/gai-conf-parser.js';
import { CliError, EXIT } from '../exit-codes.js';
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
  return { placement, bytes, diagnostics, level: lintLevel(diagnostics) };
}

interface ApplyFlags {
  file: string;
  intent: string[];
  from?: string;
  dryRun?: boolean;
  glibc: string;
  backup: boolean;
}

function readExisting(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return null;
    throw new CliError(`${path}: cannot read: ${err.code ?? err.message}`, EXIT.ENVIRONMENT, 'check its permissions (root for /etc/gai.conf)');
  }
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
    if (e instanceof IntentError) throw new CliError(e.intent ? `--intent ${JSON.stringify(e.intent)}: ${e.message}` : `--intent: ${e.message}`, EXIT.BAD_INPUT, e.hint);
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
    .option('--intent <intent>', `what you want, repeatable, applied left to right: ${INTENT_NAMES.map((n) => INTENTS[n].usage).join(', ')}`, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--from <file>', 'a complete gai.conf (- for stdin) to put in the block instead of intents')
    .option('--dry-run', 'print the diff only; change nothing')
    .option('--glibc <version>', 'glibc version whose parser the lint models', '2.36')
    .option('--no-backup', 'do not keep the previous file as PATH.bak')
    .action((flags: ApplyFlags) => {
      const path = flags.file;
      const content = contentOf(flags);
      const existing = readExisting(path);
      const plan = planApply({ existing, content, glibc: flags.glibc });
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
      try {
        const w = writeFileAtomic(path, plan.bytes, { backup: flags.backup });
        process.stderr.write(`gaiconf: wrote ${path}${w.backup ? ` (previous version: ${w.backup})` : ''}; programs read gai.conf once, at their first sorted lookup: restart them to apply it\n`);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new CliError(`${path}: cannot write: ${err.code ?? err.message}`, EXIT.ENVIRONMENT, 'check the permissions of the file and its directory (root for /etc/gai.conf); the file is unchanged');
      }
    });
}
