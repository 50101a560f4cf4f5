// The numeric-host model (src/order/numeric-host.ts) against the real glibc: every name, family
// and flag set below is asked of getaddrinfo() inside a namespace built from the host, and the
// model must give the same status, address and scope. Names the model does not take as numeric
// must not get a numeric answer from glibc either (it asks NSS, which knows nothing here).
// Needs root, ip and gcc (oracleGate: skipped with a reason, a failure under CI=true).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { numericHost } from '../../src/order/numeric-host.js';
import type { QueryFamily, Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { keepNamespace } from '../differential/netns.js';
import { oracleGate } from '../differential/prerequisites.js';
import { prng } from '../support/prng.js';

const gate = oracleGate();
const ROOT = join(import.meta.dirname, '../..');

const NUMERIC_NAMES = [
  '127.1', '0x7f.1', '010.0.0.1', '127.0.0.1', '1.2.3', '0x7f000001', '2130706433', '017700000001', '127.0.0.01', '0', '1.2.3.0x4',
  '4294967295', '0X7F.0.0.1', '08.1', '1.2.3.4.', '127.1.', '256.1', '1.2.3.4.5', '4294967296', '0x', '127..1', ' 127.1', '127.1 ',
  '::1', '::ffff:127.0.0.1', '::ffff:127.1', '[::1]', 'fe80::1%lo', 'fe80::1%1', 'fe80::1%2', 'fe80::1%eth0', 'fe80::1%eth9', 'fe80::1%',
  'fe80::1%4294967295', 'fe80::1%4294967296', '::1%lo', '::1%1', '2001:db8::1%lo', '2001:db8::1%7', 'ff02::1%eth0', 'ff02::1%lo', 'ff05::1%lo',
  'fe80::1%0x1', '2001:db8::10', 'x.test',
];
const FAMILIES: QueryFamily[] = ['AF_UNSPEC', 'AF_INET', 'AF_INET6'];
const FLAG_SETS: string[][] = [[], ['AI_NUMERICHOST'], ['AI_V4MAPPED'], ['AI_ADDRCONFIG'], ['AI_V4MAPPED', 'AI_ALL'], ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_NUMERICHOST']];

const HOSTS: Record<string, ScenarioHost> = {
  'dual-stack': { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8::10/64'] }] },
  'ipv4 only': { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }], ipv6: false },
  'loopback only': { interfaces: [] },
};

/** Seeded names made of the pieces numeric hosts are made of. */
function seededNames(n: number): string[] {
  const r = prng(0x4e4d);
  const pieces = ['0', '1', '7', '8', '9', '00', '010', '0x', '0x7f', 'ff', '255', '256', '65535', '.', '.', ':', '::', '%', 'lo', 'eth0', 'fe80', 'ffff'];
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(r() * 6) }, () => pieces[Math.floor(r() * pieces.length)]).join(''));
}

describe.runIf(gate.run)('numeric hosts: the model against glibc in a namespace', () => {
  let probe = '';
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gaiconf-numeric-'));
    probe = join(dir, 'numeric-probe');
    const cc = spawnSync('gcc', ['-O1', '-o', probe, join(ROOT, 'test/oracle/numeric-probe.c')], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(cc.stderr);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [label, host] of Object.entries(HOSTS)) {
    it(`${label}: ${NUMERIC_NAMES.length} fixed and 120 seeded names × 3 families × ${FLAG_SETS.length} flag sets`, async () => {
      const scenario: Scenario = { host, query: { records: [] } };
      const ns = await keepNamespace(scenario);
      try {
        // NSS knows nothing: a hosts file without these names, DNS refused at once
        ns.writeEtcFile('hosts', '127.0.0.1 localhost\n');
        ns.writeEtcFile('resolv.conf', 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
        const cases = [...NUMERIC_NAMES, ...seededNames(120)].flatMap((name) => FAMILIES.flatMap((family) => FLAG_SETS.map((flags) => ({ name, family, flags }))));
        const input = cases.map((c) => `${c.name}\t${c.family}\t${c.flags.join(',') || '-'}\n`).join('');
        const r = await ns.exec('sh', ['-c', `${probe} <<'EOF'\n${input}EOF`], { timeoutMs: 120_000 });
        expect(r.code, r.stderr).toBe(0);
        const got = r.stdout.trim().split('\n');
        expect(got).toHaveLength(cases.length);
        let numeric = 0;
        cases.forEach((c, k) => {
          const where = `${label}: ${JSON.stringify(c.name)} ${c.family} ${c.flags.join(',')}`;
          const real = got[k]!;
          const model = numericHost(c.name, { family: c.family, flags: c.flags as never }, host);
          if (model === null) {
            expect(real.startsWith('OK '), `${where}: glibc answered ${real} but the model asks NSS`).toBe(false);
            return;
          }
          numeric++;
          if (model.status !== 'OK') {
            expect(real, where).toBe(model.status);
            return;
          }
          const [status, answer, ...more] = real.split(' ');
          expect(status, `${where}: ${real}`).toBe('OK');
          expect(more, where).toEqual([]);
          const [addr, scope] = answer!.split('%');
          expect(formatIp(parseIp(addr!)!), where).toBe(model.address);
          expect(scope === undefined ? null : Number(scope), where).toBe(model.scope?.index ?? null);
        });
        expect(numeric).toBeGreaterThan(cases.length / 4);
      } finally {
        await ns.remove();
      }
    }, 180_000);
  }
});
