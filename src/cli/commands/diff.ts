// `gaiconf diff OLD NEW --scenario F…`: how the order of each scenario changes between two gai.conf
// files, and why (src/compare.ts). Exit 0 when no order changes, 1 when some does (like diff(1)),
// 2 on bad input.
import type { Command } from 'commander';
import { displayName, readText } from '../../adapters/read-text.js';
import { scenarioFromJson } from '../../adapters/scenario-from-json.js';
import { compareGaiConfs, type CompareReport, type ScenarioComparison } from '../../compare.js';
import { PROFILES, type ProfileName } from '../../order/facts.js';
import { lintGaiConf, lintLevel } from '../../policy/lint.js';
import { CliError, EXIT } from '../exit-codes.js';
import { glibcOption } from '../option-values.js';
import { styleFor, type Style } from '../style.js';

interface DiffFlags {
  scenario: string[];
  profile: string;
  glibc: string;
  json?: boolean;
}

function profileOf(text: string): ProfileName {
  if ((PROFILES as readonly string[]).includes(text)) return text as ProfileName;
  throw new CliError(`--profile ${text}: unknown profile`, EXIT.BAD_INPUT, `use one of ${PROFILES.join(', ')}`);
}

function renderOne(c: ScenarioComparison, file: string, st: Style): string {
  const out: string[] = [];
  const title = `${file}${c.name ? ` (${c.name})` : ''}`;
  if (!c.changed) {
    out.push(`${st.bold(title)}: unchanged: ${c.old.join(', ') || `(${c.status.old})`}`);
  } else {
    out.push(`${st.bold(title)}: ${st.yellow('order changes')}`);
    out.push(`  OLD: ${c.old.join(', ') || '(none)'}${c.status.old !== 'OK' ? ` [${c.status.old}]` : ''}`);
    out.push(`  NEW: ${c.new.join(', ') || '(none)'}${c.status.new !== 'OK' ? ` [${c.status.new}]` : ''}`);
    const d = c.firstDifference;
    if (d) {
      out.push(`  first difference at position ${d.position}: OLD has ${d.old ?? '(nothing)'}, NEW has ${d.new ?? '(nothing)'}`);
      if (d.oldDecision) out.push(`    OLD: ${d.oldDecision.first} before ${d.oldDecision.second}: ${d.oldDecision.text}`);
      if (d.newDecision) out.push(`    NEW: ${d.newDecision.first} before ${d.newDecision.second}: ${d.newDecision.text}`);
    }
  }
  for (const f of c.factChanges) out.push(`  ${f.address}: ${f.fact} ${f.old ?? '-'} → ${f.new ?? '-'}`);
  for (const n of c.notes) out.push(st.dim(`  note: ${n}`));
  return out.join('\n');
}

export function renderCompare(report: CompareReport, files: readonly string[], st: Style): string {
  const body = report.scenarios.map((c, i) => renderOne(c, files[i] ?? `scenario ${i + 1}`, st)).join('\n');
  const tail = `${report.changed} of ${report.scenarios.length} scenario${report.scenarios.length === 1 ? '' : 's'} change${report.changed === 1 ? 's' : ''} order (${report.profile}${report.profile === 'glibc' ? ` ${report.glibc}` : ''})`;
  return `${body}\n${st.dim(tail)}\n`;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('how the order changes for each scenario between two gai.conf files, and which rule decides the first changed pair in each (exit 0 no change, 1 changes)')
    .argument('<old>', 'the current gai.conf (- for stdin; an empty file or /dev/null means none)')
    .argument('<new>', 'the proposed gai.conf (- for stdin)')
    .option('--scenario <file>', 'a scenario JSON file, repeatable; its own gaiConf is replaced by OLD and NEW', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--profile <name>', PROFILES.join('|'), 'glibc')
    .option('--glibc <version>', 'glibc version whose gai.conf parser to model', glibcOption, '2.36')
    .option('--json', 'print { schemaVersion, profile, glibc, changed, scenarios: [...] }')
    .action((oldPath: string, newPath: string, flags: DiffFlags) => {
      if (oldPath === '-' && newPath === '-') throw new CliError('OLD and NEW cannot both be standard input', EXIT.BAD_INPUT, 'give at least one of them as a file');
      if (flags.scenario.length === 0) throw new CliError('no scenario: give --scenario FILE (repeatable)', EXIT.BAD_INPUT, 'a scenario is a host and a query (docs/scenario.md); test/field-cases/scenarios/ has examples');
      const profile = profileOf(flags.profile);
      const oldText = readText(oldPath);
      const newText = readText(newPath);
      const scenarios = flags.scenario.map((f) => scenarioFromJson(readText(f), displayName(f)));
      const report = compareGaiConfs(oldText, newText, scenarios, { profile, glibc: flags.glibc });
      const warnings: string[] = [];
      for (const [path, text] of [
        [oldPath, oldText],
        [newPath, newText],
      ] as const) {
        const level = lintLevel(lintGaiConf(text, { glibc: flags.glibc }).diagnostics);
        if (level > 0) warnings.push(`${displayName(path)} has lint ${level === 2 ? 'errors' : 'warnings'}; see gaiconf lint ${path === '-' ? '-' : path}`);
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...report, files: { old: displayName(oldPath), new: displayName(newPath), scenarios: flags.scenario }, warnings }, null, 2)}\n`);
      } else {
        for (const w of warnings) process.stderr.write(`gaiconf: warning: ${w}\n`);
        process.stdout.write(renderCompare(report, flags.scenario, styleFor(process.stdout)));
      }
      process.exitCode = report.changed > 0 ? EXIT.FINDINGS : EXIT.OK;
    });
}
