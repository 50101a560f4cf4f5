// What the final stage of a Dockerfile builds on, as BuildKit reads it: the base image through
// global ARG defaults (`ARG V=1` before the first FROM; `$V`, `${V}`, `${V:-d}`, `${V-d}`,
// `${V:+w}`, `${V+w}`) and `FROM <stage>` chains, and the user its first instruction runs as
// (a USER set in a parent stage is inherited). Pure: text in, facts out. Positions and words come
// from dockerfile-ast (parseDockerfile); variable expansion follows BuildKit's shell lexer for the
// forms above, and anything else (`${V#p}`, `${V/a/b}`, a build-arg without default) is reported
// as unresolved instead of guessed.

import type { Dockerfile as AstDockerfile } from 'dockerfile-ast';
import { baseImageWarning, parseDockerfile, type OutputFormat } from './dockerfile.js';

/** A variable's value where the expansion happens; `unset` when it has none by default. */
type Vars = ReadonlyMap<string, string | { unset: string }>;

export type Expansion = { value: string } | { unresolved: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The text inside `${…}` starting at `from` (just past the `{`), with nested braces. */
function braced(word: string, from: number): { inner: string; end: number } | null {
  let depth = 1;
  for (let i = from; i < word.length; i++) {
    if (word[i] === '{') depth++;
    else if (word[i] === '}' && --depth === 0) return { inner: word.slice(from, i), end: i + 1 };
  }
  return null;
}

/**
 * Expand `$VAR` forms in a Dockerfile word the way BuildKit does for FROM and USER. An escaped
 * `$` (escape character before it) is a literal `$`. Unresolved when a variable has no value by
 * default or a form is not one of the supported ones: the caller says so instead of guessing.
 */
export function expandWord(word: string, vars: Vars, escapeChar = '\\'): Expansion {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === escapeChar && word[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    let name: string;
    let op = '';
    let operand = '';
    if (word[i + 1] === '{') {
      const b = braced(word, i + 2);
      if (!b) return { unresolved: `"${word}" has an unclosed \${` };
      const m = NAME.exec(b.inner);
      if (!m) return { unresolved: `"\${${b.inner}}" is not a variable gaiconf can expand` };
      name = m[0];
      const rest = b.inner.slice(name.length);
      const form = /^(:?[-+])([\s\S]*)$/.exec(rest);
      if (rest !== '' && !form) return { unresolved: `"\${${b.inner}}" uses a form gaiconf does not expand (only \${V}, \${V:-default}, \${V-default}, \${V:+word}, \${V+word})` };
      if (form) [op, operand] = [form[1]!, form[2]!];
      i = b.end - 1;
    } else {
      const m = NAME.exec(word.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      name = m[0];
      i += name.length;
    }
    const v = vars.get(name);
    const set = typeof v === 'string';
    const nonEmpty = set && v !== '';
    const sub = (w: string): Expansion => expandWord(w, vars, escapeChar);
    let piece: Expansion;
    if (op === ':-' || op === '-') piece = (op === ':-' ? nonEmpty : set) ? { value: v as string } : sub(operand);
    else if (op === ':+' || op === '+') piece = (op === ':+' ? nonEmpty : set) ? sub(operand) : { value: '' };
    else if (set) piece = { value: v };
    else if (v === undefined) piece = { unresolved: `$${name} is not declared by an ARG before the first FROM (FROM sees only those; a build-arg or the build platform's value is not known here)` };
    else piece = { unresolved: v.unset };
    if ('unresolved' in piece) return piece;
    out += piece.value;
  }
  return { value: out };
}

/** The global ARGs (before the first FROM) as FROM lines see them by default. */
function globalArgs(df: AstDockerfile, escapeChar: string): Map<string, string | { unset: string }> {
  const vars = new Map<string, string | { unset: string }>();
  for (const arg of df.getInitialARGs()) {
    for (const p of arg.getProperties()) {
      const raw = p.getValue();
      if (raw === null) {
        vars.set(p.getName(), { unset: `ARG ${p.getName()} has no default (its value comes only from --build-arg)` });
        continue;
      }
      const e = expandWord(raw, vars, escapeChar);
      vars.set(p.getName(), 'value' in e ? e.value : { unset: `ARG ${p.getName()}'s default cannot be expanded: ${e.unresolved}` });
    }
  }
  return vars;
}

interface Stage {
  /** the FROM's image as written */
  written: string | null;
  /** lower-cased `AS` name */
  name: string | null;
  /** the image after expansion, or why it could not be expanded */
  expansion: Expansion | null;
  /** the earlier stage this one builds on */
  parent: number | null;
  /** the last USER of the stage, as written (continuations joined), and the line it is on */
  user: { text: string; line: number } | null;
  /** values set by ENV in this stage (inherited by stages built on it) */
  env: Map<string, string>;
  /** ARG declarations in this stage: name → the declaration text and the line */
  args: Map<string, { text: string; line: number }>;
}

function stagesOf(df: AstDockerfile): Stage[] {
  const escapeChar = df.getEscapeCharacter() === '`' ? '`' : '\\';
  const vars = globalArgs(df, escapeChar);
  const froms = df.getFROMs();
  const stages: Stage[] = froms.map((from, i) => {
    const written = from.getImage();
    const expansion = written === null ? null : expandWord(written, vars, escapeChar);
    const target = expansion && 'value' in expansion ? expansion.value.toLowerCase() : null;
    let parent: number | null = null;
    for (let j = i - 1; j >= 0 && target !== null; j--) {
      if (froms[j]!.getBuildStage()?.toLowerCase() === target) {
        parent = j;
        break;
      }
    }
    return { written, name: from.getBuildStage()?.toLowerCase() ?? null, expansion, parent, user: null, env: new Map<string, string>(), args: new Map() };
  });
  const fromLines = froms.map((f) => f.getRange().start.line);
  for (const ins of df.getInstructions()) {
    const line = ins.getRange().start.line;
    let s = -1;
    while (s + 1 < fromLines.length && fromLines[s + 1]! <= line) s++;
    if (s < 0 || fromLines[s] === line) continue;
    const stage = stages[s]!;
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === 'USER') stage.user = { text: (ins.getArgumentsContent() ?? '').trim(), line };
    else if (keyword === 'ENV') for (const p of (ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) stage.env.set(p.getName(), p.getValue() ?? '');
    else if (keyword === 'ARG') {
      for (const p of (ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
        const value = p.getValue();
        stage.args.set(p.getName(), { text: value === null ? p.getName() : `${p.getName()}=${argValue(value)}`, line });
      }
    }
  }
  return stages;
}

/** An ARG default written back: bare when it is one plain word, else double-quoted. */
function argValue(value: string): string {
  return /^[A-Za-z0-9_./:@%+,=-]*$/.test(value) ? value : `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

export interface FinalBase {
  /** the base image FROM names, as written at the end of the stage chain */
  written: string;
  /** that image with ARG defaults expanded, or null when it cannot be */
  image: string | null;
  /** why `image` is null */
  unresolved: string | null;
  /** the stages followed from the final one back to the image, e.g. ['base'] */
  via: string[];
}

/** Who the final stage's first instruction runs as, when a parent stage set a non-root USER. */
export interface InheritedUser {
  /** the USER argument as written in the parent stage */
  user: string;
  /** the stage that set it */
  stage: string;
  /** the instructions that give the final stage its user back after `USER root` (ARG lines for variables, then USER) */
  restore: string[];
  /** set when the restore could not be made exact */
  warning: string | null;
}

export interface FinalStage {
  base: FinalBase | null;
  user: InheritedUser | null;
}

const stageName = (stages: Stage[], i: number): string => stages[i]!.name ?? `#${i}`;

/** `root`, `0`, `root:…` or `0:…` (after expansion). */
function isRoot(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === 'root' || name === '0';
}

function inheritedUser(stages: Stage[], escapeChar: string): InheritedUser | null {
  let p = stages[stages.length - 1]!.parent;
  const chain: number[] = [];
  while (p !== null && !chain.includes(p)) {
    chain.push(p);
    const stage = stages[p]!;
    if (stage.user) return userFrom(stages, p, stage.user, chain, escapeChar);
    p = stage.parent;
  }
  return null;
}

/**
 * The user stage `p` ends with, as the final stage sees it: null when it is root. Variables set
 * by ENV in the chain reach the final stage through the image; a stage's ARG does not, so the
 * restore declares it again (the same default, or a bare ARG for a global one).
 */
function userFrom(stages: Stage[], p: number, user: { text: string; line: number }, chain: number[], escapeChar: string): InheritedUser | null {
  const stage = stageName(stages, p);
  const names = [...user.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  // the stage and its ancestors, nearest first: the nearest ENV wins
  const envOf = (n: string) => chain.slice(chain.indexOf(p)).map((i) => stages[i]!.env.get(n)).find((v) => v !== undefined);
  const restore: string[] = [];
  const unknown: string[] = [];
  const known = new Map<string, string>();
  for (const n of new Set(names)) {
    const env = envOf(n);
    if (env !== undefined) {
      if (!env.includes('$')) known.set(n, env);
      continue;
    }
    const arg = stages[p]!.args.get(n);
    if (arg && arg.line < user.line) {
      restore.push(`ARG ${arg.text}`);
      const v = /=(.*)$/.exec(arg.text);
      if (v && !v[1]!.startsWith('"')) known.set(n, v[1]!);
    } else unknown.push(n);
  }
  if (names.length === 0 && isRoot(user.text)) return null;
  if (names.length > 0 && new Set(names).size === known.size) {
    const e = expandWord(user.text, known, escapeChar);
    if ('value' in e && isRoot(e.value)) return null;
  }
  restore.push(`USER ${user.text}`);
  const warning = unknown.length
    ? `USER ${user.text} (stage "${stage}") uses ${unknown.map((n) => `$${n}`).join(', ')}, which gaiconf cannot find as an ENV or an ARG of that stage: check that the restored USER line after the block names the same user`
    : null;
  return { user: user.text, stage, restore, warning };
}

/**
 * The final stage's base image (following `FROM <stage>` and global ARG defaults) and the
 * non-root user it inherits from a parent stage. `base` is null when there is no FROM.
 */
export function finalStage(dockerfileText: string): FinalStage {
  const df = parseDockerfile(dockerfileText);
  const stages = stagesOf(df);
  if (stages.length === 0) return { base: null, user: null };
  const escapeChar = df.getEscapeCharacter() === '`' ? '`' : '\\';
  const via: string[] = [];
  let i = stages.length - 1;
  const seen = new Set<number>();
  while (stages[i]!.parent !== null && !seen.has(i)) {
    seen.add(i);
    i = stages[i]!.parent!;
    via.push(stageName(stages, i));
  }
  const s = stages[i]!;
  const written = s.written ?? '';
  const base: FinalBase =
    s.expansion && 'value' in s.expansion
      ? { written, image: s.expansion.value, unresolved: s.written === null || s.expansion.value === '' ? 'the FROM names no image' : null, via }
      : { written, image: null, unresolved: s.expansion && 'unresolved' in s.expansion ? s.expansion.unresolved : 'the FROM names no image', via };
  if (base.unresolved) base.image = null;
  return { base, user: inheritedUser(stages, escapeChar) };
}

/**
 * Why gai.conf may not apply in the final stage's base image: baseImageWarning on the resolved
 * image (naming how it was resolved), or, when it cannot be resolved, that it may be one where
 * gai.conf has no effect. null when the base is known and reads gai.conf.
 */
export function finalBaseWarning(base: FinalBase, format?: OutputFormat): string | null {
  const chain = `FROM ${[...base.via.map((v) => `stage "${v}"`), base.written].join(' → ')}`;
  if (base.image === null) {
    return `the final stage's base image cannot be resolved (${chain}): ${base.unresolved}. gai.conf may not apply there: musl (Alpine), static images (scratch, distroless static) and Go's built-in resolver ignore it; check the image the build really uses with gaiconf generate --base IMAGE.`;
  }
  const w = baseImageWarning(base.image, format);
  if (!w) return null;
  if (base.image === base.written && base.via.length === 0) return w;
  return `${w} (the final stage's base: ${chain}${base.image === base.written ? '' : `, with the ARG defaults: ${base.image}`})`;
}
