// The docs describe the package a user has: every command and option `--help` lists is in
// docs/cli.md, every key the scenario validator accepts is in docs/scenario.md, every link and
// repository path resolves, imports in examples resolve, no file outside the repository is cited,
// and docs/decisions.md's dependencies are package.json's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_KEYS, validateScenario } from '../../src/scenario/validate.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = join(dir, f);
    return statSync(join(ROOT, p)).isDirectory() ? walk(p) : [p];
  });
}
/** Every document a user reads: README, docs/, the presets' README. */
const DOCS = ['README.md', 'policies/README.md', ...walk('docs').filter((f) => f.endsWith('.md'))];
const REPO_FILES = new Set(['README.md', 'package.json', 'tsconfig.json', ...['src', 'test', 'docs', 'policies', 'schema', 'bench'].flatMap(walk)]);

/** The document without its fenced code blocks' contents (they are commands and output). */
const prose = (text: string) => text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');

/** Sections of a markdown text by heading: heading line → body (until the next heading of any level). */
function sections(text: string): { heading: string; body: string }[] {
  const out: { heading: string; body: string }[] = [];
  let cur: { heading: string; body: string } | null = null;
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && /^#{1,6} /.test(line)) {
      cur = { heading: line, body: '' };
      out.push(cur);
    } else if (cur) cur.body += `${line}\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

interface Help {
  path: string[];
  options: string[];
  commands: string[];
}

function help(path: string[]): Help {
  const r = spawnSync(process.execPath, [CLI, ...path, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '200' } });
  expect(r.status, `gaiconf ${path.join(' ')} --help`).toBe(0);
  const options: string[] = [];
  const commands: string[] = [];
  let block = '';
  for (const line of r.stdout.split('\n')) {
    if (/^(Options|Commands|Arguments):/.test(line)) block = line;
    const opt = /^ {2}(?:-\w, )?(--[a-z0-9-]+)/.exec(line);
    if (block.startsWith('Options') && opt) options.push(opt[1]!);
    const cmd = /^ {2}([a-z][a-z-]*)\b/.exec(line);
    if (block.startsWith('Commands') && cmd && cmd[1] !== 'help') commands.push(cmd[1]!);
  }
  return { path, options, commands };
}

function allHelp(): Help[] {
  const out: Help[] = [];
  const visit = (path: string[]) => {
    const h = help(path);
    out.push(h);
    for (const c of h.commands) visit([...path, c]);
  };
  visit([]);
  return out;
}

describe('docs/cli.md covers the command line', () => {
  const cli = read('docs/cli.md');
  const docSections = sections(cli);
  const helps = allHelp();

  it('found every command', () => {
    expect(helps.map((h) => h.path.join(' '))).toEqual(expect.arrayContaining(['simulate', 'host capture', 'host show', 'check', 'generate', 'dockerfile patch', 'lint', 'apply', 'diff', 'synthesize', 'listen']));
  });

  it('has a section for every command, and every option --help lists appears in it', () => {
    const missing: string[] = [];
    for (const h of helps.filter((x) => x.path.length > 0)) {
      const name = `gaiconf ${h.path.join(' ')}`;
      const own = docSections.filter((s) => s.heading.startsWith('## ') && s.heading.includes(`\`${name}`));
      // a section's subsections belong to it
      const text = own.map((s) => {
        const i = docSections.indexOf(s);
        let body = s.body;
        for (let j = i + 1; j < docSections.length && !docSections[j]!.heading.startsWith('## '); j++) body += docSections[j]!.heading + docSections[j]!.body;
        return body;
      }).join('\n');
      if (own.length === 0) {
        missing.push(`no "## \`${name}…\`" section`);
        continue;
      }
      for (const o of h.options.filter((x) => x !== '--help')) if (!new RegExp(`\`[^\`]*${o}\\b`).test(text)) missing.push(`${name}: ${o}`);
    }
    for (const o of ['--help', '--version']) if (!cli.includes(`\`gaiconf ${o}\``)) missing.push(`gaiconf ${o}`);
    expect(missing).toEqual([]);
  });
});

