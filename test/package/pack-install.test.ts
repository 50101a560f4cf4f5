// The package as a user gets it: this tree copied without dist/ (a fresh clone with its
// dependencies installed), `npm pack` there (prepack builds), the tarball installed into a new
// ESM project, which then type-checks and runs an import of the library and the `gaiconf`
// executable. Needs npm and the registry (or npm's cache) for the package's own dependencies:
// without them it skips with the reason, except under CI=true, where it fails.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeImports } from './runtime-imports.js';

const ROOT = join(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|offline|fetch failed/i;

const tmp = mkdtempSync(join(tmpdir(), 'gaiconf-pack-'));
const clone = join(tmp, 'clone');
const project = join(tmp, 'project');

interface Setup {
  ok: boolean;
  /** why the package could not be installed (then the tests skip or, under CI, fail) */
  reason: string | null;
  tarball: string;
  packed: string[];
}
let setup: Setup = { ok: false, reason: 'not set up', tarball: '', packed: [] };

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
}
const output = (r: SpawnSyncReturns<string>): string => `${r.error?.message ?? ''}${r.stdout ?? ''}${r.stderr ?? ''}`.trim();

/** The files a clone holds: git's tracked and untracked-but-not-ignored files, else all but the build products. */
function copyTree(): void {
  let files: string[] | null = null;
  try {
    files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    files = null;
  }
  if (files) {
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue; // deleted in the work tree
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(join(ROOT, f), join(clone, f));
    }
  } else {
    cpSync(ROOT, clone, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|\.git)$/.test(src) });
  }
  // "after npm ci": the clone uses this tree's installed dependencies (the build needs tsc, esbuild).
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
}

