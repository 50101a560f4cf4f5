// `gaiconf synthesize`: the smallest gai.conf that gives the wanted order on every scenario
// (src/synthesize.ts), proven by simulation. stdout carries only the chosen format's bytes (as
// `gaiconf generate` does), or the JSON document with --json; the proof (orders before and after,
// with the deciding rules) goes to stderr. When gai.conf cannot do it: the blocking rule and what
// would work instead, exit 1.
import type { Command } from 'commander';
import { displayName, readText } from '../../adapters/read-text.js';
import { scenarioFromJson } from '../../adapters/scenario-from-json.js';
import { EmitError, emitFormat, OUTPUT_FORMATS, type OutputFormat } from '../../emit/dockerfile.js';
import { shWord } from '../../emit/shell-quote.js';
import { PROFILES, type ProfileName } from '../../order/facts.js';
import { parseWantFirst, parseWantOrder, synthesize, WantError, type OrderView, type SynthesisResult, type Want } from '../../synthesize.js';
import { CliError, EXIT } from '../exit-codes.js';
import { glibcOption } from '../option-values.js';

interface SynthesizeFlags {
  scenario: string[];
  want?: string;
  wantFirst?: string;
  profile: string;
  glibc: string;
  format: string;
  target: string;
  maxEdits: string;
  json?: boolean;
}

function wantOf(flags: SynthesizeFlags): Want {
  if (flags.want !== undefined && flags.wantFirst !== undefined) throw new CliError('--want and --want-first both say what is wanted', EXIT.BAD_INPUT, 'use one of them');
  try {
    if (flags.want !== undefined) return parseWantOrder(flags.want);
    if (flags.wantFirst !== undefined) return parseWantFirst(flags.wantFirst);
  } catch (e) {
    if (e instanceof WantError) throw new CliError(`${flags.want !== undefined ? '--want' : '--want-first'}: ${e.errors[0]!.message}`, EXIT.BAD_INPUT, e.hint);
    throw e;
  }
  throw new CliError('nothing wanted: give --want ADDR,ADDR,… or --want-first ipv4|ipv6|ADDR', EXIT.BAD_INPUT, 'e.g. --want-first ipv6 (the Docker ULA case) or --want-first ipv4 (localhost via pasta)');
}

function profileOf(text: string): ProfileName {
  if ((PROFILES as readonly string[]).includes(text)) return text as ProfileName;
  throw new CliError(`--profile ${text}: unknown profile`, EXIT.BAD_INPUT, `use one of ${PROFILES.join(', ')}`);
}

function commandOf(flags: SynthesizeFlags): string {
  const parts = ['gaiconf synthesize', ...flags.scenario.map((s) => `--scenario ${shWord(s)}`)];
  if (flags.want !== undefined) parts.push(`--want ${shWord(flags.want)}`);
  if (flags.wantFirst !== undefined) parts.push(`--want-first ${shWord(flags.wantFirst)}`);
  if (flags.glibc !== '2.36') parts.push(`--glibc ${shWord(flags.glibc)}`);
  return parts.join(' ');
}

function firstReason(v: OrderView): string {
  const step = v.explain[0];
  return step ? `; ${step.text}` : '';
}

function orderLine(v: OrderView): string {
  return `${v.order.join(', ') || '(none)'}${v.status !== 'OK' ? ` [${v.status}]` : ''}`;
}

/** The human report (stderr). */
export function renderSynthesis(r: SynthesisResult, files: readonly string[]): string {
  const out: string[] = [];
  const title = (i: number, name: string | null) => `${files[i] ?? `scenario ${i + 1}`}${name ? ` (${name})` : ''}`;
  if (r.status === 'found') {
    out.push(`gaiconf: found a gai.conf changing ${r.size} line${r.size === 1 ? '' : 's'} of glibc's default tables (${r.want}):`);
    for (const c of r.changes) out.push(`  ${c}`);
  } else if (r.status === 'unchanged') {
    out.push(r.profile === 'glibc' ? `gaiconf: glibc's default tables already give ${r.want} on every scenario; no table needs to change` : `gaiconf: ${r.profile} already gives ${r.want} on every scenario`);
  } else {
    out.push(`gaiconf: gai.conf cannot give ${r.want}: ${r.reason}`);
  }
  for (const s of r.scenarios) {
    out.push(`  ${title(s.index, s.name)}:`);
    out.push(`    before: ${orderLine(s.before)}${firstReason(s.before)}`);
    if (s.after && r.status === 'found') out.push(`    after:  ${orderLine(s.after)}${firstReason(s.after)}`);
    for (const n of s.notes) out.push(`    note: ${n}`);
  }
  for (const b of r.blockers) {
    if (b.rule === 0) out.push(`  blocked in ${title(b.index, b.scenario)}: ${b.text}`);
    else out.push(`  blocked in ${title(b.index, b.scenario)}: ${b.winner} stays before ${b.wanted}: ${b.text}`);
  }
  if (r.remedies.length) {
    out.push('  what would work instead:');
    for (const m of r.remedies) out.push(`    - ${m}`);
  }
  for (const n of r.notes) out.push(`  note: ${n}`);
  return `${out.join('\n')}\n`;
}

