import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser) with the flags every browser test and benchmark uses. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (run scripts/system-deps.sh)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Collects the page's uncaught errors, and (when given a list) console lines reporting CSP refusals. */
export function collectPageProblems(page: Page, pageErrors: string[], cspViolations?: string[]): void {
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (!cspViolations) return;
  page.on('console', (message) => {
    if (/content security policy|refused to/i.test(message.text())) cspViolations.push(message.text());
  });
}

/** Waits until the GUI's dock reports that its tabs are laid out. */
export async function waitForDock(page: Page, timeoutMs: number): Promise<void> {
  await page.locator('[data-testid="dock"][data-ready="true"]').waitFor({ timeout: timeoutMs });
}
