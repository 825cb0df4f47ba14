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
/** The first scan reads a year of daily bars for every listed symbol and runs every strategy over them. */
const SCAN_MS = 120_000;

const money = (v: number): string => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The Opportunities and Overview tabs (issue 17) in Chromium against demo mode (a workstation on its own local
 * exchange): the scanner starts when the tab first asks, ranks the demo universe's opportunities by calibrated
 * confidence, filters them, draws its reliability diagram; a row opens the chart on its symbol and a prefilled
 * ticket whose preview runs the risk check, and nothing is sent. The Overview shows the same figures main serves.
 */
describe('Opportunities and Overview tabs in Chromium', () => {
  let session: ExchangeSession;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt('renderer');
    ensureBuilt('scan-worker');
    mkdirSync(shots, { recursive: true });
    session = await openExchangeSession('opportunities', { seed: 17, speed: 0, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 950 });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('starts no scanner until a window asks for opportunities', () => {
    const health = session.workstation.registry.health().find((s) => s.name === 'opportunities');
    expect(health).toMatchObject({ state: 'ok', detail: expect.stringMatching(/^idle/) });
  });

  it('ranks the demo universe by calibrated confidence, filters it, and draws the reliability diagram', async () => {
    await page.getByTestId('open-tab-opportunities').click();
    await page.getByTestId('opportunities-tab').waitFor({ timeout: WAIT_MS });
    const grid = page.getByTestId('opp-grid');
    const rows = grid.locator('.ag-center-cols-container .ag-row');
    await rows.first().waitFor({ timeout: SCAN_MS });
    // The tab's first ask is answered at once (the history loads after): no timeout on screen.
    expect(await page.getByTestId('opp-error').count()).toBe(0);
    const started = session.workstation.log.recent(2000).find((e) => e.source === 'opportunities' && e.message.startsWith('scanner started'));
    console.log(`${started?.message}; first scan ${Math.round(session.workstation.opportunities.latest().scanMs)} ms`);
    const list = session.workstation.opportunities.latest();
    const listed = session.exchange.market.assets().length;
    expect(list.symbols).toBe(listed);
    expect(list.opportunities.length).toBeGreaterThan(0);
    expect(await page.getByTestId('opp-status').textContent()).toContain(`${listed} symbols`);

    // The grid shows main's list in its rank order.
    const cell = (i: number, col: string) => grid.locator(`.ag-center-cols-container .ag-row[row-index="${i}"] [col-id="${col}"]`).textContent();
    const top = list.opportunities.slice(0, 3);
    for (const [i, o] of top.entries()) {
      expect(await cell(i, 'symbol')).toBe(o.symbol);
      expect(await cell(i, 'strategy')).toBe(o.strategy);
      expect(await cell(i, 'confidence')).toBe(`${(100 * o.confidence).toFixed(1)}%`);
    }
    const confidences = list.opportunities.map((o) => o.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    await expect.poll(async () => Number(await page.getByTestId('opp-discovered-today').textContent()), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(new Set(list.opportunities.map((o) => `${o.strategy}|${o.symbol}`)).size);

    // The reliability diagram of every strategy, from main's prequential record.
    const chart = page.getByTestId('opp-reliability-chart');
    await chart.waitFor({ timeout: SCAN_MS });
    expect(Number(await chart.getAttribute('data-bins'))).toBeGreaterThan(0);
    expect(Number(await chart.getAttribute('data-samples'))).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'opportunities.png') });

    // A lowest confidence above the median leaves only the rows at or above it.
    const sorted = [...confidences].sort((a, b) => a - b);
    const threshold = Math.ceil(100 * sorted[Math.floor(sorted.length / 2)]!);
    await page.getByTestId('opp-filter-confidence').fill(String(threshold));
    const expected = list.opportunities.filter((o) => o.confidence >= threshold / 100).length;
    await expect.poll(() => page.getByTestId('opp-status').textContent(), { timeout: WAIT_MS }).toContain(`${expected} of ${list.opportunities.length} shown`);
    // A family narrows to its strategies.
    const family = list.opportunities[0]!.family;
    await page.getByTestId('opp-filter-confidence').fill('0');
    await page.getByTestId('opp-filter-family').selectOption(family);
    const inFamily = list.opportunities.filter((o) => o.family === family);
    await expect.poll(() => page.getByTestId('opp-status').textContent(), { timeout: WAIT_MS }).toContain(`${inFamily.length} of ${list.opportunities.length} shown`);
    const offered = await page.locator('[data-testid="opp-filter-strategy"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter((v) => v !== ''));
    expect(offered.sort()).toEqual([...new Set(inFamily.map((o) => o.strategy))].sort());
    await page.screenshot({ path: join(shots, 'opportunities-filtered.png') });
    await page.getByTestId('opp-filter-family').selectOption('');
    expect(session.pageErrors).toEqual([]);
  }, SCAN_MS + 60_000);

  it('a row opens the chart on its symbol and a prefilled ticket; the preview runs the risk check and nothing is sent', async () => {
    const top = session.workstation.opportunities.latest().opportunities[0]!;
    await page.getByTestId('opp-grid').locator('.ag-center-cols-container .ag-row[row-index="0"] [col-id="symbol"]').click();
    const ticket = page.getByTestId('ticket-tab');
    await ticket.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('ticket-symbol').inputValue(), { timeout: WAIT_MS }).toBe(top.symbol);
    const side = top.direction === 'up' ? 'buy' : 'sell';
    expect(await page.getByTestId(`ticket-side-${side}`).isChecked()).toBe(true);
    const note = (await page.getByTestId('ticket-draft-note').textContent()) ?? '';
    expect(note).toContain(`${top.strategy} sees ${top.symbol} ${top.direction}`);
    expect(note).toContain(`confidence ${(100 * top.confidence).toFixed(0)}%`);
    // A starting limit from the quote side the order meets (none when the quote is stale: the exchange's clock
    // stands still here); the quantity is left to the trader.
    const limit = await page.getByTestId('ticket-limitPrice').inputValue();
    expect(limit).toMatch(/^(\d+\.\d{2,4})?$/);
    if (limit === '') await page.getByTestId('ticket-limitPrice').fill('100.00');
    expect(await page.getByTestId('ticket-amount').inputValue()).toBe('');
    await page.getByTestId('ticket-amount').fill('1');
    await page.getByTestId('ticket-preview-button').click();
    await expect.poll(() => page.getByTestId('preview-verdict').textContent(), { timeout: WAIT_MS }).toMatch(/^(PASS|DENIED) /);
    await page.screenshot({ path: join(shots, 'opportunities-ticket.png') });
    expect(session.workstation.orders.manager.orders()).toEqual([]);

    // The chart opened beside it on the same symbol (the link group's).
    await page.locator('.dv-tab', { hasText: /^Chart$/ }).click();
    await expect.poll(() => page.getByTestId('chart-symbol').inputValue(), { timeout: WAIT_MS }).toBe(top.symbol);
    expect(session.pageErrors).toEqual([]);
  }, 90_000);

  it('the Overview shows bots by family, uptime, the account, the bots P&L, opportunities found today and the data sources', async () => {
    session.workstation.bots.save({ name: 'overview sma', strategy: 'sma-cross', params: {}, symbols: ['SPY'] });
    await page.getByTestId('open-tab-overview').click();
    await page.getByTestId('overview-tab').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('ov-bots-total').textContent(), { timeout: WAIT_MS }).toBe('1');
    expect(await page.getByTestId('ov-bots-running').textContent()).toBe('0');
    expect(await page.locator('[data-testid="ov-family-row"][data-family="stock"] td').allTextContents()).toEqual(['stock', '1', '0', '0']);
    expect(await page.getByTestId('ov-uptime').textContent()).toMatch(/^(\d+d )?\d\d:\d\d:\d\d$/);
    expect(await page.getByTestId('ov-mode').textContent()).toBe('demo');

    const equity = Number((await session.workstation.orders.manager.accountSnapshot()).account.equity);
    await expect.poll(() => page.getByTestId('ov-portfolio').textContent(), { timeout: WAIT_MS }).toBe(money(equity));
    expect(await page.getByTestId('ov-pl-today').textContent()).toMatch(/^[+-]?[\d,]+\.\d\d \([+-]?\d+\.\d\d%\)$/);
    expect(await page.getByTestId('ov-pl-total').textContent()).toBe('0.00');
    expect(await page.getByTestId('ov-win-rate').textContent()).toBe('—');

    const today = session.workstation.opportunities.current().discoveredToday;
    expect(today).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('ov-opportunities-today').textContent(), { timeout: WAIT_MS }).toBe(String(today));
    expect(await page.getByTestId('ov-live-source').textContent()).toBe('Demo exchange');
    expect(await page.getByTestId('ov-providers').textContent()).toMatch(/History chain: demo-exchange/);
    await page.screenshot({ path: join(shots, 'overview.png') });
    expect(session.pageErrors).toEqual([]);
  }, 90_000);

  it('scans again when the session closes, and the tab shows the new list', async () => {
    await page.getByTestId('open-tab-opportunities').click();
    const status = page.getByTestId('opp-status');
    const before = Number(await status.getAttribute('data-scanned-at'));
    expect(before).toBeGreaterThan(0);
    // The exchange's clock to the session's last seconds, then running: the 15:59 minute bar completes the day.
    const clock = session.exchange.clock as SimulatedClock;
    clock.advanceTo(Date.parse('2024-03-06T20:59:50Z'));
    clock.setSpeed(1);
    await expect.poll(async () => Number(await status.getAttribute('data-scanned-at')), { timeout: SCAN_MS, interval: 1000 }).toBeGreaterThan(before);
    clock.setSpeed(0);
    const list = session.workstation.opportunities.latest();
    expect(list.problem).toBeUndefined();
    expect(new Date(list.asOf).toISOString().slice(0, 10)).toBe('2024-03-06');
    await page.screenshot({ path: join(shots, 'opportunities-after-close.png') });
    expect(session.pageErrors).toEqual([]);
  }, SCAN_MS + 30_000);
});
