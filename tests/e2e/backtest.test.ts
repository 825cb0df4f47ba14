// The Backtest tab in Chromium against the headless host: a real daily file imported into the history store,
// sma-cross run from the tab (in a worker thread in main), its equity chart and trades, a second run stored and
// compared with the first, and an optimisation with its heatmap. Screenshots in test-output/e2e/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGui, type Gui } from '../support/gui.js';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../../src-main/history/history-db.js';
import { HistoryStore } from '../../src-main/history/store.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { smaCross } from '../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';
import { ensureBuilt } from '../support/build.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'test-output/e2e');
const WAIT_MS = 30_000;
const FILE = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

describe('Backtest tab in Chromium', () => {
  let dataDir: string;
  let workstation: Workstation;
  let gui: Gui;
  let page: Page;
  const rows = parseYahooCsv(readFileSync(FILE, 'utf8'), FILE);

  beforeAll(async () => {
    // Always rebuild what this tests: a stale renderer or worker bundle would test old code.
    for (const part of ['renderer', 'backtest-worker'] as const) ensureBuilt(part);
    mkdirSync(outDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'backtest-e2e-'));
    const store = HistoryStore.open(historyDatabasePath(dataDir));
    store.writeBars('ORCL', '1Day', rows, 'yahoo-file');
    store.close();
    workstation = new Workstation({ dataDir, shell: 'headless' });
    await workstation.start();
    gui = await openGui(workstation, { waitMs: WAIT_MS, height: 1000 });
    page = gui.page;
  }, 180_000);

  afterAll(async () => {
    await gui?.close();
    await workstation?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs sma-cross on imported ORCL history and shows the equity chart and the trades', async () => {
    await page.getByTestId('open-tab-backtest').click();
    await page.getByTestId('backtest-tab').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('backtest-strategy').inputValue(), { timeout: WAIT_MS }).toBe('sma-cross');
    expect(await page.getByTestId('backtest-param-fast').inputValue()).toBe('10');
    expect(await page.getByTestId('backtest-param-slow').inputValue()).toBe('30');
    await page.getByTestId('backtest-symbol').fill('ORCL');
    await page.getByTestId('backtest-run').click();
    await page.getByTestId('backtest-report').waitFor({ timeout: WAIT_MS });

    const direct = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'ORCL', rows, { account: { cash: 100_000 } });
    expect(await page.getByTestId('backtest-final-value').textContent()).toBe(direct.finalValue.toFixed(2));
    expect(Number(await page.getByTestId('backtest-equity-chart').getAttribute('data-points'))).toBe(direct.bars);
    expect(await page.getByTestId('backtest-equity-chart').locator('canvas').count()).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('backtest-trades').getAttribute('data-rows'))).toBe(direct.closedTrades);
    // AG Grid rendered rows of the trade list (virtualised: the visible ones).
    await expect.poll(() => page.getByTestId('backtest-trades').locator('.ag-center-cols-container .ag-row').count(), { timeout: WAIT_MS }).toBeGreaterThan(3);
    const firstEntry = await page.getByTestId('backtest-trades').locator('.ag-center-cols-container .ag-row[row-index="0"] [col-id="entryTime"]').textContent();
    expect(firstEntry).toBe(new Date(direct.trades[0]!.entryTime).toISOString().slice(0, 10));
    expect(await page.getByTestId('backtest-progress').getAttribute('data-phase')).toBe('done');
    await expect.poll(() => page.locator('[data-testid^="backtest-run-"]').count(), { timeout: WAIT_MS }).toBe(1);
    await page.screenshot({ path: join(outDir, 'backtest-1-report.png'), fullPage: true });
  });

  it('stores a second run and compares the two side by side', async () => {
    await page.getByTestId('backtest-param-fast').fill('20');
    await page.getByTestId('backtest-param-slow').fill('50');
    await page.getByTestId('backtest-run').click();
    await expect.poll(() => page.getByTestId('backtest-headline').textContent(), { timeout: WAIT_MS }).toContain('fast=20');
    await expect.poll(() => page.locator('[data-testid^="backtest-run-"]').count(), { timeout: WAIT_MS }).toBe(2);
    const boxes = page.locator('[data-testid^="backtest-pick-"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('backtest-compare').click();
    const comparison = page.getByTestId('backtest-comparison');
    await comparison.waitFor({ timeout: WAIT_MS });
    expect(await comparison.locator('thead th').count()).toBe(3);
    expect(Number(await page.getByTestId('backtest-compare-chart').getAttribute('data-series'))).toBe(2);
    await page.screenshot({ path: join(outDir, 'backtest-2-compare.png'), fullPage: true });
  });

  it('launches an optimisation and shows its heatmap', async () => {
    await page.getByTestId('backtest-grid-fast').fill('5:15:5');
    await page.getByTestId('backtest-grid-slow').fill('30,40,50');
    await page.getByTestId('backtest-optimize-run').click();
    await page.getByTestId('backtest-optimize-result').waitFor({ timeout: WAIT_MS });
    expect(Number(await page.getByTestId('backtest-heatmap').getAttribute('data-cells'))).toBe(9);
    expect(await page.getByTestId('backtest-optimize-best').textContent()).toMatch(/fast=\d+ slow=\d+/);
    await page.getByTestId('backtest-optimize-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, 'backtest-3-heatmap.png'), fullPage: true });
    expect(gui.pageErrors).toEqual([]);
  });
});
