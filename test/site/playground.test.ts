// The playground page (site/) in headless Chromium, as a person uses it: built with the
// project's bundler, opened from file:// and from a localhost server, driven through its
// fields. It must agree exactly with the CLI (orders, sources, deciding rules, hints, the fix in
// every format) on the field cases and on scenarios of the recorded differential corpus, read
// pasted `ip -j` output into the host `gaiconf host capture` prints, restore its whole state
// from a shared link, make no network request, and have no serious accessibility violation.
// Screenshots of the main states go to test/site/artifacts/ (gitignored).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildSite } from '../../site/build.js';
import { serveDir } from '../../site/serve.js';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import type { Scenario } from '../../src/scenario/types.js';
import { oracleAvailability, withPlanNamespace } from '../differential/netns.js';
import { loadToolHosts, toolHostPlan } from '../differential/tool-hosts.js';
import { CLI, ensureBuilt, ROOT } from '../live/ensure-built.js';
import { ARTIFACTS, browserGate, launch } from './browser.js';

const gate = browserGate();

/** Prerequisites of one test: skipped with a visible reason, or a failure under CI=true. */
function need(reason: string | null, what: string): boolean {
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`${what} cannot run under CI: ${reason}`);
  console.warn(`[gaiconf] skipping ${what}: ${reason}`);
  return false;
}

function toolsGate(...tools: string[]): boolean {
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } }).status !== 0);
  return need(missing.length ? `${missing.join(' and ')} not found` : null, 'the playground paste test on this machine');
}

function namespaceGate(): boolean {
  const a = oracleAvailability();
  return need(process.getuid?.() !== 0 ? 'needs root (network namespaces)' : a.ok ? null : a.reason, 'the playground paste test in namespaces');
}
const FIELD_DIR = join(ROOT, 'test/field-cases/scenarios');
const ORACLE_DIR = join(ROOT, 'test/fixtures/oracle');

let browser: Browser;
let tmp: string;
let fileUrl: string;
let httpUrl: string;
let server: Server;

// ---------------------------------------------------------------------------------------------
// The CLI

function cli(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs commands two at a time (the machine has two cores). */
async function cliAll(jobs: { args: string[]; cwd: string }[]): Promise<string[]> {
  const out: string[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, [CLI, ...jobs[i]!.args], { cwd: jobs[i]!.cwd, env: { ...process.env, NO_COLOR: '1' } });
        let stdout = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        p.on('error', reject);
        p.on('close', () => resolve(stdout));
      });
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

interface Shown {
  profile: string;
  status: string;
  order: string[];
  sources: string[];
  rules: number[];
  hint: string | null;
}

interface CliResult {
  profile: string;
  status: string;
  order: string[];
  results: { source: string | null; errno: string | null }[];
  explain: { rule: number; first: string; second: string }[];
  hint: string | null;
}

function shownOf(r: CliResult): Shown {
  const rules: number[] = [];
  for (let i = 0; i + 1 < r.order.length; i++) {
    const step = r.explain.find((s) => s.first === r.order[i] && s.second === r.order[i + 1]);
    if (step) rules.push(step.rule);
  }
  return { profile: r.profile, status: r.status, order: r.order, sources: r.results.map((e) => e.source ?? e.errno ?? ''), rules, hint: r.hint };
}

