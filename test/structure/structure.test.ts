// The lines the layout holds: pure folders import no node:* (the core bundles for a browser),
// and imports point one way (address ← policy ← host ← order).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
const PURE = ['address', 'policy', 'host', 'order', 'scenario', 'emit', 'runtime', 'text', 'host-json'];
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('structure', () => {
  for (const folder of PURE) {
    it(`src/${folder} does no I/O (imports no node:* module)`, () => {
      for (const f of files(join(SRC, folder))) {
        const bad = imports(f).filter((i) => i.startsWith('node:') || ['fs', 'child_process', 'net', 'dns', 'os'].includes(i));
        expect({ file: relative(SRC, f), bad }).toEqual({ file: relative(SRC, f), bad: [] });
      }
    });
  }

  it('imports point one way: address ← policy ← host ← order', () => {
    const rank: Record<string, number> = { address: 0, policy: 1, host: 2, order: 3 };
    for (const folder of Object.keys(rank)) {
      for (const f of files(join(SRC, folder))) {
        for (const i of imports(f).filter((x) => x.startsWith('../'))) {
          const target = i.split('/')[1]!;
          if (target in rank) expect({ file: relative(SRC, f), import: i, ok: rank[target]! <= rank[folder]! }).toMatchObject({ ok: true });
        }
      }
    }
  });

  it('the playground page (site/src) uses only the public API and no node:* module', () => {
    for (const f of files(join(SRC, '../site/src'))) {
      const bad = imports(f).filter((i) => i.startsWith('node:') || (i.startsWith('../../src/') && i !== '../../src/index.js'));
      expect({ file: relative(join(SRC, '..'), f), bad }).toEqual({ file: relative(join(SRC, '..'), f), bad: [] });
    }
  });

  it('the playground page type-checks (tsc -p site/tsconfig.json: DOM types, the library as the page imports it)', () => {
    const tsc = join(SRC, '../node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(SRC, '../site/tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it('the library entry bundles for a browser', async () => {
    const r = await build({ entryPoints: [join(SRC, 'index.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    expect(r.errors).toEqual([]);
    expect(r.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/);
  });
});
