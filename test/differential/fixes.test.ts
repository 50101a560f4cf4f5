// Every fix gaiconf synthesizes for a field case is written into a namespace's /etc/gai.conf
// and the real glibc must return the wanted order; the same bytes go through each output
// format, so "one command produces the fix in each format, and real glibc confirms it".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitFormat, OUTPUT_FORMATS } from '../../src/emit/dockerfile.js';
import type { Scenario } from '../../src/scenario/types.js';
import { parseWantFirst, synthesize } from '../../src/synthesize.js';
import { buildProbes, runOracle } from './netns.js';
import { oracleGate } from './prerequisites.js';

const gate = oracleGate();
const scenario = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../field-cases/scenarios', `${name}.json`), 'utf8')) as Scenario;

// Field cases gai.conf can fix, and what the user wants first.
const CASES: [string, string][] = [
  ['docker-ula', 'ipv6'],
  ['podman-localhost', 'ipv4'],
  ['podman-localhost', '127.0.0.1'],
  ['broken-ipv6-path', 'ipv4'],
];

describe.skipIf(!gate.run)('synthesized fixes, confirmed by the real glibc', () => {
  let probes: { glibc: string; musl: string };
  beforeAll(async () => {
    probes = await buildProbes();
  });

  it.each(CASES)('%s: want %s first', async (name, want) => {
    const s = scenario(name);
    const result = synthesize([s], parseWantFirst(want));
    expect(result.status).toBe('found');
    const real = await runOracle({ ...s, gaiConf: result.text }, probes);
    expect(real.glibc.status).toBe('OK');
    const first = real.glibc.answers[0]!;
    if (want === 'ipv4') expect(first.family === 4 || first.address.startsWith('::ffff:')).toBe(true);
    else if (want === 'ipv6') expect(first.family === 6 && !first.address.startsWith('::ffff:')).toBe(true);
    else expect(first.address).toBe(want);
    // Before the fix the real order was different (the fix is not a no-op).
    const before = await runOracle({ ...s, gaiConf: null }, probes);
    expect(before.glibc.answers[0]!.address).not.toBe(first.address);
    // Every format writes exactly these bytes (test/emit runs them through real dash and busybox).
    for (const f of OUTPUT_FORMATS) expect([f, Buffer.from(emitFormat(f, result.text).file).toString('utf8')]).toEqual([f, result.text]);
  });
});
