// --batch keeps one output line per input line, whatever the input holds (blank lines, a raw CR
// inside a record, CRLF, a host nested deeper than the stack), and a SIGINT into a pipe leaves
// whole lines only.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './run-cli.js';
import { prng } from '../support/prng.js';

const LINE = '{"host":{"interfaces":[{"name":"eth0","addresses":["192.0.2.10/24","2001:db8::10/64"]}],"routes":[{"to":"default","via":"192.0.2.1"},{"to":"default","via":"2001:db8::1"}]},"query":{"records":["2001:db8::5","203.0.113.5"]}}';

const parse = (out: string) => out.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('--batch: one output line per input line', () => {
  it('blank and whitespace-only lines get a skipped record; a raw CR inside a record does not split it; CRLF ends a line', () => {
    const input = `${LINE}\n\n \t \n${LINE.replace('"query":', '"query":\r')}\r\n${LINE}\r\n\n`;
    const r = runCli(['simulate', '--batch', '-', '--fields', 'order'], { input });
    expect(r.code).toBe(0);
    const out = parse(r.stdout);
    expect(out).toHaveLength(6);
    expect(out.map((o) => ('skipped' in o ? 'skipped' : 'order' in o ? 'order' : 'error'))).toEqual(['order', 'skipped', 'skipped', 'order', 'order', 'skipped']);
    expect(out[1]).toEqual({ schemaVersion: 1, skipped: { file: '<stdin>', line: 2, reason: 'blank line' } });
    expect(out[5]).toMatchObject({ skipped: { line: 6 } });
  });

  it('seeded streams: output line k answers input line k (errors and skips carry k)', () => {
    const r0 = prng(0xba7c);
    const pieces = [LINE, '', '  ', '{', '{"host":1}', LINE.replace('192.0.2.10/24', '192.0.2.300/24'), '[]', 'null', LINE.replace('"query"', '\r"query"')];
    for (let t = 0; t < 5; t++) {
      const lines = Array.from({ length: 1 + Math.floor(r0() * 12) }, () => pieces[Math.floor(r0() * pieces.length)]!);
      const eol = r0() < 0.3 ? '\r\n' : '\n';
      const trailing = r0() < 0.5;
      const r = runCli(['simulate', '--batch', '-', '--fields', 'order'], { input: lines.join(eol) + (trailing ? eol : '') });
      const out = parse(r.stdout);
      // the text after the last line break is a line only when it is not empty
      expect(out.length, JSON.stringify(lines)).toBe(lines.length - (!trailing && lines.at(-1) === '' ? 1 : 0));
      out.forEach((o, k) => {
        const line = lines[k]!;
        if (!line.trim()) expect(o, `line ${k + 1}`).toMatchObject({ skipped: { line: k + 1 } });
        else if ('error' in o) expect((o.error as { line: number }).line).toBe(k + 1);
        else expect(o).toHaveProperty('order');
      });
      expect(r.code).toBe(out.some((o) => 'error' in o) ? 2 : 0);
    }
  });

  it('a host nested deeper than the stack is an error with a path, not a stack overflow', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const input = `{"host":{"interfaces":${deep}},"query":{"records":[]}}\n{"host":${deep},"query":{"records":[]}}\n${LINE}\n`;
    const r = runCli(['simulate', '--batch', '-', '--fields', 'order'], { input });
    expect(r.code).toBe(2);
    const out = parse(r.stdout);
    expect(out).toHaveLength(3);
    expect((out[0]!.error as { message: string }).message).toMatch(/\(at \$\.host\.interfaces\[0\]\)/);
    expect((out[1]!.error as { message: string }).message).toMatch(/\(at \$\.host\)/);
    expect(r.stdout + r.stderr).not.toMatch(/Maximum call stack|RangeError|    at /);
    expect(out[2]).toHaveProperty('order');
  });
});

describe('--batch and SIGINT', () => {
  it('20 interrupts into a slow pipe: the reader gets whole lines only, and exit 130', async () => {
    const r0 = prng(0x51c);
    for (let round = 0; round < 20; round++) {
      const child = spawn(process.execPath, [CLI, 'simulate', '--batch', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = Buffer.alloc(0);
      const feed = setInterval(() => child.stdin.write(`${LINE}\n`.repeat(200)), 5);
      child.stdin.on('error', () => {});
      // the batch is running once output comes (a signal before that ends node before it begins)
      await new Promise((r) => child.stdout.once('data', (d: Buffer) => r((out = Buffer.from(d)))));
      child.stdout.on('data', (d: Buffer) => (out = Buffer.concat([out, d])));
      child.stdout.pause(); // a slow reader: the pipe fills and writes wait
      await new Promise((r) => setTimeout(r, 100 + Math.floor(r0() * 300)));
      child.kill('SIGINT');
      clearInterval(feed);
      setTimeout(() => child.stdout.resume(), 50);
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      expect(code, `round ${round}`).toBe(130);
      const text = out.toString('utf8');
      expect(text.length, `round ${round}`).toBeGreaterThan(0);
      expect(text.endsWith('\n'), `round ${round}: ends mid-line: …${text.slice(-80)}`).toBe(true);
      for (const l of text.split('\n').slice(0, -1)) expect(() => JSON.parse(l)).not.toThrow();
    }
  }, 120_000);
});

describe('--batch: a bad line is placed as a scenario file error is (file:line:column, hint)', () => {
  // [line, column of the first problem, what the message says]; the column counts UTF-16 code units from 1
  const CASES: [string, number, RegExp][] = [
    ['{"host" {}}', 9, /Expected ':' after property name/],
    ["{'host':1}", 2, /Expected property name/],
    [`{"a":[1,]}`, 9, /Unexpected token/],
    [LINE.replace('"query":', '"query":\r'), LINE.indexOf('"query":') + 10, /.*/], // a lone CR is JSON whitespace: valid
    [LINE.replace('192.0.2.10/24', '192.0.2.300/24'), LINE.indexOf('"192.0.2.10/24"') + 1, /192\.0\.2\.300"/],
    [LINE.replace('"query":', '"query":\r').replace('2001:db8::5', '2001:db8::05:'), LINE.indexOf('"2001:db8::5"') + 2, /2001:db8::05:/],
    [`{"host":{"interfaces":[]},"query":{"records":["${'9'.repeat(100_000)}"]}}`, 47, /\(at \$\.query\.records\[0\]\)/],
  ];
  it.each(CASES.map((c, i) => [i, ...c] as const))('case %i', (_, line, column, what) => {
    const r = runCli(['simulate', '--batch', '-', '--fields', 'order'], { input: `${LINE}\n${line}\n` });
    const [first, second] = parse(r.stdout);
    expect(first).toHaveProperty('order');
    if ('order' in second!) return; // the valid case: no error to place
    expect(r.code).toBe(2);
    const error = second!.error as { file: string; line: number; column: number; message: string };
    expect(error).toMatchObject({ file: '<stdin>', line: 2, column });
    expect(error.message).toMatch(new RegExp(`^<stdin>:2:${column}: `));
    expect(error.message).toMatch(what);
    expect(error.message).toMatch(/\n {2}hint: \S/);
    expect(error.message.length).toBeLessThan(2000); // never the whole megabyte token
    expect(r.stderr).toMatch(new RegExp(`^<stdin>:2:${column}: .*\\n {2}hint: `));
  });
});
