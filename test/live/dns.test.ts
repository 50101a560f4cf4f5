// Live mode's record sources against real parts: hosts-file parsing (pure), and DNS through
// node:dns's Resolver against Debian's dnsmasq on 127.0.0.1 (no mock). Nothing leaves loopback:
// both dnsmasq instances run with --no-resolv, answer .test from a generated hosts file, refuse
// everything else (no upstream), and forward timeout.test to a closed loopback port.
//
// The dnsmasq part needs Linux and dnsmasq: it skips with a visible reason on a user's machine
// and fails under CI=true.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseServer, recordsFromDns } from '../../src/adapters/records-from-dns.js';
import { recordsForName } from '../../src/adapters/records-for-name.js';
import { parseHostsText, recordsFromHostsText } from '../../src/adapters/records-from-hosts.js';

import { CLI, ensureBuilt } from './ensure-built.js';

// ---------------------------------------------------------------------------------------------
// Prerequisites

function findDnsmasq(): string | null {
  for (const p of ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq', '/sbin/dnsmasq']) if (existsSync(p)) return p;
  const r = spawnSync('sh', ['-c', 'command -v dnsmasq'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

function gate(): { run: boolean; dnsmasq: string } {
  let reason: string | null = null;
  const dnsmasq = findDnsmasq();
  if (process.platform !== 'linux') reason = `needs Linux, not ${process.platform}`;
  else if (!dnsmasq) reason = '`dnsmasq` is not installed (Debian: dnsmasq-base)';
  if (reason === null) return { run: true, dnsmasq: dnsmasq! };
  if (process.env.CI === 'true') throw new Error(`live DNS suite cannot run under CI: ${reason}`);
  console.warn(`[gaiconf] skipping the live DNS suite: ${reason}`);
  return { run: false, dnsmasq: '' };
}


// ---------------------------------------------------------------------------------------------
// Pure parts (always run)

describe('hosts file (nss_files, multi on)', () => {
  const text = [
    '# comment line',
    '127.0.0.1\tlocalhost',
    '192.0.2.1   www.Example.test  www   # trailing comment',
    '2001:db8::1 www.example.test',
    'fe80::1%eth0 www.example.test', // zone index: inet_pton rejects it
    '127.1 www.example.test', // inet_aton shorthand: rejected
    '010.0.0.1 www.example.test', // leading zero: rejected
    '  192.0.2.2 other www.EXAMPLE.test',
    '::ffff:192.0.2.3 www.example.test',
    '192.0.2.4',
    '#192.0.2.5 www.example.test',
    '192.0.2.6 www.example.test.other',
  ].join('\n');

  it('returns every matching line in file order, both families, case-insensitive, aliases too', () => {
    const r = recordsFromHostsText(text, 'WWW.example.TEST');
    expect(r.records).toEqual(['192.0.2.1', '2001:db8::1', '192.0.2.2', '::ffff:192.0.2.3']);
    expect(r.entries.map((e) => e.line)).toEqual([3, 4, 8, 9]);
    expect(recordsFromHostsText(text, 'www').records).toEqual(['192.0.2.1']);
  });

  it('skips what glibc inet_pton rejects, and says so', () => {
    const r = recordsFromHostsText(text, 'www.example.test');
    expect(r.skipped.map((s) => [s.line, s.address])).toEqual([
      [5, 'fe80::1%eth0'],
      [6, '127.1'],
      [7, '010.0.0.1'],
    ]);
    expect(parseHostsText(text).entries.find((e) => e.address === '192.0.2.4')?.names).toEqual([]);
  });

  it('matches nothing for an unknown name', () => {
    expect(recordsFromHostsText(text, 'nope.test').records).toEqual([]);
  });
});

describe('--server parsing', () => {
  it('accepts IP, IP:PORT, [IPv6]:PORT and bare IPv6', () => {
    expect(parseServer('127.0.0.1')).toEqual({ ok: true, server: '127.0.0.1' });
    expect(parseServer('127.0.0.1:5353')).toEqual({ ok: true, server: '127.0.0.1:5353' });
    expect(parseServer('[::1]:53')).toEqual({ ok: true, server: '[::1]:53' });
    expect(parseServer('0:0::1')).toEqual({ ok: true, server: '::1' });
  });
  it('rejects names, bad ports and bracketed IPv4', () => {
    for (const bad of ['localhost', 'localhost:53', '127.0.0.1:0', '127.0.0.1:70000', '[127.0.0.1]:53', '127.0.0.1:x']) {
      expect(parseServer(bad).ok, bad).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// dnsmasq

const g = gate();

interface Dnsmasq {
  port: number;
  child: ChildProcess;
  log: () => string;
}

const TRUST_ANCHOR = '.,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D';

async function startDnsmasq(bin: string, extra: string[], ready: string): Promise<Dnsmasq> {
  let lastLog = '';
  for (let attempt = 0; attempt < 8; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const args = [
      '--keep-in-foreground',
      '--no-resolv',
      '--no-hosts',
      '--log-facility=-',
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      `--port=${port}`,
      '--pid-file=',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ...extra,
    ];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
    let exited = false;
    child.on('exit', () => (exited = true));
    const r = new Resolver({ timeout: 200, tries: 1 });
    r.setServers([`127.0.0.1:${port}`]);
    const until = Date.now() + 5000;
    while (!exited && Date.now() < until) {
      try {
        await r.resolve4(ready);
        return { port, child, log: () => log };
      } catch (e) {
        // ECONNREFUSED until it listens; a .test name it serves answers once it does
        if ((e as NodeJS.ErrnoException).code === 'ENOTFOUND' || (e as NodeJS.ErrnoException).code === 'ESERVFAIL') return { port, child, log: () => log };
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    lastLog = log;
    child.kill('SIGKILL');
  }
  throw new Error(`dnsmasq did not start:\n${lastLog}`);
}

async function stop(d: Dnsmasq | undefined): Promise<void> {
  if (!d || d.child.exitCode !== null || d.child.signalCode !== null) return;
  const gone = new Promise((res) => d.child.once('exit', res));
  d.child.kill('SIGTERM');
  const t = setTimeout(() => d.child.kill('SIGKILL'), 2000);
  await gone;
  clearTimeout(t);
}

function runCli(args: string[], timeoutMs = 30_000): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!g.run)('records from DNS (dnsmasq on 127.0.0.1)', () => {
  let main: Dnsmasq | undefined;
  let strict: Dnsmasq | undefined;
  let dir = '';
  let server = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gaiconf-dns-'));
    const hosts = join(dir, 'served-hosts');
    writeFileSync(
      hosts,
      [
        '192.0.2.10 dual.test',
        '2001:db8::10 dual.test',
        '192.0.2.11 v4only.test',
        '2001:db8::12 v6only.test',
        '203.0.113.1 multi.test',
        '203.0.113.2 multi.test',
        '2001:db8:1::1 multi.test',
        '2001:db8:1::2 multi.test',
      ].join('\n') + '\n',
    );
    main = await startDnsmasq(
      g.dnsmasq,
      [`--addn-hosts=${hosts}`, '--local=/test/', '--domain-needed', '--server=/timeout.test/127.0.0.1#1'],
      'dual.test',
    );
    server = `127.0.0.1:${main.port}`;
    // A validating dnsmasq whose only upstream is the unsigned one: every answer is BOGUS → SERVFAIL.
    strict = await startDnsmasq(
      g.dnsmasq,
      [`--server=127.0.0.1#${main.port}`, '--dnssec', `--trust-anchor=${TRUST_ANCHOR}`, '--dnssec-check-unsigned'],
      'dual.test',
    );
    ensureBuilt();
  }, 200_000);

  afterAll(async () => {
    await Promise.all([stop(main), stop(strict)]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a dual-stack name: both families, A first by default, AAAA first on request', async () => {
    const a = await recordsFromDns('dual.test', { server });
    expect(a).toEqual({
      records: ['192.0.2.10', '2001:db8::10'],
      perFamily: { A: 'ok', AAAA: 'ok' },
      answers: { A: ['192.0.2.10'], AAAA: ['2001:db8::10'] },
      messages: [],
    });
    const b = await recordsFromDns('dual.test', { server, inputOrder: 'aaaa-first' });
    expect(b.records).toEqual(['2001:db8::10', '192.0.2.10']);
  });

  it('keeps each family together, in the chosen family order', async () => {
    const r = await recordsFromDns('multi.test', { server });
    expect(r.records.slice(0, 2).sort()).toEqual(['203.0.113.1', '203.0.113.2']);
    expect(r.records.slice(2).sort()).toEqual(['2001:db8:1::1', '2001:db8:1::2']);
  });

  it('A-only and AAAA-only names: NODATA for the other family, with a message naming it', async () => {
    const v4 = await recordsFromDns('v4only.test', { server });
    expect(v4.records).toEqual(['192.0.2.11']);
    expect(v4.perFamily).toEqual({ A: 'ok', AAAA: 'nodata' });
    expect(v4.messages).toHaveLength(1);
    expect(v4.messages[0]).toMatch(/^AAAA v4only\.test: .*NODATA/);
    const v6 = await recordsFromDns('v6only.test', { server });
    expect(v6.records).toEqual(['2001:db8::12']);
    expect(v6.perFamily).toEqual({ A: 'nodata', AAAA: 'ok' });
    expect(v6.messages[0]).toMatch(/^A v6only\.test: .*NODATA/);
  });

  it('NXDOMAIN, authoritatively (--local=/test/)', async () => {
    const r = await recordsFromDns('nope.test', { server });
    expect(r.records).toEqual([]);
    expect(r.perFamily).toEqual({ A: 'nxdomain', AAAA: 'nxdomain' });
    expect(r.messages).toEqual([expect.stringMatching(/^A nope\.test: .*NXDOMAIN/), expect.stringMatching(/^AAAA nope\.test: .*NXDOMAIN/)]);
  });

  it('REFUSED: a name dnsmasq has no server for', async () => {
    const r = await recordsFromDns('name.invalid', { server });
    expect(r.perFamily).toEqual({ A: 'refused', AAAA: 'refused' });
    expect(r.messages.join('\n')).toMatch(/REFUSED/);
  });

  it('SERVFAIL: a validating dnsmasq whose upstream is unsigned', async () => {
    const r = await recordsFromDns('dual.test', { server: `127.0.0.1:${strict!.port}` });
    expect(r.perFamily).toEqual({ A: 'servfail', AAAA: 'servfail' });
    expect(r.messages.join('\n')).toMatch(/SERVFAIL/);
  });

  it('timeout: forwarded to a closed loopback port', async () => {
    const t0 = Date.now();
    const r = await recordsFromDns('x.timeout.test', { server, timeoutMs: 300, tries: 1 });
    expect(r.perFamily).toEqual({ A: 'timeout', AAAA: 'timeout' });
    expect(r.messages[0]).toMatch(/^A x\.timeout\.test: no answer in time/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('asks only the families the lookup needs', async () => {
    const r = await recordsFromDns('dual.test', { server, families: ['AAAA'] });
    expect(r.perFamily).toEqual({ A: 'skipped', AAAA: 'ok' });
    expect(r.records).toEqual(['2001:db8::10']);
  });

  it('hosts file first: a name it has never reaches DNS; other names do', async () => {
    const hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, '198.51.100.9 dual.test\n');
    const fromHosts = await recordsForName('dual.test', { hostsFile, server });
    expect(fromHosts).toMatchObject({ records: ['198.51.100.9'], source: 'hosts', dns: null, lookupStatus: 'OK' });
    const fromDns = await recordsForName('v6only.test', { hostsFile, server });
    expect(fromDns).toMatchObject({ records: ['2001:db8::12'], source: 'dns', lookupStatus: 'OK' });
    expect(fromDns.dns?.perFamily).toEqual({ A: 'nodata', AAAA: 'ok' });
    const failed = await recordsForName('x.timeout.test', { hostsFile, server, timeoutMs: 200, tries: 1 });
    expect(failed).toMatchObject({ records: [], source: 'none', lookupStatus: 'EAI_AGAIN' });
    const missing = await recordsForName('nope.test', { hostsFile, server });
    expect(missing.lookupStatus).toBe('EAI_NONAME');
    // AF_INET lookup: an IPv6-only hosts entry does not count, so DNS A is asked.
    writeFileSync(hostsFile, '2001:db8::99 v4only.test\n');
    const inet = await recordsForName('v4only.test', { hostsFile, server, family: 'AF_INET' });
    expect(inet).toMatchObject({ records: ['192.0.2.11'], source: 'dns' });
    expect(inet.dns?.perFamily).toEqual({ A: 'ok', AAAA: 'skipped' });
  });

  describe('CLI end to end (node dist/cli/main.js)', () => {
    const host = {
      interfaces: [{ name: 'eth0', addresses: ['192.0.2.2/24', '2001:db8:1::2/64'] }],
      routes: [
        { to: 'default', via: '192.0.2.1' },
        { to: 'default', via: '2001:db8:1::1' },
      ],
    };
    let hostFile = '';
    let emptyHosts = '';
    beforeAll(() => {
      hostFile = join(dir, 'host.json');
      writeFileSync(hostFile, JSON.stringify(host));
      emptyHosts = join(dir, 'empty-hosts');
      writeFileSync(emptyHosts, '# nothing\n');
    });

    it('simulate NAME --server --host FILE --json: records from DNS, no hand-given records', () => {
      const r = runCli(['simulate', 'dual.test', '--server', server, '--host', hostFile, '--hosts-file', emptyHosts, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as Record<string, unknown> & { order: string[]; query: Record<string, unknown>; status: string; name: string };
      expect(doc.schemaVersion).toBe(1);
      expect(doc.name).toBe('dual.test');
      expect(doc.status).toBe('OK');
      expect(doc.query).toMatchObject({ name: 'dual.test', records: ['192.0.2.10', '2001:db8::10'], source: 'dns', dns: { A: 'ok', AAAA: 'ok' } });
      // A global IPv6 source and destination: IPv6 first (precedence 40 over 35... and labels match).
      expect(doc.order).toEqual(['2001:db8::10', '192.0.2.10']);
      // The usual --json document (fields are only ever added), plus `query` at the end.
      const keys = Object.keys(doc);
      expect(keys).toEqual(expect.arrayContaining(['schemaVersion', 'name', 'profile', 'glibc', 'status', 'order', 'results', 'explain', 'diagnostics', 'notes', 'hint']));
      expect(keys[keys.length - 1]).toBe('query');
    });

    it('--input-order aaaa-first changes the unsorted list, not a sorted outcome', () => {
      const r = runCli(['simulate', 'dual.test', '--server', server, '--host', hostFile, '--hosts-file', emptyHosts, '--input-order', 'aaaa-first', '--json']);
      const doc = JSON.parse(r.stdout) as { order: string[]; query: { records: string[] } };
      expect(doc.query.records).toEqual(['2001:db8::10', '192.0.2.10']);
      expect(doc.order).toEqual(['2001:db8::10', '192.0.2.10']);
    });

    it('a DNS failure is exit 3 with the failing families named', () => {
      const r = runCli(['simulate', 'x.timeout.test', '--server', server, '--host', hostFile, '--hosts-file', emptyHosts, '--dns-timeout', '200']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/x\.timeout\.test: no addresses: A x\.timeout\.test: no answer in time.*AAAA/);
    });

    it('NXDOMAIN simulates to EAI_NONAME (what getaddrinfo says), exit 0', () => {
      const r = runCli(['simulate', 'nope.test', '--server', server, '--host', hostFile, '--hosts-file', emptyHosts, '--json']);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { status: string; query: { dns: unknown } };
      expect(doc.status).toBe('EAI_NONAME');
      expect(doc.query.dns).toEqual({ A: 'nxdomain', AAAA: 'nxdomain' });
    });

    it('--names: JSON Lines in input order with a query field, summary on stderr', () => {
      const names = join(dir, 'names');
      writeFileSync(names, ['dual.test', 'v4only.test', '# a comment', '', 'v6only.test', 'nope.test', 'x.timeout.test', 'multi.test'].join('\n'));
      const r = runCli(['simulate', '--names', names, '--server', server, '--host', hostFile, '--hosts-file', emptyHosts, '--dns-timeout', '200']);
      // x.timeout.test's lookup failed: the environment's failure, exit 3 (NXDOMAIN is an answer)
      expect(r.code).toBe(3);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: { name: string; dns: unknown }; order?: string[]; error?: unknown });
      expect(lines.map((l) => l.query.name)).toEqual(['dual.test', 'v4only.test', 'v6only.test', 'nope.test', 'x.timeout.test', 'multi.test']);
      expect(lines[0]!.order).toEqual(['2001:db8::10', '192.0.2.10']);
      expect(lines[1]!.query.dns).toEqual({ A: 'ok', AAAA: 'nodata' });
      expect(lines[4]!.error).toBeDefined();
      // No TTY here: no progress bar, just the summary line.
      expect(r.stderr.trim().split('\n')).toEqual([
        'gaiconf: 6 names: 3 IPv6 first, 1 IPv4 first, 0 unusable first, 2 failed (1 without an address, 1 lookup error)',
      ]);
    });
  });
});
