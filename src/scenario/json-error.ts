// JSON text → value, with file:line:column for syntax errors, and a small position-tracking
// JSON scanner so validation errors (reported as JSON paths) can be placed in the source too.
// No I/O: callers read the file and pass its text.

export interface JsonSyntaxError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what JSON.parse positions count). */
  column: number;
  /** 0-based UTF-16 offset of the error in the text (after a leading byte-order mark) */
  offset: number;
  message: string;
  hint: string;
}

export type JsonParseResult =
  | { ok: true; value: unknown }
  | { ok: false; error: JsonSyntaxError };

const BOM = '\uFEFF';

/** A leading byte-order mark is dropped (JSON.parse rejects it; editors do not count it). */
function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** 1-based line and column of a UTF-16 offset; `\n`, `\r\n` and a lone `\r` end a line. */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      lineStart = i + 1;
    } else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        if (i + 1 >= end) break; // offset points at the \n of a \r\n: still this line
        i++;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function lineColumnToOffset(text: string, line: number, column: number): number {
  let l = 1;
  let i = 0;
  while (l < line && i < text.length) {
    const ch = text.charCodeAt(i++);
    if (ch === 10) l++;
    else if (ch === 13) {
      if (text.charCodeAt(i) === 10) i++;
      l++;
    }
  }
  return Math.min(text.length, i + Math.max(0, column - 1));
}

// ---------------------------------------------------------------------------------------------
// Position-tracking scanner (strict RFC 8259 grammar; on the first error it stops, keeping the
// part of the tree built so far, so it is tolerant enough for locating paths in broken text).

