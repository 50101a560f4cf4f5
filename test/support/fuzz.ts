// The fuzz suites' seeds and bounds: a fixed set of seeds (the same every run) plus one fresh
// seed per run, printed, so that a failure found by a fresh seed can be replayed:
//
//   GAICONF_FUZZ_SEED=<seed> npx vitest run test/fuzz/<suite>.test.ts
//
// (with GAICONF_FUZZ_SEED set, only that seed runs). Each suite bounds its case count, and
// stops early past its time budget, so a run costs a few seconds of CPU.
import { randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const FIXED_SEEDS = [1, 2, 0x5eed];

export interface FuzzSeed {
  seed: number;
  fresh: boolean;
}

/** The seeds this run uses, announced on stdout. */
export function fuzzSeeds(suite: string): FuzzSeed[] {
  const env = process.env.GAICONF_FUZZ_SEED;
  if (env !== undefined && env !== '') {
    const seed = Number(env);
    console.log(`[fuzz] ${suite}: replaying seed ${seed} only`);
    return [{ seed, fresh: true }];
  }
  const fresh = randomInt(1, 2 ** 31 - 1);
  console.log(`[fuzz] ${suite}: seeds ${FIXED_SEEDS.join(', ')} and fresh seed ${fresh} (replay: GAICONF_FUZZ_SEED=${fresh} npx vitest run test/fuzz/${suite}.test.ts)`);
  return [...FIXED_SEEDS.map((seed) => ({ seed, fresh: false })), { seed: fresh, fresh: true }];
}

/** What to put in a failure message so the case can be replayed. */
export function replay(suite: string, seed: number, index: number): string {
  return `[fuzz ${suite}, seed ${seed}, case ${index}; replay: GAICONF_FUZZ_SEED=${seed} npx vitest run test/fuzz/${suite}.test.ts]`;
}

/** True until `ms` have passed since the call that made it. */
export function budget(ms: number): () => boolean {
  const end = Date.now() + ms;
  return () => Date.now() < end;
}

export const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

/** The exit codes docs/cli.md documents for a command that did not crash (70 is a bug, never expected). */
export const DOCUMENTED_EXITS = new Set([0, 1, 2, 3, 75]);

/** A stack trace, or the CLI's own "internal error": what no input may ever produce. */
export const CRASH = /internal error|\n\s+at .+:\d+:\d+\)?|Maximum call stack|RangeError|TypeError|ReferenceError/;

export function runCli(args: string[], input?: string | Buffer): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 << 20, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}
