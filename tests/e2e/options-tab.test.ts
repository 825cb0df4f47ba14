import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;

/**
 * The Options tab (issue 15, item 4) in Chromium against the headless host and a local exchange: the chain of SPY
 * with rows, a vertical from the templates, its payoff chart and breakevens. Screenshots in test-output/e2e/options-*.png.
 */
describe('the Options tab in Chromium', () => {
  let session: ExchangeSession;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `options-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    session = await openExchangeSession('options', { seed: 15, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the chain, builds a vertical from the template and draws its payoff with breakevens', async () => {
    await page.getByTestId('open-tab-options').click();
    await page.getByTestId('options-tab').waitFor({ timeout: WAIT_MS });
    const input = page.getByTestId('options-symbol');
    await input.fill('SPY');
    await input.press('Enter');
    const grid = page.getByTestId('options-chain');
    await grid.locator('.ag-row').first().waitFor({ timeout: WAIT_MS });
    expect(await grid.locator('.ag-center-cols-container .ag-row').count()).toBeGreaterThan(2);
    expect(await page.getByTestId('options-spot').textContent()).toMatch(/^spot \d+\.\d\d$/);
    await shot('chain');

    await page.getByTestId('options-template').selectOption('Bull call vertical');
    await page.getByTestId('options-add-template').click();
    await page.getByTestId('options-payoff').locator('canvas').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('options-legs').locator('tr').count()).toBe(2);
    // A debit call vertical has exactly one breakeven, between its two strikes.
    const breakevens = (await page.getByTestId('options-breakevens').textContent()) ?? '';
    const values = breakevens.replace('Breakevens: ', '').split(', ').map(Number);
    expect(values).toHaveLength(1);
    const strikes = (await page.getByTestId('options-legs').locator('td:nth-child(3)').allTextContents()).map((s) => Number(s.slice(-8)) / 1000);
    expect(values[0]).toBeGreaterThan(Math.min(...strikes));
    expect(values[0]).toBeLessThan(Math.max(...strikes));
    await shot('vertical');
  }, 120_000);
});
