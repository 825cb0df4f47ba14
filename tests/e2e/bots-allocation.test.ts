import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src-main/exchange/clock.js';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
/** Monday 2024-03-11, 11:00 New York (in the session), and that session's close at 16:00. */
const MONDAY_MIDDAY = Date.parse('2024-03-11T15:00:00Z');
const MONDAY_CLOSE = Date.parse('2024-03-11T20:00:00Z');

/**
 * The meta-allocation panel of the Bots tab in Chromium against demo mode: two bots run, the trader turns the daily
 * reallocation on from the form with their limits, the exchange's simulated clock passes the session's close, and the
 * panel shows that close's weights; the bots' allocations (stored, and in their running ledgers) follow them.
 */
describe('Bots tab in Chromium: meta-allocation across running bots', () => {
  let session: ExchangeSession;
  let page: Page;
  let ids: string[];

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(shots, { recursive: true });
    session = await openExchangeSession('bots-allocation', { seed: 21, speed: 0, startTime: MONDAY_MIDDAY, partialFillShare: 0, rateLimitPerMinute: 5_000, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    const listed = session.exchange.market.assets().map((a) => a.symbol);
    const bots = session.workstation.bots;
    bots.save({ name: 'alloc one', strategy: 'sma-cross', params: {}, symbols: [listed[0]!], allocation: '10000' });
    bots.save({ name: 'alloc two', strategy: 'sma-cross', params: {}, symbols: [listed[1]!], allocation: '10000' });
    ids = bots.list().map((b) => b.id);
    for (const id of ids) await bots.startBot(id);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('takes the limits from the form, reallocates at the close on the simulated clock, and shows the weights', async () => {
    expect(session.workstation.bots.list().map((b) => b.state)).toEqual(['running', 'running']);
    await page.getByTestId('open-tab-bots').click();
    const panel = page.getByTestId('allocation-panel');
    await panel.waitFor({ state: 'visible', timeout: WAIT_MS });
    await panel.getByTestId('allocation-empty').waitFor({ timeout: WAIT_MS });

    // A max below the min is said in words and nothing is stored.
    await page.getByTestId('allocation-enabled').check();
    await page.getByTestId('allocation-method').selectOption('exp3');
    await page.getByTestId('allocation-min').fill('90');
    await page.getByTestId('allocation-max').fill('80');
    await page.getByTestId('allocation-total').fill('30000');
    await page.getByTestId('allocation-save').click();
    await expect.poll(() => page.getByTestId('allocation-error').textContent(), { timeout: WAIT_MS }).toMatch(/Max weight must be a percentage from the min weight/);
    expect(session.workstation.metaAllocation.limits().enabled).toBe(false);
    await page.getByTestId('allocation-min').fill('20');
    await page.getByTestId('allocation-max').press('Enter');
    await page.getByTestId('allocation-saved').waitFor({ timeout: WAIT_MS });
    expect(session.workstation.metaAllocation.limits()).toEqual({ enabled: true, method: 'exp3', minWeight: 0.2, maxWeight: 0.8, totalCapital: 30_000 });

    // The allocator has read the market's clock (before the close), so the close ahead is one it will see.
    await expect.poll(() => session.workstation.metaAllocation.health().detail, { timeout: 60_000, interval: 500 }).not.toMatch(/waiting for the market clock/);
    const clock = session.exchange.clock as SimulatedClock;
    clock.advanceTo(MONDAY_CLOSE + 5_000);
    const weights = panel.getByTestId('allocation-weights');
    await weights.waitFor({ timeout: 90_000 });
    const day = panel.locator('[data-testid="allocation-day"][data-date="2024-03-11"]');
    await day.waitFor({ timeout: WAIT_MS });
    const shown = await day.getByTestId('allocation-weight').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-weight'))));
    expect(shown).toHaveLength(2);
    // The first close has no day return yet: EXP3's prior splits evenly, within 20%..80%.
    for (const w of shown) expect(w).toBeCloseTo(0.5, 9);
    expect(await weights.locator('thead').textContent()).toMatch(/alloc one.*alloc two/);
    // Through the trader's path: stored with each bot and taken by its running ledger.
    expect(session.workstation.bots.list().map((b) => b.allocation)).toEqual(['15000.00', '15000.00']);
    for (const id of ids) expect(Number(session.workstation.bots.ledger(id)!.allocation)).toBe(15_000);
    expect(session.workstation.metaAllocation.days(5)).toHaveLength(1);
    // The trader's own path on a running bot: a save that changes only the allocation is taken; any other change waits for a stop.
    const one = session.workstation.bots.list()[0]!;
    const request = { id: one.id, name: one.name, strategy: one.strategy, params: one.params, symbols: one.symbols };
    session.workstation.bots.save({ ...request, allocation: '12000' });
    expect(session.workstation.bots.ledger(one.id)!.allocation).toBe('12000');
    expect(() => session.workstation.bots.save({ ...request, name: 'renamed', allocation: '13000' })).toThrow(/stop it before changing it/);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'bots-allocation.png') });
    expect(session.pageErrors).toEqual([]);
  }, 240_000);
});
