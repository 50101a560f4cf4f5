// `npm run bench -- --only site`: the playground page's budgets, measured in headless Chromium
// (the system's, through playwright-core) with the performance marks the page sets:
//   - app.js gzipped (level 9) ≤ 150 KB;
//   - load → first result (mark `gaiconf:first-result`, from navigation start), opened from
//     file://, ≤ 300 ms: a fresh browser context per round, medians over the rounds;
//   - one edit → re-simulated and re-rendered (measure `gaiconf:update`: read the fields,
//     validate, simulate the five profiles, render) on a scenario of 8 answers, ≤ 16 ms.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

import { buildSite } from '../site/build.js';
import { encodeState } from '../site/src/state.js';
import { BENCH_GAI_CONF, BENCH_HOST, prng, recordsOf } from './workload.js';

export const SITE_TARGETS = { jsGzipKB: 150, firstResultMs: 300, updateMs: 16 };

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

function chromium(): string | null {
  return [process.env.GAICONF_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p)) ?? null;
}

async function firstResult(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
  return page.evaluate(() => performance.getEntriesByName('gaiconf:first-result')[0]!.startTime);
}

export async function siteBench(tmp: string, rounds: { loads: number; edits: number }) {
  const built = await buildSite(join(tmp, 'site'));
  const size = { jsBytes: built.jsBytes, jsGzipBytes: built.jsGzipBytes, jsGzipKB: r1(built.jsGzipBytes / 1000) };
  const executable = chromium();
  if (!executable) return { size, skipped: 'no Chromium (apt-get install chromium, or set GAICONF_CHROMIUM)' } as const;
  const { chromium: pw } = await import('playwright-core');
  const browser: Browser = await pw.launch({ executablePath: executable, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-extensions', '--disable-background-networking'] });
  try {
    const url = pathToFileURL(built.index).href;
    // The 8-answer scenario: the bench host, its gai.conf, 8 answers of the bench workload.
    const records = recordsOf(prng(0x5173), 8, 8);
    const fragment = await encodeState({
      name: '8 answers on the bench host',
      host: JSON.stringify(BENCH_HOST, null, 2),
      gaiConf: BENCH_GAI_CONF,
      records: records.join('\n'),
      qname: 'n1.bench.test',
      family: 'AF_UNSPEC',
      flags: [],
      glibc: '2.36',
      wantMode: 'first',
      wantFirst: 'ipv6',
      wantOrder: '',
      format: 'conf',
    });
    const load = async (u: string) => {
      const samples: number[] = [];
      // One warm-up (the OS page cache, Chromium's first process start), then fresh contexts.
      for (let i = 0; i <= rounds.loads; i++) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        const ms = await firstResult(page, u);
        if (i > 0) samples.push(ms);
        await ctx.close();
      }
      return { medianMs: r1(median(samples)), maxMs: r1(Math.max(...samples)), samplesMs: samples.map(r1) };
    };
    const defaultLoad = await load(url);
    const sharedLoad = await load(`${url}#${fragment}`);

    // Edits on the 8-answer scenario: gai.conf typed (a comment line grows and shrinks), the
    // records reordered, a flag toggled, the glibc version switched.
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await ctx.newPage();
    await firstResult(page, `${url}#${fragment}`);
    const answers = await page.$$eval('article[data-profile="glibc"] li.answer', (l) => l.length);
    if (answers !== 8) throw new Error(`the bench scenario shows ${answers} answers, not 8`);
    await page.evaluate(() => performance.clearMeasures());
    const conf = await page.inputValue('#gaiconf');
    for (let i = 0; i < rounds.edits; i++) {
      switch (i % 4) {
        case 0:
          await page.fill('#gaiconf', `${conf}# edit ${i}\n`);
          break;
        case 1:
          await page.fill('#records', [...records.slice(i % 8), ...records.slice(0, i % 8)].join('\n'));
          break;
        case 2:
          await page.click('input[name="flag"][value="AI_V4MAPPED"]');
          break;
        default:
          await page.selectOption('#glibc', i % 8 === 3 ? '2.41' : '2.36');
      }
    }
    await page.waitForSelector('#fix-status:not([data-pending])');
    const update = await page.evaluate(() => performance.getEntriesByName('gaiconf:update').map((e) => e.duration));
    // Each input event re-simulates, as typing does: filling the 50-line gai.conf fires one per
    // line (Playwright inserts it line by line), so there are many more updates than edits.
    if (update.length < rounds.edits) throw new Error(`${update.length} updates measured for ${rounds.edits} edits`);
    const simulate = await page.evaluate(() => performance.getEntriesByName('gaiconf:simulate').map((e) => e.duration));
    const fix = await page.evaluate(() => performance.getEntriesByName('gaiconf:fix').map((e) => e.duration));
    await ctx.close();
    return {
      size,
      browser: browser.version(),
      page: 'file://…/index.html',
      firstResult: { default: defaultLoad, shared8Answers: sharedLoad },
      update: { answers: 8, edits: rounds.edits, updates: update.length, medianMs: r1(median(update)), p95Ms: r1(quantile(update, 0.95)), maxMs: r1(Math.max(...update)), samplesMs: update.map(r1) },
      simulate: { medianMs: r1(median(simulate)), p95Ms: r1(quantile(simulate, 0.95)), maxMs: r1(Math.max(...simulate)), samplesMs: simulate.map(r1) },
      fix: { medianMs: r1(median(fix)), maxMs: r1(Math.max(...fix)), runs: fix.length },
    };
  } finally {
    await browser.close();
  }
}

export type SiteBench = Awaited<ReturnType<typeof siteBench>>;