export interface ObjectNode {
  kind: 'object';
  start: number;
  members: { key: string; keyStart: number; value: JsonNode | null }[];
}
export interface ArrayNode {
  kind: 'array';
  start: number;
  items: JsonNode[];
}
export interface ScalarNode {
  kind: 'scalar';
  start: number;
}
export type JsonNode = ObjectNode | ArrayNode | ScalarNode;

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The scanner keeps its own stack of open objects and arrays instead of recursing, so any depth
 * JSON.parse takes (V8's is iterative too) is scanned whole, and every error after a deep part
 * is still placed.
 */
class Scanner {
  i = 0;
  constructor(private readonly text: string) {}

  private fail(at: number, message: string): never {
    throw new ScanError(at, message);
  }

  private ws(): void {
    const t = this.text;
    while (this.i < t.length) {
      const ch = t.charCodeAt(this.i);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) this.i++;
      else break;
    }
  }

  private peek(): number {
    return this.i < this.text.length ? this.text.charCodeAt(this.i) : -1;
  }

  private unexpected(): never {
    if (this.i >= this.text.length) this.fail(this.i, 'Unexpected end of JSON input');
    this.fail(this.i, `Unexpected token '${this.text[this.i]}'`);
  }

  /** Whole document: one value and nothing but whitespace after it. */
  document(attachRoot: (n: JsonNode) => void): void {
    const open: (ObjectNode | ArrayNode)[] = [];
    const attach = (n: JsonNode): void => {
      const top = open[open.length - 1];
      if (!top) attachRoot(n);
      else if (top.kind === 'array') top.items.push(n);
      else top.members[top.members.length - 1]!.value = n;
    };
    let state: 'value' | 'key' | 'after' = 'value';
    this.ws();
    for (;;) {
      if (state === 'value') {
        this.ws();
        const start = this.i;
        const ch = this.peek();
        if (ch === 123 /* { */) {
          const node: ObjectNode = { kind: 'object', start, members: [] };
          attach(node);
          this.i++;
          this.ws();
          if (this.peek() === 125 /* } */) {
            this.i++;
            state = 'after';
          } else {
            open.push(node);
            state = 'key';
          }
        } else if (ch === 91 /* [ */) {
          const node: ArrayNode = { kind: 'array', start, items: [] };
          attach(node);
          this.i++;
          this.ws();
          if (this.peek() === 93 /* ] */) {
            this.i++;
            state = 'after';
          } else {
            open.push(node);
            state = 'value';
          }
        } else {
          this.scalar(attach);
          state = 'after';
        }
        continue;
      }
      if (state === 'key') {
        const node = open[open.length - 1] as ObjectNode;
        this.ws();
        if (this.peek() !== 34 /* " */) {
          this.fail(this.i, node.members.length === 0 ? "Expected property name or '}'" : 'Expected double-quoted property name');
        }
        const keyStart = this.i;
        const key = this.string();
        node.members.push({ key, keyStart, value: null });
        this.ws();
        if (this.peek() !== 58 /* : */) this.fail(this.i, "Expected ':' after property name");
        this.i++;
        state = 'value';
        continue;
      }
      // after a value: the document ends, or its container goes on or closes
      this.ws();
      const top = open[open.length - 1];
      if (!top) {
        if (this.i < this.text.length) this.fail(this.i, 'Unexpected non-whitespace character after JSON');
        return;
      }
      const next = this.peek();
      if (next === 44 /* , */) {
        this.i++;
        state = top.kind === 'object' ? 'key' : 'value';
      } else if (next === (top.kind === 'object' ? 125 : 93)) {
        this.i++;
        open.pop();
      } else {
        this.fail(this.i, top.kind === 'object' ? "Expected ',' or '}' after property value" : "Expected ',' or ']' after array element");
      }
    }
  }

  private scalar(attach: (n: JsonNode) => void): void {
    const start = this.i;
    const ch = this.peek();
    if (ch === 34) {
      attach({ kind: 'scalar', start });
      this.string();
      return;
    }
    if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      attach({ kind: 'scalar', start });
      this.number();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (ch === word.charCodeAt(0)) {
        attach({ kind: 'scalar', start });
        for (let k = 0; k < word.length; k++) {
          if (this.peek() !== word.charCodeAt(k)) this.unexpected();
          this.i++;
        }
        return;
      }
    }
    this.unexpected();
  }

  /** A string token starting at the opening quote; returns its decoded value. */
  private string(): string {
    const t = this.text;
    this.i++; // opening quote
    let out = '';
    let runStart = this.i;
    for (;;) {
      if (this.i >= t.length) this.fail(this.i, 'Unterminated string');
      const ch = t.charCodeAt(this.i);
      if (ch === 34) {
        out += t.slice(runStart, this.i);
        this.i++;
        return out;
      }
      if (ch < 0x20) this.fail(this.i, 'Bad control character in string literal');
      if (ch === 92 /* \ */) {
        out += t.slice(runStart, this.i);
        const esc = t[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (esc !== undefined && esc in simple) {
          out += simple[esc];
          this.i += 2;
        } else if (esc === 'u') {
          for (let k = 2; k < 6; k++) {
            if (this.i + k >= t.length) this.fail(t.length, 'Unexpected end of JSON input');
            if (!/[0-9A-Fa-f]/.test(t[this.i + k]!)) this.fail(this.i + k, 'Bad Unicode escape');
          }
          out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.fail(this.i + 1, esc === undefined ? 'Unexpected end of JSON input' : 'Bad escaped character');
        }
        runStart = this.i;
        continue;
      }
      this.i++;
    }
  }

  private digits(): number {
    const from = this.i;
    while (this.peek() >= 48 && this.peek() <= 57) this.i++;
    return this.i - from;
  }

  private number(): void {
    if (this.peek() === 45) {
      this.i++;
      if (!(this.peek() >= 48 && this.peek() <= 57)) this.fail(this.i, 'No number after minus sign');
    }
    if (this.peek() === 48) this.i++;
    else this.digits();
    if (this.peek() === 46 /* . */) {
      this.i++;
      if (this.digits() === 0) this.fail(this.i, 'Unterminated fractional number');
    }
    if (this.peek() === 101 || this.peek() === 69 /* e E */) {
      this.i++;
      if (this.peek() === 43 || this.peek() === 45) this.i++;
      if (this.digits() === 0) this.fail(this.i, 'Exponent part is missing a number');
    }
  }
}

/** The first syntax error of `text` by this file's scanner (offset and a V8-style message). */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | null {
  const e = scan(stripBom(text)).error;
  return e ? { offset: e.offset, message: e.message } : null;
}

/** The position-tracking tree of a JSON text (what parsed before a syntax error, if any). */
export function scanJson(text: string): JsonNode | null {
  return scan(stripBom(text)).root;
}

