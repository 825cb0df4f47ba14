import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotFrameworkStore } from '../../src-main/bots/bot-framework-store.js';
import { SimulatedClock } from '../../src-main/exchange/clock.js';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
/** Monday 2024-03-11, 08:00 New York (pre-market), and the open of that week's first session. */
const MONDAY_PRE_MARKET = Date.parse('2024-03-11T12:00:00Z');
const MONDAY_OPEN = Date.parse('2024-03-11T13:30:00Z');

/**
 * The Bots tab in Chromium against demo mode (a workstation on its own local exchange): a trader creates a momentum
 * bot on the demo universe (whatever the exchange lists) with 20,000 of capital and short lookbacks (demo has no
 * year to wait for), starts it, and sees under StockBot its orders, the reasons the strategy gave for them, and its
 * P&L, in the row and in the bot's detail. The exchange's clock stands still before Monday's open until the test
 * moves it there: momentum rebalances at the first session of the week.
 */
describe('Bots tab in Chromium: a momentum bot on the demo universe', () => {
  let session: ExchangeSession;
  let page: Page;
  let listed: string[];

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(shots, { recursive: true });
    session = await openExchangeSession('bots-momentum', { seed: 21, speed: 0, startTime: MONDAY_PRE_MARKET, partialFillShare: 0, rateLimitPerMinute: 5_000, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    listed = session.exchange.market.assets().map((a) => a.symbol);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('offers every strategy of the registry and the OptionsBot ones grouped by family, and the demo universe with every listed symbol', async () => {
    await page.getByTestId('open-tab-bots').click();
    await page.getByTestId('bots-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    const groups = await page.locator('[data-testid="bot-strategy"] optgroup').evaluateAll((els) => els.map((g) => ({ label: g.getAttribute('label'), options: [...g.querySelectorAll('option')].map((o) => o.value) })));
    const strategies = session.workstation.bots.strategies();
    expect(groups.flatMap((g) => g.options).sort()).toEqual(strategies.map((s) => s.name).sort());
    expect(groups.find((g) => g.label === 'StockBot')?.options).toContain('momentum');
    expect(groups.find((g) => g.label === 'ArbitrageBot')?.options).toEqual(expect.arrayContaining(['pairs-trading', 'volatility-arbitrage']));
    expect(groups.find((g) => g.label === 'OptionsBot')?.options).toEqual(expect.arrayContaining(['iron-condor', 'covered-call']));
    // The empty families are still shown, as the founding design lists them.
    for (const family of ['stock', 'arbitrage', 'options', 'microstructure']) await page.locator(`[data-testid="bot-family"][data-family="${family}"]`).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.locator('[data-testid="bot-universe"] option[value="demo"]').textContent(), { timeout: WAIT_MS }).toMatch(new RegExp(`^Demo universe .*\\(${listed.length} symbols\\)$`));
  });

  it('says what is wrong with the form and puts the focus on that field', async () => {
    await page.getByTestId('bot-strategy').selectOption('momentum');
    await page.getByTestId('bot-symbols').fill('AAPL');
    await page.getByTestId('bot-create').click();
    await expect.poll(() => page.getByTestId('bot-form-error').textContent(), { timeout: WAIT_MS }).toMatch(/momentum needs at least 2 symbols/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bot-symbols');
    await page.getByTestId('bot-universe').selectOption('demo');
    await page.getByTestId('bot-param-topN').fill('0');
    await page.getByTestId('bot-param-topN').press('Enter');
    await expect.poll(() => page.getByTestId('bot-form-error').textContent(), { timeout: WAIT_MS }).toMatch(/topN must be between 1 and 100/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bot-param-topN');
    await page.getByTestId('bot-prot-cooldown').check();
    await page.getByTestId('bot-prot-cooldown-hours').fill('-3');
    await page.getByTestId('bot-param-topN').fill('5');
    await page.getByTestId('bot-create').click();
    await expect.poll(() => page.getByTestId('bot-form-error').textContent(), { timeout: WAIT_MS }).toMatch(/cooldown must be hours/);
    expect(session.workstation.bots.list()).toEqual([]);
  });

  it('creates the bot from the keyboard with 20,000 of capital and a cooldown; it shows under StockBot', async () => {
    await page.getByTestId('bot-prot-cooldown-hours').fill('48');
    await page.getByTestId('bot-param-lookback').fill('21');
    await page.getByTestId('bot-param-skip').fill('1');
    await page.getByTestId('bot-param-rebalance').selectOption('weekly');
    await page.getByTestId('bot-param-investFraction').fill('0.9');
    await page.getByTestId('bot-allocation').fill('20,000');
    await page.getByTestId('bot-name').fill('momentum demo');
    await page.getByTestId('bot-name').press('Enter');
    const row = page.locator('[data-testid="bot-family"][data-family="stock"] [data-testid="bot-row"][data-bot-name="momentum demo"]');
    await row.waitFor({ timeout: WAIT_MS });
    const [bot] = session.workstation.bots.list();
    expect(bot).toMatchObject({ strategy: 'momentum', allocation: '20000', params: { lookback: 21, skip: 1, topN: 5, rebalance: 'weekly', investFraction: 0.9 }, protections: { cooldown: { hours: 48 } } });
    expect([...bot!.symbols].sort()).toEqual([...listed].sort());
    expect(await row.getByTestId('bot-symbols-cell').textContent()).toContain(`(${listed.length})`);
    await expect.poll(() => row.getByTestId('bot-row-allocation').textContent(), { timeout: WAIT_MS }).toBe('0.00 of 20,000 (0%)');
  });

  it('starts it, trades at the open, and shows its orders with their reasons, its fills and its P&L', async () => {
    const row = page.locator('[data-testid="bot-row"][data-bot-name="momentum demo"]');
    await row.getByTestId('bot-start').click();
    await page.locator('[data-testid="bot-row"][data-bot-name="momentum demo"][data-state="running"]').waitFor({ timeout: 60_000 });
    await row.getByTestId('bot-open').press('Enter');
    const detail = page.getByTestId('bot-detail');
    await detail.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => detail.getByTestId('bot-warmup').textContent(), { timeout: WAIT_MS }).toContain(`${listed.length} of ${listed.length} symbols hold the 22 bars`);
    await page.screenshot({ path: join(shots, 'bots-momentum-warm.png') });

    // Monday's open: the week's first session, when momentum rebalances.
    const clock = session.exchange.clock as SimulatedClock;
    clock.advanceTo(MONDAY_OPEN + 5_000);
    clock.setSpeed(1);
    const id = session.workstation.bots.list()[0]!.id;
    await expect.poll(() => detail.locator('[data-testid="bot-order"][data-status="filled"]').count(), { timeout: 120_000, interval: 500 }).toBe(5);
    const journal = session.workstation.orders.manager.orders().filter((o) => o.source === `bot:${id}`);
    expect(journal.map((o) => o.status)).toEqual(['filled', 'filled', 'filled', 'filled', 'filled']);

    // Each order's reason: the strategy's own words, naming the symbol it bought.
    const sent = detail.locator('[data-testid="bot-decision"][data-code="ORDER_SENT"]');
    await expect.poll(() => sent.count(), { timeout: WAIT_MS }).toBe(5);
    for (const text of await sent.allTextContents()) expect(text).toMatch(/buy \d+ [A-Z.]+order sent: .*momentum cross-sectional: hold /);
    const bought = journal.map((o) => String(o.intent.symbol));
    const reason = (await sent.first().textContent()) ?? '';
    for (const symbol of bought) expect(reason).toContain(symbol);
    await expect.poll(() => detail.getByTestId('bot-fill').count(), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(5);
    await expect.poll(() => detail.getByTestId('bot-position').count(), { timeout: WAIT_MS }).toBe(5);

    // P&L in the row and the detail, as main's ledger figures say, and the allocation in use.
    const summary = () => session.workstation.bots.summaries().find((s) => s.id === id)!;
    await expect.poll(() => row.getByTestId('bot-open-positions').textContent(), { timeout: WAIT_MS }).toBe('5');
    const pl = (await row.getByTestId('bot-pl').textContent()) ?? '';
    expect(pl).toMatch(/^[+-]?[\d,]+\.\d\d$/);
    expect(Math.abs(Number(pl.replace(/[,+]/g, '')) - Number(summary().pl))).toBeLessThan(50);
    expect(await detail.getByTestId('bot-detail-pl').textContent()).toMatch(/^[+-]?[\d,]+\.\d\d \(realised/);
    const used = Number(summary().invested);
    expect(used).toBeGreaterThan(10_000);
    expect(used).toBeLessThanOrEqual(20_000);
    expect(await row.getByTestId('bot-row-allocation').textContent()).toMatch(/ of 20,000 \(\d+%\)$/);
    // Its last decisions with their reasons, in the row.
    await expect.poll(() => row.getByTestId('bot-last-decision').count(), { timeout: WAIT_MS }).toBe(3);
    expect(await row.getByTestId('bot-last-decision').first().textContent()).toMatch(/order sent .*because momentum cross-sectional/);
    await expect.poll(async () => Number(await detail.getByTestId('bot-equity-chart').getAttribute('data-points')), { timeout: WAIT_MS }).toBeGreaterThan(0);

    await page.screenshot({ path: join(shots, 'bots-momentum.png') });
    await detail.getByTestId('bot-decisions').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'bots-momentum-detail.png') });

    await page.getByTestId('bots-all-off').click();
    await page.locator('[data-testid="bot-row"][data-bot-name="momentum demo"][data-state="stopped"]').waitFor({ timeout: WAIT_MS });
    expect(session.pageErrors).toEqual([]);
  }, 240_000);

  it('lists a lock with its reason and end, and the trader lifts it from the keyboard', async () => {
    // A lock as a protection stores it (the protections making locks live: tests/integration/bots/bot-framework-live).
    const id = session.workstation.bots.list()[0]!.id;
    const until = Date.now() + 48 * 3_600_000;
    const db = new Database(join(session.dataDir, 'workstation.sqlite'));
    try {
      new BotFrameworkStore(db).saveLock(id, { id: `${id}-lock-e2e`, scope: 'AVGO', protection: 'cooldown', reason: 'AVGO was closed: no new entry for 48 h (cooldown)', from: Date.now(), until });
    } finally {
      db.close();
    }
    const detail = page.getByTestId('bot-detail');
    const lock = detail.locator('[data-testid="bot-lock"][data-in-force="true"]');
    await lock.waitFor({ timeout: WAIT_MS });
    expect(await lock.textContent()).toContain('AVGO was closed: no new entry for 48 h (cooldown)');
    const row = page.locator('[data-testid="bot-row"][data-bot-name="momentum demo"]');
    await expect.poll(() => row.getByTestId('bot-locks').textContent(), { timeout: WAIT_MS }).toBe('1');
    await lock.getByTestId('bot-lock-lift').focus();
    await page.keyboard.press('Enter');
    await detail.locator('[data-testid="bot-lock"][data-in-force="false"]').waitFor({ timeout: WAIT_MS });
    expect(await detail.getByTestId('bot-lock').textContent()).toMatch(/lifted/);
    expect(session.workstation.bots.locks(id)).toEqual([]);
    await expect.poll(() => row.getByTestId('bot-locks').textContent(), { timeout: WAIT_MS }).toBe('0');
    expect(session.pageErrors).toEqual([]);
  }, 90_000);
});