/** The policy's tables as JSON: each row's prefix text, value and note (no byte arrays). */
function policyJson(r: SynthesisResult): Record<string, { prefix: string; value: number; note?: string }[]> {
  const out: Record<string, { prefix: string; value: number; note?: string }[]> = {};
  for (const [kind, rows] of [
    ['label', r.policy.labels],
    ['precedence', r.policy.precedence],
    ['scopev4', r.policy.scopev4],
  ] as const) {
    if (rows) out[kind] = rows.map((row) => ({ prefix: row.text, value: row.value, ...(row.note ? { note: row.note } : {}) }));
  }
  return out;
}

export function registerSynthesize(program: Command): void {
  program
    .command('synthesize')
    .description('the smallest gai.conf (fewest lines changed from glibc\'s defaults) that gives the wanted order on every scenario, proven by simulation; or which rule blocks it and what works instead (exit 1)')
    .option('--scenario <file>', 'a scenario JSON file, repeatable; every one must get the wanted order', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--want <list>', 'comma-separated addresses in the wanted relative order')
    .option('--want-first <what>', 'ipv4, ipv6, or an address that must come first')
    .option('--profile <name>', `${PROFILES.join('|')} (only glibc reads gai.conf)`, 'glibc')
    .option('--glibc <version>', 'glibc version whose gai.conf parser to model', glibcOption, '2.36')
    .option('--format <format>', OUTPUT_FORMATS.join('|'), 'conf')
    .option('--target <path>', 'the file the dockerfile/heredoc/shell output writes', '/etc/gai.conf')
    .option('--max-edits <n>', 'largest number of changed lines tried', '3')
    .option('--json', 'print the whole result (policy, edits, before/after orders with explanations, blockers, remedies) as JSON')
    .action((flags: SynthesizeFlags) => {
      if (flags.scenario.length === 0) throw new CliError('no scenario: give --scenario FILE (repeatable)', EXIT.BAD_INPUT, 'a scenario is a host and a query (docs/scenario.md); test/field-cases/scenarios/ has examples');
      if (!(OUTPUT_FORMATS as readonly string[]).includes(flags.format)) throw new CliError(`--format ${flags.format}: unknown format`, EXIT.BAD_INPUT, `use one of ${OUTPUT_FORMATS.join(', ')}`);
      const maxEdits = Number(flags.maxEdits);
      if (!Number.isInteger(maxEdits) || maxEdits < 1 || maxEdits > 5) throw new CliError(`--max-edits ${flags.maxEdits}: not a number from 1 to 5`, EXIT.BAD_INPUT, 'the search grows fast with the size; 3 is the default');
      const want = wantOf(flags);
      const profile = profileOf(flags.profile);
      const scenarios = flags.scenario.map((f) => scenarioFromJson(readText(f), displayName(f)));
      const r = synthesize(scenarios, want, { profile, glibc: flags.glibc, maxEdits, command: commandOf(flags) });
      let output: Uint8Array | null = null;
      if (r.text !== '') {
        try {
          output = emitFormat(flags.format as OutputFormat, r.text, { target: flags.target }).bytes;
        } catch (e) {
          if (e instanceof EmitError) throw new CliError(`--format ${flags.format}: ${e.errors[0]!.message}`, EXIT.BAD_INPUT, e.hint);
          throw e;
        }
      }
      if (flags.json) {
        const doc = { ...r, policy: policyJson(r), format: flags.format, output: output ? Buffer.from(output).toString('utf8') : null, files: flags.scenario };
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      } else {
        process.stderr.write(renderSynthesis(r, flags.scenario));
        if (output) process.stdout.write(output);
      }
      process.exitCode = r.status === 'impossible' ? EXIT.FINDINGS : EXIT.OK;
    });
}
