import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
/** Wednesday 2024-03-06, 15:31 New York: past the OptionsBot's 15:30 decision time, the market open. */
const DECISION_TIME = Date.parse('2024-03-06T20:31:00Z');

/**
 * An OptionsBot from the Bots tab in Chromium against demo mode: a trader picks covered-call among the OptionsBot
 * strategies, gives it AAPL and 30,000 of capital, starts it, and sees under OptionsBot its two orders (the round
 * lots and the call), and in its detail its positions from its own option ledger: the shares and
 * the short call, at 100 shares a contract.
 */
describe('Bots tab in Chromium: a covered-call OptionsBot', () => {
  let session: ExchangeSession;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(shots, { recursive: true });
    session = await openExchangeSession('bots-options', { seed: 23, speed: 1, startTime: DECISION_TIME, partialFillShare: 0, rateLimitPerMinute: 5_000, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('creates covered-call on AAPL with 30,000 of capital; it decides at the market clock and shows its option ledger', async () => {
    await page.getByTestId('open-tab-bots').click();
    await page.getByTestId('bots-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.getByTestId('bot-strategy').selectOption('covered-call');
    await page.getByTestId('bot-symbols').fill('AAPL');
    await page.getByTestId('bot-allocation').fill('30,000');
    await page.getByTestId('bot-name').fill('covered demo');
    await page.getByTestId('bot-name').press('Enter');
    const row = page.locator('[data-testid="bot-family"][data-family="options"] [data-testid="bot-row"][data-bot-name="covered demo"]');
    await row.waitFor({ timeout: WAIT_MS });
    const [bot] = session.workstation.bots.list();
    expect(bot).toMatchObject({ strategy: 'covered-call', allocation: '30000', symbols: ['AAPL'] });

    await row.getByTestId('bot-start').click();
    await page.locator('[data-testid="bot-row"][data-bot-name="covered demo"][data-state="running"]').waitFor({ timeout: 60_000 });
    // The host looks at the market clock every 30 s; past 15:30 with the market open, it decides once.
    const mine = () => session.workstation.orders.manager.orders().filter((o) => o.source === `bot:${bot!.id}` && o.parentClientOrderId === null);
    await expect.poll(() => mine().map((o) => o.status), { timeout: 90_000, interval: 500 }).toEqual(['filled', 'filled']);
    const [shares, call] = mine() as [NonNullable<ReturnType<typeof mine>[number]>, NonNullable<ReturnType<typeof mine>[number]>];
    expect([shares.intent.symbol, shares.intent.side]).toEqual(['AAPL', 'buy']);
    expect([call.intent.side, call.intent.positionIntent]).toEqual(['sell', 'sell_to_open']);
    // At a limit from the chain; at market only when the risk engine's price band refused that limit (its quote had
    // moved away from the chain's), which the bot then logs.
    if (call.intent.type !== 'limit') {
      expect(call.intent.type).toBe('market');
      const logs = await session.workstation.router.dispatch('system.recentLogs', { limit: 2000 }, { signal: new AbortController().signal, peer: 'test' });
      expect(logs.ok && (logs.value as Array<{ message: string }>).some((l) => /open limit refused .*PRICE_BAND|limit refused .*sent at market/.test(l.message))).toBe(true);
    }
    const contracts = Number(call.intent.qty);
    expect(Number(shares.intent.qty)).toBe(contracts * 100);

    await row.getByTestId('bot-open').press('Enter');
    const detail = page.getByTestId('bot-detail');
    await detail.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => detail.getByTestId('bot-position').count(), { timeout: WAIT_MS }).toBe(2);
    const positions = await detail.getByTestId('bot-position').allTextContents();
    expect(positions.some((t) => t.includes('AAPL') && t.includes(String(contracts * 100)))).toBe(true);
    expect(positions.some((t) => t.includes(String(call.intent.symbol)) && t.includes(`-${contracts}`))).toBe(true);
    // The ledger's figures: shares at their price, the premium received in cash, within the 30,000.
    const summary = session.workstation.bots.summaries().find((s) => s.id === bot!.id)!;
    expect(Number(summary.invested)).toBeGreaterThan(15_000);
    expect(Number(summary.invested)).toBeLessThanOrEqual(30_000);
    expect(summary.openPositions).toBe(2);
    await expect.poll(() => row.getByTestId('bot-open-positions').textContent(), { timeout: WAIT_MS }).toBe('2');
    expect(await row.getByTestId('bot-row-allocation').textContent()).toMatch(/ of 30,000 \(\d+%\)$/);
    await page.screenshot({ path: join(shots, 'bots-options.png') });
  }, 240_000);
});
