// `npm run oracle:record`: ask the real glibc and musl about every corpus scenario and write
// test/fixtures/oracle/<name>.json (scenario, real outputs, and the versions they came from).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../src/scenario/types.js';
import { CORPUS, PRESET_CORPUS, ROUTING_SEED, routingCorpus } from './corpus.js';
import { generateScenarios } from './generator.js';
import { buildProbes, oracleAvailability, oracleEnvironment, runOracle, UnsupportedByHostBuilder } from './netns.js';

export const FIXTURE_DIR = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../fixtures/oracle');
const FIELD_DIR = join(FIXTURE_DIR, '../../field-cases/scenarios');
const GENERATED_SEED = 20261123;
const GENERATED_COUNT = 150;

function fieldCaseScenarios(): Scenario[] {
  try {
    return readdirSync(FIELD_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ name: `field-case-${f.replace(/\.json$/, '')}`, ...(JSON.parse(readFileSync(join(FIELD_DIR, f), 'utf8')) as Scenario) }));
  } catch {
    return [];
  }
}

async function main() {
  const a = oracleAvailability();
  if (!a.ok) {
    console.error(`cannot record: ${a.reason}`);
    process.exit(3);
  }
  const probes = await buildProbes();
  const env = oracleEnvironment();
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const all = [...CORPUS, ...PRESET_CORPUS, ...fieldCaseScenarios(), ...generateScenarios(GENERATED_SEED, GENERATED_COUNT), ...routingCorpus()];
  // Generated fixtures of these seeds that the generator no longer produces (it changed since
  // they were recorded) are regenerable data of this script: they are replaced, not kept.
  const generated = new RegExp(`^gen-(${GENERATED_SEED}|${ROUTING_SEED})-\\d+-.+\\.json$`);
  const stale = new Set(readdirSync(FIXTURE_DIR).filter((f) => generated.test(f)));
  let written = 0;
  for (const s of all) {
    let run;
    try {
      run = await runOracle(s, probes);
    } catch (e) {
      if (e instanceof UnsupportedByHostBuilder) continue;
      throw e;
    }
    const file = join(FIXTURE_DIR, `${(s.name ?? `scenario-${written}`).replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
    const body = { recordedOn: env, scenario: s, glibc: run.glibc, musl: run.musl };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 1)}\n`);
    renameSync(`${file}.tmp`, file);
    stale.delete(file.slice(FIXTURE_DIR.length + 1));
    written++;
  }
  for (const f of stale) rmSync(join(FIXTURE_DIR, f));
  if (stale.size > 0) console.log(`removed ${stale.size} generated fixtures the generator no longer produces`);
  console.log(`recorded ${written} scenarios into ${FIXTURE_DIR} (glibc ${env.glibc}, musl ${env.musl}, kernel ${env.kernel})`);
}

await main();
