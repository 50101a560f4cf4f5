// README's "As a library" examples run as written: the vitest example is registered here as it
// stands (its `gaiconf` import is this tree's src/index.ts), and the snippets before it run and
// give what their comments say. Blocks are found by what they are, not by position, so a snippet
// added to the section cannot push the vitest example out of the test.
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vitest from 'vitest';
import * as gaiconf from '../../src/index.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('## As a library'));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const vitestExample = blocks.filter((b) => /from 'vitest'/.test(b));
const sortSnippet = blocks.filter((b) => /sortDestinations\(/.test(b));

/** A TypeScript module run as CommonJS with `gaiconf` and `vitest` resolved here; its exports. */
function run(source: string): Record<string, unknown> {
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20' });
  const modules: Record<string, unknown> = { gaiconf, vitest };
  const require = (name: string): unknown => {
    if (!(name in modules)) throw new Error(`a README example imports ${name}`);
    return modules[name];
  };
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports;
}

vitest.describe('README: As a library', () => {
  vitest.it('has the simulate snippets, the sortDestinations snippet and one vitest example', () => {
    vitest.expect(blocks).toHaveLength(4);
    vitest.expect(vitestExample).toHaveLength(1);
    vitest.expect(sortSnippet).toHaveLength(1);
  });

  vitest.it('the sortDestinations snippet gives the order its comment says', () => {
    const { order } = run(`${sortSnippet[0]!.replace(/^sortDestinations\(/m, 'export const { order } = sortDestinations(').replace(/\)\.order;.*$/m, ');')}`) as { order: string[] };
    const said = /\.order; \/\/ (\[[^\]]*\])/.exec(sortSnippet[0]!)![1]!.replace(/'/g, '"');
    vitest.expect(order).toEqual(JSON.parse(said));
  });

  vitest.it('the snippets run and give what their comments say', () => {
    // The second snippet continues the first (it uses `scenario`).
    const { scenario, result } = run(`${blocks[0]}\n${blocks[1]}\nexport { scenario, result };`) as { scenario: gaiconf.Scenario; result: gaiconf.SimulationResult };
    vitest.expect(result.order).toEqual(['203.0.113.5', '2001:db8::5']);
    vitest.expect(result.hint).toMatch(/^fix: /);
    // What the second snippet's comments show.
    let error: unknown;
    try {
      gaiconf.simulate({ ...scenario, query: { records: ['010.0.0.1'] } }, { glibc: 'banana' });
    } catch (e) {
      error = e;
    }
    vitest.expect(blocks[1]).toContain("simulate({ ...scenario, query: { records: ['010.0.0.1'] } }, { glibc: 'banana' })");
    vitest.expect(error).toBeInstanceOf(gaiconf.GaiconfInputError);
    const e = error as gaiconf.GaiconfInputError;
    vitest.expect(e.code).toBe('INVALID_SCENARIO');
    vitest.expect(e.errors).toEqual([
      { path: '$.query.records[0]', message: vitest.expect.stringMatching(/not an IP address glibc's inet_pton accepts$/), hint: vitest.expect.stringMatching(/^inet_pton rejects leading zeros/) },
      { path: 'options.glibc', message: '"banana" is not a glibc version', hint: vitest.expect.any(String) },
    ]);
  });
});

// The vitest example, registered as this file's own tests.
run(vitestExample[0] ?? '');