describe('docs/scenario.md covers every key the validator accepts', () => {
  const doc = sections(read('docs/scenario.md'));
  /** The section documenting an object kind: its heading names it. */
  const HEADINGS: Record<string, RegExp> = {
    scenario: /^## Top level/,
    host: /^## host$/,
    interface: /^## interface$/,
    address: /^## address$/,
    route: /^## route$/,
    nexthop: /^### nexthop$/,
    rule: /^## rule$/,
    addrlabel: /^## addrlabel$/,
    query: /^## query$/,
    reachability: /^### reachability$/,
    routerFacts: /^### routerFacts$/,
  };
  /** Keys of nested objects the validator names in its hint for an unknown key. */
  function keysFromHint(scenario: object, path: string): string[] {
    const v = validateScenario(scenario, 'doc');
    const e = !v.ok && v.errors.find((x) => x.path.startsWith(path) && /unknown key/.test(x.message));
    expect(e, `no unknown-key error at ${path}`).toBeTruthy();
    return [...(e as { hint: string }).hint.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]!);
  }
  const base = { host: { interfaces: [] }, query: { records: [] } };
  const kinds: Record<string, readonly string[]> = {
    ...SCENARIO_KEYS,
    reachability: keysFromHint({ ...base, reachability: { '192.0.2.1': { outcome: 'reachable', zzz: 1 } } }, '$.reachability'),
    routerFacts: keysFromHint({ ...base, routerFacts: [{ kind: 'RIO', prefix: 'fd00::/48', zzz: 1 }] }, '$.routerFacts'),
  };

  it('the nested keys were read from the validator', () => {
    expect(kinds.reachability).toEqual(expect.arrayContaining(['outcome', 'delayMs', 'errno']));
    expect(kinds.routerFacts).toEqual(expect.arrayContaining(['kind', 'prefix', 'snac']));
  });

  it.each(Object.keys(kinds))('%s: every key has a row in its table', (kind) => {
    const section = doc.find((s) => HEADINGS[kind]!.test(s.heading));
    expect(section, `a section for ${kind}`).toBeDefined();
    const rows = section!.body.split('\n').filter((l) => l.startsWith('| `'));
    const missing = kinds[kind]!.filter((k) => !rows.some((r) => r.split('|')[1]!.includes(`\`${k}\``)));
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .replace(/^#+\s*/, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('links and paths in the docs resolve', () => {
  it.each(DOCS)('%s: relative links point at files (and headings) that exist', (doc) => {
    const text = prose(read(doc));
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const path = file === '' ? doc : relative(ROOT, resolve(ROOT, dirname(doc), file));
      if (!existsSync(join(ROOT, path))) {
        broken.push(target);
        continue;
      }
      if (anchor && path.endsWith('.md') && !sections(read(path)).some((s) => slug(s.heading) === anchor)) broken.push(`${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });

  it.each(DOCS)('%s: every repository path it names exists', (doc) => {
    const text = read(doc);
    const broken: string[] = [];
    for (const m of text.matchAll(/(?<![\w/.@-])((?:src|test|docs|policies|schema|bench)\/[\w./*-]*[\w*])/g)) {
      const path = m[1]!.replace(/[.,:;]+$/, '');
      // `NAME` and `*` stand for any part of a name
      const pattern = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*|\b[A-Z]{2,}\b/g, '[^/]+')}(/.*)?$`);
      if (![...REPO_FILES].some((f) => pattern.test(f))) broken.push(path);
    }
    expect(broken).toEqual([]);
  });

  it.each(DOCS)('%s: cites no file outside the repository or the package', (doc) => {
    const text = read(doc);
    const outside: string[] = [];
    if (/\/work\//.test(text)) outside.push('/work/…');
    const mdFiles = new Set([...REPO_FILES].filter((f) => f.endsWith('.md')).map((f) => f.split('/').pop()!));
    for (const m of text.matchAll(/(?<![\w/-])([\w-]+\.md)\b/g)) if (!mdFiles.has(m[1]!)) outside.push(m[1]!);
    expect(outside).toEqual([]);
  });

  it.each(DOCS)("%s: imports in its examples resolve in the package", async (doc) => {
    const index = (await import('../../dist/index.js')) as Record<string, unknown>;
    // type names: declared and exported somewhere under src/ (the index re-exports the modules' types)
    const typeSources = [...REPO_FILES].filter((f) => f.startsWith('src/') && f.endsWith('.ts')).map(read).join('\n');
    const exportsMap = Object.keys((JSON.parse(read('package.json')) as { exports: Record<string, unknown> }).exports);
    const bad: string[] = [];
    for (const m of read(doc).matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      const specifier = m[2]!;
      if (specifier === 'vitest' || specifier.startsWith('node:')) continue;
      const sub = specifier === 'gaiconf' ? '.' : specifier.startsWith('gaiconf/') ? `./${specifier.slice('gaiconf/'.length)}` : null;
      if (sub === null || !exportsMap.includes(sub)) {
        bad.push(specifier);
        continue;
      }
      for (const raw of m[1]!.split(',').map((x) => x.trim()).filter(Boolean)) {
        const isType = raw.startsWith('type ');
        const name = raw.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!;
        if (name === '…' || name === '...') continue;
        const typeExported = new RegExp(`export (?:declare )?(?:interface|type|class|enum) ${name}\\b`).test(typeSources);
        if (isType ? !typeExported : !(name in index)) bad.push(`${name} from ${specifier}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('the shipped type declarations', () => {
  it('cite nothing outside the package (editors show these comments)', () => {
    const dts = walk('dist').filter((f) => f.endsWith('.d.ts') && !f.startsWith('dist/cli/') && !f.startsWith('dist/adapters/'));
    expect(dts.length).toBeGreaterThan(10);
    const outside = dts.filter((f) => /address-selection\.md|runtimes-and-ula-update|\/work\/|field cases? \d/.test(read(f)));
    expect(outside).toEqual([]);
  });
});

describe('README', () => {
  it('the Quick start block is exactly the two commands', () => {
    const block = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(read('README.md'));
    expect(block?.[1]).toBe('npm ci && npm start\nnpm ci && npm test\n');
  });
});

describe("docs/decisions.md's dependencies are package.json's", () => {
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; overrides?: Record<string, string> };
  const section = sections(read('docs/decisions.md')).find((s) => s.heading === '## Dependencies')!.body;
  const bullets = section.split('\n').filter((l) => l.startsWith('- **'));

  it('names every dependency and devDependency, each as a runtime or a dev one as package.json has it', () => {
    const missing: string[] = [];
    for (const [deps, dev] of [
      [pkg.dependencies, false],
      [pkg.devDependencies, true],
    ] as const) {
      for (const name of Object.keys(deps)) {
        const bullet = bullets.find((b) => new RegExp(`^- \\*\\*${name.replace(/[/.]/g, '\\$&')}[ *]`, 'i').test(b));
        if (!bullet) missing.push(name);
        else if (!new RegExp(`\\*\\* \\(${dev ? 'dev' : 'runtime'}\\b`).test(bullet)) missing.push(`${name}: a ${dev ? 'dev' : 'runtime'} dependency, not said so`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the major versions it names are the ones package.json asks for', () => {
    const wrong: string[] = [];
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const b of bullets) {
      const m = /^- \*\*(@?[\w./-]+) (\d+)(?:\.(\d+))?\*\*/.exec(b);
      if (!m) continue;
      const name = Object.keys(all).find((n) => n.toLowerCase() === m[1]!.toLowerCase());
      if (!name) {
        wrong.push(`${m[1]} is not in package.json`);
        continue;
      }
      const [major, minor] = all[name]!.replace(/^[\^~]/, '').split('.');
      if (major !== m[2] || (m[3] !== undefined && minor !== m[3])) wrong.push(`${name}: decisions say ${m[2]}${m[3] ? `.${m[3]}` : ''}, package.json ${all[name]}`);
    }
    for (const [name, version] of Object.entries(pkg.overrides ?? {})) if (!read('docs/decisions.md').includes(`**${name} pinned to ${version}**`)) wrong.push(`override ${name} ${version} not in decisions`);
    expect(wrong).toEqual([]);
  });

  it('a package it calls dropped is not in package.json', () => {
    for (const b of bullets) {
      const m = /^- \*\*([\w./@-]+) is dropped\*\*/.exec(b);
      if (m) expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain(m[1]);
    }
  });
});
