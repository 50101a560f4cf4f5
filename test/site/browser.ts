// Headless Chromium for the playground tests, from the system's package (Debian `chromium`),
// driven by playwright-core, which downloads no browser. A missing browser skips the suite with
// a visible reason on a user's machine and fails it under CI=true (.ci/run installs it).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | null {
  const env = process.env.GAICONF_CHROMIUM;
  if (env) return existsSync(env) ? env : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export function browserGate(): { run: boolean; reason: string | null; executable: string | null } {
  const executable = chromiumPath();
  if (executable) return { run: true, reason: null, executable };
  const reason = `no Chromium at ${process.env.GAICONF_CHROMIUM ?? CANDIDATES.join(', ')} (apt-get install chromium, or set GAICONF_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`the playground browser suite cannot run under CI: ${reason}`);
  console.warn(`[gaiconf] skipping the playground browser suite: ${reason}`);
  return { run: false, reason, executable: null };
}

export async function launch(executable: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: executable,
    headless: true,
    // --no-sandbox: the tests run as root (CI); nothing but the built page is loaded.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}