beforeAll(() => {
  const npm = run('npm', ['--version'], ROOT, 30_000);
  if (npm.status !== 0) {
    setup = { ...setup, reason: `npm is not available: ${output(npm)}` };
    return;
  }
  copyTree();
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], clone);
  if (pack.status !== 0) throw new Error(`npm pack failed in a fresh copy:\n${output(pack)}`);
  // npm prints the lifecycle scripts' output first, then the JSON.
  const json = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('\n[') + 1)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(tmp, json[0]!.filename);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'gaiconf-user', private: true, type: 'module' }, null, 2)}\n`);
  const install = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project);
  if (install.status !== 0) {
    const text = output(install);
    if (!NETWORK.test(text)) throw new Error(`npm install of the tarball failed:\n${text}`);
    setup = { ok: false, reason: `the registry is not reachable: ${text.split('\n').slice(-3).join(' ')}`, tarball, packed: json[0]!.files.map((f) => f.path) };
    return;
  }
  setup = { ok: true, reason: null, tarball, packed: json[0]!.files.map((f) => f.path) };
}, 180_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Skips (with the reason) when the package could not be packed or installed; fails instead under CI. */
function needs(what: 'pack' | 'install', ctx: { skip: (note?: string) => void }): void {
  if (setup.ok || (what === 'pack' && setup.packed.length > 0)) return;
  if (process.env.CI === 'true') throw new Error(`packed-install test cannot run under CI: ${setup.reason}`);
  console.warn(`[gaiconf] skipping the packed-install test: ${setup.reason}`);
  ctx.skip(setup.reason ?? undefined);
}

describe('npm pack on a fresh copy, installed into a new project', () => {
  it('prepack built dist/: the tarball holds the library, its types and the executable', (ctx) => {
    needs('pack', ctx);
    expect(setup.packed).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/gaiconf.mjs', 'dist/gaiconf-simulate.mjs', 'dist/gaiconf-all.mjs', 'schema/scenario.schema.json', 'README.md', 'package.json']));
  });

  it('dependencies are exactly the packages the shipped JavaScript imports at run time', (ctx) => {
    needs('pack', ctx);
    const pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const imports = runtimeImports(clone, setup.packed);
    expect(imports.missingFiles).toEqual([]);
    expect([...imports.packages.keys()].sort()).toEqual(Object.keys(pkg.dependencies ?? {}).sort());
  });

  it('the tarball holds only what users need: no sources, tests, source maps or the CLI\'s unbundled modules', (ctx) => {
    needs('pack', ctx);
    const unwanted = setup.packed.filter((f) => /\.map$|^(src|test|bench|\.ci)\/|^dist\/(cli|adapters)\/|^tsconfig|^package-lock/.test(f));
    expect(unwanted).toEqual([]);
    const top = [...new Set(setup.packed.map((f) => f.split('/')[0]))].sort();
    expect(top).toEqual(['README.md', 'dist', 'docs', 'package.json', 'policies', 'schema']);
  });

  it("every file README links to, the bin and the exports' targets are in the tarball", (ctx) => {
    needs('pack', ctx);
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)[^)]*\)/g)].map((m) => m[1]!.replace(/^\.\//, ''));
    expect(links.length).toBeGreaterThan(5);
    const pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { bin: Record<string, string>; exports: Record<string, string | Record<string, string>> };
    const targets = [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))].map((t) => t.replace(/^\.\//, ''));
    const shipped = new Set(setup.packed);
    const dirs = new Set(setup.packed.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
    expect([...links, ...targets].filter((l) => !shipped.has(l) && !dirs.has(l.replace(/\/$/, '')))).toEqual([]);
  });

  it('every relative link in the shipped docs points at a shipped file', (ctx) => {
    needs('pack', ctx);
    const shipped = new Set(setup.packed);
    const broken: string[] = [];
    for (const doc of setup.packed.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(clone, doc), 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
      for (const m of text.matchAll(/\]\(((?![a-z]+:|#)[^)#\s]+)[^)]*\)/g)) {
        const target = join(dirname(doc), m[1]!).replace(/\\/g, '/').replace(/\/$/, '');
        if (!shipped.has(target) && !setup.packed.some((f) => f.startsWith(`${target}/`))) broken.push(`${doc}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the library imports, simulates, and throws GaiconfInputError; require() is refused (ESM only)', (ctx) => {
    needs('install', ctx);
    writeFileSync(
      join(project, 'check.mjs'),
      [
        "import { simulate, GaiconfInputError, DOCKER_ULA_EXAMPLE } from 'gaiconf';",
        "import { createRequire } from 'node:module';",
        'const ok = simulate(DOCKER_ULA_EXAMPLE);',
        'let error = null;',
        "try { simulate({ ...DOCKER_ULA_EXAMPLE, query: { records: ['010.0.0.1'] } }); } catch (e) { error = e instanceof GaiconfInputError ? { code: e.code, errors: e.errors } : String(e); }",
        'let required = null;',
        "try { createRequire(import.meta.url)('gaiconf'); required = 'loaded'; } catch (e) { required = e.code; }",
        'console.log(JSON.stringify({ status: ok.status, order: ok.order, error, required }));',
      ].join('\n'),
    );
    const r = run(process.execPath, ['check.mjs'], project);
    expect(output(r)).not.toMatch(/Error:/);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 'OK',
      order: ['203.0.113.5', '2001:db8::5'],
      error: { code: 'INVALID_SCENARIO', errors: [expect.objectContaining({ path: '$.query.records[0]' })] },
      required: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  });

  it('its types check under tsc --strict (NodeNext), the error type and the exported types included', (ctx) => {
    needs('install', ctx);
    writeFileSync(
      join(project, 'check.ts'),
      [
        "import { simulate, parseWantFirst, GaiconfInputError, type InputProblem, type Scenario, type SimulationResult, type SimulateOptions, type Want } from 'gaiconf';",
        "const s: Scenario = { host: { interfaces: [{ name: 'eth0', addresses: ['192.0.2.2/24'] }] }, query: { records: ['192.0.2.1'] } };",
        "const options: SimulateOptions = { profile: 'musl' };",
        'const r: SimulationResult = simulate(s, options);',
        "const want: Want = parseWantFirst('ipv6');",
        'try { simulate(s); } catch (e) { if (e instanceof GaiconfInputError) { const first: InputProblem | undefined = e.errors[0]; console.log(e.code, first?.path, first?.hint); } }',
        'export const result: [string[], Want] = [r.order, want];',
        '// @ts-expect-error profile names are checked at compile time too',
        "simulate(s, { profile: 'muls' });",
      ].join('\n'),
    );
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['check.ts'] }));
    const r = run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    expect(output(r)).toBe('');
    expect(r.status).toBe(0);
  }, 60_000); // tsc takes seconds, more on a loaded machine

  it('the installed `gaiconf` executable runs, the dockerfile command with its dockerfile-ast dependency too', (ctx) => {
    needs('install', ctx);
    const bin = join(project, 'node_modules/.bin/gaiconf');
    const sim = run(bin, ['simulate', '--json', '--fields', 'status,order'], project);
    expect(output(sim)).toBe(JSON.stringify({ schemaVersion: 1, status: 'OK', order: ['203.0.113.5', '2001:db8::5'] }, null, 2));
    writeFileSync(join(project, 'Dockerfile'), 'FROM debian:bookworm-slim\n');
    const patch = run(bin, ['dockerfile', 'patch', 'Dockerfile', '--intent', 'ula-as-global', '--dry-run'], project);
    expect(patch.status).toBe(0);
    expect(patch.stdout).toMatch(/^\+RUN printf /m);
    expect(readdirSync(join(project, 'node_modules'))).toContain('dockerfile-ast');
  });

  it('the installed `gaiconf` keeps the documented conventions: no command, parser errors, composed intents, answers without a host', (ctx) => {
    needs('install', ctx);
    const bin = join(project, 'node_modules/.bin/gaiconf');
    const bare = run(bin, [], project);
    expect([bare.status, bare.stdout]).toEqual([2, '']);
    expect(bare.stderr).toMatch(/^Usage: gaiconf /);
    const typo = run(bin, ['simulate', '--profil', 'musl'], project);
    expect([typo.status, typo.stderr]).toEqual([2, "gaiconf: simulate: unknown option '--profil'\n  hint: did you mean --profile? (gaiconf simulate --help lists its arguments and options)\n"]);
    const composed = run(bin, ['generate', '--intent', 'prefer fd00::/8', '--intent', 'ula-as-global'], project);
    expect(composed.status).toBe(0);
    expect(composed.stdout).toMatch(/^precedence fd00::\/8 +110 /m);
    expect(composed.stdout).toMatch(/^#   - prefer fd00::\/8: `precedence fd00::\/8 110`/m);
    expect(composed.stdout).not.toMatch(/field case/);
    const records = run(bin, ['simulate', '--records', '2001:db8::5,203.0.113.5'], project);
    expect(records.status).toBe(2);
    expect(records.stderr).toMatch(/hint: .*--host live/);
  });
});
