// `gaiconf lint [FILE|-]`: every line glibc drops, crashes on or reads differently from what its
// author probably meant, plus what the accepted lines do (src/policy/lint.ts). Exit 0 when only
// info remains, 1 with warnings, 2 with errors. `--fix` rewrites the file atomically (backup
// FILE.bak), keeping comments, prints the unified diff, and refuses a result that still has errors.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { displayName } from '../../adapters/read-text.js';
import { unifiedDiff } from '../../emit/unified-diff.js';
import type { Diagnostic, GaiConfEntry } from '../../policy/gai-conf-parser.js';
import { fixGaiConf, lintGaiConf, lintLevel, type AppliedFix, type LintResult } from '../../policy/lint.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { readTarget, writeTarget } from '../target-file.js';
import { glibcOption } from '../option-values.js';

export const DEFAULT_LINT_FILE = '/etc/gai.conf';

interface LintFlags {
  json?: boolean;
  glibc: string;
  fix?: boolean;
  keepPolicy?: boolean;
  backup: boolean;
}

/** An entry as JSON: the parser's shape, with the 16 prefix bytes replaced by text. */
export interface EntryJson {
  kind: GaiConfEntry['kind'];
  prefix: string;
  length: number;
  value: number;
  line: number;
  /** the prefix as glibc stores it, e.g. `::ffff:198.51.100.0/120` or `169.254.0.0/16` */
  text: string;
}

export function entryJson(e: GaiConfEntry): EntryJson {
  const len = e.kind === 'scopev4' && e.prefix.includes(':') ? e.length + 96 : e.length;
  return { kind: e.kind, prefix: e.prefix, length: e.length, value: e.value, line: e.line, text: `${e.prefix}/${len}` };
}

/** `file:line:col: severity[code] message` and an indented hint line, one per diagnostic. */
export function formatDiagnostics(file: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${file}:${d.line}:${d.column}: ${d.severity}[${d.code}] ${d.message}\n    hint: ${d.hint}\n`).join('');
}

function summary(diagnostics: readonly Diagnostic[]): string {
  const n = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  const part = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${part(n('error'), 'error')}, ${part(n('warning'), 'warning')}, ${part(n('info'), 'info')}`;
}

const EXIT_OF: Record<0 | 1 | 2, ExitCode> = { 0: EXIT.OK, 1: EXIT.FINDINGS, 2: EXIT.BAD_INPUT };

/** Read the file; a missing default /etc/gai.conf is "no file", which glibc treats as defaults. */
function readConf(path: string, isDefault: boolean): string | null {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (isDefault && err.code === 'ENOENT') return null;
    throw new CliError(`${displayName(path)}: cannot read: ${err.code ?? err.message}`, EXIT.BAD_INPUT, path === '-' ? 'pipe the file into standard input' : 'check the path and its permissions');
  }
}

