// The recorded corpus: real glibc and musl outputs checked in under test/fixtures/oracle/,
// compared with the simulation. Fast, and needs neither root nor compilers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { compareScenario } from './compare.js';
import type { OracleEnvironment, OracleResult } from './netns.js';
import { describeMismatch } from './report.js';

interface Fixture {
  recordedOn: OracleEnvironment;
  scenario: Scenario;
  glibc: OracleResult;
  musl: OracleResult;
}

const dir = join(import.meta.dirname, '../fixtures/oracle');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const tally = { scenarios: 0, glibc: 0, musl: 0, answers: 0, sources: 0 };

describe('recorded corpus agrees with the simulation', () => {
  it('has a corpus', () => expect(files.length).toBeGreaterThan(50));
  it.each(files)('%s', (file) => {
    const f = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
    const c = compareScenario(f.scenario, { glibc: f.glibc, musl: f.musl });
    tally.scenarios++;
    tally.answers += f.glibc.answers.length + f.musl.answers.length;
    for (const m of c.mismatches) {
      if (m.kind === 'source') tally.sources += m.answers ?? 1;
      else tally[m.implementation]++;
    }
    if (c.mismatches.length) console.error(describeMismatch(f.scenario, c.mismatches, c));
    expect(c.mismatches).toEqual([]);
  });
  afterAll(() => {
    const env = files.length ? (JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as Fixture).recordedOn : null;
    console.log(
      `[gaiconf] recorded corpus: ${tally.scenarios} scenarios recorded on glibc ${env?.glibc}, musl ${env?.musl}, kernel ${env?.kernel}; ` +
        `glibc agreement ${tally.scenarios - tally.glibc}/${tally.scenarios}, musl ${tally.scenarios - tally.musl}/${tally.scenarios}, ` +
        `kernel sources ${tally.answers - tally.sources}/${tally.answers} answers`,
    );
  });
});
