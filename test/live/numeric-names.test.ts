// Live mode reads names as glibc does: numeric hosts in every inet_aton form and with scope ids
// are answered without DNS (AI_NUMERICHOST: a name is EAI_NONAME, never looked up), malformed
// names are bad input, failed lookups in --names are exit 3, and more than 48 answers keep both
// families. DNS is a silent UDP socket: a name that reached it would time out (exit 3).
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepRecords } from '../../src/cli/commands/check.js';
import { CLI } from './ensure-built.js';

let silent: Socket;
let server = '';
let dir = '';

function run(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  server = `127.0.0.1:${silent.address().port}`;
  dir = mkdtempSync(join(tmpdir(), 'gaiconf-names-'));
});
afterAll(() => {
  silent.close();
  rmSync(dir, { recursive: true, force: true });
});

const live = (name: string, ...more: string[]) => run(['simulate', name, '--server', server, '--dns-timeout', '200', '--json', '--fields', 'status,order,query', ...more]);

describe.runIf(process.platform === 'linux')('numeric hosts in live mode', () => {
  it('127.1, 0x7f.1, 010.0.0.1, 2130706433 and fe80::1%lo are answered without DNS', async () => {
    for (const [name, address] of [['127.1', '127.0.0.1'], ['0x7f.1', '127.0.0.1'], ['010.0.0.1', '8.0.0.1'], ['2130706433', '127.0.0.1'], ['fe80::1%lo', 'fe80::1'], ['::1', '::1']]) {
      const r = await live(name!);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ status: 'OK', order: [address], query: { source: 'literal', dns: null } });
    }
  });

  it('the family and AI_V4MAPPED decide as in glibc (EAI_ADDRFAMILY), and AI_NUMERICHOST never looks a name up', async () => {
    expect(JSON.parse((await live('127.1', '--family', 'AF_INET6')).stdout)).toMatchObject({ status: 'EAI_ADDRFAMILY', order: [] });
    expect(JSON.parse((await live('127.1', '--family', 'AF_INET6', '--flags', 'AI_V4MAPPED')).stdout)).toMatchObject({ status: 'OK', order: ['::ffff:127.0.0.1'] });
    expect(JSON.parse((await live('fe80::1%lo', '--family', 'AF_INET')).stdout)).toMatchObject({ status: 'EAI_ADDRFAMILY' });
    expect(JSON.parse((await live('fe80::1%no-such-if')).stdout)).toMatchObject({ status: 'EAI_NONAME' });
    const numeric = await live('example.test', '--flags', 'AI_NUMERICHOST');
    expect(numeric.code, numeric.stderr).toBe(0);
    expect(JSON.parse(numeric.stdout)).toMatchObject({ status: 'EAI_NONAME', query: { dns: null } });
    expect(JSON.parse((await live('127.1', '--flags', 'AI_NUMERICHOST')).stdout)).toMatchObject({ status: 'OK', order: ['127.0.0.1'] });
    expect((await run(['simulate', '--records', '::1', '--flags', 'AI_NUMERICHOST'])).code).toBe(2);
  });

  it('check: the system resolver (glibc through node) and the simulation agree on inet_aton forms', async () => {
    const r = await run(['check', '127.1', '0x7f.1', '010.0.0.1', '2130706433', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { agree: boolean; checks: { name: string; system: { order: string[] } }[] };
    expect(doc.agree).toBe(true);
    expect(doc.checks.map((c) => c.system.order[0])).toEqual(['127.0.0.1', '127.0.0.1', '8.0.0.1', '127.0.0.1']);
  });

  it('malformed names are bad input (exit 2), not a lookup failure (exit 3)', async () => {
    for (const name of [`${'a'.repeat(64)}.test`, 'a..b', '.a', '[::1]', `${'a.'.repeat(130)}b`, 'a%b']) {
      const r = await live(name);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/is not a host name/);
    }
  });

  it('--names: failed lookups make exit 3; bad lines exit 2; numeric names need no DNS', async () => {
    const timeouts = await run(['simulate', '--names', '-', '--server', server, '--dns-timeout', '100'], 'a.test\nb.test\n');
    expect(timeouts.code).toBe(3);
    expect(timeouts.stderr).toMatch(/2 failed \(0 without an address, 2 lookup errors\)/);
    const numeric = await run(['simulate', '--names', '-', '--server', server, '--dns-timeout', '100'], '127.1\n::1\n');
    expect(numeric.code, numeric.stderr).toBe(0);
    const bad = await run(['simulate', '--names', '-', '--server', server, '--dns-timeout', '100'], 'a..b\nc.test\n');
    expect(bad.code).toBe(2);
  });

  it('more than 48 answers: both families stay, and the message says which was cut', async () => {
    const hosts = join(dir, 'hosts');
    const lines = [...Array.from({ length: 60 }, (_, i) => `10.0.0.${i + 1} many.test`), ...Array.from({ length: 10 }, (_, i) => `2001:db8::${i + 1} many.test`)];
    writeFileSync(hosts, `${lines.join('\n')}\n`);
    const r = await run(['simulate', 'many.test', '--hosts-file', hosts, '--no-dns', '--json', '--fields', 'query']);
    expect(r.code, r.stderr).toBe(0);
    const q = JSON.parse(r.stdout).query as { records: string[]; messages: string[] };
    expect(q.records).toHaveLength(70); // the lookup's answers, all of them
    expect(q.messages.join('\n')).toMatch(/70 answers \(60 IPv4, 10 IPv6\); the simulation takes 48: the first 38 IPv4 and the first 10 IPv6, in their order; 22 IPv4 cut/);
  });
});

describe('keepRecords', () => {
  it('keeps the input order, both families, and says what it cut', () => {
    const v4 = Array.from({ length: 40 }, (_, i) => `10.0.0.${i}`);
    const v6 = Array.from({ length: 40 }, (_, i) => `2001:db8::${i}`);
    const messages: string[] = [];
    const kept = keepRecords('x', [...v4, ...v6], messages);
    expect(kept).toEqual([...v4.slice(0, 24), ...v6.slice(0, 24)]);
    expect(messages[0]).toMatch(/16 IPv4 and 16 IPv6 cut/);
    expect(keepRecords('y', v4.slice(0, 5), [])).toEqual(v4.slice(0, 5));
    const few6 = keepRecords('z', [...v6.slice(0, 3), ...v4, ...v4.map((a) => a.replace('10.', '11.'))], []);
    expect(few6.filter((a) => a.includes(':'))).toEqual(v6.slice(0, 3));
    expect(few6).toHaveLength(48);
  });
});