/** The CLI's answer for scenarios, every profile the page shows: `simulate --batch`. */
function cliShown(scenarios: Scenario[]): Shown[][] {
  const file = join(tmp, `batch-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, scenarios.map((s) => `${JSON.stringify(s)}\n`).join(''));
  const all = cli(['simulate', '--batch', file, '--profile', 'all']);
  const update = cli(['simulate', '--batch', file, '--profile', 'rfc6724-update']);
  expect(all.code, all.stderr).toBe(0);
  expect(update.code, update.stderr).toBe(0);
  const a = all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { profiles: CliResult[] }).profiles);
  const u = update.stdout.trim().split('\n').map((l) => JSON.parse(l) as CliResult);
  return a.map((profiles, i) => [...profiles, u[i]!].map(shownOf));
}

// ---------------------------------------------------------------------------------------------
// The page

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
}

async function shown(page: Page): Promise<Shown[]> {
  return page.$$eval('article.profile', (cards) =>
    cards.map((a) => ({
      profile: (a as HTMLElement).dataset.profile!,
      status: (a as HTMLElement).dataset.status!,
      order: [...a.querySelectorAll<HTMLElement>('li.answer')].map((li) => li.dataset.address!),
      sources: [...a.querySelectorAll<HTMLElement>('li.answer')].map((li) => li.dataset.source!),
      rules: [...a.querySelectorAll<HTMLElement>('.why')].map((w) => Number(w.dataset.rule)),
      hint: a.querySelector('p.hint')?.textContent ?? null,
    })),
  );
}

async function fixSettled(page: Page): Promise<void> {
  await page.waitForSelector('#fix-status:not([data-pending])');
}

/** Types a scenario into the fields the way a person would, gai.conf last. */
async function enter(page: Page, s: Scenario, gaiConf: string | null = s.gaiConf ?? null): Promise<void> {
  await page.fill('#name', s.name ?? '');
  await page.fill('#host', JSON.stringify(s.host, null, 2));
  await page.fill('#records', s.query.records.join('\n'));
  await page.fill('#qname', s.query.name ?? '');
  await page.selectOption('#family', s.query.family ?? 'AF_UNSPEC');
  for (const f of ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME']) await page.setChecked(`input[name="flag"][value="${f}"]`, (s.query.flags ?? []).includes(f as never));
  await page.fill('#gaiconf', gaiConf ?? '');
}

async function problems(page: Page): Promise<string[]> {
  return page.$$eval('.finding.error', (els) => els.map((e) => e.textContent ?? ''));
}

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

async function download(page: Page, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

let axeSource = '';
async function axe(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol: the page's CSP forbids injected scripts, as it should.
  await page.evaluate(axeSource);
  const r = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

const serious = (vs: Awaited<ReturnType<typeof axe>>) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');

// ---------------------------------------------------------------------------------------------

// Generous timeouts: the machine is shared, and each test drives a real browser.
describe.skipIf(!gate.run)('playground page in headless Chromium', { timeout: 60_000 }, () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'gaiconf-site-'));
    const built = await buildSite(join(tmp, 'site'));
    fileUrl = pathToFileURL(built.index).href;
    ({ server, url: httpUrl } = await serveDir(built.outdir));
    browser = await launch(gate.executable!);
    context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(null)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('opens from file:// and shows the default example: glibc puts IPv4 first by Rule 5, with the hint', async () => {
    await open(page, fileUrl);
    const [glibc, musl, go, rfc6724, update] = await shown(page);
    expect(glibc!.order).toEqual(['203.0.113.5', '2001:db8::5']);
    expect(glibc!.rules).toEqual([5]);
    expect(glibc!.hint).toMatch(/label fd00::\/8 1/);
    expect(await page.textContent('article[data-profile="glibc"] .why .rule')).toMatch(/Rule 5 \(prefer matching label\)/);
    expect([musl, go, rfc6724, update].map((r) => r!.profile)).toEqual(['musl', 'go', 'rfc6724', 'rfc6724-update']);
    expect(await page.textContent('#status')).toMatch(/Rule 5/);
    await fixSettled(page);
    expect(await page.getAttribute('#fix-status', 'data-status')).toBe('found');
    expect(await page.textContent('#fix-output')).toMatch(/^label fd00::\/8\s+1\b/m);
    await screenshot(page, 'default', false);
    await screenshot(page, 'default-full');
    expect(await shown(page)).toEqual(cliShown([DOCKER_ULA_EXAMPLE])[0]);
  });

  it('makes no network request and breaks no Content-Security-Policy rule, from file:// and from a static server', async () => {
    for (const url of [fileUrl, httpUrl]) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      p.on('request', (r) => requests.push(r.url()));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      p.on('pageerror', (e) => errors.push(e.message));
      await p.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)));
      await open(p, url);
      // Use it: a preset, an edit, the fix, a share link.
      await p.selectOption('#preset', 'field-podman-localhost');
      await p.fill('#gaiconf', 'precedence ::ffff:0:0/96 100\n');
      await fixSettled(p);
      await p.$eval('#share-link', (e) => ((e as HTMLInputElement).value = ''));
      await p.click('#share-copy');
      await p.waitForFunction(() => (document.getElementById('share-link') as HTMLInputElement).value.includes('#z1.'));
      const base = url.replace(/index\.html$/, '');
      const loaded = requests.filter((r) => !r.startsWith('data:'));
      expect({ url, elsewhere: loaded.filter((r) => !r.startsWith(base)) }).toEqual({ url, elsewhere: [] });
      expect(loaded.map((r) => r.slice(base.length)).sort()).toEqual([url === fileUrl ? 'index.html' : '', 'app.js', 'style.css'].sort());
      expect({ url, errors }).toEqual({ url, errors: [] });
      const csp = await p.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toMatch(/unsafe/);
      // Nothing inline that the policy would have to allow.
      expect(await p.$$eval('script:not([src]), [style]', (els) => els.length)).toBe(0);
      await ctx.close();
    }
  });

  it('the field cases of docs/field-cases.md: the same orders, rules, hints and fix (every format) as the CLI', async () => {
    const files = readdirSync(FIELD_DIR).filter((f) => f.endsWith('.json')).sort();
    await open(page, fileUrl);
    const presets = await page.$$eval('#preset option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v.startsWith('field-')));
    expect(presets.map((p) => `${p.slice('field-'.length)}.json`).sort()).toEqual(files);
    const scenarios = files.map((f) => JSON.parse(readFileSync(join(FIELD_DIR, f), 'utf8')) as Scenario);
    const expected = cliShown(scenarios);
    const jobs: { args: string[]; cwd: string }[] = [];
    const pageFix: string[] = [];
    for (const [i, f] of files.entries()) {
      await open(page, fileUrl);
      await page.selectOption('#preset', `field-${f.replace(/\.json$/, '')}`);
      expect({ f, shown: await shown(page) }).toEqual({ f, shown: expected[i] });
      // The download is the scenario file itself.
      const dir = join(tmp, 'field', f.replace(/\.json$/, ''));
      const saved = await download(page, dir);
      expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(scenarios[i]);
      // The fix the case calls for, in every format, against the command the page shows.
      const want = /docker/.test(f) ? 'ipv6' : 'ipv4';
      await page.check('input[name="want-mode"][value="first"]');
      await page.fill('#want-first', want);
      for (const format of ['conf', 'dockerfile', 'heredoc', 'copy', 'shell']) {
        await page.selectOption('#format', format);
        await fixSettled(page);
        const command = (await page.textContent('#fix-command'))!;
        expect(command).toBe(`gaiconf synthesize --scenario scenario.json --want-first ${want} --format ${format}`);
        pageFix.push((await page.textContent('#fix-output')) ?? '');
        jobs.push({ args: command.split(' ').slice(1), cwd: dir });
      }
      // The simulate commands the page shows run on the download and print its orders.
      if (/^(docker-ula|podman-localhost|ipv6-disabled-addrconfig)\.json$/.test(f)) {
        for (const line of (await page.textContent('#cli-commands'))!.split('\n')) {
          const r = cli(line.split(' ').slice(1), dir);
          expect({ line, code: r.code }).toEqual({ line, code: 0 });
          for (const address of expected[i]![0]!.order) expect(r.stdout).toContain(address);
        }
      }
      if (f === 'docker-ula.json') await screenshot(page, 'field-case-1-fix');
    }
    const cliFix = await cliAll(jobs);
    expect(pageFix).toEqual(cliFix);
    expect(pageFix.filter((t) => t !== '').length).toBeGreaterThan(10);
  }, 240_000);

  it('editing gai.conf gives the order the CLI gives, on three dozen scenarios of the recorded corpus', async () => {
    const files = readdirSync(ORACLE_DIR).filter((f) => f.endsWith('.json')).sort();
    const withConf: Scenario[] = [];
    const without: Scenario[] = [];
    for (const f of files) {
      const s = (JSON.parse(readFileSync(join(ORACLE_DIR, f), 'utf8')) as { scenario: Scenario }).scenario;
      (s.gaiConf ? withConf : without).push(s);
    }
    // Every scenario with a gai.conf the corpus holds, up to 30, and some without; spread evenly.
    const pick = <T>(xs: T[], n: number) => (xs.length <= n ? xs : Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!));
    const chosen = [...pick(withConf, 30), ...pick(without, 6)];
    expect(chosen.length).toBeGreaterThanOrEqual(36);
    const before = cliShown(chosen.map((s) => ({ ...s, gaiConf: null })));
    const after = cliShown(chosen);
    await open(page, fileUrl);
    let changed = 0;
    for (const [i, s] of chosen.entries()) {
      await enter(page, s, null);
      expect({ name: s.name, problems: await problems(page) }).toEqual({ name: s.name, problems: [] });
      const b = await shown(page);
      expect({ name: s.name, shown: b }).toEqual({ name: s.name, shown: before[i] });
      await page.fill('#gaiconf', s.gaiConf ?? '');
      const a = await shown(page);
      expect({ name: s.name, shown: a }).toEqual({ name: s.name, shown: after[i] });
      if (a[0]!.order.join() !== b[0]!.order.join()) changed++;
    }
    // The edits matter: on some scenarios the gai.conf moves glibc's order.
    expect(changed).toBeGreaterThan(0);
  }, 180_000);

  it('places errors at their line: the host JSON, the validator, gai.conf lint and the records', async () => {
    await open(page, fileUrl);
    await page.fill('#host', '{\n  "interfaces": [\n    { "name": "eth0", "adresses": ["172.17.0.2/16"] }\n  ]\n}');
    let text = await page.textContent('#host-findings');
    expect(text).toMatch(/line 3, column 23/);
    expect(text).toMatch(/Did you mean "addresses"\?/);
    expect(await page.getAttribute('#host', 'aria-invalid')).toBe('true');
    expect(await page.$$eval('#host-gutter .mark.error', (m) => m.map((x) => x.textContent))).toEqual(['3']);
    await page.fill('#host', '{\n  "interfaces": [\n    { "name": "eth0", "addresses": ["172.17.0.2/16"] },\n  ]\n}');
    text = await page.textContent('#host-findings');
    expect(text).toMatch(/line 4, column 3/);
    expect(text).toMatch(/trailing comma/);
    expect(await page.textContent('#status')).toMatch(/problem/);
    await screenshot(page, 'host-error');
    // The finding's button moves the caret there.
    await page.click('#host-findings button.where');
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).id)).toBe('host');
    await page.selectOption('#preset', 'docker-ula');
    await page.fill('#records', '2001:db8::5\n010.0.0.1');
    expect(await page.textContent('#records-findings')).toMatch(/line 2, column 1.*inet_pton/s);
    await page.fill('#records', '2001:db8::5\n203.0.113.5');
    await page.fill('#gaiconf', 'label fd00::/8 1\nprecedence 192.0.2.0/24 100\n');
    const lint = await page.$$eval('#gaiconf-findings li', (ls) => ls.map((l) => l.textContent ?? ''));
    const cliLint = JSON.parse(cliLintJson('label fd00::/8 1\nprecedence 192.0.2.0/24 100\n')) as { diagnostics: { line: number; column: number; code: string; message: string; hint: string }[] };
    expect(lint.length).toBe(cliLint.diagnostics.length);
    for (const [i, d] of cliLint.diagnostics.entries()) {
      expect(lint[i]).toContain(d.code);
      expect(lint[i]).toContain(`line ${d.line}, column ${d.column}`);
      expect(lint[i]).toContain(d.message);
      expect(lint[i]).toContain(d.hint);
    }
    await screenshot(page, 'gai-conf-lint');
  });

  it('a shared link restores exactly the same state and result, also in a fresh browser and over http', async () => {
    await open(page, fileUrl);
    await page.selectOption('#preset', 'tailscale');
    await page.selectOption('#policy', 'prefer-ipv4');
    await page.selectOption('#glibc', '2.41');
    await page.check('input[name="flag"][value="AI_ADDRCONFIG"]');
    await page.fill('#name', 'Überprüfung ✓ “quotes” \\ and a\ttab');
    await page.fill('#gaiconf', `${await page.inputValue('#gaiconf')}# ☃ comment\r\n`);
    await page.check('input[name="want-mode"][value="order"]');
    await page.fill('#want-order', '203.0.113.9,2001:db8:99::1');
    await page.selectOption('#format', 'heredoc');
    await fixSettled(page);
    await page.$eval('#share-link', (e) => ((e as HTMLInputElement).value = ''));
    await page.click('#share-copy');
    await page.waitForFunction(() => (document.getElementById('share-link') as HTMLInputElement).value.includes('#z1.'));
    const link = await page.inputValue('#share-link');
    const state = await page.evaluate(() => (window as unknown as { gaiconfPlayground: { state: () => unknown } }).gaiconfPlayground.state());
    const view = { shown: await shown(page), fix: await page.textContent('#fix-output'), commands: await page.textContent('#cli-commands') };
    // The fragment decodes (deflate-raw, base64url) to exactly the state.
    const data = link.split('#z1.')[1]!;
    expect(JSON.parse(inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8'))).toEqual(state);
    for (const url of [link, `${httpUrl}#${link.split('#')[1]}`]) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await open(p, url);
      await fixSettled(p);
      expect(await p.evaluate(() => (window as unknown as { gaiconfPlayground: { state: () => unknown } }).gaiconfPlayground.state())).toEqual(state);
      expect({ shown: await shown(p), fix: await p.textContent('#fix-output'), commands: await p.textContent('#cli-commands') }).toEqual(view);
      await ctx.close();
    }
    await screenshot(page, 'shared-state');
  });

  it.skipIf(!toolsGate('ip', 'sysctl'))('pasted ip -j output gives the same host as gaiconf host capture (this machine)', async () => {
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const outputs: Record<string, string> = {
      addr: run('ip', ['-j', 'addr']),
      route4: run('ip', ['-N', '-j', '-4', 'route', 'show', 'table', 'all']),
      route6: run('ip', ['-N', '-j', '-6', 'route', 'show', 'table', 'all']),
      rule4: run('ip', ['-N', '-j', '-4', 'rule']),
      rule6: run('ip', ['-N', '-j', '-6', 'rule']),
      link: run('ip', ['-N', '-j', '-d', 'link']),
      addrlabel: run('ip', ['-j', 'addrlabel']),
      sysctl: run('sysctl', ['net.ipv4', 'net.ipv6']),
    };
    const capture = cli(['host', 'capture']);
    expect(capture.code, capture.stderr).toBe(0);
    await open(page, fileUrl);
    await pasteAndCompare(page, outputs, capture.stdout, capture.stderr, 'paste-ip-this-host');
  }, 60_000);

  // The commands the page names (IP_JSON_COMMANDS), as host capture runs them.
  it.skipIf(!namespaceGate())('pasted ip -j output gives the same host as gaiconf host capture (tool-built hosts in namespaces)', async () => {
    const hosts = loadToolHosts().filter(({ host }) => ['wg-quick-ula', 'tailscale-exit-node-reject-rules', 'scopes-peer-lo-without-ipv6-label', 'ecmp-two-uplinks'].includes(host.name));
    expect(hosts.length).toBe(4);
    await open(page, fileUrl);
    for (const { host } of hosts) {
      await withPlanNamespace(toolHostPlan(host), async (ns) => {
        const run = async (cmd: string, args: string[]) => {
          const r = await ns.exec(cmd, args);
          if (r.code !== 0) throw new Error(`${host.name}: ${cmd} ${args.join(' ')}: ${r.stderr}`);
          return r.stdout;
        };
        const outputs: Record<string, string> = {
          addr: await run('ip', ['-j', 'addr']),
          route4: await run('ip', ['-N', '-j', '-4', 'route', 'show', 'table', 'all']),
          route6: await run('ip', ['-N', '-j', '-6', 'route', 'show', 'table', 'all']),
          rule4: await run('ip', ['-N', '-j', '-4', 'rule']),
          rule6: await run('ip', ['-N', '-j', '-6', 'rule']),
          link: await run('ip', ['-N', '-j', '-d', 'link']),
          addrlabel: await run('ip', ['-j', 'addrlabel']),
          nexthop: await run('ip', ['-j', 'nexthop']),
          sysctl: await run('sysctl', ['net.ipv4', 'net.ipv6']),
        };
        const capture = await ns.exec(process.execPath, [CLI, 'host', 'capture']);
        expect(capture.code, capture.stderr).toBe(0);
        await pasteAndCompare(page, outputs, capture.stdout, capture.stderr, host.name === 'tailscale-exit-node-reject-rules' ? 'paste-ip-tailscale' : null);
      });
    }
  }, 120_000);

  it('a pasted host capture, or a whole scenario pasted into the host editor, fills the fields', async () => {
    await open(page, fileUrl);
    const s = JSON.parse(readFileSync(join(FIELD_DIR, 'broken-ipv6-path-prefer-ipv4.json'), 'utf8')) as Scenario;
    await page.fill('#host', JSON.stringify(s));
    expect(await page.inputValue('#gaiconf')).toBe(s.gaiConf);
    expect(await page.inputValue('#records')).toBe(s.query.records.join('\n'));
    expect(await page.inputValue('#name')).toBe(s.name);
    expect(JSON.parse(await page.inputValue('#host'))).toEqual(s.host);
    expect(await page.inputValue('#preset')).toBe('field-broken-ipv6-path-prefer-ipv4');
    await page.click('#paste summary');
    await page.fill('#paste-capture', JSON.stringify({ interfaces: [{ name: 'eth0', addresses: ['192.0.2.7/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] }));
    await page.click('#paste-read-capture');
    expect(JSON.parse(await page.inputValue('#host'))).toEqual({ interfaces: [{ name: 'eth0', addresses: ['192.0.2.7/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] });
    // Bad paste: the error names the command and the place.
    await page.fill('#paste-addr', '[{"ifindex": 1, "ifname": "lo"},]');
    await page.click('#paste-read');
    expect(await page.textContent('#paste-findings')).toMatch(/ip -j addr, line 1, column 33/);
    await page.fill('#paste-addr', '[{"ifindex": "one", "ifname": "lo"}]');
    await page.fill('#paste-route4', '[]');
    await page.click('#paste-read');
    expect(await page.textContent('#paste-findings')).toMatch(/ip -j addr, line 1, column 14.*ifindex/s);
  });

  it('is usable by keyboard: the skip link, Tab through every control with a visible focus, a preset chosen with the arrow keys', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const p = await ctx.newPage();
    await open(p, fileUrl);
    // The page writes its state into the fragment shortly after each change.
    await p.waitForFunction(() => location.hash.startsWith('#z1.'));
    const hash = await p.evaluate(() => location.hash);
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('skip');
    await p.keyboard.press('Enter');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('result');
    expect(await p.evaluate(() => location.hash)).toBe(hash);
    // Every control is reachable with Tab and shows where the focus is.
    await p.focus('#preset');
    const ids: string[] = [];
    const outlines: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await p.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        const s = getComputedStyle(a);
        const box = a.closest('.editor-box');
        return { id: a.id || a.getAttribute('name') || a.tagName, outline: box ? getComputedStyle(box).outlineStyle : s.outlineStyle };
      });
      if (r.id === 'BODY') break;
      ids.push(r.id);
      outlines.push(r.outline);
      await p.keyboard.press('Tab');
    }
    for (const id of ['preset', 'name', 'host', 'policy', 'glibc', 'gaiconf', 'records', 'qname', 'family', 'flag']) expect(ids).toContain(id);
    expect(outlines.filter((o) => o === 'none')).toEqual([]);
    // Choose a preset with the keyboard.
    await p.focus('#preset');
    await p.keyboard.press('ArrowDown');
    expect(await p.inputValue('#preset')).toBe('dual-stack');
    expect((await shown(p))[0]!.order).toEqual(['2001:db8:99::1', '203.0.113.9']);
    await ctx.close();
  });

  it('has no serious accessibility violations (axe-core), light and dark, desktop and phone, with errors shown', async () => {
    const report: Record<string, Awaited<ReturnType<typeof axe>>> = {};
    for (const [name, options] of [
      ['desktop-light', { viewport: { width: 1360, height: 1000 }, colorScheme: 'light' }],
      ['desktop-dark', { viewport: { width: 1360, height: 1000 }, colorScheme: 'dark' }],
      ['phone', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'light' }],
    ] as const) {
      const ctx = await browser.newContext(options);
      const p = await ctx.newPage();
      await open(p, fileUrl);
      await fixSettled(p);
      await p.click('#paste summary');
      report[name] = await axe(p);
      await screenshot(p, `a11y-${name}`, name !== 'phone');
      if (name === 'phone') await screenshot(p, 'phone-full');
      await p.fill('#host', '{ "interfaces": [ { "name": "eth0", "adresses": [] } ] }');
      await p.fill('#gaiconf', 'precedence 10.0.0.0/8 100\n');
      report[`${name}-errors`] = await axe(p);
      if (name === 'desktop-dark') await screenshot(p, 'errors-dark');
      await ctx.close();
    }
    writeFileSync(join(ARTIFACTS, 'axe.json'), `${JSON.stringify(report, null, 2)}\n`);
    expect(Object.fromEntries(Object.entries(report).map(([k, v]) => [k, serious(v)]))).toEqual(Object.fromEntries(Object.keys(report).map((k) => [k, []])));
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------

function cliLintJson(text: string): string {
  const f = join(tmp, 'lint-gai.conf');
  writeFileSync(f, text);
  return cli(['lint', f, '--json']).stdout;
}

async function pasteAndCompare(page: Page, outputs: Record<string, string>, captureStdout: string, captureStderr: string, shot: string | null): Promise<void> {
  await page.evaluate(() => ((document.getElementById('paste') as HTMLDetailsElement).open = true));
  await page.evaluate(() => ((document.querySelector('#paste details') as HTMLDetailsElement).open = true));
  for (const key of ['addr', 'route4', 'route6', 'rule4', 'rule6', 'link', 'addrlabel', 'nexthop', 'sysctl']) await page.fill(`#paste-${key}`, outputs[key] ?? '');
  await page.click('#paste-read');
  const findings = await page.$$eval('#paste-findings li', (ls) => ls.map((l) => ({ cls: l.className, text: l.textContent ?? '' })));
  expect(findings.filter((f) => f.cls.includes('error'))).toEqual([]);
  expect(JSON.parse(await page.inputValue('#host'))).toEqual(JSON.parse(captureStdout));
  // The same warnings as the capture printed.
  const warnings = captureStderr.split('\n').filter((l) => l.startsWith('gaiconf: warning: ')).map((l) => l.slice('gaiconf: warning: '.length));
  expect(findings.filter((f) => f.cls.includes('warning')).map((f) => f.text.replace(/^warning\s*/, ''))).toEqual(warnings);
  if (shot) await screenshot(page, shot);
}
