// `npm run site`: the playground page, built with esbuild from site/src (which imports the
// library's public API, src/index.ts) into site/dist/: index.html, style.css and app.js, a classic
// script (an IIFE: module scripts do not load from file://). No network request at run time.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const SITE_DIR = dirname(fileURLToPath(import.meta.url));
export const SITE_DIST = join(SITE_DIR, 'dist');

export interface SiteBuild {
  outdir: string;
  index: string;
  jsBytes: number;
  /** app.js gzipped (level 9), what a static host sends. */
  jsGzipBytes: number;
}

export async function buildSite(outdir: string = SITE_DIST, options: { minify?: boolean } = {}): Promise<SiteBuild> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(SITE_DIR, 'src/main.ts')],
    outfile: join(outdir, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome103', 'firefox113', 'safari16.4'],
    minify: options.minify ?? true,
    legalComments: 'none',
    charset: 'utf8',
    loader: { '.conf': 'text' },
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(SITE_DIR, f), join(outdir, f));
  const js = readFileSync(join(outdir, 'app.js'));
  return { outdir, index: join(outdir, 'index.html'), jsBytes: js.length, jsGzipBytes: gzipSync(js, { level: 9 }).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = await buildSite(process.argv[2] ?? SITE_DIST);
  process.stdout.write(`site: ${relative(process.cwd(), b.index)} (app.js ${(b.jsBytes / 1024).toFixed(1)} KiB, ${(b.jsGzipBytes / 1024).toFixed(1)} KiB gzipped)\n`);
  process.stdout.write(`open it as a file (file://${b.index}) or serve it: npm run site:serve\n`);
}
