// Shared by the emit tests: real shells, shellcheck, a seeded PRNG, and a model of how BuildKit
// turns Dockerfile lines into the script its RUN hands to /bin/sh -c.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { prng } from '../support/prng.js';

export { prng };

export type Tool = 'dash' | 'busybox' | 'shellcheck';

function found(tool: Tool): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

export const HAVE: Record<Tool, boolean> = {
  dash: found('dash'),
  busybox: found('busybox'),
  shellcheck: found('shellcheck'),
};

/**
 * `it` when the tools exist. Otherwise the test is skipped with a visible reason, except on CI
 * (CI=true), where a missing tool fails the test instead of hiding it.
 */
export function itWith(tools: Tool[], name: string, fn: () => void | Promise<void>, timeout?: number): void {
  const missing = tools.filter((t) => !HAVE[t]);
  if (missing.length === 0) {
    it(name, fn, timeout);
    return;
  }
  const reason = `${missing.join(', ')} not installed (apt-get install -y ${missing.join(' ')})`;
  if (process.env.CI === 'true') {
    it(name, () => {
      throw new Error(`CI=true but ${reason}`);
    });
    return;
  }
  console.warn(`SKIPPED "${name}": ${reason}`);
  it.skip(`${name} [skipped: ${reason}]`, () => {});
}

export interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Run a script with `dash -c` or `busybox sh -c`. */
export function runShell(shell: 'dash' | 'busybox', script: string, cwd?: string): Run {
  const [cmd, args] = shell === 'dash' ? ['dash', ['-c', script]] : ['busybox', ['sh', '-c', script]];
  const r = spawnSync(cmd, args as string[], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gaiconf-emit-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** shellcheck -s sh on a script; returns its output ('' when clean). */
export function shellcheck(script: string): string {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'body.sh');
    writeFileSync(file, script);
    const r = spawnSync('shellcheck', ['-s', 'sh', '-f', 'gcc', file], { encoding: 'utf8' });
    return r.status === 0 ? '' : `${r.stdout}${r.stderr}`;
  } finally {
    cleanup();
  }
}

export function readBytes(path: string): Buffer {
  return readFileSync(path);
}


const PIECES = [
  "'", '"', '$', '`', '\\', '%', '%%', '%s', '%d', '%b', '\\n', '\\\\', '\\0', '\\101', "'\\''", '$(id)', '${HOME}', '$HOME',
  '\t', '\r', ' ', '  ', '#', '# ', '-', '--', 'é', '中', '😀', 'ß', '\u00a0', '\u2028', 'GAICONF_EOF', 'EOF', 'GAICONF_EOF_1',
  '!', '&&', ';', '|', '>', '<<', '*', '?', '~', '{', '}', '(', ')', '[', ']', '^', '\x01', '\x1b', '\x7f',
  'label ::1/128 0', 'precedence ::ffff:0:0/96 100', 'scopev4 ::ffff:169.254.0.0/112 2',
];
const WORDS = ['a', 'gai', 'conf', 'label', 'precedence', 'x', 'RUN', 'FROM', 'COPY', '0', '100'];

/** Arbitrary gai.conf-ish text: comments full of shell and printf metacharacters, no NUL. */
export function arbitraryText(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const lines: string[] = [];
  const n = Math.floor(rand() * 9);
  for (let i = 0; i < n; i++) {
    let line = rand() < 0.5 ? '#' : '';
    const parts = Math.floor(rand() * 12);
    for (let j = 0; j < parts; j++) line += rand() < 0.7 ? pick(PIECES) : pick(WORDS);
    lines.push(line);
  }
  const eol = rand() < 0.2 ? '\r\n' : '\n';
  let text = lines.join(eol);
  if (n > 0 && rand() < 0.75) text += eol;
  if (rand() < 0.05) text = `-${text}`;
  return text;
}

/**
 * Split a line into shell words the way BuildKit's lexer does for heredoc detection (RawQuotes,
 * RawEscapes): quotes and escapes stay in the word, unquoted blanks separate words.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end + 1;
      cur += line.slice(i, stop);
      i = stop - 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      cur += line.slice(i, j + 1);
      i = j;
    } else if (c === '\\') {
      cur += line.slice(i, i + 2);
      i++;
    } else {
      cur += c;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export interface BuildkitInstruction {
  keyword: string;
  /** the logical line after the keyword, continuations joined */
  args: string;
  heredocs: { name: string; content: string }[];
  /** what RUN hands to `sh -c` (BuildKit's dispatchRun for shell form) */
  script: string;
}

/**
 * A model of BuildKit's Dockerfile parser (frontend/dockerfile/parser/parser.go): lines keep
 * their endings; a continuation is the escape character at the end of a line not preceded by
 * another escape character; continuation lines that are comments or blank are dropped; heredoc
 * bodies are read raw up to a line equal to the delimiter. A RUN with a heredoc runs
 * `args + "\n" + content + name` (the "complex heredoc" branch of dispatchRun).
 */
export function buildkitInstructions(dockerfile: string, escape = '\\'): BuildkitInstruction[] {
  const lines = dockerfile.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const e = escape === '`' ? '`' : '\\\\';
  const cont = new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
  const trimNl = (s: string) => s.replace(/[\r\n]+$/, '');
  const isComment = (s: string) => /^#/.test(trimNl(s).replace(/^\s+/, ''));
  const out: BuildkitInstruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i++]!;
    if (isComment(raw)) continue;
    let line = trimNl(raw).replace(/^\s+/, '');
    if (line === '') continue;
    let end = !cont.test(line);
    line = line.replace(cont, '$1');
    while (!end && i < lines.length) {
      const next = lines[i++]!;
      if (isComment(next)) continue;
      const t = trimNl(next);
      if (t.trim() === '') continue;
      end = !cont.test(t);
      line += t.replace(cont, '$1');
    }
    const m = /^(\S+)\s*(.*)$/s.exec(line)!;
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!;
    const heredocs: { name: string; content: string }[] = [];
    if (keyword === 'RUN' || keyword === 'COPY') {
      for (const word of shellWords(args)) {
        // parser.go reHeredoc, applied to whole words (quotes kept, as with RawQuotes)
        const h = /^(\d*)<<(-?)([^<]+)$/.exec(word);
        if (!h) continue;
        const name = h[3]!.replace(/['"]/g, '');
        let content = '';
        while (i < lines.length && trimNl(lines[i]!) !== name) content += lines[i++]!;
        if (i >= lines.length) throw new Error(`unterminated heredoc ${name}`);
        i++;
        heredocs.push({ name, content });
      }
    }
    const script = heredocs.length ? args + heredocs.map((h) => `\n${h.content}${h.name}`).join('') : args;
    out.push({ keyword, args, heredocs, script });
  }
  return out;
}