function scan(text: string): { root: JsonNode | null; error: ScanError | null } {
  let root: JsonNode | null = null;
  const s = new Scanner(text);
  try {
    s.document((n) => (root = n));
    return { root, error: null };
  } catch (e) {
    if (e instanceof ScanError) return { root, error: e };
    return { root, error: new ScanError(s.i, e instanceof Error ? e.message : String(e)) };
  }
}

// ---------------------------------------------------------------------------------------------

/** V8's message without the echo of the input and without the position suffix. */
function cleanMessage(raw: string): string {
  let m = raw;
  // "Unexpected token 'x', "<the input, possibly shortened with ...>" is not valid JSON"
  const echo = /^Unexpected token '([\s\S]{1,2}?)', [\s\S]* is not valid JSON$/.exec(m);
  if (echo) {
    const tok = echo[1]!;
    m = `Unexpected token '${/[\u0000-\u001f]/.test(tok) ? JSON.stringify(tok).slice(1, -1) : tok}'`;
  }
  m = m.replace(/\s*\(line \d+ column \d+\)\s*$/, '');
  m = m.replace(/ in JSON at position \d+\s*$/, '');
  return m;
}

function syntaxHint(text: string, offset: number, message: string): string {
  const ch = text[offset];
  let p = offset - 1;
  while (p >= 0 && /\s/.test(text[p]!)) p--;
  const prev = p >= 0 ? text[p] : undefined;
  if (text.trim() === '') return 'The file is empty: a scenario is a JSON object such as {"host": {...}, "query": {...}}.';
  if (ch === '/' || ch === '#') return 'JSON has no comments: remove them (a "name" field can carry a description).';
  if (ch === "'") return 'JSON strings and property names use double quotes (").';
  if ((ch === '}' || ch === ']') && prev === ',') return `Remove the trailing comma before this '${ch}': JSON does not allow one.`;
  if (/^Unexpected end/.test(message) || /^Unterminated string/.test(message)) {
    return 'The document ends too early: a closing quote, } or ] is missing.';
  }
  if (/^Bad control character/.test(message)) return 'A string contains a raw line break or tab: write it as \\n or \\t.';
  if (/^Bad (escaped character|Unicode escape)/.test(message)) return 'Valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.';
  if (/^Expected (double-quoted )?property name/.test(message) && ch !== undefined && /[A-Za-z_$]/.test(ch)) {
    return 'Property names must be double-quoted strings, e.g. "host".';
  }
  if (/^Expected ',' or/.test(message)) return 'A comma is missing between the previous item and this one, or a closing bracket is missing.';
  if (/^Unexpected non-whitespace character after JSON/.test(message)) {
    return 'The top-level value ended before this point: look for an extra } or ] above, or a second document.';
  }
  const before = /[A-Za-z]+$/.exec(text.slice(0, offset))?.[0] ?? '';
  const word = before + (/^[A-Za-z]*/.exec(text.slice(offset))?.[0] ?? '');
  if (word !== '' && !['true', 'false', 'null'].includes(word)) {
    return `Strings must be double-quoted ("${word}"); the only bare words in JSON are true, false and null.`;
  }
  if (/^Unexpected number/.test(message) && prev === '0') return 'JSON numbers have no leading zeros; addresses are written as strings.';
  if (ch === '\uFEFF') return 'Remove the byte-order mark.';
  return 'Fix the JSON syntax at this point.';
}

/** JSON.parse with the error placed at file:line:column (1-based) and a hint. Never throws. */
export function parseJsonWithLocation(text: string, file: string): JsonParseResult {
  const body = stripBom(text);
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    let offset: number | null = null;
    let line: number | null = null;
    let column: number | null = null;
    const lc = /\(line (\d+) column (\d+)\)/.exec(raw);
    const pos = /at position (\d+)/.exec(raw);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
      offset = lineColumnToOffset(body, line, column);
    } else if (pos) {
      offset = Math.min(Number(pos[1]), body.length);
    }
    const scanned = scan(body);
    if (offset === null) offset = scanned.error ? scanned.error.offset : body.length;
    if (line === null || column === null) ({ line, column } = offsetToLineColumn(body, offset));
    let message = cleanMessage(raw);
    if (body.trim() === '') message = 'Unexpected end of JSON input (the file is empty)';
    return { ok: false, error: { file, line, column, offset, message, hint: syntaxHint(body, offset, message) } };
  }
}

