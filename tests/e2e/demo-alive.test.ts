import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDto } from '../../src-shared/ipc/bots-schemas.js';
import { startExchange, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { ensureBuilt } from '../support/build.js';
import { endpointsOf, openGui, type Gui } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
/** Monday 2024-03-11, 09:35 New York: the regular session has just opened. */
const MONDAY_OPEN = Date.parse('2024-03-11T13:35:00Z');

/**
 * The demo coming alive in Chromium: a workstation on a fresh data folder, with the app's demoBots option on,
 * against a local exchange whose clock runs twenty times real speed (a one-minute bar closes every three seconds,
 * so the test does not wait on wall time). The demo set starts by itself; the Welcome tab lists each demo bot
 * with its strategy and capital; the Bots tab shows them running, and the one-minute stock bot's orders fill;
 * "Stop demo bots" stops every one of them.
 */
describe('a fresh demo start comes alive', () => {
  let exchange: RunningExchange;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;
  let dataDir: string;
  let demo: BotDto[];

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(shots, { recursive: true });
    exchange = await startExchange({ seed: 17, speed: 20, startTime: MONDAY_OPEN, partialFillShare: 0, rateLimitPerMinute: 5_000, log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-e2e-demo-alive-'));
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: endpointsOf(exchange), demoBots: true });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS });
    page = gui.page;
    demo = (await workstation.demoOffer) as BotDto[];
  }, 120_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the Welcome tab says which demo bots run, with their strategy and capital', async () => {
    expect(demo.length).toBeGreaterThanOrEqual(3);
    const panel = page.getByTestId('welcome-demo-bots');
    await panel.waitFor({ timeout: WAIT_MS });
    const rows = panel.getByTestId('welcome-demo-bot');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(demo.length);
    for (const bot of demo) {
      const row = panel.locator(`[data-testid="welcome-demo-bot"][data-bot-name="${bot.name}"]`);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(bot.strategy);
      expect(text).toContain(Number(bot.allocation).toLocaleString('en-US'));
    }
    await expect.poll(() => panel.locator('[data-testid="welcome-demo-bot"][data-state="running"]').count(), { timeout: WAIT_MS }).toBe(demo.length);
    expect(await panel.textContent()).toMatch(/\d demo bots trade the demo account, one per strategy family/);
    await page.screenshot({ path: join(shots, 'demo-alive-welcome.png') });
  });

  it('the Bots tab shows them running, and the stock bot orders and fills within the test', async () => {
    await page.getByTestId('welcome-open-bots').click();
    await page.getByTestId('bots-tab').waitFor({ state: 'visible', timeout: WAIT_MS });
    for (const bot of demo) await page.locator(`[data-testid="bot-row"][data-bot-name="${bot.name}"][data-state="running"]`).waitFor({ timeout: WAIT_MS });
    // Each under its own family: the iron condor under OptionsBot, the pairs under ArbitrageBot.
    await page.locator(`[data-testid="bot-family"][data-family="options"] [data-testid="bot-row"][data-bot-name="Demo iron condor SPY"]`).waitFor({ timeout: WAIT_MS });
    await page.locator(`[data-testid="bot-family"][data-family="arbitrage"] [data-testid="bot-row"][data-bot-name="Demo pairs KO/PEP"]`).waitFor({ timeout: WAIT_MS });
    const stock = demo.find((b) => b.strategy === 'sma-cross')!;
    const row = page.locator(`[data-testid="bot-row"][data-bot-name="${stock.name}"]`);
    // Its orders counted in the row, from main's journal, and filled at the exchange.
    await expect.poll(async () => Number(await row.getByTestId('bot-orders').textContent()), { timeout: 120_000, interval: 500 }).toBeGreaterThan(0);
    const filled = () => workstation.orders.manager.orders().filter((o) => o.source === `bot:${stock.id}` && o.status === 'filled');
    await expect.poll(() => filled().length, { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await row.getByTestId('bot-open-positions').textContent()), { timeout: WAIT_MS }).toBeGreaterThan(0);
    expect(await row.getByTestId('bot-pl').textContent()).toMatch(/^[+-]?[\d,]+\.\d\d$/);
    await row.getByTestId('bot-open').click();
    await page.getByTestId('bot-detail').locator('[data-testid="bot-order"][data-status="filled"]').first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(shots, 'demo-alive-bots.png') });
  }, 240_000);

  it('"Stop demo bots" on the Welcome tab stops every one of them', async () => {
    await page.getByTestId('open-tab-welcome').click();
    const panel = page.getByTestId('welcome-demo-bots');
    await panel.waitFor({ timeout: WAIT_MS });
    await panel.getByTestId('welcome-stop-demo-bots').click();
    await expect.poll(() => panel.locator('[data-testid="welcome-demo-bot"][data-state="stopped"]').count(), { timeout: WAIT_MS }).toBe(demo.length);
    expect(workstation.bots.list().filter((b) => b.state !== 'stopped')).toEqual([]);
    expect(await panel.getByTestId('welcome-stop-demo-bots').isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'demo-alive-stopped.png') });
    expect(gui.pageErrors).toEqual([]);
  });
});
