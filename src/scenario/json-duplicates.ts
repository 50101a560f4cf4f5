// Keys given twice in one JSON object. JSON.parse keeps the last and drops the first without a
// word (RFC 8259 §4 leaves the outcome to each parser), so a scenario with two "routes" arrays
// would lose the first one silently: a file gaiconf reads is refused instead, with both places.
import { offsetToLineColumn, scanJson, type JsonNode } from './json-error.js';

export interface DuplicateKey {
  /** The JSON path of the object's member, as validation errors spell paths. */
  path: string;
  key: string;
  /** Where each occurrence's key starts, 1-based, in text order. */
  at: { line: number; column: number }[];
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const step = (key: string): string => (IDENT.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** Every duplicated key of every object in `text` (which JSON.parse accepted). */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const root = scanJson(text);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: DuplicateKey[] = [];
  // An explicit stack: any depth JSON.parse accepts is walked without recursion.
  const stack: { node: JsonNode; path: string }[] = root ? [{ node: root, path: '$' }] : [];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node.kind === 'array') {
      node.items.forEach((n, i) => stack.push({ node: n, path: `${path}[${i}]` }));
    } else if (node.kind === 'object') {
      const seen = new Map<string, number[]>();
      for (const m of node.members) {
        const list = seen.get(m.key);
        if (list) list.push(m.keyStart);
        else seen.set(m.key, [m.keyStart]);
        if (m.value) stack.push({ node: m.value, path: `${path}${step(m.key)}` });
      }
      for (const [key, starts] of seen) {
        if (starts.length > 1) out.push({ path: `${path}${step(key)}`, key, at: starts.map((o) => offsetToLineColumn(body, o)) });
      }
    }
  }
  return out.sort((a, b) => a.at[0]!.line - b.at[0]!.line || a.at[0]!.column - b.at[0]!.column);
}

/** Every object key of a parsed value, counted without recursion. */
function parsedKeyCount(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else {
      for (const k in v) {
        n++;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return n;
}

// In text JSON.parse accepted every `"` outside a string opens one, so a global match from string
// to string visits exactly the string literals; a key is one followed by `:`.
const STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/**
 * Whether `text` (which JSON.parse read as `value`) has a key given twice: the keys in the text
 * outnumber the parsed ones exactly then. Native regex and a walk of the value, so a file's read
 * does not pay for the position-tracking scan unless there is something to place.
 */
export function hasDuplicateKeys(text: string, value: unknown): boolean {
  let keys = 0;
  for (const m of text.matchAll(STRING)) if (m[1] !== undefined) keys++;
  return keys !== parsedKeyCount(value);
}

/** The `file:line:column: …` lines and hint of a CLI error for the duplicates found, or null. */
export function duplicateKeyMessage(text: string, file: string, value?: unknown): { message: string; hint: string } | null {
  if (value !== undefined && !hasDuplicateKeys(text, value)) return null;
  const dups = findDuplicateKeys(text);
  if (!dups.length) return null;
  const lines = dups.map((d) => {
    const [first, ...rest] = d.at;
    return `${file}:${first!.line}:${first!.column}: key ${JSON.stringify(d.key)} is given ${d.at.length} times in one object (again at ${rest.map((p) => `${p.line}:${p.column}`).join(', ')}); JSON.parse would keep only the last (at ${d.path})`;
  });
  return { message: lines.join('\n'), hint: 'Merge them into one (e.g. one "routes" array), or remove the one you do not mean.' };
}