/** `$.a.b[0]["odd key"]` → ['a', 'b', 0, 'odd key']; null when it is not a path. */
export function parseJsonPath(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null;
  const out: (string | number)[] = [];
  let i = 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      if (j === i + 1) return null;
      out.push(path.slice(i + 1, j));
      i = j;
    } else if (ch === '[') {
      if (path[i + 1] === '"') {
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        if (path[j + 1] !== ']') return null;
        try {
          out.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        } catch {
          return null;
        }
        i = j + 2;
      } else {
        const m = /^\[(\d+)\]/.exec(path.slice(i));
        if (!m) return null;
        out.push(Number(m[1]));
        i += m[0].length;
      }
    } else {
      return null;
    }
  }
  return out;
}

/**
 * Positions of JSON paths in one text, for many errors: the text is scanned once, line starts
 * are found once, and each object's keys are indexed the first time a path goes through it, so
 * placing n errors costs O(text + n × path length) instead of a scan per error.
 */
export class JsonLocator {
  private readonly body: string;
  private readonly root: JsonNode | null;
  private starts: number[] | null = null;
  private readonly keys = new WeakMap<ObjectNode, Map<string, ObjectNode['members'][number]>>();

  constructor(text: string) {
    this.body = stripBom(text);
    this.root = scan(this.body).root;
  }

  /** 1-based line and column of an offset in the (BOM-less) text. */
  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      const t = this.body;
      const starts = [0];
      for (let i = 0; i < t.length; i++) {
        const ch = t.charCodeAt(i);
        if (ch === 10) starts.push(i + 1);
        else if (ch === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.starts = starts;
    }
    const at = Math.max(0, Math.min(offset, this.body.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! + 1 };
  }

  private member(node: ObjectNode, key: string): ObjectNode['members'][number] | undefined {
    let index = this.keys.get(node);
    if (!index) {
      index = new Map();
      for (const m of node.members) index.set(m.key, m); // the last duplicate wins, as in JSON.parse
      this.keys.set(node, index);
    }
    return index.get(key);
  }

  /** See locateJsonPath. */
  locate(path: string, target: 'value' | 'key' = 'value'): { line: number; column: number } | null {
    const steps = parseJsonPath(path);
    return steps ? this.locateSteps(steps, target) : null;
  }

  private locateSteps(steps: readonly (string | number)[], target: 'value' | 'key'): { line: number; column: number } | null {
    let node = this.root;
    if (!node) return null;
    let at = node.start;
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const last = k === steps.length - 1;
      if (typeof step === 'number') {
        if (node.kind !== 'array') return null;
        const item: JsonNode | undefined = node.items[step];
        if (!item) return null;
        node = item;
        at = item.start;
      } else {
        if (node.kind !== 'object') return null;
        const member = this.member(node, step);
        if (!member) return null;
        if (last && target === 'key') return this.position(member.keyStart);
        if (!member.value) return last ? this.position(member.keyStart) : null;
        node = member.value;
        at = member.value.start;
      }
    }
    return this.position(at);
  }

  /** See locateJsonPathOrAncestor. */
  locateOrAncestor(path: string): { line: number; column: number } | null {
    const steps = parseJsonPath(path);
    if (!steps) return null;
    for (let n = steps.length; n >= 0; n--) {
      const hit = this.locateSteps(steps.slice(0, n), 'value');
      if (hit) return hit;
    }
    return null;
  }
}

/**
 * Where a JSON path (as ScenarioError.path spells it) points in the source text: 1-based line
 * and column of the value (or, with `target: 'key'`, of the member's key when the last step is
 * a property). Duplicate keys resolve to the last one, as JSON.parse does. Null when the path
 * does not exist in the text (e.g. a missing required field) or is malformed. Tolerant of
 * broken JSON: whatever parsed before the first syntax error can still be located. (For many
 * paths in one text, make one JsonLocator.)
 */
export function locateJsonPath(text: string, path: string, target: 'value' | 'key' = 'value'): { line: number; column: number } | null {
  return new JsonLocator(text).locate(path, target);
}

/**
 * Like locateJsonPath, but a path that is not in the text (a missing field) falls back to its
 * nearest existing ancestor, so every error can be given some file position.
 */
export function locateJsonPathOrAncestor(text: string, path: string): { line: number; column: number } | null {
  return new JsonLocator(text).locateOrAncestor(path);
}
