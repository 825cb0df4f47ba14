import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;

/**
 * The News tab (issue 17, part 6) in Chromium against the headless host and a local exchange in demo mode: a
 * week of the exchange's synthetic headlines with their time in ET, symbols, source and coloured sentiment; a new
 * headline arriving live as the simulated market makes a big move; the symbol filter; the link group both ways
 * (a symbol clicked here moves the chart, which marks its headlines; a symbol chosen on the chart filters here). Screenshots in
 * test-output/e2e/news-*.png.
 */
describe('the News tab in Chromium', () => {
  let session: ExchangeSession;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `news-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    // Simulated time at 120x from a Wednesday 10:00 ET: an hour of market (a few big moves across the universe) a half-minute.
    session = await openExchangeSession('news', { seed: 7, speed: 120, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lists the week of headlines with ET times, symbols, source and coloured scores', async () => {
    await page.getByTestId('open-tab-news').click();
    await page.getByTestId('news-tab').waitFor({ timeout: WAIT_MS });
    const rows = page.getByTestId('news-row');
    await rows.first().waitFor({ timeout: WAIT_MS });
    expect(await rows.count()).toBeGreaterThan(5);
    for (const time of await page.getByTestId('news-time').allTextContents()) expect(time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ET$/);
    const first = rows.first();
    expect(await first.locator('td').nth(2).textContent()).toBe('synthetic');
    // Every synthetic headline is worded by its move's sign, so each score is coloured green or red, matching its sign.
    const scores = page.getByTestId('news-score');
    for (let i = 0; i < Math.min(10, await scores.count()); i++) {
      const cell = scores.nth(i);
      const value = Number(await cell.textContent());
      expect(await cell.getAttribute('class')).toContain(value > 0 ? 'news-positive' : 'news-negative');
    }
    expect(await page.getByTestId('news-insight').count()).toBeGreaterThan(0);
    await shot('list');
  });

  it('puts a headline on top live when the market makes a big move', async () => {
    const newestBefore = await page.getByTestId('news-time').first().textContent();
    await expect
      .poll(async () => page.getByTestId('news-time').first().textContent(), { timeout: 120_000, interval: 1000 })
      .not.toBe(newestBefore);
    await shot('live');
  }, 150_000);

  it('filters by symbol and follows the link group both ways', async () => {
    const symbol = (await page.getByTestId('news-symbols').first().locator('button').first().textContent())!;
    await page.getByTestId('open-tab-chart').click();
    await page.getByTestId('chart-tab').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('open-tab-news').click();
    // By its text, not its place: a live headline may have come on top while the chart was open.
    await page.getByTestId('news-symbols').locator('button', { hasText: new RegExp(`^${symbol}$`) }).first().click();
    await expect.poll(() => page.getByTestId('news-filter').inputValue()).toBe(symbol);
    await expect.poll(async () => (await page.getByTestId('news-symbols').allTextContents()).every((s) => s.includes(symbol)), { timeout: WAIT_MS }).toBe(true);
    await shot('filtered');
    await page.getByTestId('open-tab-chart').click();
    expect(await page.getByTestId('chart-symbol').inputValue()).toBe(symbol);
    // The symbol's headlines sit on its chart as markers, in the window the chart opens on (the last 250 days).
    const canvas = page.getByTestId('chart-tab').getByTestId('candle-chart-canvas');
    await expect.poll(async () => Number(await canvas.getAttribute('data-news')), { timeout: WAIT_MS }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await canvas.getAttribute('data-news-shown')), { timeout: WAIT_MS }).toBeGreaterThan(0);
    await shot('chart-markers');

    const other = symbol === 'XOM' ? 'JPM' : 'XOM';
    await page.getByTestId('chart-symbol').fill(other);
    await page.getByTestId('chart-symbol').press('Enter');
    await page.getByTestId('open-tab-news').click();
    await expect.poll(() => page.getByTestId('news-filter').inputValue()).toBe(other);
    await expect.poll(async () => (await page.getByTestId('news-symbols').allTextContents()).every((s) => s.includes(other)), { timeout: WAIT_MS }).toBe(true);
  });
});
