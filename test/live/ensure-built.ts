// dist/ must hold this tree's CLI before the live tests spawn it; shared by the live suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist/cli/main.js');

/** dist/ must hold this tree's CLI; build it (once, across parallel test files) when stale. */
export function ensureBuilt(): void {
  const newest = (dir: string): number => {
    let m = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return m;
  };
  const fresh = () => existsSync(CLI) && statSync(CLI).mtimeMs >= newest(join(ROOT, 'src')) && existsSync(join(ROOT, 'dist/cli/commands/check.js'));
  if (fresh()) return;
  const lock = join(tmpdir(), 'gaiconf-test-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock}: another build holds the lock`);
      spawnSync('sleep', ['0.2']);
    }
  }
  try {
    if (fresh()) return;
    // Type errors elsewhere in the tree still emit; what matters is that dist/ is current.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
    if (!existsSync(join(ROOT, 'dist/cli/commands/check.js'))) throw new Error('npx tsc -p tsconfig.json did not produce dist/cli/commands/check.js');
  } finally {
    rmdirSync(lock);
  }
}
