// Collecting the problems of one call's arguments: each with its path and a hint, every one
// found before anything throws (src/input-error.ts).
import type { InputProblem } from './input-error.js';
import { GLIBC_VERSION_HINT, glibcVersionMessage, isGlibcVersion } from './policy/glibc-version.js';
import { closest } from './scenario/validate.js';

/** A value as an error message names it: `"banana"`, `number 42`, `null`, `an array`, `a Map instance`. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') {
    if (isPlainObject(v)) return 'an object';
    const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? `a ${name} instance` : 'a non-plain object';
  }
  return `${typeof v} ${String(v)}`;
}

const quoteList = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Collects problems for one call; `path` prefixes are the parameters' names. */
export class Problems {
  readonly list: InputProblem[] = [];

  add(path: string, message: string, hint: string): void {
    this.list.push({ path, message, hint });
  }

  /** An options object: undefined, or a plain object with only `known` keys. False when it is not to be looked into. */
  object(v: unknown, path: string, known: readonly string[]): v is Record<string, unknown> | undefined {
    if (v === undefined) return true;
    if (!isPlainObject(v)) {
      this.add(path, `${path} must be a plain object, not ${describe(v)}`, `Pass { ${known.map((k) => `${k}?`).join(', ')} }, or leave it out.`);
      return false;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key) || known.includes(key)) continue;
      const guess = closest(key, known);
      this.add(`${path}.${key}`, `unknown option ${JSON.stringify(key)}`, guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Known options: ${quoteList(known)}.`);
    }
    return true;
  }

  oneOf(v: unknown, path: string, allowed: readonly string[], what: string): void {
    if (v === undefined || (typeof v === 'string' && allowed.includes(v))) return;
    const guess = typeof v === 'string' ? closest(v, allowed) : undefined;
    this.add(path, `${what} must be one of ${quoteList(allowed)}, not ${describe(v)}`, guess !== undefined ? `Did you mean ${JSON.stringify(guess)}?` : `Use one of ${quoteList(allowed)}.`);
  }

  boolean(v: unknown, path: string): void {
    if (v === undefined || typeof v === 'boolean') return;
    this.add(path, `${path} must be true or false, not ${describe(v)}`, 'Pass a boolean, or leave it out.');
  }

  string(v: unknown, path: string, hint: string): void {
    if (v === undefined || (typeof v === 'string' && v !== '')) return;
    this.add(path, `${path} must be a non-empty string, not ${describe(v)}`, hint);
  }

  integer(v: unknown, path: string, min: number, max: number, hint: string): void {
    if (v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) return;
    this.add(path, `${path} must be an integer from ${min} to ${max}, not ${describe(v)}`, hint);
  }

  glibc(v: unknown, path: string): void {
    if (v === undefined || isGlibcVersion(v)) return;
    this.add(path, glibcVersionMessage(v), GLIBC_VERSION_HINT);
  }
}