function jsonOf(file: string, r: LintResult, extra: Record<string, unknown> = {}): string {
  const doc = { schemaVersion: 1, file, entries: r.entries.map(entryJson), diagnostics: r.diagnostics, reload: r.reload, crashes: r.crashes, ...extra };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function fixLines(fixes: readonly AppliedFix[]): string {
  return fixes.map((f) => `gaiconf: fixed line ${f.line} [${f.code}]: ${f.description}${f.policy.length ? ' (changes what glibc reads: see above the diff)' : ''}\n`).join('');
}

/**
 * What the fix changes for glibc, one line per fix and reading, printed above the diff (patch
 * and git apply skip text before the first `---`): nothing else glibc reads changes.
 */
export function policyPreamble(fixes: readonly AppliedFix[]): string {
  const lines: string[] = [];
  for (const f of fixes) {
    const byEffect = new Map<string, string[]>();
    for (const c of f.policy) {
      const effect = `${c.before} → ${c.after}`;
      byEffect.set(effect, [...(byEffect.get(effect) ?? []), c.glibc === '2.36' ? '≤ 2.40' : '≥ 2.41']);
    }
    for (const [effect, versions] of byEffect) lines.push(`  line ${f.line} [${f.code}], glibc ${versions.join(' and ')}: ${effect}\n`);
  }
  return lines.length ? `gaiconf lint --fix changes what glibc reads (everything else reads as before):\n${lines.join('')}` : '';
}

function runFix(path: string, original: Buffer, flags: LintFlags): number {
  const file = displayName(path);
  const fixed = fixGaiConf(original, { glibc: flags.glibc, keepPolicy: !!flags.keepPolicy });
  const level = lintLevel(fixed.result.diagnostics);
  const newBytes = Buffer.from(fixed.bytes);
  // byte for byte: latin1 maps each byte to one character and back
  const diff = fixed.changed
    ? Buffer.concat([Buffer.from(policyPreamble(fixed.fixes), 'utf8'), Buffer.from(unifiedDiff(original.toString('latin1'), newBytes.toString('latin1'), { old: `${path}`, new: `${path}` }), 'latin1')])
    : Buffer.alloc(0);
  const refused = fixed.changed && level === 2;
  if (flags.json) {
    process.stdout.write(jsonOf(file, fixed.result, { fix: { changed: fixed.changed, written: fixed.changed && !refused, fixes: fixed.fixes, diff: diff.toString('utf8') } }));
  } else {
    process.stdout.write(diff);
    process.stderr.write(fixLines(fixed.fixes));
  }
  if (!fixed.changed) {
    if (!flags.json) {
      process.stderr.write(`gaiconf: ${file}: nothing --fix can change mechanically\n`);
      process.stdout.write(formatDiagnostics(file, fixed.result.diagnostics));
    }
    return EXIT_OF[level];
  }
  if (refused) {
    if (!flags.json) {
      process.stderr.write(formatDiagnostics(file, fixed.result.diagnostics.filter((d) => d.severity === 'error')));
      process.stderr.write(`gaiconf: ${file} left unchanged: the fixed file would still have errors that need a human (above)\n`);
    }
    return EXIT.BAD_INPUT;
  }
  const w = writeTarget(path, newBytes, { backup: flags.backup, expect: original, hint: 'check the permissions of the file and its directory (root for /etc/gai.conf); the file is unchanged' });
  if (!flags.json) process.stderr.write(`gaiconf: wrote ${file}${w.backup ? ` (previous version: ${w.backup})` : ''}\n`);
  if (!flags.json && fixed.result.diagnostics.length) {
    process.stderr.write(`gaiconf: still reported after the fix:\n${formatDiagnostics(file, fixed.result.diagnostics)}`);
  }
  return EXIT_OF[level];
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('report gai.conf lines glibc drops, crashes on or reads differently than meant, and what the accepted lines change (exit 0 clean, 1 warnings, 2 errors)')
    .argument('[file]', `the gai.conf to check, or - for stdin (default ${DEFAULT_LINT_FILE})`)
    .option('--json', 'print { schemaVersion, file, entries, diagnostics, reload, crashes }')
    .option('--glibc <version>', 'glibc version whose parser to model (≥ 2.41 has the BZ #32465 fix)', glibcOption, '2.36')
    .option('--fix', 'rewrite the file with the mechanical fixes (keeps comments; backup FILE.bak), print the diff')
    .option('--keep-policy', 'with --fix: only the fixes after which every glibc reads exactly what it read before')
    .option('--no-backup', 'with --fix: do not keep the previous file as FILE.bak')
    .action((fileArg: string | undefined, flags: LintFlags) => {
      const path = fileArg ?? DEFAULT_LINT_FILE;
      const file = displayName(path);
      if (flags.fix) {
        if (path === '-') throw new CliError('--fix rewrites a file, not standard input', EXIT.BAD_INPUT, 'give the file path: gaiconf lint --fix /etc/gai.conf');
        // the bytes (any encoding), and only from a regular file: it is about to be replaced
        const original = readTarget(path, { exit: EXIT.BAD_INPUT, hint: 'check the path and its permissions' });
        if (original !== null) {
          process.exitCode = runFix(path, original, flags);
          return;
        }
        if (fileArg !== undefined) throw new CliError(`${file}: cannot read: ENOENT`, EXIT.BAD_INPUT, 'check the path');
      }
      const text = readConf(path, fileArg === undefined);
      if (text === null) {
        if (flags.json) process.stdout.write(jsonOf(file, { entries: [], diagnostics: [], reload: false, crashes: false }, { exists: false }));
        else process.stderr.write(`gaiconf: ${file} does not exist: glibc uses its built-in tables\n`);
        process.exitCode = EXIT.OK;
        return;
      }

      const r = lintGaiConf(text, { glibc: flags.glibc });
      if (flags.json) process.stdout.write(jsonOf(file, r));
      else {
        process.stdout.write(formatDiagnostics(file, r.diagnostics));
        if (r.diagnostics.length) process.stderr.write(`gaiconf: ${file}: ${summary(r.diagnostics)}\n`);
      }
      process.exitCode = EXIT_OF[lintLevel(r.diagnostics)];
    });
}
