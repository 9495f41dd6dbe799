import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '#catalog/repo-root.ts';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). No browser is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots of every page go (git-ignored). */
export const SCREENSHOTS = path.join(REPO_ROOT, 'tests', 'browser', 'screenshots');

export interface Viewport {
  readonly width: number;
  readonly height: number;
}
export const WIDTHS: Record<'desktop' | 'phone', Viewport> = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};

/** Headless Chromium with the flags this machine's closed network needs. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page printed as errors (console errors and uncaught exceptions). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens the console at `url` and signs in with the local stack's token for `role`. */
export async function signIn(page: Page, url: string, role: 'admin' | 'operator' | 'viewer', hash = ''): Promise<void> {
  // Polling every 500 ms keeps the tests short; the default is 5 s.
  await page.goto(`${url}/?poll=500${hash}`);
  await page.getByRole('button', { name: role, exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Waits until the page has had an answer from the API and drawn it (polling never lets the
 * network go idle, so 'networkidle' is no signal here).
 */
export async function settled(page: Page): Promise<void> {
  await page
    .getByTestId('connection')
    .filter({ hasText: /updated/ })
    .waitFor();
  await page.waitForTimeout(1000);
}
