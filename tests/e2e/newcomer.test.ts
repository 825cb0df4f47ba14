import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 20_000;

/**
 * What a new trader meets in the GUI (issue 13, items 4 and 6), in Chromium against the headless host and a local
 * exchange: the account strip, linked tabs, alert toasts, the market clock, the first steps, persisted charts and
 * the risk limits. Each step leaves a screenshot in test-output/e2e.
 */
describe('a newcomer in Chromium (demo mode)', () => {
  let session: ExchangeSession;
  let page: Page;
  const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).textContent()) ?? '';
  const shot = (name: string) => page.screenshot({ path: join(screenshots, `newcomer-${name}.png`) });

  beforeAll(async () => {
    ensureBuilt('renderer');
    mkdirSync(screenshots, { recursive: true });
    session = await openExchangeSession('newcomer', { seed: 13, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 900 });
    const deadline = Date.now() + WAIT_MS;
    const orders = session.workstation.orders;
    while (!(orders.ready && orders.manager.streamReady && orders.manager.reconciliation !== undefined)) {
      if (Date.now() > deadline) throw new Error('orders did not become ready (stream and reconciliation)');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('opens on Welcome with the first steps, and in demo says the clock may be simulated', async () => {
    expect(await page.getByTestId('dock').getAttribute('data-active-tab')).toBe('welcome');
    await expect.poll(() => text('welcome-mode'), { timeout: WAIT_MS }).toMatch(/^You are in demo mode/);
    expect(await page.locator('[data-testid="welcome-steps"] li').count()).toBe(6);
    // The test's exchange replays 2024-03-06 10:00 New York: the market clock is simulated and the session open.
    await expect.poll(() => text('status-market-session'), { timeout: WAIT_MS }).toBe('OPEN');
    expect(await text('status-market-clock')).toMatch(/^10:\d\d:\d\d ET$/);
    expect(await page.getByTestId('status-market-simulated').isVisible()).toBe(true);
    await expect.poll(() => text('welcome-clock'), { timeout: WAIT_MS }).toMatch(/may differ from yours \(it does now: simulated\)/);
    await shot('welcome');
  });

  it('says a URL without the token (or with a stale one) cannot sign in, instead of waiting on "connecting"', async () => {
    const other = await session.browser.newPage({ viewport: { width: 1200, height: 700 } });
    try {
      await other.goto(session.host.urlWithToken.replace(/#token=.*$/, ''));
      const notice = other.getByTestId('sign-in-notice');
      await notice.waitFor({ timeout: WAIT_MS });
      expect(await notice.getAttribute('data-reason')).toBe('no-token');
      expect(await notice.textContent()).toMatch(/This address has no access token.*#token=/);
      await other.screenshot({ path: join(screenshots, 'newcomer-no-token.png') });
      await other.goto(session.host.urlWithToken.replace(/#token=.*$/, '#token=stale'));
      await other.reload();
      await expect.poll(() => other.getByTestId('sign-in-notice').getAttribute('data-reason'), { timeout: WAIT_MS }).toBe('token-refused');
    } finally {
      await other.close();
    }
  });

  it('shows the account in the toolbar: equity, day P&L by sign, buying power, positions, live from main', async () => {
    await expect.poll(() => text('account-equity'), { timeout: WAIT_MS }).toMatch(/^\d{1,3}(,\d{3})*\.\d\d$/);
    expect(await text('account-positions')).toBe('0');
    const bought = await session.workstation.orders.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '5' }, 'ticket');
    expect(bought.ok).toBe(true);
    // The fill reaches the strip through main's events, without a reload.
    await expect.poll(() => text('account-positions'), { timeout: WAIT_MS }).toBe('1');
    const account = await session.workstation.orders.manager.accountSnapshot();
    const day = Number(account.account.equity) - Number(account.account.lastEquity);
    const sign = day > 0 ? 'up' : day < 0 ? 'down' : 'flat';
    await expect.poll(() => page.getByTestId('account-day-pl').getAttribute('data-sign'), { timeout: WAIT_MS }).toBe(sign);
    expect(await text('account-day-pl')).toMatch(/^[+-]?\d{1,3}(,\d{3})*\.\d\d \(([+-]?\d+\.\d\d%|—)\)$/);
    expect(await text('account-buying-power')).toMatch(/^\d{1,3}(,\d{3})*\.\d\d$/);
    await shot('account-strip');
  });

  it('keeps the toolbar inside the window when HALTED at 1600 px (it wraps)', async () => {
    await session.workstation.orders.manager.killSwitch({ flatten: false, reason: 'newcomer test: the toolbar must wrap, not overflow' });
    await page.getByTestId('risk-state').filter({ hasText: 'HALTED' }).waitFor({ timeout: WAIT_MS });
    const overflow = await page.getByTestId('toolbar').evaluate((bar) => {
      const right = bar.getBoundingClientRect().right;
      const outside = [...bar.querySelectorAll<HTMLElement>('*')].filter((el) => el.getBoundingClientRect().right > right + 0.5).map((el) => el.dataset.testid ?? el.className);
      return { scroll: bar.scrollWidth - bar.clientWidth, outside, page: document.documentElement.scrollWidth - window.innerWidth };
    });
    expect(overflow).toEqual({ scroll: 0, outside: [], page: 0 });
    expect(await page.getByTestId('account-strip').isVisible()).toBe(true);
    expect(await page.getByTestId('mode-banner').isVisible()).toBe(true);
    await shot('toolbar-halted');
    session.workstation.orders.manager.resumeTrading('newcomer test');
    await page.getByTestId('risk-state').filter({ hasText: 'trading active' }).waitFor({ timeout: WAIT_MS });
    expect(session.pageErrors).toEqual([]);
  });

  it('links tabs: a watchlist row drives the chart and the ticket, which shows bid, ask and last live', async () => {
    await page.getByTestId('open-tab-chart').click();
    await page.getByTestId('chart-tab').waitFor({ timeout: WAIT_MS });
    expect(await page.getByTestId('chart-link').inputValue()).toBe('red');
    await page.getByTestId('open-tab-watchlist').click();
    expect(await page.getByTestId('watchlist-link').inputValue()).toBe('red');
    const msft = page.locator('.watchlist-grid .ag-center-cols-container [row-id="MSFT"]').first();
    await msft.waitFor({ timeout: WAIT_MS });
    await msft.click();
    await page.getByTestId('tab-chart').click();
    await expect.poll(() => page.getByTestId('chart-symbol').inputValue(), { timeout: WAIT_MS }).toBe('MSFT');
    await expect.poll(() => text('chart-source'), { timeout: WAIT_MS }).toMatch(/^MSFT 1Day · \d+ bars/);
    await shot('linked-chart');

    // The ticket joins the red group with its symbol, and prices it at once.
    await page.getByTestId('open-tab-ticket').click();
    await expect.poll(() => page.getByTestId('ticket-symbol').inputValue(), { timeout: WAIT_MS }).toBe('MSFT');
    await expect.poll(() => text('ticket-quote-bid'), { timeout: WAIT_MS }).toMatch(/^\d+\.\d\d$/);
    await expect.poll(() => text('ticket-quote-ask'), { timeout: WAIT_MS }).toMatch(/^\d+\.\d\d$/);
    await expect.poll(() => text('ticket-quote-last'), { timeout: WAIT_MS }).toMatch(/^\d+\.\d\d$/);
    // Typing another symbol prices that one; a tab taken out of the group no longer follows it.
    await page.getByTestId('ticket-symbol').fill('SPY');
    await expect.poll(() => text('ticket-quote'), { timeout: WAIT_MS }).toMatch(/Bid \d+\.\d\d/);
    await page.getByTestId('ticket-link').selectOption('none');
    await page.getByTestId('tab-watchlist').click();
    await page.locator('.watchlist-grid .ag-center-cols-container [row-id="AAPL"]').first().click();
    await page.getByTestId('tab-ticket').click();
    expect(await page.getByTestId('ticket-symbol').inputValue()).toBe('SPY');
    await page.getByTestId('tab-chart').click();
    await expect.poll(() => page.getByTestId('chart-symbol').inputValue(), { timeout: WAIT_MS }).toBe('AAPL');
  }, 120_000);

  it("follows the sent order's status live on the ticket's result line", async () => {
    await page.getByTestId('tab-ticket').click();
    await page.getByTestId('ticket-symbol').fill('MSFT');
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-amount').fill('2');
    await page.getByTestId('ticket-amount').press('Enter');
    await page.getByTestId('ticket-preview').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('ticket-amount').press('Enter');
    // Submit answers with the order as accepted; the fill arrives afterwards as an order event.
    await expect.poll(() => text('ticket-outcome'), { timeout: WAIT_MS }).toMatch(/^sent: ws-[\w-]+ is filled · 2 filled at \d+(\.\d+)?$/);
    await page.getByTestId('ticket-quote').waitFor();
    await shot('ticket-live');
    expect(session.pageErrors).toEqual([]);
  });

  it('the Chart button shows the open chart, which keeps its timeframe and indicators on reload; Shift-click opens another', async () => {
    await page.getByTestId('open-tab-welcome').click();
    await page.getByTestId('open-tab-chart').click();
    await expect.poll(() => page.getByTestId('dock').getAttribute('data-active-tab'), { timeout: WAIT_MS }).toBe('chart');
    expect(await page.getByTestId('tab-chart-2').count()).toBe(0);
    await page.getByTestId('chart-tf-1Hour').click();
    await page.getByTestId('chart-indicator-select').selectOption('rsi');
    await page.getByTestId('chart-indicator-add').click();
    await page.locator('[data-testid^="readout-rsi"]').waitFor({ timeout: WAIT_MS });
    // Saved with the layout (a moment after the last change), then read back by a fresh page.
    await expect.poll(() => JSON.stringify(session.workstation.settings.get('ui.layout')), { timeout: WAIT_MS }).toMatch(/"timeframe":"1Hour".*"id":"rsi"/);
    await page.reload();
    await page.locator('[data-testid="dock"][data-ready="true"]').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('tab-chart').click();
    expect(await page.getByTestId('chart-tf-1Hour').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('chart-symbol').inputValue()).toBe('AAPL');
    await page.locator('[data-testid^="readout-rsi"]').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => text('chart-source'), { timeout: WAIT_MS }).toMatch(/^AAPL 1Hour · \d+ bars/);
    await shot('chart-restored');
    await page.getByTestId('open-tab-chart').click({ modifiers: ['Shift'] });
    await page.getByTestId('tab-chart-2').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('dock').getAttribute('data-active-tab'), { timeout: WAIT_MS }).toBe('chart-2');
  }, 120_000);

  it('Reset layout asks first', async () => {
    await page.getByTestId('reset-layout').click();
    await page.getByTestId('reset-layout-ask').waitFor({ timeout: WAIT_MS });
    await shot('reset-layout-ask');
    await page.getByTestId('reset-layout-cancel').click();
    expect(await page.getByTestId('tab-chart-2').count()).toBe(1);
    await page.getByTestId('reset-layout').click();
    await page.getByTestId('reset-layout-confirm').click();
    await page.getByTestId('tab-chart').waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.getByTestId('tab-welcome').count()).toBe(1);
    expect(session.pageErrors).toEqual([]);
  });

  it('a fired alert shows a toast whatever tab is open; a one-shot rule fires once and turns off', async () => {
    await page.getByTestId('open-tab-alerts').click();
    await page.getByTestId('alerts-tab').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('alert-sound').check();
    await expect.poll(() => session.workstation.settings.get('alerts.sound'), { timeout: WAIT_MS }).toBe(true);
    await page.getByTestId('alert-kind').selectOption('percent-move');
    await page.getByTestId('alert-symbol').fill('MSFT');
    await page.getByTestId('alert-percent').fill('0.005');
    await page.getByTestId('alert-window').fill('1');
    expect(await page.getByTestId('alert-cooldown').getAttribute('placeholder')).toBe('300');
    await page.getByTestId('alert-repeat').selectOption('once');
    await page.getByTestId('alert-name').fill('MSFT stirs');
    await page.getByTestId('alert-create').click();
    const row = page.locator('[data-testid="alert-rule-row"][data-rule-name="MSFT stirs"]');
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.getByTestId('alert-rule-repeat').textContent()).toBe('once, then off');
    // Away from the Alerts tab, the firing still shows.
    await page.getByTestId('open-tab-system').click();
    const toast = page.getByTestId('alert-toast').filter({ hasText: 'MSFT stirs' });
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.textContent()).toMatch(/MSFT stirs\d\d:\d\d:\d\d ETMSFT moved [+-]\d+\.\d\d%/);
    await shot('alert-toast');
    await page.getByTestId('tab-alerts').click();
    await expect.poll(() => row.getAttribute('data-enabled'), { timeout: WAIT_MS }).toBe('false');
    const rule = session.workstation.alerts.rules().find((r) => r.name === 'MSFT stirs');
    expect(rule).toMatchObject({ enabled: false, repeat: 'once' });
    expect(session.workstation.alerts.history(100).filter((f) => f.ruleId === rule?.id)).toHaveLength(1);
    await toast.click();
    await toast.waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(session.pageErrors).toEqual([]);
  }, 90_000);

  it('sets the risk limits in Settings, with the use of each beside it; the next order meets them', async () => {
    await page.getByTestId('open-tab-settings').click();
    await page.getByTestId('risk-limits-form').waitFor({ timeout: WAIT_MS });
    // Earlier steps bought 5 AAPL (the strip's check) and 2 MSFT (the ticket's).
    expect(await text('risk-usage-maxPositionQty')).toBe('largest: 5 AAPL');
    expect(await text('risk-usage-maxGrossExposure')).toMatch(/^now \$\d{1,3}(,\d{3})*\.\d\d$/);
    expect(await text('risk-usage-dailyLossLimit')).toMatch(/^today \$\d+\.\d\d$/);
    expect(await text('risk-usage-maxDrawdown')).toMatch(/^now \d+\.\d\d%$/);
    expect(await page.getByTestId('risk-maxDrawdown').inputValue()).toBe('20');
    await page.getByTestId('risk-maxOrderQty').fill('1');
    await page.getByTestId('risk-maxDrawdown').fill('15');
    await page.getByTestId('risk-save').click();
    await page.getByTestId('risk-saved').waitFor({ timeout: WAIT_MS });
    expect(session.workstation.orders.riskLimits).toMatchObject({ maxOrderQty: '1', maxDrawdown: '0.15' });
    expect(session.workstation.settings.get('risk.limits')).toMatchObject({ maxOrderQty: '1', maxDrawdown: '0.15' });
    const refused = await session.workstation.orders.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '2' }, 'ticket');
    expect(refused).toMatchObject({ ok: false, code: 'MAX_ORDER_QTY' });
    // A nonsense value is refused with the reason, no channel name in it.
    await page.getByTestId('risk-priceBand').fill('250');
    await page.getByTestId('risk-save').click();
    await page.getByTestId('risk-error').waitFor({ timeout: WAIT_MS });
    expect(await text('risk-error')).toBe('price band: is a fraction: 0.1 means 10%, at most 1');
    await page.getByTestId('risk-priceBand').fill('5');
    await shot('risk-limits');
    await page.getByTestId('risk-reset').click();
    await page.getByTestId('risk-save').click();
    await expect.poll(() => session.workstation.orders.riskLimits.maxOrderQty, { timeout: WAIT_MS }).toBe('10000');
    expect(session.pageErrors).toEqual([]);
  });

  it('the Orders grid fills its share of the Blotter and resizes with the bar; sort orders survive a reload; Bots inputs are styled', async () => {
    await page.getByTestId('open-tab-blotter').click();
    await page.getByTestId('blotter-tab').waitFor({ timeout: WAIT_MS });
    const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!;
    const tab = await box('blotter-tab');
    const before = await box('blotter-orders');
    // Was about four rows (the Orders section fell into the error line's auto-sized row).
    expect(before.height).toBeGreaterThan(tab.height * 0.25);
    const bar = await box('blotter-splitter');
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2 + 120, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await box('blotter-orders')).height, { timeout: WAIT_MS }).toBeGreaterThan(before.height + 100);
    const sized = (await box('blotter-orders')).height;

    // Fills open newest first; the trader sorts by symbol, and that order comes back after a reload.
    const fillsHeader = (col: string) => page.locator(`[data-testid="blotter-fills"] .ag-header-cell[col-id="${col}"]`);
    await expect.poll(() => fillsHeader('at').getAttribute('aria-sort'), { timeout: WAIT_MS }).toBe('descending');
    await fillsHeader('symbol').click();
    await expect.poll(() => fillsHeader('symbol').getAttribute('aria-sort'), { timeout: WAIT_MS }).toBe('ascending');
    // In the grid's row order (row-index), not the DOM's: the grid moves rows without reordering their elements.
    const symbols = () =>
      page.locator('[data-testid="blotter-fills"] .ag-center-cols-container .ag-row').evaluateAll((rows) =>
        rows.map((r) => ({ i: Number(r.getAttribute('row-index')), s: r.querySelector('[col-id="symbol"]')?.textContent ?? '' })).sort((a, b) => a.i - b.i).map((r) => r.s),
      );
    await expect.poll(symbols, { timeout: WAIT_MS }).toEqual(['AAPL', 'MSFT']);
    await shot('blotter');
    await expect.poll(() => JSON.stringify(session.workstation.settings.get('ui.layout')), { timeout: WAIT_MS }).toMatch(/"sort\.fills":\[\{"colId":"symbol","sort":"asc"\}\]/);
    await page.reload();
    await page.locator('[data-testid="dock"][data-ready="true"]').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('tab-blotter').click();
    await expect.poll(() => fillsHeader('symbol').getAttribute('aria-sort'), { timeout: WAIT_MS }).toBe('ascending');
    expect(Math.abs((await box('blotter-orders')).height - sized)).toBeLessThan(2);

    await page.getByTestId('open-tab-bots').click();
    const name = page.getByTestId('bot-name');
    await name.waitFor({ timeout: WAIT_MS });
    const style = await name.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(style).toBe('rgb(22, 27, 34)');
    await shot('bots');
    expect(session.pageErrors).toEqual([]);
  });
});
