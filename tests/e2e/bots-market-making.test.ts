import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-output/e2e');
const WAIT_MS = 40_000;

/**
 * The Bots tab in Chromium against demo mode: a market-making bot running live shows, in its detail, the quoting
 * panel main computes: its inventory, the bid and ask it has working, its fills' markouts and its request use
 * against the host's limits, named for what it is (top of book, not HFT).
 */
describe('Bots tab in Chromium: a market-making bot\'s quoting', () => {
  let session: ExchangeSession;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(shots, { recursive: true });
    session = await openExchangeSession('bots-mm', { seed: 5, speed: 30, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows its working quotes, inventory and request use', async () => {
    const [bot] = session.workstation.bots.save({ name: 'AAPL maker', strategy: 'market-making', params: { orderSize: 10, maxInventory: 30, maxRequestsPerMinute: 40, warmupSec: 5, gamma: 0.001 }, symbols: ['AAPL'], allocation: '100000' });
    await session.workstation.bots.startBot(bot!.id);
    await page.getByTestId('open-tab-bots').click();
    const row = page.locator('[data-testid="bot-row"][data-bot-name="AAPL maker"][data-state="running"]');
    await row.waitFor({ timeout: WAIT_MS });
    await row.getByTestId('bot-open').press('Enter');
    const detail = page.getByTestId('bot-detail');
    const micro = detail.getByTestId('bot-micro');
    await micro.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => detail.getByTestId('bot-micro-requests').textContent(), { timeout: WAIT_MS }).toMatch(/^[1-9]\d* of 40 order requests in the last 60 s .*not HFT/);
    // A working quote on at least one side, priced in dollars with its size.
    await expect.poll(() => micro.locator('tbody tr').first().textContent(), { timeout: WAIT_MS }).toMatch(/AAPL.*10 @ \d+\.\d\d/);
    await micro.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'bots-market-making.png') });
    session.workstation.bots.stopBot(bot!.id);
  }, 120_000);
});
