import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { monteCarlo } from '../../src-main/backtest/monte-carlo.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../../src-main/history/history-db.js';
import { HistoryStore } from '../../src-main/history/store.js';
import { smaCross } from '../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';
import { openExchangeSession, type ExchangeSession } from '../support/gui.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshots = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
const FILE = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

/**
 * The rest of what a new trader met in the GUI (issue 13, item 6), in Chromium against the headless host and a
 * local exchange: CSV import and Monte Carlo in the Backtest tab, optimisation rows that fill the form, the
 * comparison's legend, one time convention (ET) for orders, fills, the log and the chart, errors in words, the
 * toolbar when halted, and the Bots tab's inputs. A screenshot per item in test-output/e2e (newcomer2-*.png).
 */
describe('a newcomer in Chromium, part 2', () => {
  let session: ExchangeSession;
  let page: Page;
  const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).textContent()) ?? '';
  const shot = (name: string, fullPage = false) => page.screenshot({ path: join(screenshots, `newcomer2-${name}.png`), fullPage });
  const rows = parseYahooCsv(readFileSync(FILE, 'utf8'), FILE);

  beforeAll(async () => {
    // A stale renderer or job worker would test old code.
    for (const part of ['renderer', 'backtest-worker'] as const) ensureBuilt(part);
    mkdirSync(screenshots, { recursive: true });
    session = await openExchangeSession('newcomer2', { seed: 21, speed: 1, partialFillShare: 0, log: { warn: () => {}, error: () => {} } }, WAIT_MS);
    page = session.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  describe('Backtest tab', () => {
    it('imports a CSV chosen in the browser: a bad row is refused with the file, line and reason, a good file lands in the history store', async () => {
      await page.getByTestId('open-tab-backtest').click();
      await page.getByTestId('backtest-tab').waitFor({ timeout: WAIT_MS });
      const input = page.getByTestId('backtest-import-file');
      const bad = 'datetime,open,high,low,close,volume\n2024-03-01 09:30:00,10,11,9,10.5,100\n2024-03-01 09:31:00,10.5,11,10,ten,200\n';
      await input.setInputFiles({ name: 'xyz-minutes.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      expect(await page.getByTestId('backtest-import-symbol').inputValue()).toBe('XYZ');
      await page.getByTestId('backtest-import-run').click();
      await page.getByTestId('backtest-import-error').waitFor({ timeout: WAIT_MS });
      const error = await text('backtest-import-error');
      expect(error).toMatch(/^xyz-minutes\.csv, line 3: .*close/);
      const store = () => HistoryStore.open(historyDatabasePath(session.dataDir), { readonly: true });
      const before = store();
      expect(before.coverage('XYZ')).toEqual([]);
      before.close();
      await page.getByTestId('backtest-import').scrollIntoViewIfNeeded();
      await shot('import-error');

      // The real file is larger than one upload part (256 K characters): it goes in two.
      await input.setInputFiles(FILE);
      expect(await page.getByTestId('backtest-import-symbol').inputValue()).toBe('ORCL');
      await page.getByTestId('backtest-import-run').click();
      await page.getByTestId('backtest-import-result').waitFor({ timeout: WAIT_MS });
      expect(await text('backtest-import-result')).toMatch(new RegExp(`^orcl-1995-2014\\.txt: ${rows.length.toLocaleString('en-US')} bars of ORCL 1Day \\(timeframe from the spacing\\)`));
      const after = store();
      expect(after.coverage('ORCL').map((c) => [c.timeframe, c.count])).toEqual([['1Day', rows.length]]);
      after.close();
      // The run form now takes its data from that series.
      expect(await page.getByTestId('backtest-symbol').inputValue()).toBe('ORCL');
      expect(await page.getByTestId('backtest-timeframe').inputValue()).toBe('1Day');
      await shot('import-done');
    }, 120_000);

    it('runs Monte Carlo on the finished backtest and shows the percentiles and the distribution', async () => {
      await page.getByTestId('backtest-run').click();
      await page.getByTestId('backtest-report').waitFor({ timeout: WAIT_MS });
      const direct = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'ORCL', rows, { account: { cash: 100_000 } });
      expect(await text('backtest-final-value')).toBe(direct.finalValue.toFixed(2));
      await page.getByTestId('backtest-mc-runs').fill('2000');
      await page.getByTestId('backtest-mc-seed').fill('7');
      await page.getByTestId('backtest-mc-run').click();
      await page.getByTestId('backtest-mc-result').waitFor({ timeout: WAIT_MS });
      const expected = monteCarlo({ pnls: direct.trades.map((t) => t.pnl), startValue: 100_000, runs: 2000, seed: 7, method: 'bootstrap', loss: 0.2 });
      const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
      for (const key of ['p5', 'p50', 'p95'] as const) {
        expect(await text(`backtest-mc-return-${key}`)).toBe(pct(expected.finalReturn[key]));
        expect(await text(`backtest-mc-drawdown-${key}`)).toBe(pct(expected.maxDrawdown[key]));
      }
      expect(await text('backtest-mc-loss-probability')).toBe(`Chance of losing 20 % or more: ${pct(expected.probabilityOfLoss, 1)}`);
      const histogram = page.getByTestId('backtest-mc-histogram');
      expect(await histogram.getAttribute('data-runs')).toBe('2000');
      expect(await histogram.locator('canvas').count()).toBeGreaterThan(0);
      await page.getByTestId('backtest-monte-carlo').scrollIntoViewIfNeeded();
      await shot('monte-carlo');
    }, 120_000);

    it('a click on an optimisation result row puts its parameters in the run form', async () => {
      await page.getByTestId('backtest-grid-fast').fill('5:15:5');
      await page.getByTestId('backtest-grid-slow').fill('30,40,50');
      await page.getByTestId('backtest-optimize-run').click();
      await page.getByTestId('backtest-optimize-top').waitFor({ timeout: WAIT_MS });
      // Nine combinations, best first.
      expect(await page.getByTestId('backtest-optimize-top').locator('tbody tr').count()).toBe(9);
      const row = page.getByTestId('backtest-optimize-row-2');
      const params = (await row.getByTestId('backtest-optimize-row-params').textContent()) ?? '';
      const [, fast, slow] = /fast=(\d+) slow=(\d+)/.exec(params) ?? [];
      expect(fast && slow).toBeTruthy();
      await row.click();
      expect(await page.getByTestId('backtest-param-fast').inputValue()).toBe(fast);
      expect(await page.getByTestId('backtest-param-slow').inputValue()).toBe(slow);
      await page.getByTestId('backtest-optimize-top').scrollIntoViewIfNeeded();
      await shot('optimize-pick');
      // The picked parameters run as they show.
      await page.getByTestId('backtest-run').click();
      await expect.poll(() => text('backtest-headline'), { timeout: WAIT_MS }).toContain(`fast=${fast} slow=${slow}`);
    }, 120_000);

    it('the comparison chart has a legend naming each run', async () => {
      await expect.poll(() => page.locator('[data-testid^="backtest-pick-"]').count(), { timeout: WAIT_MS }).toBe(2);
      const boxes = page.locator('[data-testid^="backtest-pick-"]');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByTestId('backtest-compare').click();
      const chart = page.getByTestId('backtest-compare-chart');
      await chart.waitFor({ timeout: WAIT_MS });
      const legend = (await chart.getAttribute('data-legend')) ?? '';
      expect(legend.split(' | ')).toHaveLength(2);
      expect(legend).toMatch(/^#\d+ sma-cross fast=\d+ slow=\d+ size=100(?: joinTrend=false)? \| #\d+ sma-cross fast=\d+ slow=\d+ size=100(?: joinTrend=false)?$/);
      await chart.scrollIntoViewIfNeeded();
      await shot('compare-legend');
      expect(session.pageErrors).toEqual([]);
    }, 60_000);
  });

  describe('one clock: event times on the exchange clock, labelled ET', () => {
    /** Seconds into the day of an HH:MM:SS[.mmm][ ET] text. */
    const seconds = (hms: string): number => {
      const m = /(\d\d):(\d\d):(\d\d)/.exec(hms);
      if (!m) throw new Error(`not a time: ${hms}`);
      return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    };

    it("orders, fills and the log show the exchange's time (here a simulated 10:00 New York), not the wall clock", async () => {
      const orders = session.workstation.orders;
      await expect.poll(() => orders.ready && orders.manager.streamReady && orders.manager.reconciliation !== undefined, { timeout: WAIT_MS }).toBe(true);
      const sent = await orders.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '3' }, 'ticket');
      expect(sent.ok).toBe(true);
      await page.getByTestId('open-tab-blotter').click();
      await page.getByTestId('blotter-tab').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('blotter-show-closed').check();
      const fillTime = page.locator('[data-testid="blotter-fills"] .ag-center-cols-container .ag-row [col-id="at"]').first();
      await expect.poll(async () => (await fillTime.textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^\d\d:\d\d:\d\d$/);
      const orderTime = page.locator('[data-testid="blotter-orders"] .ag-center-cols-container .ag-row [col-id="updatedAt"]').first();
      await expect.poll(async () => (await orderTime.textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^\d\d:\d\d:\d\d$/);
      const market = seconds(await text('status-market-clock'));
      // The demo exchange replays 2024-03-06 from 10:00 New York whatever the wall clock says.
      expect(await page.getByTestId('status-market-simulated').isVisible()).toBe(true);
      const near = (hms: string) => Math.abs(seconds(hms) - market);
      await expect.poll(async () => near((await orderTime.textContent()) ?? ''), { timeout: WAIT_MS }).toBeLessThan(300);
      expect(near((await fillTime.textContent()) ?? '')).toBeLessThan(300);
      expect(await page.locator('[data-testid="blotter-orders"] .ag-header-cell[col-id="updatedAt"]').textContent()).toContain('Updated ET');
      expect(await page.locator('[data-testid="blotter-fills"] .ag-header-cell[col-id="at"]').textContent()).toContain('Time ET');
      await shot('blotter-times-et');

      await page.getByTestId('open-tab-log').click();
      const logTime = page.getByTestId('log-list').getByTestId('log-time').first();
      await expect.poll(async () => (await logTime.textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ET$/);
      await expect.poll(async () => near((await logTime.textContent()) ?? ''), { timeout: WAIT_MS }).toBeLessThan(300);
      await shot('log-times-et');
    }, 120_000);

    it('the chart labels its time axis and crosshair ET', async () => {
      await page.getByTestId('open-tab-chart').click();
      await page.getByTestId('chart-tab').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('chart-symbol').fill('AAPL');
      await page.getByTestId('chart-symbol').press('Enter');
      await page.getByTestId('chart-tf-1Min').click();
      await expect.poll(() => text('chart-source'), { timeout: WAIT_MS }).toMatch(/^AAPL 1Min · \d+ bars/);
      const canvas = page.locator('[data-testid$="-canvas"]').first();
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
      await expect.poll(async () => (await page.locator('[data-testid$="-readout-time"]').first().textContent()) ?? '', { timeout: WAIT_MS }).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d ET/);
      await shot('chart-axis-et');
      expect(session.pageErrors).toEqual([]);
    }, 60_000);
  });

  describe('errors in words, the toolbar when halted, the Bots inputs', () => {
    it('a refused setting names the field in words, never the channel or the internal name', async () => {
      await page.getByTestId('open-tab-settings').click();
      await page.getByTestId('settings-paper-key-id').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('settings-paper-key-id').fill('PK12');
      await page.getByTestId('settings-paper-secret').fill('s'.repeat(24));
      await page.getByTestId('settings-paper-save').click();
      await page.getByTestId('settings-paper-error').waitFor({ timeout: WAIT_MS });
      const message = await text('settings-paper-error');
      expect(message).toContain('key ID: a key id has at least 8 characters');
      expect(message).not.toMatch(/secrets\.|saveAlpacaKeys|keyId/);
      await page.getByTestId('settings-paper').scrollIntoViewIfNeeded();
      await shot('error-in-words');
    });

    it('keeps the toolbar inside a 1600 px window when HALTED (it wraps)', async () => {
      await page.setViewportSize({ width: 1600, height: 1000 });
      await session.workstation.orders.manager.killSwitch({ flatten: false, reason: 'newcomer test: the toolbar must wrap' });
      await page.getByTestId('risk-state').filter({ hasText: 'HALTED' }).waitFor({ timeout: WAIT_MS });
      const overflow = await page.getByTestId('toolbar').evaluate((bar) => {
        const right = bar.getBoundingClientRect().right;
        const outside = [...bar.querySelectorAll<HTMLElement>('*')].filter((el) => el.getBoundingClientRect().right > right + 0.5).map((el) => el.dataset.testid ?? el.className);
        return { scroll: bar.scrollWidth - bar.clientWidth, outside, page: document.documentElement.scrollWidth - window.innerWidth };
      });
      expect(overflow).toEqual({ scroll: 0, outside: [], page: 0 });
      await shot('toolbar-halted-1600');
      session.workstation.orders.manager.resumeTrading('newcomer test');
      await page.getByTestId('risk-state').filter({ hasText: 'trading active' }).waitFor({ timeout: WAIT_MS });
    });

    it("the Bots tab has no native (unstyled) control for any strategy's form", async () => {
      await page.getByTestId('open-tab-bots').click();
      const strategy = page.getByTestId('bot-strategy');
      await strategy.waitFor({ timeout: WAIT_MS });
      const names = await strategy.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
      expect(names.length).toBeGreaterThan(1);
      const unstyled: string[] = [];
      for (const name of names) {
        await strategy.selectOption(name);
        const found = await page.getByTestId('bots-tab').evaluate((tab) => {
          const bad: string[] = [];
          for (const el of tab.querySelectorAll<HTMLElement>('input, select, textarea, button')) {
            const style = getComputedStyle(el);
            const what = `${el.tagName.toLowerCase()}[${el.dataset.testid ?? ''}]`;
            if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
              // A native box on the palette: the accent colour, and the dark scheme (no white square).
              if (style.accentColor === 'auto' || style.colorScheme !== 'dark') bad.push(`${what} accent ${style.accentColor} scheme ${style.colorScheme}`);
              continue;
            }
            const bg = style.backgroundColor;
            // The browser's own: white or light grey fields and buttons, or a field with no border of ours.
            if (['rgb(255, 255, 255)', 'rgb(239, 239, 239)', 'rgb(240, 240, 240)', 'rgba(0, 0, 0, 0)'].includes(bg) && !(el instanceof HTMLButtonElement && el.classList.contains('button'))) bad.push(`${what} background ${bg}`);
            if (el instanceof HTMLButtonElement && !el.classList.contains('button') && !el.classList.contains('toolbar-button')) bad.push(`${what} is a plain button`);
          }
          return { bad };
        });
        unstyled.push(...found.bad.map((b) => `${name}: ${b}`));
      }
      expect(unstyled).toEqual([]);
      await strategy.selectOption(names[0]!);
      await shot('bots-inputs');
      expect(session.pageErrors).toEqual([]);
    }, 60_000);
  });
});
