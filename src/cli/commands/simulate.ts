// `gaiconf simulate`: one scenario (file, pieces, or the embedded example), or a JSON Lines batch.
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { readText, displayName } from '../../adapters/read-text.js';
import { scenarioFromJson, scenarioFromValue } from '../../adapters/scenario-from-json.js';
import { DOCKER_ULA_EXAMPLE } from '../../examples.js';
import { PROFILES, type ProfileName } from '../../order/facts.js';
import { simulate } from '../../simulate.js';
import type { AiFlag, QueryFamily, Scenario, ScenarioHost } from '../../scenario/types.js';
import { CliError, EXIT } from '../exit-codes.js';
import { renderSideBySide, renderSimulation } from '../render-simulation.js';
import { styleFor } from '../style.js';
import { parseJsonWithLocation } from '../../scenario/json-error.js';
import { validateScenario } from '../../scenario/validate.js';

interface SimulateFlags {
  scenario?: string;
  host?: string;
  gaiConf?: string;
  records?: string;
  name?: string;
  flags?: string;
  family?: string;
  profile: string;
  glibc: string;
  explain?: boolean;
  allPairs?: boolean;
  json?: boolean;
  batch?: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('the order getaddrinfo returns on a modelled host, and the rule behind each pair (no input: the Docker ULA example)')
    .option('--scenario <file>', 'scenario JSON file, or - for stdin')
    .option('--host <file>', 'a scenario "host" object (JSON) to combine with --records')
    .option('--gai-conf <file>', 'gai.conf to use (with --host/--records, or replacing the scenario\'s)')
    .option('--records <list>', 'comma-separated answers in resolver order')
    .option('--name <name>', 'the name looked up')
    .option('--flags <list>', 'comma-separated AI_* flags (AI_ADDRCONFIG, AI_V4MAPPED, AI_ALL)')
    .option('--family <family>', 'AF_UNSPEC, AF_INET or AF_INET6')
    .option('--profile <name>', `${PROFILES.join('|')}|all`, 'glibc')
    .option('--glibc <version>', 'glibc version whose gai.conf parser to model', '2.36')
    .option('--explain', 'explain every adjacent pair and show notes')
    .option('--all-pairs', 'explain every pair, not only adjacent ones')
    .option('--json', 'print the result as JSON (schemaVersion 1)')
    .option('--batch <file>', 'JSON Lines: one scenario per line in, one result per line out (- for stdin)')
    .action(async (flags: SimulateFlags) => {
      const profiles = profilesOf(flags.profile);
      if (flags.batch) {
        process.exitCode = await runBatch(flags.batch, profiles, flags);
        return;
      }
      const scenario = scenarioOf(flags);
      const results = profiles.map((profile) => simulate(scenario, { profile, glibc: flags.glibc, allPairs: !!flags.allPairs }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : { schemaVersion: 1, profiles: results }, null, 2)}\n`);
        return;
      }
      const st = styleFor(process.stdout);
      process.stdout.write(`${results.length === 1 ? renderSimulation(results[0]!, st, { explain: !!flags.explain || !!flags.allPairs }) : renderSideBySide(results, st)}\n`);
    });
}

function profilesOf(text: string): ProfileName[] {
  if (text === 'all') return [...PROFILES];
  if ((PROFILES as readonly string[]).includes(text)) return [text as ProfileName];
  throw new CliError(`--profile ${text}: unknown profile`, EXIT.BAD_INPUT, `use one of ${PROFILES.join(', ')}, or all`);
}

function listOf(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((x) => x.trim()).filter(Boolean);
}

function scenarioOf(flags: SimulateFlags): Scenario {
  const pieces = flags.host || flags.records || flags.name || flags.flags || flags.family;
  let base: Scenario;
  if (flags.scenario) {
    if (flags.host) throw new CliError('--scenario and --host both give a host', EXIT.BAD_INPUT, 'use one of them');
    base = scenarioFromJson(readText(flags.scenario), displayName(flags.scenario));
  } else if (pieces) {
    let host: ScenarioHost = { interfaces: [] };
    if (flags.host) {
      const text = readText(flags.host);
      const parsed = parseJsonWithLocation(text, displayName(flags.host));
      if (!parsed.ok) throw new CliError(`${parsed.error.file}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`, EXIT.BAD_INPUT, parsed.error.hint);
      host = parsed.value as ScenarioHost;
    }
    base = { host, query: { records: [] } };
  } else {
    base = DOCKER_ULA_EXAMPLE;
  }
  const query = { ...base.query };
  const records = listOf(flags.records);
  if (records) query.records = records;
  if (flags.name) query.name = flags.name;
  const aiFlags = listOf(flags.flags);
  if (aiFlags) query.flags = aiFlags as AiFlag[];
  if (flags.family) query.family = flags.family as QueryFamily;
  const out: Scenario = { ...base, query };
  if (flags.gaiConf) out.gaiConf = readText(flags.gaiConf);
  if (out === base || (!pieces && !flags.gaiConf)) return base;
  // Re-validate the combination: records and flags given on the command line are input too.
  const v = validateScenario(out, flags.scenario ? displayName(flags.scenario) : '<command line>');
  if (!v.ok) throw new CliError(v.errors.map((e) => `${e.path}: ${e.message}\n  hint: ${e.hint}`).join('\n'), EXIT.BAD_INPUT);
  return v.scenario;
}

/** Streams JSON Lines: one result line per input line, errors as lines too, constant memory. */
async function runBatch(path: string, profiles: ProfileName[], flags: SimulateFlags): Promise<number> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const file = displayName(path);
  let status: number = EXIT.OK;
  let lineNo = 0;
  let buffered = '';
  const flush = async () => {
    if (!process.stdout.write(buffered)) await new Promise((r) => process.stdout.once('drain', r));
    buffered = '';
  };
  try {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      let outLine: string;
      try {
        const value = JSON.parse(line) as unknown;
        const v = scenarioFromValue(value, `${file}:${lineNo}`);
        if (!v.ok) throw new Error(v.message);
        const results = profiles.map((profile) => simulate(v.scenario, { profile, glibc: flags.glibc }));
        outLine = JSON.stringify(results.length === 1 ? results[0] : { schemaVersion: 1, profiles: results });
      } catch (e) {
        status = EXIT.BAD_INPUT;
        outLine = JSON.stringify({ schemaVersion: 1, error: { file, line: lineNo, message: (e as Error).message } });
        process.stderr.write(`${file}:${lineNo}: ${(e as Error).message.split('\n')[0]}\n`);
      }
      buffered += `${outLine}\n`;
      if (buffered.length > 1 << 16) await flush();
    }
  } catch (e) {
    throw new CliError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.BAD_INPUT);
  }
  await flush();
  return status;
}
