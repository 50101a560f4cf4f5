// docs/diagnostics.md has one section per diagnostic code: the parser's DIAGNOSTIC_CODES and the
// lint's LINT_CODES, each with an example and a fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/policy/gai-conf-parser.js';
import { LINT_CODES } from '../../src/policy/lint.js';

const DOC = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');

/** The section of `code`: from its heading to the next `## ` heading. */
function section(code: string): string | null {
  const start = DOC.indexOf(`\n## \`${code}\`\n`);
  if (start < 0) return null;
  const next = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, next < 0 ? DOC.length : next);
}

describe('docs/diagnostics.md', () => {
  const codes = [...Object.keys(DIAGNOSTIC_CODES), ...Object.keys(LINT_CODES)];
  for (const code of codes) {
    it(`has a section for ${code}, with an example line and a fix`, () => {
      const s = section(code);
      expect(s, `no "## \`${code}\`" section`).not.toBeNull();
      expect(s!).toMatch(/\*\*(error|warning|info)/);
      expect(s!).toMatch(/```\n[^`]+\n```/);
      expect(s!).toMatch(/Fix:/);
    });
  }

  it('documents no code that does not exist', () => {
    const documented = [...DOC.matchAll(/^## `([a-z0-9-]+)`$/gm)].map((m) => m[1]!);
    expect(documented.filter((c) => !codes.includes(c))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });
});
