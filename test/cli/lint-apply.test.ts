// The lint, apply, diff and synthesize commands as a user runs them: the CLI is built with tsc and
// spawned with node, so exit codes and the bytes on stdout/stderr are real.
//
// The build goes to a private outDir (node_modules/.cache/gaiconf-cli-test) rather than dist/: other
// CLI tests spawn dist/cli/main.js while vitest runs files in parallel, and tsc rewriting dist/ under
// them could hand them a half-written module. Set GAICONF_TEST_CLI=dist/cli/main.js to test dist/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const OUT = join(ROOT, 'node_modules/.cache/gaiconf-cli-test');
const CLI = process.env.GAICONF_TEST_CLI ? join(ROOT, process.env.GAICONF_TEST_CLI) : join(OUT, 'cli/main.js');
const SCEN = join(ROOT, 'test/field-cases/scenarios');

let dir = '';

beforeAll(() => {
  if (!process.env.GAICONF_TEST_CLI) {
    // tsc emits even when some file has a type error elsewhere; the CLI file must exist afterwards
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', OUT], { encoding: 'utf8' });
    if (!existsSync(CLI)) throw new Error(`tsc did not produce ${CLI}: ${r.stdout}${r.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'gaiconf-lint-apply-'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function temp(name: string, content?: string): string {
  const p = join(dir, name);
  if (content !== undefined) writeFileSync(p, content);
  return p;
}

const FULL_LABEL = 'label ::1/128 0\nlabel ::/0 1\nlabel 2002::/16 2\nlabel ::/96 3\nlabel ::ffff:0:0/96 4\nlabel fec0::/10 5\nlabel fc00::/7 6\nlabel 2001::/32 7\n';

describe('gaiconf lint', () => {
  it('exit 0 on a clean file (info only), nothing on stdout', () => {
    const p = temp('clean.conf', `# ULA fix for docker; nginx must still listen on IPv4\n${FULL_LABEL}label fd00::/8 1\n`);
    const r = run(['lint', p]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^.*clean\.conf:1:1: info\[bind-unaffected\] /);
    expect(r.stdout).not.toMatch(/warning|error\[/);
  });

  it('exit 1 on warnings: file:line:col: severity[code] message, then an indented hint line', () => {
    const p = temp('warn.conf', '# prefer v4\nprecedence ::ffff:0:0/96 100\n');
    const r = run(['lint', p]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${p}:2:1: warning[partial-table] The first precedence line replaces glibc's whole default precedence table, and the default rows not restated vanish: ::1/128 50 → 40 (falls to ::/0), 2002::/16 30 → 40 (falls to ::/0), ::/96 20 → 40 (falls to ::/0).`);
    expect(lines[1]).toMatch(/^ {4}hint: Restate the default precedence rows/);
    expect(r.stderr).toMatch(/0 errors, 1 warning, 0 infos/);
  });

  it('exit 2 on errors; stdin with -; --glibc changes the reading', () => {
    const r = run(['lint', '-'], `${FULL_LABEL}label 2001:db8::1 1\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^<stdin>:9:7: error\[missing-length\]/m);
    expect(r.stdout).toMatch(/^<stdin>:9:7: warning\[version-dependent\]/m);
    const r41 = run(['lint', '--glibc', '2.41', '-'], `${FULL_LABEL}label 2001:db8::1 1\n`);
    expect(r41.code).toBe(1);
    expect(r41.stdout).toMatch(/info\[missing-length\]/);
  });

  it('--json: { file, entries (prefix text, no bytes), diagnostics }', () => {
    const p = temp('json.conf', 'precedence ::ffff:0:0/96 100\nscopev4 169.254.0.0/16 2\n');
    const r = run(['lint', '--json', p]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.file).toBe(p);
    expect(doc.entries[0]).toEqual({ kind: 'precedence', prefix: '::ffff:0:0', length: 96, value: 100, line: 1, text: '::ffff:0:0/96' });
    expect(doc.entries[1]).toMatchObject({ kind: 'scopev4', length: 16, text: '169.254.0.0/16' });
    expect(doc.diagnostics.map((d: { code: string }) => d.code)).toEqual(['partial-table', 'partial-table']);
    expect(Object.keys(doc.diagnostics[0]).sort()).toEqual(['code', 'column', 'hint', 'line', 'message', 'severity']);
  });

  it('a missing file given by name is exit 2', () => {
    expect(run(['lint', join(dir, 'nope.conf')]).code).toBe(2);
  });
});

describe('gaiconf lint --fix', () => {
  it('rewrites the file keeping comments, writes FILE.bak, prints the unified diff', () => {
    const old = '# my preferences\nprecedence ::ffff:0:0/96 100   # IPv4 first\n\n# one network\nprecedence 198.51.100.0/24 45\n';
    const p = temp('fix.conf', old);
    const r = run(['lint', '--fix', p]);
    expect(r.code).toBe(0);
    // what glibc will read differently comes first, then the diff
    expect(r.stdout).toMatch(/^gaiconf lint --fix changes what glibc reads[^]*\n {2}line 5 \[ipv4-prefix\], glibc ≤ 2\.40 and ≥ 2\.41: nothing → precedence ::ffff:198\.51\.100\.0\/120 45\n/);
    expect(r.stdout.slice(r.stdout.indexOf('\n--- ') + 1).startsWith(`--- ${p}\n+++ ${p}\n@@ `)).toBe(true);
    expect(r.stdout).toContain('-precedence 198.51.100.0/24 45\n+precedence ::ffff:198.51.100.0/120 45\n');
    const now = readFileSync(p, 'utf8');
    for (const c of ['# my preferences\n', 'precedence ::ffff:0:0/96 100   # IPv4 first\n', '# one network\n', 'precedence ::1/128 50\n']) expect(now).toContain(c);
    expect(readFileSync(`${p}.bak`, 'utf8')).toBe(old);
    expect(r.stderr).toMatch(/fixed line 5 \[ipv4-prefix\]/);
    expect(run(['lint', p]).code).toBe(0);
  });

  it('refuses (exit 2) when the result still has errors: the file and its backup are untouched', () => {
    const old = 'precedence ::ffff:0:0/96 100\nprecedence 2001:db8::/ 5\npresedence ::/0 1\n';
    const p = temp('refuse.conf', old);
    const r = run(['lint', '--fix', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/left unchanged/);
    expect(readFileSync(p, 'utf8')).toBe(old);
    expect(existsSync(`${p}.bak`)).toBe(false);
  });

  it('--fix on stdin is a usage error', () => {
    expect(run(['lint', '--fix', '-'], 'label fd00::/8 1\n').code).toBe(2);
  });
});

describe('gaiconf apply', () => {
  it('creates the file as a managed block, prints the diff, is idempotent', () => {
    const p = join(dir, 'new-gai.conf');
    const r = run(['apply', '--file', p, '--intent', 'prefer-ipv4']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`--- /dev/null\n+++ ${p}\n`)).toBe(true);
    const text = readFileSync(p, 'utf8');
    expect(text.startsWith('# BEGIN gaiconf')).toBe(true);
    expect(text.endsWith('# END gaiconf\n')).toBe(true);
    expect(text).toMatch(/^precedence ::ffff:0:0\/96 100 /m);
    expect(existsSync(`${p}.bak`)).toBe(false);
    const again = run(['apply', '--file', p, '--intent', 'prefer-ipv4']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/already holds this policy/);
  });

  it('replaces only the block when there is one; keeps comments; backup PATH.bak', () => {
    const p = temp('block.conf', '# Debian sample\n#precedence ::ffff:0:0/96  100\n');
    expect(run(['apply', '--file', p, '--intent', 'prefer-ipv4']).code).toBe(0);
    const first = readFileSync(p, 'utf8');
    expect(first.startsWith('# Debian sample\n#precedence ::ffff:0:0/96  100\n\n# BEGIN gaiconf')).toBe(true);
    const r = run(['apply', '--file', p, '--intent', 'ula-as-global']);
    expect(r.code).toBe(0);
    const second = readFileSync(p, 'utf8');
    expect(second.startsWith('# Debian sample\n')).toBe(true);
    expect(second).toMatch(/^label fd00::\/8 +1 /m);
    expect(second).not.toMatch(/^precedence/m);
    expect(readFileSync(`${p}.bak`, 'utf8')).toBe(first);
  });

  it('active lines outside a block: the whole file is replaced, and stderr says so', () => {
    const old = 'precedence ::ffff:0:0/96 100\n';
    const p = temp('active.conf', old);
    const r = run(['apply', '--file', p, '--intent', 'ula-as-global']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 active line outside a managed block \(line 1\); the whole file is replaced/);
    expect(readFileSync(`${p}.bak`, 'utf8')).toBe(old);
    expect(readFileSync(p, 'utf8')).not.toMatch(/^precedence/m);
  });

  it('--dry-run prints the diff and writes nothing', () => {
    const p = temp('dry.conf', '# nothing\n');
    const r = run(['apply', '--file', p, '--intent', 'prefer-ipv4', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+# BEGIN gaiconf');
    expect(readFileSync(p, 'utf8')).toBe('# nothing\n');
    expect(existsSync(`${p}.bak`)).toBe(false);
  });

  it('refuses a result that does not lint clean: exit 2, the diagnostics, nothing written', () => {
    const p = temp('dirty.conf', '# keep me\n');
    const from = temp('partial.conf', 'label fd00::/8 1\n');
    const r = run(['apply', '--file', p, '--from', from]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/warning\[partial-table\]/);
    expect(r.stderr).toMatch(/left unchanged/);
    expect(readFileSync(p, 'utf8')).toBe('# keep me\n');
    expect(existsSync(`${p}.bak`)).toBe(false);
  });

  it('usage errors: both or neither of --intent and --from, a bad intent, broken markers', () => {
    const p = temp('usage.conf', '');
    expect(run(['apply', '--file', p]).code).toBe(2);
    expect(run(['apply', '--file', p, '--intent', 'prefer-ipv4', '--from', p]).code).toBe(2);
    expect(run(['apply', '--file', p, '--intent', 'prefer-ipv5']).code).toBe(2);
    const broken = temp('broken.conf', '# BEGIN gaiconf\nlabel ::/0 1\n');
    const r = run(['apply', '--file', broken, '--intent', 'prefer-ipv4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/without a "# END gaiconf"/);
  });

  it('SIGKILL at random moments during apply leaves the old or the new file, never a partial one (20 kills)', async () => {
    const target = join(dir, 'killed.conf');
    const initial = 'precedence ::ffff:0:0/96 100\n';
    // the states a complete run can leave: initial, after prefer-ipv4, after ula-as-global
    const scratch = join(dir, 'scratch.conf');
    writeFileSync(scratch, initial);
    let t0 = Date.now();
    expect(run(['apply', '--file', scratch, '--intent', 'prefer-ipv4']).code).toBe(0);
    const ms1 = Date.now() - t0;
    const stateA = readFileSync(scratch, 'utf8');
    t0 = Date.now();
    expect(run(['apply', '--file', scratch, '--intent', 'ula-as-global']).code).toBe(0);
    const runMs = Math.min(ms1, Date.now() - t0);
    const stateB = readFileSync(scratch, 'utf8');
    const valid = new Set([initial, stateA, stateB]);
    writeFileSync(target, initial);
    let seed = 20240613;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let killedRunning = 0;
    let replaced = 0;
    let previous = initial;
    for (let k = 0; k < 20; k++) {
      const intent = k % 2 === 0 ? 'prefer-ipv4' : 'ula-as-global';
      const child = spawn(process.execPath, [CLI, 'apply', '--file', target, '--intent', intent], { stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let done = false;
      void exited.then(() => (done = true));
      // every fifth run completes, so the file does change between kills; the others die at a
      // random moment of a run's lifetime (start-up, lint, temp write, fsync, rename)
      if (k % 5 !== 4) await new Promise((r) => setTimeout(r, Math.floor(rand() * runMs)));
      else await exited;
      if (!done) {
        killedRunning++;
        child.kill('SIGKILL');
      }
      await exited;
      const now = readFileSync(target, 'utf8');
      expect(valid.has(now), `kill ${k}: ${now.length} bytes that are neither the old nor a new file`).toBe(true);
      if (now !== previous) replaced++;
      previous = now;
      if (existsSync(`${target}.bak`)) expect(valid.has(readFileSync(`${target}.bak`, 'utf8')), `kill ${k}: backup`).toBe(true);
    }
    expect(killedRunning).toBeGreaterThan(3);
    expect(replaced).toBeGreaterThan(0);
    const others = readdirSync(dir).filter((n) => n.startsWith('.killed.conf'));
    for (const n of others) expect(n).toMatch(/^\.killed\.conf(\.bak)?\.gaiconf-\d+-[0-9a-f]+\.tmp$/);
  }, 180_000);
});

describe('gaiconf diff', () => {
  it('exit 1 when an order changes, with the first difference and both rules', () => {
    const oldP = temp('old.conf', '');
    const newP = temp('new.conf', 'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 100\n');
    const r = run(['diff', oldP, newP, '--scenario', join(SCEN, 'podman-localhost.json'), '--scenario', join(SCEN, 'docker-ula.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('first difference at position 1: OLD has ::1, NEW has 127.0.0.1');
    expect(r.stdout).toMatch(/OLD: ::1 before 127\.0\.0\.1: Rule 6/);
    expect(r.stdout).toMatch(/NEW: 127\.0\.0\.1 before ::1: Rule 6/);
    expect(r.stdout).toMatch(/docker-ula\.json .*unchanged/);
    const j = JSON.parse(run(['diff', oldP, newP, '--scenario', join(SCEN, 'podman-localhost.json'), '--json']).stdout);
    expect(j.scenarios[0].firstDifference.newDecision.rule).toBe(6);
    expect(run(['diff', oldP, oldP, '--scenario', join(SCEN, 'podman-localhost.json')]).code).toBe(0);
    expect(run(['diff', oldP, newP]).code).toBe(2);
  });
});

describe('gaiconf synthesize', () => {
  it('stdout is only the chosen format; the proof goes to stderr', () => {
    const r = run(['synthesize', '--scenario', join(SCEN, 'docker-ula.json'), '--want-first', 'ipv6']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# /etc/gai.conf')).toBe(true);
    expect(r.stdout).toMatch(/^label fd00::\/8 +1 /m);
    expect(r.stderr).toMatch(/changing 1 line/);
    expect(r.stderr).toMatch(/before: 192\.0\.2\.25, 2001:db8::25; Rule 5/);
    expect(r.stderr).toMatch(/after: {2}2001:db8::25, 192\.0\.2\.25; Rule 6/);
    const df = run(['synthesize', '--scenario', join(SCEN, 'docker-ula.json'), '--want-first', 'ipv6', '--format', 'dockerfile']);
    expect(df.stdout.startsWith('# gaiconf: managed gai.conf')).toBe(true);
  });

  it('exit 1 when gai.conf cannot do it, naming the rule and remedies; --json', () => {
    const r = run(['synthesize', '--scenario', join(SCEN, 'broken-ipv6-path-deprecated.json'), '--want-first', 'ipv6']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Rule 3 \(avoid deprecated addresses\) decides before any gai.conf table applies/);
    expect(r.stderr).toMatch(/preferred_lft forever/);
    const j = JSON.parse(run(['synthesize', '--scenario', join(SCEN, 'docker-ula.json'), '--want-first', 'ipv6', '--profile', 'musl', '--json']).stdout);
    expect(j.status).toBe('impossible');
    expect(j.blockers[0].rule).toBe(5);
    const found = JSON.parse(run(['synthesize', '--scenario', join(SCEN, 'podman-localhost.json'), '--want-first', 'ipv4', '--json']).stdout);
    expect(found.edits).toEqual([expect.objectContaining({ kind: 'precedence', prefix: '::ffff:0:0/96', value: 100, was: 10 })]);
    expect(found.policy.precedence).toContainEqual(expect.objectContaining({ prefix: '::ffff:0:0/96', value: 100 }));
    expect(found.output).toBe(found.text);
  });

  it('usage errors are exit 2', () => {
    expect(run(['synthesize', '--want-first', 'ipv6']).code).toBe(2);
    expect(run(['synthesize', '--scenario', join(SCEN, 'docker-ula.json')]).code).toBe(2);
    expect(run(['synthesize', '--scenario', join(SCEN, 'docker-ula.json'), '--want-first', 'ipv7']).code).toBe(2);
  });
});
